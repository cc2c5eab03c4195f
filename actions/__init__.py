"""Kontor's custom actions: thin rasa-sdk adapters around the `kontor` package."""

from kontor.privacy import logs

# The action server logs what actions log; none of it with a visitor's personal data.
logs.install()

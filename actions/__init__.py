"""Kontor's custom actions: thin rasa-sdk adapters around the `kontor` package."""

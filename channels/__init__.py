"""Rasa input/output channels of Kontor (declared in credentials.yml)."""

"""Kontor's tracker store for Rasa (declared in endpoints.yml)."""

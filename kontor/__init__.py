"""Kontor's business logic: company facts, opening hours, languages — no Rasa inside."""

"""Custom Rasa graph components (the NLU pipeline's own parts; see config.yml)."""

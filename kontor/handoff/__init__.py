"""Handing a conversation to staff: when, to whom, and what the visitor is told."""

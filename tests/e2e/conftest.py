"""End-to-end fixtures: the shared running stack (see tests/conftest_stack.py)."""

from tests.conftest_stack import stack  # noqa: F401  (session fixture, shared with tests/browser)

"""End-to-end fixtures: the shared running stack (see tests/conftest_stack.py)."""

from typing import Iterator

import pytest
from sqlalchemy import delete, func, select

from kontor.db import make_engine, session_factory, transaction
from kontor.db.models import Handoff, Notification
from tests.conftest_stack import Stack, stack  # noqa: F401  (session fixture, shared with tests/browser)


@pytest.fixture
def no_leftover_handoffs(stack: Stack) -> Iterator[None]:  # noqa: F811
    """Handoffs a test opened on the way (an angry attack, a wish for a person) and
    their notes go afterwards: the inbox tests count the shared stack's queue."""
    engine = make_engine(stack.database_url)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        before = session.execute(select(func.max(Handoff.id))).scalar() or 0
    try:
        yield
    finally:
        with transaction(sessions) as session:
            for handoff in session.execute(
                select(Handoff).where(Handoff.id > before)
            ).scalars():
                session.execute(
                    delete(Notification)
                    .where(Notification.key.like(f"handoff-{handoff.id}-%"))
                    .execution_options(synchronize_session=False)
                )
                session.delete(handoff)
        engine.dispose()

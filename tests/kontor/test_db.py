"""The schema: migrations match the models, go both ways, and times stay aware."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import sessionmaker

from kontor.db import make_engine, transaction
from kontor.db.migrate import current, downgrade, head, upgrade
from kontor.db.models import Base, OrderLookupFailure


def test_the_migrations_create_exactly_what_the_models_describe(
    db_engine: Engine,
) -> None:
    assert current(db_engine) == head()
    with db_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_and_downgrade(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'k.db'}")  # folder is created
    assert current(engine) is None
    upgrade(engine)
    assert "crm_outbox" in inspect(engine).get_table_names()
    downgrade(engine, "base")
    assert inspect(engine).get_table_names() == ["alembic_version"]
    upgrade(engine)
    assert current(engine) == head()


def test_times_are_stored_in_utc_and_read_back_aware(db_sessions: sessionmaker) -> None:
    berlin = dt.datetime(2026, 12, 1, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with transaction(db_sessions) as session:
        session.add(OrderLookupFailure(order_number="HA-1", at=berlin))
    with db_sessions() as session:
        stored = session.execute(select(OrderLookupFailure.at)).scalar_one()
    assert stored == berlin and stored.tzinfo == dt.timezone.utc
    with pytest.raises(StatementError, match="naive datetime"):
        with transaction(db_sessions) as session:
            session.add(
                OrderLookupFailure(order_number="HA-1", at=dt.datetime(2026, 12, 1))
            )

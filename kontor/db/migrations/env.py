"""Alembic's environment: runs the migrations on the connection ``kontor db`` passes."""

from __future__ import annotations

from alembic import context

from kontor.db import DEFAULT_URL, make_engine
from kontor.db.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    """Migrate on the given connection, or on a new one to the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or DEFAULT_URL)
    with engine.connect() as new_connection:
        _migrate(new_connection)
    engine.dispose()


def _migrate(connection: object) -> None:
    # batch mode: SQLite can alter a table only by copying it
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()

"""The business database: catalog, orders, leads and the CRM outbox.

An SQLite file under ``var/`` by default, PostgreSQL (or any database SQLAlchemy 1.4
speaks) when ``KONTOR_DATABASE_URL`` names one. The schema is created and evolved by
the Alembic migrations in ``kontor/db/migrations`` (``kontor db upgrade``), never by
``create_all()`` at start-up.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any, Callable, Generic, Iterator, Optional, Tuple, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///var/kontor.db"


class DatabaseError(RuntimeError):
    """The database cannot be reached or is not set up; the message says what to do."""


def make_engine(url: str) -> Engine:
    """An engine for ``url``; an SQLite file's folder is created if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pre_ping: a PostgreSQL restarted at night costs one reconnect, not an error
    return create_engine(url, future=True, pool_pre_ping=True)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Foreign keys enforced, and readers not blocked by the writer (WAL)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker:
    """Sessions bound to ``engine`` (SQLAlchemy 2.0 style)."""
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


@contextlib.contextmanager
def transaction(sessions: sessionmaker) -> Iterator[Session]:
    """One session and transaction: committed on success, rolled back on error."""
    with sessions() as session, session.begin():
        yield session


T = TypeVar("T")


class Reloading(Generic[T]):
    """A value built from the database, rebuilt when its state version changes.

    The catalog and the knowledge index: imports and ingests bump the version in a
    one-row state table; each ``get()`` costs one small query.
    """

    def __init__(
        self, sessions: sessionmaker, state: Any, build: Callable[[Session], T]
    ) -> None:
        self._sessions = sessions
        self._state = state
        self._build = build
        self._lock = threading.Lock()
        self._built: Optional[Tuple[int, T]] = None

    def get(self) -> T:
        """The value, rebuilt if the state's version moved since it was built."""
        with self._sessions() as session:
            state = session.get(self._state, 1)
            version = state.version if state else 0
            with self._lock:
                if self._built is None or self._built[0] != version:
                    self._built = (version, self._build(session))
                return self._built[1]

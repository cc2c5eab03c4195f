"""Staff accounts: Argon2id, sessions that expire, CSRF tokens, who is online."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from kontor.db import transaction
from kontor.db.models import StaffMember, StaffSession
from kontor.handoff import staff

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone.utc)
PASSWORD = "Lagerhalle-Nord-2026"


@pytest.fixture
def anna(db_sessions: sessionmaker) -> int:
    with transaction(db_sessions) as session:
        return staff.add_staff(
            session=session,
            username="Anna.Berger",
            first_name=" Anna ",
            password=PASSWORD,
            now=NOW,
        ).id


def test_passwords_are_stored_as_argon2id(db_sessions: sessionmaker, anna: int) -> None:
    with transaction(db_sessions) as session:
        member = session.get(StaffMember, anna)
        assert member is not None
        assert member.username == "anna.berger" and member.first_name == "Anna"
        assert member.password_hash.startswith("$argon2id$")
        assert PASSWORD not in member.password_hash


@pytest.mark.parametrize(
    "username, first_name, password, complaint",
    [
        ("anna.berger", "Anna", PASSWORD, "gibt es schon"),
        ("ben", "Ben", "kurz", "zu kurz"),
        ("ben mit leerzeichen", "Ben", PASSWORD, "Benutzername"),
        ("ben", "  ", PASSWORD, "Vorname"),
    ],
)
def test_accounts_that_are_refused(
    db_sessions: sessionmaker,
    anna: int,
    username: str,
    first_name: str,
    password: str,
    complaint: str,
) -> None:
    with transaction(db_sessions) as session, pytest.raises(staff.StaffError) as error:
        staff.add_staff(
            session=session,
            username=username,
            first_name=first_name,
            password=password,
            now=NOW,
        )
    assert complaint in str(error.value)


def _login(sessions: sessionmaker, username: str, password: str) -> str | None:
    with transaction(sessions) as session:
        result = staff.login(
            session=session, username=username, password=password, now=NOW
        )
        return result[0] if result else None


def test_login_and_the_session_behind_the_cookie(
    db_sessions: sessionmaker, anna: int
) -> None:
    assert _login(db_sessions, "anna.berger", "falsches Passwort!!") is None
    assert _login(db_sessions, "niemand", PASSWORD) is None
    token = _login(db_sessions, "ANNA.BERGER", PASSWORD)
    assert token
    with transaction(db_sessions) as session:
        stored = session.execute(select(StaffSession)).scalar_one()
        # only the token's hash is kept
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        found = staff.session_of(
            session=session, token=token, now=NOW + dt.timedelta(minutes=5)
        )
        assert found is not None and found.staff.first_name == "Anna"
        assert staff.csrf_ok(found, found.csrf_token)
        assert not staff.csrf_ok(found, None)
        assert not staff.csrf_ok(found, found.csrf_token + "x")
        assert staff.session_of(session=session, token="geraten", now=NOW) is None
        assert staff.session_of(session=session, token=None, now=NOW) is None


def test_sessions_expire_when_idle_and_after_their_lifetime(
    db_sessions: sessionmaker, anna: int
) -> None:
    policy = staff.SessionPolicy(
        idle=dt.timedelta(minutes=30), lifetime=dt.timedelta(hours=2)
    )
    token = _login(db_sessions, "anna.berger", PASSWORD)
    with transaction(db_sessions) as session:
        # active every 20 minutes: alive until the lifetime ends
        moment = NOW
        while moment < NOW + dt.timedelta(hours=1, minutes=50):
            moment += dt.timedelta(minutes=20)
            assert staff.session_of(
                session=session, token=token, now=moment, policy=policy
            ), moment
        moment = NOW + dt.timedelta(hours=2, minutes=1)
        assert (
            staff.session_of(session=session, token=token, now=moment, policy=policy)
            is None
        )
    idle = _login(db_sessions, "anna.berger", PASSWORD)
    with transaction(db_sessions) as session:
        assert (
            staff.session_of(
                session=session,
                token=idle,
                now=NOW + dt.timedelta(minutes=31),
                policy=policy,
            )
            is None
        )
        # an expired session is gone, not only refused
        assert session.execute(select(StaffSession)).first() is None


def test_logout_locking_and_a_new_password_end_sessions(
    db_sessions: sessionmaker, anna: int
) -> None:
    token = _login(db_sessions, "anna.berger", PASSWORD)
    with transaction(db_sessions) as session:
        staff.logout(session=session, token=token)
        assert staff.session_of(session=session, token=token, now=NOW) is None
    token = _login(db_sessions, "anna.berger", PASSWORD)
    with transaction(db_sessions) as session:
        staff.set_password(
            session=session, username="anna.berger", password="ein neues Passwort"
        )
        assert staff.session_of(session=session, token=token, now=NOW) is None
    assert _login(db_sessions, "anna.berger", PASSWORD) is None
    with transaction(db_sessions) as session:
        staff.set_active(session=session, username="anna.berger", active=False)
    assert _login(db_sessions, "anna.berger", "ein neues Passwort") is None


def test_who_is_online(db_sessions: sessionmaker, anna: int) -> None:
    with transaction(db_sessions) as session:
        assert staff.online_count(session=session, now=NOW) == 0
    token = _login(db_sessions, "anna.berger", PASSWORD)
    with transaction(db_sessions) as session:
        assert staff.online_count(session=session, now=NOW) == 1
        later = NOW + staff.ONLINE_WINDOW + dt.timedelta(seconds=1)
        assert staff.online_count(session=session, now=later) == 0
        # the inbox polls: online again
        staff.session_of(session=session, token=token, now=later)
        assert staff.online_count(session=session, now=later) == 1
        staff.went_offline(session=session, staff_id=anna)
        assert staff.online_count(session=session, now=later) == 0


def test_too_many_failed_logins_wait() -> None:
    throttle = staff.LoginThrottle(max_failures=3, window=dt.timedelta(minutes=15))
    for minute in range(3):
        assert not throttle.blocked(NOW, "ip:1.2.3.4", "user:anna")
        throttle.failed(NOW + dt.timedelta(minutes=minute), "ip:1.2.3.4", "user:anna")
    later = NOW + dt.timedelta(minutes=5)
    assert throttle.blocked(later, "ip:1.2.3.4", "user:ben")  # the address
    assert throttle.blocked(later, "ip:5.6.7.8", "user:anna")  # the name
    assert not throttle.blocked(later, "ip:5.6.7.8", "user:ben")
    # the window passes: allowed again
    assert not throttle.blocked(NOW + dt.timedelta(minutes=18), "ip:1.2.3.4")
    throttle.failed(NOW, "user:clara")
    throttle.succeeded("user:clara")
    assert throttle._failures.get("user:clara") is None

"""Staff accounts of the inbox: Argon2id passwords, sessions, CSRF tokens, presence.

The session cookie holds a random token; the database keeps only its SHA-256, so a
copy of the database does not log anyone in. Each session has its own CSRF token.
A session ends on logout, after ``idle`` without a request, or ``lifetime`` after
login, whichever comes first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Optional, Tuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from kontor.db.models import StaffMember, StaffSession

MIN_PASSWORD_LENGTH = 12
IDLE = dt.timedelta(hours=2)
LIFETIME = dt.timedelta(hours=12)
# the inbox reports in every few seconds while it is open
ONLINE_WINDOW = dt.timedelta(seconds=60)
_USERNAME = re.compile(r"^[a-z0-9._-]{2,100}$")

_hasher = PasswordHasher()
# verified against when the user does not exist, so both cases take the same time
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class StaffError(ValueError):
    """A staff account cannot be created or changed; the message says why."""


@dataclass(frozen=True)
class SessionPolicy:
    """How long a login lasts."""

    idle: dt.timedelta = IDLE
    lifetime: dt.timedelta = LIFETIME


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_password(password: str) -> None:
    """Refuse a password that is too short (NIST SP 800-63B: length over rules)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(
            f"Das Passwort ist zu kurz: mindestens {MIN_PASSWORD_LENGTH} Zeichen."
        )


def add_staff(
    *,
    session: Session,
    username: str,
    first_name: str,
    password: str,
    now: dt.datetime,
) -> StaffMember:
    """A new staff account; StaffError if the name is taken or the password weak."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise StaffError(
            "Benutzername: 2 bis 100 Zeichen aus a–z, 0–9, Punkt, Binde- oder "
            "Unterstrich."
        )
    first_name = " ".join(first_name.split())
    if not first_name or len(first_name) > 100:
        raise StaffError("Vorname fehlt (er steht unter den Nachrichten im Chat).")
    check_password(password)
    taken = session.execute(
        select(StaffMember.id).where(StaffMember.username == username)
    ).first()
    if taken:
        raise StaffError(f"Den Benutzer {username!r} gibt es schon.")
    member = StaffMember(
        username=username,
        first_name=first_name,
        password_hash=_hasher.hash(password),
        active=True,
        created_at=now,
    )
    session.add(member)
    session.flush()
    return member


def set_password(*, session: Session, username: str, password: str) -> None:
    """A new password; every session of the account ends."""
    check_password(password)
    member = _member(session, username)
    member.password_hash = _hasher.hash(password)
    session.execute(delete(StaffSession).where(StaffSession.staff_id == member.id))


def set_active(*, session: Session, username: str, active: bool) -> None:
    """Lock or unlock an account; locking ends its sessions."""
    member = _member(session, username)
    member.active = active
    if not active:
        session.execute(delete(StaffSession).where(StaffSession.staff_id == member.id))


def _member(session: Session, username: str) -> StaffMember:
    member = session.execute(
        select(StaffMember).where(StaffMember.username == username.strip().lower())
    ).scalar_one_or_none()
    if member is None:
        raise StaffError(f"Den Benutzer {username!r} gibt es nicht.")
    return member


def login(
    *, session: Session, username: str, password: str, now: dt.datetime
) -> Optional[Tuple[str, StaffSession]]:
    """A new session token (for the cookie) and session, or None if refused."""
    member = session.execute(
        select(StaffMember).where(StaffMember.username == username.strip().lower())
    ).scalar_one_or_none()
    try:
        _hasher.verify(member.password_hash if member else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if member is None or not member.active:
        return None
    if _hasher.check_needs_rehash(member.password_hash):
        member.password_hash = _hasher.hash(password)
    token = secrets.token_urlsafe(32)
    staff_session = StaffSession(
        token_hash=_token_hash(token),
        staff_id=member.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_used_at=now,
    )
    session.add(staff_session)
    member.last_seen_at = now
    session.flush()
    return token, staff_session


def session_of(
    *,
    session: Session,
    token: Optional[str],
    now: dt.datetime,
    policy: SessionPolicy = SessionPolicy(),
) -> Optional[StaffSession]:
    """The live session behind a cookie's token (and its staff member), or None.

    Using it counts as activity: the idle clock starts again and the staff member
    counts as online.
    """
    if not token:
        return None
    found = session.execute(
        select(StaffSession).where(StaffSession.token_hash == _token_hash(token))
    ).scalar_one_or_none()
    if found is None:
        return None
    expired = (
        now - found.last_used_at > policy.idle
        or now - found.created_at > policy.lifetime
        or not found.staff.active
    )
    if expired:
        session.delete(found)
        return None
    found.last_used_at = now
    found.staff.last_seen_at = now
    return found


def csrf_ok(staff_session: StaffSession, token: Optional[str]) -> bool:
    """Whether a form or request carried this session's CSRF token."""
    return bool(token) and hmac.compare_digest(
        staff_session.csrf_token.encode(), str(token).encode()
    )


def logout(*, session: Session, token: Optional[str]) -> None:
    """End the session behind ``token`` (nothing happens for an unknown one)."""
    if token:
        session.execute(
            delete(StaffSession).where(StaffSession.token_hash == _token_hash(token))
        )


def went_offline(*, session: Session, staff_id: int) -> None:
    """The staff member logged out: no longer counted as online."""
    session.execute(
        update(StaffMember)
        .where(StaffMember.id == staff_id)
        .values(last_seen_at=None)
        .execution_options(synchronize_session=False)
    )


class LoginThrottle:
    """Too many failed logins from one address or for one name: wait a while.

    Kept in memory per web process (a restart forgets it); with ``max_failures`` per
    ``window`` an attacker gets a handful of guesses an hour, a staff member who
    mistyped waits a few minutes.
    """

    def __init__(
        self, max_failures: int = 5, window: dt.timedelta = dt.timedelta(minutes=15)
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, list[dt.datetime]] = {}

    def _recent(self, key: str, now: dt.datetime) -> list[dt.datetime]:
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def blocked(self, now: dt.datetime, *keys: str) -> bool:
        """Whether any of the keys (address, user name) has used up its tries."""
        return any(len(self._recent(key, now)) >= self.max_failures for key in keys)

    def failed(self, now: dt.datetime, *keys: str) -> None:
        """Count one failed try for each key."""
        for key in keys:
            self._failures.setdefault(key, []).append(now)

    def succeeded(self, *keys: str) -> None:
        """A correct login clears the count of its name (not of its address)."""
        for key in keys:
            self._failures.pop(key, None)


def online_count(
    *, session: Session, now: dt.datetime, window: dt.timedelta = ONLINE_WINDOW
) -> int:
    """How many active staff members had the inbox open within ``window``."""
    return int(
        session.execute(
            select(func.count(StaffMember.id)).where(
                StaffMember.active.is_(True),
                StaffMember.last_seen_at.is_not(None),
                StaffMember.last_seen_at >= now - window,
            )
        ).scalar_one()
    )

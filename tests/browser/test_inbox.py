"""The staff inbox's doors, over real HTTP: login, CSRF, expiry, whose chat is whose."""

from __future__ import annotations

import datetime as dt
import re
from typing import List

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update

from kontor.db import make_engine, session_factory, transaction
from kontor.db.models import StaffSession
from kontor.handoff import store
from tests.browser.test_handoff import PASSWORD, WCAG_TAGS, log_in, new_staff
from tests.conftest_stack import Stack

PROTECTED_GET = [
    "/inbox/",
    "/inbox/tickets",
    "/inbox/leads",
    "/inbox/handoffs/1",
    "/inbox/datenschutz",
]
PROTECTED_API = ["/inbox/api/queue", "/inbox/api/handoffs/1/messages"]
PROTECTED_POST = [
    "/inbox/handoffs/1/take",
    "/inbox/handoffs/1/back",
    "/inbox/tickets/1/done",
    "/inbox/api/handoffs/1/messages",
    "/inbox/logout",
    "/inbox/datenschutz/auskunft",
    "/inbox/datenschutz/loeschen",
]


def _login(stack: Stack, username: str, password: str = PASSWORD) -> requests.Session:
    client = requests.Session()
    form = client.get(stack.web_url + "/inbox/login", timeout=10)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf, form.text
    answer = client.post(
        stack.web_url + "/inbox/login",
        data={"csrf": csrf.group(1), "username": username, "password": password},
        allow_redirects=False,
        timeout=10,
    )
    client.last_status = answer.status_code  # type: ignore[attr-defined]
    return client


def _csrf(client: requests.Session, stack: Stack) -> str:
    page = client.get(stack.web_url + "/inbox/", timeout=10)
    found = re.search(r'name="kontor-csrf" content="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


@pytest.mark.parametrize("path", PROTECTED_GET)
def test_pages_need_a_login(stack: Stack, path: str) -> None:
    answer = requests.get(stack.web_url + path, allow_redirects=False, timeout=10)
    assert answer.status_code in (302, 303) and answer.headers["Location"].endswith(
        "/inbox/login"
    )


@pytest.mark.parametrize("path", PROTECTED_API)
def test_the_api_needs_a_login(stack: Stack, path: str) -> None:
    answer = requests.get(stack.web_url + path, timeout=10)
    assert answer.status_code == 401
    assert "angemeldet" in answer.json()["error"]


@pytest.mark.parametrize("path", PROTECTED_POST)
def test_posts_need_a_login(stack: Stack, path: str) -> None:
    answer = requests.post(
        stack.web_url + path, json={"text": "hallo"}, allow_redirects=False, timeout=10
    )
    assert answer.status_code in (302, 303, 401)


def test_wrong_password_and_forged_login(stack: Stack) -> None:
    username = new_staff(stack, "Clara")
    client = _login(stack, username, "ganz-falsches-Passwort")
    assert client.last_status == 401  # type: ignore[attr-defined]
    assert (
        requests.get(
            stack.web_url + "/inbox/api/queue", cookies=client.cookies, timeout=10
        ).status_code
        == 401
    )
    # a login form posted from elsewhere carries no token of ours
    forged = requests.post(
        stack.web_url + "/inbox/login",
        data={"username": username, "password": PASSWORD, "csrf": "von-woanders"},
        allow_redirects=False,
        timeout=10,
    )
    assert forged.status_code == 403 and "kontor_staff" not in forged.cookies
    good = _login(stack, username)
    assert good.last_status in (302, 303)  # type: ignore[attr-defined]
    cookie = next(c for c in good.cookies if c.name == "kontor_staff")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.path == "/inbox"


def test_posts_need_the_csrf_token(stack: Stack) -> None:
    client = _login(stack, new_staff(stack, "Dora"))
    engine = make_engine(stack.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            handoff_id = store.open_handoff(
                session=session,
                sender_id="csrf-test",
                language="de",
                trigger="request",
                now=dt.datetime.now(dt.timezone.utc),
            ).id
    finally:
        engine.dispose()
    take = f"{stack.web_url}/inbox/handoffs/{handoff_id}/take"
    without = client.post(take, data={}, allow_redirects=False, timeout=10)
    assert without.status_code == 403
    wrong = client.post(take, data={"csrf": "x"}, allow_redirects=False, timeout=10)
    assert wrong.status_code == 403
    token = _csrf(client, stack)
    # the chat is still waiting: the refused posts took nothing
    right = client.post(take, data={"csrf": token}, allow_redirects=False, timeout=10)
    assert right.status_code in (302, 303)
    assert right.headers["Location"].endswith(f"/inbox/handoffs/{handoff_id}")
    # someone else cannot read or write in it
    other = _login(stack, new_staff(stack, "Emil"))
    other_token = _csrf(other, stack)
    messages = f"{stack.web_url}/inbox/api/handoffs/{handoff_id}/messages"
    assert other.get(messages, timeout=10).status_code == 404
    assert (
        other.post(
            messages, json={"text": "hallo"}, headers={"X-CSRF-Token": other_token}
        ).status_code
        == 404
    )
    assert (
        other.get(
            f"{stack.web_url}/inbox/handoffs/{handoff_id}", timeout=10
        ).status_code
        == 404
    )
    # and it is no longer offered to anyone
    assert handoff_id not in [
        item["id"]
        for item in other.get(stack.web_url + "/inbox/api/queue", timeout=10).json()[
            "waiting"
        ]
    ]


def test_expired_session(stack: Stack) -> None:
    client = _login(stack, new_staff(stack, "Fritz"))
    assert client.get(stack.web_url + "/inbox/api/queue", timeout=10).ok
    engine = make_engine(stack.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            session.execute(
                update(StaffSession).values(
                    last_used_at=dt.datetime.now(dt.timezone.utc)
                    - dt.timedelta(hours=3)
                )
            )
    finally:
        engine.dispose()
    assert client.get(stack.web_url + "/inbox/api/queue", timeout=10).status_code == 401


def test_logout(stack: Stack) -> None:
    client = _login(stack, new_staff(stack, "Greta"))
    token = _csrf(client, stack)
    out = client.post(
        stack.web_url + "/inbox/logout",
        data={"csrf": token},
        allow_redirects=False,
        timeout=10,
    )
    assert out.status_code in (302, 303)
    assert client.get(stack.web_url + "/inbox/api/queue", timeout=10).status_code == 401


def test_visitors_cannot_read_conversations(stack: Stack) -> None:
    """Rasa's conversation API refuses without the token the inbox holds."""
    rasa = stack.rasa_url.replace("localhost", "127.0.0.1")
    answer = requests.get(f"{rasa}/conversations/csrf-test/tracker", timeout=10)
    assert answer.status_code == 401


def test_inbox_pages_are_strict_and_accessible(browser: Browser, stack: Stack) -> None:
    answer = requests.get(stack.web_url + "/inbox/login", timeout=10)
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert answer.headers["X-Frame-Options"] == "DENY"
    context = browser.new_context(locale="de-DE")
    try:
        page = context.new_page()
        page.goto(stack.web_url + "/inbox/login")
        _no_violations(page)
        page.close()
        inbox = log_in(context, stack, new_staff(stack, "Hanna"))
        _no_violations(inbox)
        for link in ("Rückrufe", "Leads", "Datenschutz"):
            inbox.get_by_role("link", name=link).click()
            expect(inbox.get_by_role("heading", level=1)).to_be_visible()
            _no_violations(inbox)
    finally:
        context.close()


def test_keyboard_login(browser: Browser, stack: Stack) -> None:
    """Skip link, then Tab through the form; Enter logs in."""
    username = new_staff(stack, "Ida")
    context = browser.new_context(locale="de-DE")
    try:
        page = context.new_page()
        page.goto(stack.web_url + "/inbox/login")
        # the user name field has the focus (autofocus) once the page is ready
        expect(page.get_by_label("Benutzername")).to_be_focused()
        page.keyboard.type(username)
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Warteschlange")).to_be_visible()
        page.keyboard.press("Tab")
        focused: List[str] = page.evaluate(
            "() => [document.activeElement.tagName, document.activeElement.textContent]"
        )
        assert focused == ["A", "Zum Inhalt springen"], focused
    finally:
        context.close()


def _no_violations(page: Page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert not results.response["violations"], results.generate_report()


def test_access_and_erasure_requests_in_the_inbox(stack: Stack) -> None:
    """Export as a download, erasure only with the tick, both with the CSRF token."""
    from kontor.db.models import Lead, PrivacyAudit
    from kontor.leads import LeadDraft, create_lead

    email = "ines.vogt@vogt-holzbau.example"
    engine = make_engine(stack.database_url)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        create_lead(
            session=session,
            draft=LeadDraft(
                need="Gehörschutz",
                company="Vogt Holzbau",
                name="Ines Vogt",
                email=email,
                consent_text="Ja.",
                sender_id="inbox-privacy",
            ),
            now=dt.datetime.now(dt.timezone.utc),
        )
    client = _login(stack, new_staff(stack, "Frieda"))
    csrf = _csrf(client, stack)
    page = client.get(stack.web_url + "/inbox/datenschutz", timeout=10)
    assert "Auskunft und Löschung" in page.text
    base = stack.web_url + "/inbox/datenschutz"
    assert (
        client.post(f"{base}/auskunft", data={"email": email}, timeout=10).status_code
        == 403
    )
    download = client.post(
        f"{base}/auskunft", data={"email": email, "csrf": csrf}, timeout=30
    )
    assert download.ok and "attachment" in download.headers["Content-Disposition"]
    assert download.headers["Cache-Control"] == "no-store"
    assert download.json()["leads"][0]["name"] == "Ines Vogt"
    unconfirmed = client.post(
        f"{base}/loeschen", data={"email": email, "csrf": csrf}, timeout=10
    )
    assert unconfirmed.status_code == 400 and "bestätigen" in unconfirmed.text
    bad = client.post(
        f"{base}/loeschen", data={"email": "keine", "csrf": csrf}, timeout=10
    )
    assert bad.status_code == 400 and "keine E-Mail-Adresse" in bad.text
    done = client.post(
        f"{base}/loeschen",
        data={"email": email, "csrf": csrf, "confirm": "ja", "reference": "D-7"},
        timeout=30,
    )
    assert done.ok and "Angebotsanfragen: 1" in done.text
    try:
        with transaction(sessions) as session:
            assert session.query(Lead).filter(Lead.email == email).count() == 0
            audits = [
                (a.action, a.via, a.reference)
                for a in session.query(PrivacyAudit).filter(PrivacyAudit.via == "inbox")
            ]
        assert ("export", "inbox", None) in audits and (
            "erase",
            "inbox",
            "D-7",
        ) in audits
    finally:
        engine.dispose()

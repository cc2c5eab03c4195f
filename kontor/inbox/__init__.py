"""The staff inbox: waiting handoffs, live chats, callbacks and leads, behind a login.

A Sanic blueprint under ``/inbox`` of the web server (``python -m kontor.web``). Pages
are rendered on the server (Jinja2, escaped); one small script polls for new events.
Every page and API call needs a session cookie (HttpOnly, SameSite=Strict, Secure over
HTTPS); every POST also needs the session's CSRF token, and the login form its own
pre-session token, so no other site can post in a staff member's name.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json as jsonlib
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, html, json, raw, redirect
from sqlalchemy.orm import Session, sessionmaker

from kontor.db import transaction
from kontor.db.models import Handoff, StaffSession
from kontor.handoff import staff, store
from kontor.handoff.rasa_api import ENDED, JOINED, RasaAPI, RasaUnavailable
from kontor.hours import Clock, system_clock
from kontor.leads import list_leads
from kontor.privacy.subject import KEPT_BY_LAW, Person, erase, export, tracker_engine

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
COOKIE = "kontor_staff"
LOGIN_COOKIE = "kontor_login"
MAX_MESSAGE = 2000
TRIGGER_NAMES = {
    "request": "Bitte um einen Menschen",
    "anger": "Verärgerung erkannt",
    "misunderstood": "Zweimal nichts in den Unterlagen",
    "complaint": "Beschwerde",
}
# slots staff should see at once, with their German labels
CONTEXT_SLOTS = {
    "order_number": "Bestellnummer",
    "product": "Produkt",
    "quantity": "Menge",
    "lead_need": "Bedarf",
    "lead_quantity": "Menge (Anfrage)",
    "lead_deadline": "Termin",
    "lead_company": "Firma",
    "lead_name": "Name",
    "lead_email": "E-Mail",
    "lead_phone": "Telefon",
}
LANGUAGES = {"de": "Deutsch", "en": "Englisch"}


@dataclass
class InboxConfig:
    """What the inbox needs: the database, Rasa's API, a clock and session policy."""

    sessions: sessionmaker
    rasa: RasaAPI
    clock: Clock = system_clock
    policy: staff.SessionPolicy = field(default_factory=staff.SessionPolicy)
    # Secure cookies also over plain HTTP (behind a TLS-terminating proxy that does
    # not say so); by default they are Secure whenever the request came over HTTPS.
    force_secure_cookies: bool = False
    # times are shown in the company's time zone (company.yml)
    timezone: dt.tzinfo = dt.timezone.utc
    # Rasa's conversation store, for access and erasure requests (Settings.tracker_url)
    tracker_url: Optional[str] = None


def _templates(timezone: dt.tzinfo) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"]),
    )
    env.filters["waited"] = waited_text
    env.filters["clock"] = lambda moment: moment.astimezone(timezone).strftime(
        "%d.%m. %H:%M"
    )
    return env


def waited_text(seconds: float) -> str:
    """Waiting time for people: "45 s", "3 min", "1 h 5 min"."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def transcript(
    tracker: Dict[str, Any],
    after: int = 0,
    timezone: dt.tzinfo = dt.timezone.utc,
) -> List[Dict[str, Any]]:
    """The visible messages of a Rasa tracker, numbered, from number ``after`` on."""
    lines: List[Dict[str, Any]] = []
    for event in tracker.get("events") or []:
        kind = event.get("event")
        if kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if str(intent or "").startswith("EXTERNAL_"):
                continue
            who, author = "visitor", "Besucher"
        elif kind == "bot":
            metadata = event.get("metadata") or {}
            if metadata.get("staff"):
                who, author = "staff", str(metadata["staff"])
            else:
                who, author = "bot", "Kontor (KI)"
        else:
            continue
        text = event.get("text")
        if not text:
            continue
        lines.append(
            {
                "n": len(lines) + 1,
                "who": who,
                "author": author,
                "text": str(text),
                "time": _time(event.get("timestamp"), timezone),
            }
        )
    return [line for line in lines if line["n"] > after]


def _time(timestamp: Any, timezone: dt.tzinfo) -> str:
    try:
        moment = dt.datetime.fromtimestamp(float(timestamp), timezone)
    except (TypeError, ValueError, OverflowError, OSError):
        return ""
    return moment.strftime("%H:%M")


def context_of(tracker: Dict[str, Any]) -> List[Dict[str, str]]:
    """Order and lead details the conversation holds, as label/value pairs."""
    slots = tracker.get("slots") or {}
    return [
        {"label": label, "value": str(slots[name])}
        for name, label in CONTEXT_SLOTS.items()
        if slots.get(name) not in (None, "", [], "__skip__")
    ]


class Refused(Exception):
    """A request the inbox does not serve; carries the answer to give instead."""

    def __init__(self, response: HTTPResponse) -> None:
        super().__init__(response.status)
        self.response = response


def create_inbox(config: InboxConfig) -> Blueprint:
    """The inbox blueprint (mounted at /inbox)."""
    inbox = Blueprint("inbox", url_prefix="/inbox")
    templates = _templates(config.timezone)
    inbox.static("/static", str(HERE / "static"), name="static")

    def now() -> dt.datetime:
        return config.clock()

    def secure(request: Request) -> bool:
        return config.force_secure_cookies or request.scheme == "https"

    def page(name: str, status: int = 200, **values: Any) -> HTTPResponse:
        body = templates.get_template(name).render(**values)
        return html(body, status=status, headers={"Cache-Control": "no-store"})

    def set_cookie(
        request: Request, response: HTTPResponse, name: str, value: str, age: int
    ) -> None:
        response.cookies[name] = value
        cookie = response.cookies[name]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["path"] = "/inbox"
        cookie["max-age"] = age
        if secure(request):
            cookie["secure"] = True

    def current(request: Request, session: Session) -> Optional[StaffSession]:
        return staff.session_of(
            session=session,
            token=request.cookies.get(COOKIE),
            now=now(),
            policy=config.policy,
        )

    def refuse(request: Request) -> HTTPResponse:
        if request.path.startswith("/inbox/api/"):
            return json(
                {"error": "Nicht angemeldet oder Sitzung abgelaufen."}, status=401
            )
        return redirect("/inbox/login")

    def signed_in(
        request: Request, session: Session, posting: bool = False
    ) -> StaffSession:
        """The staff session of this request; Refused without login or CSRF token."""
        me = current(request, session)
        if me is None:
            raise Refused(refuse(request))
        if posting and not staff.csrf_ok(me, csrf_token_of(request)):
            raise Refused(
                json({"error": "CSRF-Token fehlt oder ist falsch."}, status=403)
            )
        return me

    @inbox.exception(Refused)
    async def refused(_: Request, error: Refused) -> HTTPResponse:
        return error.response

    def csrf_token_of(request: Request) -> Optional[str]:
        header = request.headers.get("x-csrf-token")
        if header:
            return str(header)
        if request.form:
            return request.form.get("csrf")
        return None

    # -- login and logout -------------------------------------------------------

    @inbox.get("/login")
    async def login_form(request: Request) -> HTTPResponse:
        token = secrets.token_urlsafe(32)
        response = page("login.html", csrf=token, error=None)
        set_cookie(request, response, LOGIN_COOKIE, token, 3600)
        return response

    throttle = staff.LoginThrottle()

    @inbox.post("/login")
    async def login(request: Request) -> HTTPResponse:
        form = request.form or {}
        expected = request.cookies.get(LOGIN_COOKIE)
        given = form.get("csrf")
        if not expected or not given or not secrets.compare_digest(expected, given):
            return page(
                "login.html",
                status=403,
                csrf=expected or "",
                error="Das Formular ist abgelaufen. Bitte noch einmal anmelden.",
            )
        username = str(form.get("username") or "").strip().lower()
        password = str(form.get("password") or "")
        address = f"ip:{request.remote_addr or request.ip}"
        moment = now()
        if throttle.blocked(moment, address, f"user:{username}"):
            logger.warning("Inbox login refused (too many tries) from %s", address)
            return page(
                "login.html",
                status=429,
                csrf=expected,
                error="Zu viele Fehlversuche. Bitte versuchen Sie es in 15 Minuten "
                "erneut.",
            )

        def check() -> Optional[str]:
            # Argon2id takes a noticeable moment: not on the server's event loop
            with transaction(config.sessions) as session:
                result = staff.login(
                    session=session, username=username, password=password, now=moment
                )
                return result[0] if result else None

        token = await asyncio.to_thread(check)
        if token is None:
            throttle.failed(moment, address, f"user:{username}")
            logger.warning("Inbox login failed for %r from %s", username, address)
            return page(
                "login.html",
                status=401,
                csrf=expected,
                error="Benutzername oder Passwort ist falsch.",
            )
        throttle.succeeded(f"user:{username}")
        response = redirect("/inbox/")
        set_cookie(
            request,
            response,
            COOKIE,
            token,
            int(config.policy.lifetime.total_seconds()),
        )
        set_cookie(request, response, LOGIN_COOKIE, "", 0)
        return response

    @inbox.post("/logout")
    async def logout(request: Request) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session, posting=True)
            staff.went_offline(session=session, staff_id=me.staff_id)
            staff.logout(session=session, token=request.cookies.get(COOKIE))
        response = redirect("/inbox/login")
        set_cookie(request, response, COOKIE, "", 0)
        return response

    # -- pages -----------------------------------------------------------------

    def queue_state(session: Session, me: StaffSession) -> Dict[str, Any]:
        moment = now()
        return {
            "waiting": [
                {
                    "id": handoff.id,
                    "trigger": TRIGGER_NAMES.get(handoff.trigger, handoff.trigger),
                    "language": LANGUAGES.get(handoff.language, handoff.language),
                    "waited": waited_text(
                        (moment - handoff.created_at).total_seconds()
                    ),
                }
                for handoff in store.waiting(session=session)
            ],
            "mine": [
                {"id": handoff.id, "language": LANGUAGES.get(handoff.language, "")}
                for handoff in store.live(session=session, staff_id=me.staff_id)
            ],
            "tickets": store.count_open_tickets(session=session),
        }

    @inbox.get("/")
    async def home(request: Request) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session)
            return page(
                "queue.html",
                me=me.staff,
                csrf=me.csrf_token,
                state=queue_state(session, me),
            )

    @inbox.get("/api/queue")
    async def queue_api(request: Request) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session)
            return json(queue_state(session, me))

    @inbox.post("/handoffs/<handoff_id:int>/take")
    async def take(request: Request, handoff_id: int) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session, posting=True)
            won = store.take(
                session=session,
                handoff_id=handoff_id,
                staff_id=me.staff_id,
                now=now(),
            )
            handoff = session.get(Handoff, handoff_id)
            first_name = me.staff.first_name
        if handoff is None:
            return page("gone.html", status=404, message="Diesen Chat gibt es nicht.")
        if not won:
            late = handoff.status == "not_taken"
            return page(
                "gone.html",
                status=409,
                message="Dieser Chat hat zu lange gewartet; dem Besucher wurde ein "
                "Rückruf angeboten."
                if late
                else "Diesen Chat hat schon jemand anderes übernommen.",
            )
        try:
            await config.rasa.trigger(
                handoff.sender_id, JOINED, {"staff_name": first_name}
            )
        except RasaUnavailable as error:
            logger.error("Joining handoff %s: %s", handoff_id, error)
        try:
            # whatever the join did (or failed to do), the bot stays silent now
            await config.rasa.pause(handoff.sender_id)
        except RasaUnavailable as error:
            logger.error("Pausing handoff %s: %s", handoff_id, error)
        return redirect(f"/inbox/handoffs/{handoff_id}")

    def _mine(
        request: Request,
        session: Session,
        handoff_id: int,
        posting: bool = False,
        as_page: bool = False,
    ) -> Tuple[StaffSession, Handoff]:
        """The signed-in staff member and their chat; Refused if it is not theirs."""
        me = signed_in(request, session, posting)
        handoff = session.get(Handoff, handoff_id)
        # once handed back, the visitor's later messages are no longer staff's to read
        if (
            handoff is None
            or handoff.staff_id != me.staff_id
            or handoff.status != "live"
        ):
            if as_page:
                message = "Dieser Chat ist Ihnen nicht (mehr) zugeordnet."
                raise Refused(page("gone.html", status=404, message=message))
            raise Refused(json({"error": "Nicht Ihr Chat."}, status=404))
        return me, handoff

    @inbox.get("/handoffs/<handoff_id:int>")
    async def chat(request: Request, handoff_id: int) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me, handoff = _mine(request, session, handoff_id, as_page=True)
            values = {
                "me": me.staff,
                "csrf": me.csrf_token,
                "handoff": handoff,
                "trigger": TRIGGER_NAMES.get(handoff.trigger, handoff.trigger),
                "language": LANGUAGES.get(handoff.language, handoff.language),
            }
            sender_id = handoff.sender_id
        try:
            tracker = await config.rasa.tracker(sender_id)
            error = None
        except RasaUnavailable as problem_text:
            tracker, error = {}, str(problem_text)
        return page(
            "chat.html",
            lines=transcript(tracker, timezone=config.timezone),
            context=context_of(tracker),
            rasa_error=error,
            **values,
        )

    @inbox.get("/api/handoffs/<handoff_id:int>/messages")
    async def messages(request: Request, handoff_id: int) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session)
            handoff = session.get(Handoff, handoff_id)
            if handoff is None or handoff.staff_id != me.staff_id:
                return json({"error": "Nicht Ihr Chat."}, status=404)
            if handoff.status != "live":
                return json({"status": handoff.status, "lines": []})
            sender_id, status = handoff.sender_id, handoff.status
        try:
            after = int(request.args.get("after", "0"))
        except ValueError:
            after = 0
        try:
            tracker = await config.rasa.tracker(sender_id)
        except RasaUnavailable as error:
            return json({"error": str(error)}, status=502)
        lines = transcript(tracker, after, config.timezone)
        return json({"status": status, "lines": lines})

    @inbox.post("/api/handoffs/<handoff_id:int>/messages")
    async def send(request: Request, handoff_id: int) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me, handoff = _mine(request, session, handoff_id, posting=True)
            if handoff.status != "live":
                return json({"error": "Der Chat ist beendet."}, status=409)
            sender_id, first_name = handoff.sender_id, me.staff.first_name
        body = request.json if isinstance(request.json, dict) else {}
        text = " ".join(str(body.get("text") or "").split("\n\n")).strip()
        if not text:
            return json({"error": "Die Nachricht ist leer."}, status=400)
        if len(text) > MAX_MESSAGE:
            return json(
                {"error": f"Höchstens {MAX_MESSAGE} Zeichen pro Nachricht."},
                status=400,
            )
        try:
            await config.rasa.say(sender_id, text, first_name)
        except RasaUnavailable as error:
            return json({"error": f"Nicht gesendet: {error}"}, status=502)
        return json({"status": "sent"})

    @inbox.post("/handoffs/<handoff_id:int>/back")
    async def back(request: Request, handoff_id: int) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me, handoff = _mine(request, session, handoff_id, posting=True)
            ended = store.hand_back(
                session=session,
                handoff_id=handoff_id,
                staff_id=me.staff_id,
                now=now(),
            )
            sender_id = handoff.sender_id
        if ended:
            try:
                await config.rasa.trigger(sender_id, ENDED)
            except RasaUnavailable as error:
                # the bot did not take over: the chat stays with this staff member
                logger.error("Handing back %s: %s", handoff_id, error)
                with transaction(config.sessions) as session:
                    store.undo(
                        session=session,
                        handoff_id=handoff_id,
                        was="live",
                        now_is="returned",
                    )
                return page(
                    "gone.html",
                    status=502,
                    message="Der Bot ist gerade nicht erreichbar – der Chat bleibt "
                    "bei Ihnen. Bitte versuchen Sie es gleich noch einmal.",
                    back=f"/inbox/handoffs/{handoff_id}",
                )
        return redirect("/inbox/")

    @inbox.get("/tickets")
    async def tickets(request: Request) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session)
            return page(
                "tickets.html",
                me=me.staff,
                csrf=me.csrf_token,
                tickets=store.open_tickets(session=session),
            )

    @inbox.post("/tickets/<ticket_id:int>/done")
    async def ticket_done(request: Request, ticket_id: int) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session, posting=True)
            store.mark_ticket_done(
                session=session, ticket_id=ticket_id, staff_id=me.staff_id, now=now()
            )
        return redirect("/inbox/tickets")

    @inbox.get("/leads")
    async def leads(request: Request) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session)
            since = now() - dt.timedelta(days=30)
            return page(
                "leads.html",
                me=me.staff,
                csrf=me.csrf_token,
                leads=list_leads(session=session, since=since),
            )

    # -- access and erasure requests (kontor.privacy.subject) -----------------------

    def person_of(request: Request) -> Tuple[Optional[Person], str]:
        form = request.form or {}
        try:
            person = Person(
                email=form.get("email") or None, sender_id=form.get("sender_id") or None
            )
        except ValueError as error:
            return None, str(error)
        return person, ""

    def reference_of(request: Request) -> Optional[str]:
        value = ((request.form or {}).get("reference") or "").strip()
        return value[:100] or None

    def privacy_page(
        me: StaffSession, status: int = 200, **values: Any
    ) -> HTTPResponse:
        return page(
            "privacy.html", status=status, me=me.staff, csrf=me.csrf_token, **values
        )

    async def carry_out(
        run: Any, request: Request, person: Person, staff_id: int
    ) -> Any:
        """``export`` or ``erase`` for ``person``, off the event loop, as staff's."""

        def work() -> Any:
            tracker = tracker_engine(config.tracker_url) if config.tracker_url else None
            try:
                return run(
                    business=config.sessions,
                    tracker=tracker,
                    person=person,
                    now=now(),
                    via="inbox",
                    staff_id=staff_id,
                    reference=reference_of(request),
                )
            finally:
                if tracker is not None:
                    tracker.dispose()

        return await asyncio.to_thread(work)

    @inbox.get("/datenschutz")
    async def privacy(request: Request) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session)
            return privacy_page(me)

    @inbox.post("/datenschutz/auskunft")
    async def privacy_export(request: Request) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session, posting=True)
            staff_id = me.staff_id
            person, problem = person_of(request)
            if person is None:
                return privacy_page(me, status=400, error=problem)
        document = await carry_out(export, request, person, staff_id)
        body = jsonlib.dumps(document, ensure_ascii=False, indent=2)
        filename = f"auskunft-{now():%Y-%m-%d-%H%M}.json"
        return raw(
            body.encode("utf-8"),
            content_type="application/json; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "Cache-Control": "no-store",
            },
        )

    @inbox.post("/datenschutz/loeschen")
    async def privacy_erase(request: Request) -> HTTPResponse:
        with transaction(config.sessions) as session:
            me = signed_in(request, session, posting=True)
            staff_id = me.staff_id
            person, problem = person_of(request)
            if person is None:
                return privacy_page(me, status=400, error=problem)
            if (request.form or {}).get("confirm") != "ja":
                return privacy_page(
                    me,
                    status=400,
                    error="Bitte bestätigen Sie, dass Sie endgültig löschen wollen.",
                    email=person.email or "",
                    sender_id=person.sender_id or "",
                )
        erased = await carry_out(erase, request, person, staff_id)
        with transaction(config.sessions) as session:
            me = signed_in(request, session)
            return privacy_page(me, erased=erased, kept_by_law=KEPT_BY_LAW)

    return inbox

"""The `kontor` command line: what a shop's staff and its operator run.

Every subcommand has ``--help``; messages are German; the exit code is what scripts
and cron can rely on:

    0  done
    1  the input was refused (a bad price list, an invalid company.yml); nothing written
    2  the command was called wrongly (argparse's own code)
    3  the database is unreachable or its schema is not up to date
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, Optional, Sequence, TypeVar

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import sessionmaker

from kontor.company import CompanyConfigError, load_company
from kontor.db import make_engine, migrate, session_factory, transaction
from kontor.db.models import Lead, Order, Product
from kontor.demo import CATALOG as DEMO_CATALOG
from kontor.demo import ORDERS as DEMO_ORDERS
from kontor.erp import ImportFailed, german_date, write_export
from kontor.privacy import logs
from kontor.settings import Settings, rasa_token

if TYPE_CHECKING:
    from kontor.privacy.subject import Person

T = TypeVar("T")
OK, REFUSED, USAGE, DATABASE = 0, 1, 2, 3

LEAD_HEADERS = [
    "Datum",
    "Firma",
    "Name",
    "E-Mail",
    "Telefon",
    "Bedarf",
    "Artikel",
    "Menge",
    "Termin",
    "Budget",
    "Sprache",
    "CRM",
]


class DatabaseProblem(Exception):
    """The database cannot be used; the message says why and what to do."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _engine(settings: Settings) -> Engine:
    return make_engine(settings.database_url)


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _unreachable(engine: Engine, error: OperationalError) -> DatabaseProblem:
    reason = str(error.orig or error).strip().splitlines()[0]
    return DatabaseProblem(
        f"Die Datenbank {_where(engine)} ist nicht erreichbar: {reason}"
    )


def _ready(engine: Engine) -> sessionmaker:
    """Sessions on a reachable database whose schema is current."""
    try:
        revision = migrate.current(engine)
    except OperationalError as error:
        raise _unreachable(engine, error) from None
    if revision != migrate.head():
        state = "leer" if revision is None else f"auf Stand {revision}"
        raise DatabaseProblem(
            f"Die Datenbank {_where(engine)} ist {state}, gebraucht wird Stand "
            f"{migrate.head()}. Bitte zuerst `kontor db upgrade` ausführen."
        )
    return session_factory(engine)


def cmd_check_company(args: argparse.Namespace, settings: Settings) -> int:
    """Validate company.yml."""
    path = args.file or settings.company_file
    try:
        company = load_company(path)
    except CompanyConfigError as error:
        _say(f"✗ {error}")
        return REFUSED
    print(f"✓ {path}: {company.name}, {company.address.city}")
    return OK


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Bring the schema up to date."""
    engine = _engine(settings)
    try:
        before = migrate.current(engine)
        migrate.upgrade(engine)
        after = migrate.current(engine)
    except OperationalError as error:
        raise _unreachable(engine, error) from None
    if before == after:
        print(f"✓ {_where(engine)} ist auf dem neuesten Stand ({after}).")
    else:
        print(f"✓ {_where(engine)}: Stand {before or 'leer'} → {after}.")
    return OK


def cmd_db_status(args: argparse.Namespace, settings: Settings) -> int:
    """Say which schema revision the database is at."""
    engine = _engine(settings)
    sessions = _ready(engine)
    with sessions() as session:
        products = session.scalar(select(func.count(Product.id)))
        orders = session.scalar(select(func.count(Order.id)))
        leads = session.scalar(select(func.count(Lead.id)))
    print(f"✓ {_where(engine)}, Stand {migrate.head()}")
    print(f"  {products} Produkte, {orders} Bestellungen, {leads} Leads")
    return OK


def _report_problems(error: ImportFailed, path: Path) -> int:
    _say(f"✗ {path} wurde nicht importiert, nichts wurde geändert:")
    for problem in error.problems[:50]:
        _say(f"  {problem}")
    if len(error.problems) > 50:
        _say(f"  … und {len(error.problems) - 50} weitere Probleme.")
    return REFUSED


def cmd_import_catalog(args: argparse.Namespace, settings: Settings) -> int:
    """Import a price list."""
    from kontor.catalog_import import import_catalog

    sessions = _ready(_engine(settings))
    started = time.monotonic()
    _say(f"Lese und prüfe {args.file} …")
    try:
        with transaction(sessions) as session:
            report = import_catalog(
                session,
                args.file,
                encoding=args.encoding,
                delimiter=args.delimiter,
                partial=args.partial,
                dry_run=args.dry_run,
            )
            if not args.dry_run:
                _say("Schreibe in die Datenbank …")
    except ImportFailed as error:
        return _report_problems(error, args.file)
    for warning in report.warnings:
        _say(f"  Hinweis – {warning}")
    verb = "würde importieren" if args.dry_run else "importiert"
    seconds = time.monotonic() - started
    print(
        f"✓ {args.file} ({report.encoding}) {verb} in {seconds:.1f} s: "
        f"{report.products_new} Produkte neu, {report.products_updated} aktualisiert; "
        f"{report.variants_new} Varianten neu, {report.variants_updated} aktualisiert"
        + (
            f", {report.variants_switched_off} nicht mehr in der Liste (abgeschaltet)"
            if report.variants_switched_off
            else ""
        )
        + "."
    )
    if not args.dry_run:
        _write_vocabulary(settings, sessions)
    return OK


def _write_vocabulary(settings: Settings, sessions: sessionmaker) -> None:
    """Write the catalog's words for training; say whether the bot must retrain."""
    from kontor.catalog import load_catalog
    from kontor.catalog_vocabulary import (
        catalog_vocabulary,
        to_nlu_yaml,
        write_if_changed,
    )

    with sessions() as session:
        catalog = load_catalog(session)
    vocabulary = catalog_vocabulary(catalog)
    path = settings.catalog_lookup
    if write_if_changed(to_nlu_yaml(vocabulary), path):
        print(
            f"✓ {path}: {len(vocabulary.get('product', {}))} Produktnamen und "
            f"{len(vocabulary.get('product_type', {}))} Produktarten für das Training "
            "geschrieben – `make train` (oder `make run`) lernt sie."
        )
    else:
        print(f"✓ {path} ist aktuell; kein neues Training nötig.")


def cmd_catalog_vocabulary(args: argparse.Namespace, settings: Settings) -> int:
    """Write the catalog's words for training."""
    if args.out:
        settings = replace(settings, catalog_lookup=args.out)
    _write_vocabulary(settings, _ready(_engine(settings)))
    return OK


def cmd_import_orders(args: argparse.Namespace, settings: Settings) -> int:
    """Import an order export."""
    from kontor.order_import import import_orders

    company = load_company(settings.company_file)
    sessions = _ready(_engine(settings))
    _say(f"Lese und prüfe {args.file} …")
    try:
        with transaction(sessions) as session:
            report = import_orders(
                session,
                args.file,
                tz=company.tz,
                encoding=args.encoding,
                delimiter=args.delimiter,
                dry_run=args.dry_run,
            )
    except ImportFailed as error:
        return _report_problems(error, args.file)
    for warning in report.warnings:
        _say(f"  Hinweis – {warning}")
    verb = "würde importieren" if args.dry_run else "importiert"
    print(
        f"✓ {args.file} ({report.encoding}) {verb}: {report.orders_new} Bestellungen "
        f"neu, {report.orders_updated} aktualisiert, {report.positions} Positionen."
    )
    return OK


def cmd_import_demo(args: argparse.Namespace, settings: Settings) -> int:
    """Import the demo company's price list and orders."""
    sessions = _ready(_engine(settings))
    with sessions() as session:
        products = session.scalar(select(func.count(Product.id)))
    if products and args.if_empty:
        print(
            f"✓ Die Datenbank hat schon {products} Produkte; Demo-Daten übersprungen."
        )
        return OK
    common = {"encoding": None, "delimiter": ";", "dry_run": False}
    status = cmd_import_catalog(
        argparse.Namespace(file=DEMO_CATALOG, partial=False, **common), settings
    )
    if status != OK:
        return status
    return cmd_import_orders(argparse.Namespace(file=DEMO_ORDERS, **common), settings)


def cmd_crm_send(args: argparse.Namespace, settings: Settings) -> int:
    """Deliver the leads waiting in the outbox to the configured CRM."""
    from kontor.crm import adapter
    from kontor.outbox import drain

    try:
        crm = adapter(settings)
    except ValueError as error:
        _say(f"✗ {error}")
        return USAGE
    if crm is None:
        print(
            "✓ Kein CRM eingestellt (KONTOR_CRM=local): Leads bleiben in der Datenbank."
        )
        if not args.loop:
            return OK
    sessions = _ready(_engine(settings))

    def now() -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)

    while True:
        if crm is not None:
            done = drain(sessions, crm, clock=now)
            if done.delivered or done.retried or done.refused or not args.loop:
                print(
                    f"✓ {crm.name}: {done.delivered} zugestellt, {done.retried} später "
                    f"erneut, {done.refused} abgelehnt.",
                    flush=True,
                )
            if done.refused and not args.loop:
                return REFUSED
        if not args.loop:
            return OK
        time.sleep(args.interval)


def _new_password(args: argparse.Namespace) -> str:
    """From stdin with --password-stdin (scripts), else asked twice without echo."""
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Passwort (mindestens 12 Zeichen): ")
    if getpass.getpass("Passwort wiederholen: ") != first:
        raise ValueError("Die beiden Eingaben stimmen nicht überein.")
    return first


def cmd_staff_add(args: argparse.Namespace, settings: Settings) -> int:
    """Create an inbox account."""
    from kontor.handoff.staff import StaffError, add_staff

    sessions = _ready(_engine(settings))
    try:
        password = _new_password(args)
        with transaction(sessions) as session:
            member = add_staff(
                session=session,
                username=args.username,
                first_name=args.first_name,
                password=password,
                now=dt.datetime.now(dt.timezone.utc),
            )
            name, first = member.username, member.first_name
    except (StaffError, ValueError) as error:
        _say(f"✗ {error}")
        return REFUSED
    print(f"✓ Zugang {name!r} angelegt; seine Nachrichten beginnen mit „{first}:“.")
    return OK


def cmd_staff_password(args: argparse.Namespace, settings: Settings) -> int:
    """Set a new password; the account's sessions end."""
    from kontor.handoff.staff import StaffError, set_password

    sessions = _ready(_engine(settings))
    try:
        password = _new_password(args)
        with transaction(sessions) as session:
            set_password(session=session, username=args.username, password=password)
    except (StaffError, ValueError) as error:
        _say(f"✗ {error}")
        return REFUSED
    print(f"✓ Neues Passwort für {args.username!r}; alte Anmeldungen sind beendet.")
    return OK


def cmd_staff_lock(args: argparse.Namespace, settings: Settings) -> int:
    """Lock (or unlock) an account."""
    from kontor.handoff.staff import StaffError, set_active

    sessions = _ready(_engine(settings))
    try:
        with transaction(sessions) as session:
            set_active(session=session, username=args.username, active=args.unlock)
    except StaffError as error:
        _say(f"✗ {error}")
        return REFUSED
    state = "entsperrt" if args.unlock else "gesperrt und abgemeldet"
    print(f"✓ Zugang {args.username!r} {state}.")
    return OK


def cmd_staff_list(args: argparse.Namespace, settings: Settings) -> int:
    """List the inbox accounts."""
    from kontor.db.models import StaffMember

    sessions = _ready(_engine(settings))
    with transaction(sessions) as session:
        members = session.execute(
            select(StaffMember).order_by(StaffMember.username)
        ).scalars()
        rows = [
            (m.username, m.first_name, "aktiv" if m.active else "gesperrt")
            for m in members
        ]
    if not rows:
        print("Noch kein Zugang. Anlegen mit: kontor staff add BENUTZER --vorname NAME")
    for username, first_name, state in rows:
        print(f"{username:<24} {first_name:<20} {state}")
    return OK


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Send notes to staff and offer callbacks for chats nobody took."""
    import asyncio

    from kontor.handoff.notify import NotifySettings
    from kontor.handoff.rasa_api import RasaAPI
    from kontor.handoff.worker import pickup_timeout_from_env, run_round
    from kontor.hours import system_clock

    try:
        notes = NotifySettings.from_env()
        timeout = pickup_timeout_from_env()
    except ValueError as error:
        _say(f"✗ {error}")
        return USAGE
    sessions = _ready(_engine(settings))
    rasa_url = os.environ.get("KONTOR_RASA_API_URL") or os.environ.get(
        "KONTOR_RASA_URL", ""
    )
    rasa = RasaAPI(rasa_url, rasa_token(os.environ)) if rasa_url else None
    channels = ", ".join(notes.channels) or "keine (nichts verlässt den Server)"
    print(
        f"✓ Worker: Benachrichtigungen über {channels}; ein Chat wartet höchstens "
        f"{int(timeout.total_seconds())} s auf eine Übernahme.",
        flush=True,
    )
    while True:
        try:
            done = asyncio.run(run_round(sessions, notes, rasa, system_clock, timeout))
        except Exception as error:  # one bad round must not stop the service
            if not args.loop:
                raise
            _say(f"✗ Runde abgebrochen, nächster Versuch gleich: {error}")
            time.sleep(args.interval)
            continue
        if done.notes_sent or done.notes_failed or done.given_up or not args.loop:
            offered = done.given_up - done.not_told
            print(
                f"✓ {done.notes_sent} Benachrichtigung(en) gesendet, "
                f"{done.notes_failed} später erneut; {offered} Chat(s) nicht "
                f"übernommen, Rückruf angeboten"
                + (
                    f"; {done.not_told} Besucher nicht erreichbar (Rasa), "
                    "nächste Runde erneut"
                    if done.not_told
                    else ""
                ),
                flush=True,
            )
        if not args.loop:
            return REFUSED if done.notes_failed or done.not_told else OK
        time.sleep(args.interval)


def _tracker(settings: Settings) -> Optional[Engine]:
    """Rasa's conversation store, or None (said) when its SQLite file is missing."""
    from kontor.privacy.subject import tracker_engine

    engine = tracker_engine(settings.tracker_url)
    if engine is None:
        _say(f"! Keine Gesprächsdatenbank unter {settings.tracker_url}: übergangen.")
    return engine


def cmd_retention(args: argparse.Namespace, settings: Settings) -> int:
    """Delete personal data older than company.yml's retention periods."""
    from kontor.privacy.retention import apply_retention

    company = load_company(settings.company_file)
    sessions = _ready(_engine(settings))
    tracker = _tracker(settings)
    try:
        deleted = apply_retention(
            business=sessions,
            tracker=tracker,
            retention=company.retention,
            now=dt.datetime.now(dt.timezone.utc),
        )
    finally:
        if tracker is not None:
            tracker.dispose()
    kept = company.retention
    print(
        f"✓ Gelöscht: {deleted.conversations} Gespräch(e) älter als "
        f"{kept.conversations_days} Tage, {deleted.handoffs} Übergabe(n), "
        f"{deleted.tickets} erledigte(r) Rückruf(e) älter als {kept.tickets_days} "
        f"Tage, {deleted.notifications} Benachrichtigung(en), "
        f"{deleted.staff_logins} abgelaufene Anmeldung(en), "
        f"{deleted.order_lookups} alte Fehlversuche bei Bestellabfragen, "
        f"{deleted.form_values} Angabe(n) aus liegengebliebenen Formularen."
    )
    return OK


def _person(args: argparse.Namespace) -> Person:
    from kontor.privacy.subject import Person

    return Person(email=args.email, sender_id=args.sender_id)


def _for_person(
    run: Callable[..., T], person: Person, args: argparse.Namespace, settings: Settings
) -> T:
    """``export`` or ``erase`` for ``person`` on both stores, noted as from the CLI."""
    sessions = _ready(_engine(settings))
    tracker = _tracker(settings)
    try:
        return run(
            business=sessions,
            tracker=tracker,
            person=person,
            now=dt.datetime.now(dt.timezone.utc),
            via="cli",
            reference=args.reference,
        )
    finally:
        if tracker is not None:
            tracker.dispose()


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write everything held about one person into a JSON file (Art. 15, 20 DSGVO)."""
    import json

    from kontor.privacy.subject import export

    try:
        person = _person(args)
    except ValueError as error:
        _say(f"✗ {error}")
        return USAGE
    document = _for_person(export, person, args, settings)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    # personal data: readable by the operator only, from the first byte on
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # also when the file was there before
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    print(
        f"✓ Auskunft geschrieben: {out} — {len(document['conversations'])} "
        f"Gespräch(e), {len(document['leads'])} Anfrage(n), "
        f"{len(document['callback_requests'])} Rückruf(e), "
        f"{len(document['handoffs'])} Übergabe(n), "
        f"{len(document['orders'])} Bestellung(en)."
    )
    return OK


def cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    """Delete everything held about one person; orders stay (commercial law)."""
    from kontor.privacy.subject import KEPT_BY_LAW, erase

    try:
        person = _person(args)
    except ValueError as error:
        _say(f"✗ {error}")
        return USAGE
    if not args.yes:
        if not sys.stdin.isatty():
            _say("✗ Ohne Rückfrage löscht nur `--ja`.")
            return USAGE
        who = person.email or f"Gespräch {person.sender_id}"
        answer = input(f"Alles über {who} endgültig löschen? [ja/nein] ")
        if answer.strip().lower() not in ("ja", "j", "yes", "y"):
            _say("Abgebrochen, nichts gelöscht.")
            return REFUSED
    erased = _for_person(erase, person, args, settings)
    print(
        f"✓ Gelöscht: {erased.conversations} Gespräch(e) ({erased.events} "
        f"Ereignisse), {erased.leads} Anfrage(n) mit {erased.crm_outbox} "
        f"CRM-Auftrag/-Aufträgen, {erased.tickets} Rückruf(e), "
        f"{erased.handoffs} Übergabe(n). Im Protokoll vermerkt, ohne Personendaten."
    )
    if erased.orders_kept:
        print(f"! {erased.orders_kept} Bestellung(en) bleiben: {KEPT_BY_LAW}")
    for crm, record in erased.external:
        print(
            f"! Bereits an {crm} übertragen (Datensatz {record}): bitte dort löschen."
        )
    return OK


def cmd_crm_status(args: argparse.Namespace, settings: Settings) -> int:
    """Show what waits in the outbox."""
    from kontor.db.models import OutboxMessage

    sessions = _ready(_engine(settings))
    with sessions() as session:
        waiting = (
            session.execute(
                select(OutboxMessage)
                .where(OutboxMessage.delivered_at.is_(None))
                .order_by(OutboxMessage.id)
            )
            .scalars()
            .all()
        )
        delivered = session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.delivered_at.is_not(None)
            )
        )
        lines = [
            f"  Lead {m.lead_id} → {m.crm}: {m.attempts} Versuche, nächster "
            f"{m.next_attempt_at:%d.%m.%Y %H:%M} UTC; {m.last_error or '–'}"
            for m in waiting
        ]
    print(f"✓ {delivered} Leads zugestellt, {len(waiting)} warten.")
    for line in lines:
        print(line)
    return OK


def _since(text: str) -> dt.date:
    try:
        return german_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def cmd_leads(args: argparse.Namespace, settings: Settings) -> int:
    """List the leads, newest first."""
    from kontor.leads import list_leads

    company = load_company(settings.company_file)
    sessions = _ready(_engine(settings))
    since = None
    if args.since:
        since = dt.datetime.combine(args.since, dt.time(0, 0), tzinfo=company.tz)
    with sessions() as session:
        leads = list_leads(session=session, since=since)
        rows = [_lead_row(lead, company.tz) for lead in leads]
    if args.csv:
        sys.stdout.write(write_export(rows, LEAD_HEADERS))
        return OK
    if not rows:
        print("Keine Leads" + (f" seit dem {args.since:%d.%m.%Y}." if since else "."))
        return OK
    for row in rows:
        extra = ", ".join(
            f"{key}: {row[key]}"
            for key in ("Artikel", "Menge", "Termin", "Budget", "Telefon")
            if row[key]
        )
        print(f"{row['Datum']}  {row['Firma']} – {row['Name']} <{row['E-Mail']}>")
        print(f"    {row['Bedarf']}" + (f" ({extra})" if extra else ""))
        print(f"    CRM: {row['CRM']}")
    print(f"{len(rows)} Leads.")
    return OK


def _lead_row(lead: Lead, tz: dt.tzinfo) -> Dict[str, object]:
    deliveries = lead.deliveries
    if not deliveries:
        crm = "lokal"
    elif all(d.delivered_at for d in deliveries):
        crm = ", ".join(f"{d.crm} ({d.external_id})" for d in deliveries)
    else:
        waiting = [d for d in deliveries if not d.delivered_at]
        crm = ", ".join(f"{d.crm}: ausstehend, {d.attempts} Versuche" for d in waiting)
    return {
        "Datum": lead.created_at.astimezone(tz).strftime("%d.%m.%Y %H:%M"),
        "Firma": lead.company,
        "Name": lead.name,
        "E-Mail": lead.email,
        "Telefon": lead.phone or "",
        "Bedarf": lead.need,
        "Artikel": lead.sku or lead.product_number or "",
        "Menge": lead.quantity or "",
        "Termin": f"{lead.deadline:%d.%m.%Y}" if lead.deadline else "",
        "Budget": lead.budget or "",
        "Sprache": lead.language,
        "CRM": crm,
    }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Read documents into the knowledge store."""
    from kontor.knowledge import ingest, store

    sessions = _ready(_engine(settings))
    if args.if_empty:
        with sessions() as session:
            count = store.document_count(session)
        if count:
            print(f"✓ Die Wissensbasis enthält schon {count} Dokumente; nichts zu tun.")
            return OK
    if not args.sources and not args.prune and not args.remove:
        _say("✗ Bitte Dateien, Ordner oder Adressen angeben (oder --prune).")
        return USAGE
    symbols = {
        ingest.NEW: "+",
        ingest.UPDATED: "↻",
        ingest.UNCHANGED: "=",
        ingest.FAILED: "✗",
        ingest.REMOVED: "−",
    }
    counter = {"n": 0}

    def show(outcome: ingest.Outcome) -> None:
        counter["n"] += 1
        detail = (
            f": {outcome.reason}"
            if outcome.reason
            else (f" ({outcome.passages} Abschnitte)" if outcome.passages else "")
        )
        line = f"{symbols[outcome.status]} [{counter['n']}] {outcome.source} – "
        print(f"{line}{outcome.status}{detail}", flush=True)

    outcomes = ingest.ingest(
        args.sources,
        sessions=sessions,
        embedder=settings.embedder(),
        now=_now,
        force=args.force,
        progress=show,
    )
    if args.remove:
        removed = ingest.remove(args.remove, sessions=sessions, now=_now)
        print(f"− {removed} Dokument(e) entfernt.")
    if args.prune:
        ingest.prune(
            sessions=sessions,
            now=_now,
            keep=[o.source for o in outcomes],
            progress=show,
        )
    failed = [o for o in outcomes if o.status == ingest.FAILED]
    with sessions() as session:
        total = store.document_count(session)
    summary = ", ".join(
        f"{sum(1 for o in outcomes if o.status == status)} {status}"
        for status in (ingest.NEW, ingest.UPDATED, ingest.UNCHANGED, ingest.FAILED)
    )
    print(f"{summary}; die Wissensbasis enthält {total} Dokumente.")
    if failed:
        _say(
            f"✗ {len(failed)} Dokument(e) übersprungen (siehe oben); "
            "ihr bisheriger Stand bleibt gespeichert."
        )
        return REFUSED
    return OK


def cmd_knowledge_list(args: argparse.Namespace, settings: Settings) -> int:
    """List the stored documents."""
    from kontor.knowledge import store

    sessions = _ready(_engine(settings))
    with sessions() as session:
        documents = store.stored_documents(session)
    for source, stored in sorted(documents.items()):
        print(f"{source}  ({stored.passages} Abschnitte, {stored.embedding_model})")
    print(f"{len(documents)} Dokumente.")
    return OK


def cmd_knowledge_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer a question the way the bot's fallback would, with the scores."""
    from kontor.knowledge.answers import THRESHOLD, respond
    from kontor.knowledge.index import load_index

    sessions = _ready(_engine(settings))
    with sessions() as session:
        index = load_index(session, settings.embedder())
    threshold = settings.knowledge_threshold or THRESHOLD
    # with a language model configured (KONTOR_LLM_BASE_URL), as the bot asks it
    answer = respond(
        args.question, index, language="de", threshold=threshold, llm=settings.llm()
    )
    for rank, hit in enumerate(answer.hits, start=1):
        page = f", S. {hit.passage.page}" if hit.passage.page else ""
        print(
            f"{rank}. {hit.passage.source}{page}  Relevanz-Anteile: "
            f"Ähnlichkeit {hit.dense:.3f}, BM25 {hit.lexical:.2f}, "
            f"Abdeckung {hit.coverage:.2f}"
        )
    print(f"Relevanz {answer.relevance:.3f} (Schwelle {threshold:.3f})")
    if answer.found:
        print(f"„{answer.text}“")
        return OK
    print("Dazu steht nichts in den Unterlagen.")
    return REFUSED


def _import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="die CSV-Datei")
    parser.add_argument(
        "--encoding",
        help="Kodierung erzwingen (sonst: UTF-8, wenn gültig, sonst Windows-1252)",
    )
    parser.add_argument(
        "--delimiter", default=";", help="Trennzeichen der Spalten (Standard: ;)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="nur prüfen, nichts schreiben"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="kontor",
        description="Kontor – Befehle für Betrieb und Pflege.",
        epilog="Exit-Codes: 0 erledigt, 1 Eingabe abgelehnt (nichts geändert), "
        "2 falscher Aufruf, 3 Datenbank nicht erreichbar oder nicht aktuell. "
        "Datenbank: $KONTOR_DATABASE_URL (Standard: sqlite:///var/kontor.db).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")

    check = commands.add_parser("check-company", help="company.yml prüfen")
    check.add_argument(
        "file", nargs="?", help="Standard: $KONTOR_COMPANY_FILE oder company.yml"
    )
    check.set_defaults(run=cmd_check_company)

    db = commands.add_parser("db", help="Datenbank einrichten und prüfen")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="BEFEHL")
    db_commands.add_parser(
        "upgrade", help="Tabellen anlegen oder auf den neuesten Stand bringen"
    ).set_defaults(run=cmd_db_upgrade)
    db_commands.add_parser(
        "status", help="Stand und Inhalt der Datenbank zeigen"
    ).set_defaults(run=cmd_db_status)

    imp = commands.add_parser("import", help="ERP-Exporte (CSV) importieren")
    imports = imp.add_subparsers(dest="import_command", required=True, metavar="WAS")
    catalog = imports.add_parser(
        "catalog",
        help="Preisliste importieren (alles oder nichts)",
        description="Preisliste importieren: Semikolon-getrennt, Dezimalkomma, "
        "UTF-8 oder Windows-1252. Pflichtspalten: Artikelnummer, Bezeichnung, "
        "Warengruppe, Bestand, Preis netto, Lieferzeit. Eine fehlerhafte Zeile "
        "verhindert den ganzen Import; erneutes Importieren aktualisiert.",
    )
    _import_options(catalog)
    catalog.add_argument(
        "--partial",
        action="store_true",
        help="Teil-Liste: Artikel, die fehlen, bleiben aktiv "
        "(sonst werden sie abgeschaltet)",
    )
    catalog.set_defaults(run=cmd_import_catalog)
    orders = imports.add_parser(
        "orders",
        help="Bestellungen importieren (eine Zeile je Position)",
        description="Bestellungen importieren: eine Zeile je Position; Pflichtspalten "
        "Bestellnummer, Bestelldatum, E-Mail, PLZ, Status, Artikelnummer, Menge.",
    )
    _import_options(orders)
    orders.set_defaults(run=cmd_import_orders)
    demo = imports.add_parser(
        "demo", help="Preisliste und Bestellungen der Demo-Firma importieren"
    )
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help="nur, wenn die Datenbank noch keine Produkte hat",
    )
    demo.set_defaults(run=cmd_import_demo)

    catalog_cmd = commands.add_parser("catalog", help="Katalog und Training")
    catalog_commands = catalog_cmd.add_subparsers(
        dest="catalog_command", required=True, metavar="BEFEHL"
    )
    vocabulary = catalog_commands.add_parser(
        "vocabulary",
        help="Produktnamen und -arten für das Training schreiben",
        description="Schreibt Produktnamen, Produktarten und Warengruppen aus der "
        "Datenbank als Rasa-Lookup-Tabellen (Standard: data/lookups/catalog.yml, "
        "$KONTOR_CATALOG_LOOKUP). `kontor import catalog` tut das von selbst.",
    )
    vocabulary.add_argument("--out", type=Path, help="Zieldatei")
    vocabulary.set_defaults(run=cmd_catalog_vocabulary)

    crm = commands.add_parser("crm", help="Leads an das CRM übergeben")
    crm_commands = crm.add_subparsers(
        dest="crm_command", required=True, metavar="BEFEHL"
    )
    send = crm_commands.add_parser(
        "send",
        help="wartende Leads an das CRM senden ($KONTOR_CRM: hubspot, pipedrive)",
    )
    send.add_argument("--loop", action="store_true", help="dauerhaft laufen (Dienst)")
    send.add_argument(
        "--interval", type=float, default=30.0, help="Sekunden zwischen den Runden"
    )
    send.set_defaults(run=cmd_crm_send)
    crm_commands.add_parser(
        "status", help="zeigen, welche Leads noch auf das CRM warten"
    ).set_defaults(run=cmd_crm_status)

    leads = commands.add_parser(
        "leads", help="qualifizierte Leads anzeigen, neueste zuerst"
    )
    leads.add_argument(
        "--since", type=_since, help="nur Leads ab diesem Tag (TT.MM.JJJJ)"
    )
    leads.add_argument(
        "--csv", action="store_true", help="als CSV (Semikolon, für Excel) ausgeben"
    )
    leads.set_defaults(run=cmd_leads)

    ingest = commands.add_parser(
        "ingest",
        help="Dokumente in die Wissensbasis lesen",
        description="Dokumente (PDF, HTML, Markdown, Word, Text), Ordner, Webseiten "
        "oder eine Sitemap in die Wissensbasis lesen, aus der der Bot Fragen "
        "beantwortet, für die es keine feste Antwort gibt. Unveränderte Dokumente "
        "werden übersprungen, geänderte ersetzt; der laufende Bot sieht sie sofort.",
        epilog="Exit-Code 1: mindestens ein Dokument war nicht lesbar und wurde "
        "übersprungen (die anderen sind gespeichert).",
    )
    ingest.add_argument(
        "sources", nargs="*", metavar="QUELLE", help="Datei, Ordner, URL oder Sitemap"
    )
    ingest.add_argument(
        "--prune",
        action="store_true",
        help="Dokumente entfernen, deren Datei es nicht mehr gibt",
    )
    ingest.add_argument(
        "--remove",
        nargs="+",
        default=[],
        metavar="QUELLE",
        help="diese Dokumente (Pfad oder URL, wie `kontor knowledge list` sie nennt) "
        "entfernen",
    )
    ingest.add_argument(
        "--force", action="store_true", help="auch unveränderte Dokumente neu lesen"
    )
    ingest.add_argument(
        "--if-empty",
        action="store_true",
        help="nur, wenn die Wissensbasis noch leer ist",
    )
    ingest.set_defaults(run=cmd_ingest)

    staff_cmd = commands.add_parser(
        "staff",
        help="Zugänge zum Posteingang verwalten",
        description="Zugänge der Mitarbeiterinnen und Mitarbeiter zum Posteingang "
        "(/inbox/). Passwörter werden mit Argon2id gespeichert.",
    )
    staff_commands = staff_cmd.add_subparsers(
        dest="staff_command", required=True, metavar="BEFEHL"
    )
    add = staff_commands.add_parser(
        "add",
        help="Zugang anlegen (fragt nach dem Passwort)",
        epilog="Exit-Code 1: Name vergeben oder Passwort zu kurz.",
    )
    add.add_argument("username", metavar="BENUTZER")
    add.add_argument(
        "--vorname",
        "--first-name",
        dest="first_name",
        metavar="VORNAME",
        required=True,
        help="Vorname, mit dem Nachrichten im Chat unterschrieben werden",
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="Passwort aus der ersten Zeile der Standardeingabe lesen (Skripte)",
    )
    add.set_defaults(run=cmd_staff_add)
    password_cmd = staff_commands.add_parser(
        "password", help="neues Passwort setzen (beendet alle Anmeldungen)"
    )
    password_cmd.add_argument("username", metavar="BENUTZER")
    password_cmd.add_argument("--password-stdin", action="store_true")
    password_cmd.set_defaults(run=cmd_staff_password)
    lock = staff_commands.add_parser("lock", help="Zugang sperren und abmelden")
    lock.add_argument("username", metavar="BENUTZER")
    lock.set_defaults(run=cmd_staff_lock, unlock=False)
    unlock = staff_commands.add_parser("unlock", help="Zugang wieder freigeben")
    unlock.add_argument("username", metavar="BENUTZER")
    unlock.set_defaults(run=cmd_staff_lock, unlock=True)
    staff_commands.add_parser("list", help="Zugänge auflisten").set_defaults(
        run=cmd_staff_list
    )

    commands.add_parser(
        "retention",
        help="personenbezogene Daten nach Ablauf der Fristen löschen (täglich, cron)",
        description="Löscht Gespräche (mit dem Bot und mit dem Team), erledigte "
        "Rückrufe, Benachrichtigungen, abgelaufene Anmeldungen und alte "
        "Fehlversuche, wenn sie älter sind als die Fristen unter `retention:` in "
        "company.yml. Beliebig oft ausführbar; die Ausgabe nennt nur Zahlen.",
    ).set_defaults(run=cmd_retention)

    for name, run, help_text, description in (
        (
            "export",
            cmd_export,
            "Auskunft: alles über eine Person als JSON-Datei (Art. 15 DSGVO)",
            "Schreibt alles, was über eine Person gespeichert ist — Gespräche, "
            "Anfragen mit Einwilligung, CRM-Aufträge, Rückrufe, Übergaben, "
            "Bestellungen — in eine JSON-Datei, die nur Sie lesen dürfen.",
        ),
        (
            "erase",
            cmd_erase,
            "Löschung: alles über eine Person löschen (Art. 17 DSGVO)",
            "Löscht Gespräche, Anfragen, CRM-Aufträge, Rückrufe und Übergaben einer "
            "Person. Bestellungen bleiben (§ 257 HGB, § 147 AO). Ein "
            "Protokolleintrag ohne Personendaten hält fest, was gelöscht wurde. "
            "Exit-Code 1: abgebrochen.",
        ),
    ):
        command = commands.add_parser(name, help=help_text, description=description)
        who = command.add_argument_group("wer (mindestens eins)")
        who.add_argument("--email", metavar="ADRESSE", help="E-Mail-Adresse der Person")
        who.add_argument(
            "--sender-id",
            metavar="ID",
            help="Gesprächs-ID (im Postfach und in Anfragen zu sehen)",
        )
        command.add_argument(
            "--vorgang",
            dest="reference",
            metavar="NR",
            help="Ihr Aktenzeichen für das Protokoll, z. B. DSGVO-2026-014 "
            "(keine Namen)",
        )
        if name == "export":
            command.add_argument(
                "--out",
                type=Path,
                default=Path("auskunft.json"),
                metavar="DATEI",
                help="Zieldatei (Standard: auskunft.json)",
            )
        else:
            command.add_argument(
                "--ja",
                dest="yes",
                action="store_true",
                help="ohne Rückfrage löschen (für Skripte)",
            )
        command.set_defaults(run=run)

    worker = commands.add_parser(
        "worker",
        help="Benachrichtigungen senden, nicht übernommene Chats an Rückruf geben",
        description="Sendet Benachrichtigungen an das Team (KONTOR_SMTP_HOST, "
        "KONTOR_NOTIFY_WEBHOOK_URL) und bietet Besuchern einen Rückruf an, wenn "
        "niemand ihren Chat rechtzeitig übernimmt (KONTOR_HANDOFF_PICKUP_SECONDS).",
        epilog="Exit-Code 1 (ohne --loop): eine Benachrichtigung oder ein Besucher "
        "war nicht erreichbar; es wird später erneut versucht.",
    )
    worker.add_argument("--loop", action="store_true", help="dauerhaft laufen (Dienst)")
    worker.add_argument(
        "--interval", type=float, default=2.0, help="Sekunden zwischen den Runden"
    )
    worker.set_defaults(run=cmd_worker)

    knowledge = commands.add_parser("knowledge", help="Wissensbasis ansehen und testen")
    knowledge_commands = knowledge.add_subparsers(
        dest="knowledge_command", required=True, metavar="BEFEHL"
    )
    knowledge_commands.add_parser(
        "list", help="gespeicherte Dokumente auflisten"
    ).set_defaults(run=cmd_knowledge_list)
    ask = knowledge_commands.add_parser(
        "ask",
        help="eine Frage stellen, wie der Bot sie beantworten würde",
        epilog="Exit-Code 1: die Unterlagen enthalten keine Antwort.",
    )
    ask.add_argument("question", metavar="FRAGE")
    ask.set_defaults(run=cmd_knowledge_ask)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the process exit code."""
    logs.install()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as error:
        _say(f"✗ {error}")
        return USAGE
    run: Callable[[argparse.Namespace, Settings], int] = args.run
    try:
        return run(args, settings)
    except DatabaseProblem as error:
        _say(f"✗ {error}")
        return DATABASE
    except (OperationalError, ProgrammingError) as error:
        _say(f"✗ Datenbankfehler: {error.orig or error}")
        return DATABASE
    except CompanyConfigError as error:
        _say(f"✗ {error}")
        return REFUSED


def console() -> None:
    """Entry point of the `kontor` console script."""
    sys.exit(main())

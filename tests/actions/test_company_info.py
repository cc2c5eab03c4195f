"""Greeting, opening hours, contact and location actions, rendered with the real domain."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.company_info import (
    ActionCompanyDetails,
    ActionContact,
    ActionGreet,
    ActionLocation,
    ActionOpeningHours,
)
from actions.shipping import ActionPayment
from kontor.company import load_company
from tests.actions.conftest import FakeCompanyFile, make_tracker
from tests.conftest import REPO_COMPANY_FILE


async def test_greeting_says_it_is_an_ai(
    company, dispatcher, domain_dict, render
) -> None:
    events = await ActionGreet(FakeCompanyFile(company)).run(
        dispatcher, make_tracker("Hallo"), domain_dict
    )
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_greet"]
    (german,) = await render(dispatcher.messages, "de")
    assert "KI-Assistent von Muster Arbeitsschutz GmbH" in german
    assert "kein Mensch" in german
    (english,) = await render(dispatcher.messages, "en")
    assert "AI assistant of Muster Arbeitsschutz GmbH" in english


async def test_closed_on_saturday_names_next_opening(
    company, dispatcher, domain_dict, render, clock_at
) -> None:
    action = ActionOpeningHours(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 28, 10, 0)
    )
    events = await action.run(
        dispatcher, make_tracker("Haben Sie heute noch auf?"), domain_dict
    )
    assert events == [SlotSet("topic", "opening_hours"), SlotSet("date", "today")]
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_hours_closed_day",
        "utter_hours_schedule",
    ]
    status, schedule = await render(dispatcher.messages, "de")
    assert status == (
        "Heute haben wir geschlossen. Wir sind am Montag ab 7:30 Uhr wieder für Sie da."
    )
    assert "• Mo.–Do.: 7:30–12:00 und 12:30–16:30 Uhr" in schedule
    assert "• Sa., So.: geschlossen" in schedule


async def test_open_now_in_english(
    company, dispatcher, domain_dict, render, clock_at
) -> None:
    action = ActionOpeningHours(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 30, 10, 0)
    )
    await action.run(dispatcher, make_tracker("are you open?", "en"), domain_dict)
    status, schedule = await render(dispatcher.messages, "en")
    assert status == "Yes, we are open right now — today until 12:00."
    assert "• Fri: 7:30–14:00" in schedule


async def test_lunch_break(company, dispatcher, domain_dict, render, clock_at) -> None:
    action = ActionOpeningHours(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 30, 12, 10)
    )
    await action.run(dispatcher, make_tracker("offen?"), domain_dict)
    status, _ = await render(dispatcher.messages, "de")
    assert (
        status
        == "Gerade ist Mittagspause. Wir sind heute ab 12:30 Uhr wieder für Sie da."
    )


async def test_holiday_and_upcoming_closures(
    company, dispatcher, domain_dict, render, clock_at
) -> None:
    action = ActionOpeningHours(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 18, 9, 0)
    )
    await action.run(dispatcher, make_tracker("Habt ihr auf?"), domain_dict)
    status, _schedule = await render(dispatcher.messages, "de")
    assert status == (
        "Heute haben wir geschlossen (Buß- und Bettag). "
        "Wir sind morgen ab 7:30 Uhr wieder für Sie da."
    )
    dispatcher.messages.clear()
    action.clock = clock_at(2026, 12, 21, 9, 0)
    await action.run(dispatcher, make_tracker("Öffnungszeiten?"), domain_dict)
    *_, closures = await render(dispatcher.messages, "de")
    assert closures.startswith(
        "Bitte beachten Sie: Am Donnerstag, 24. Dezember (Betriebsruhe)"
    )


async def test_edited_hours_change_the_answer(
    make_company, dispatcher, domain_dict, render, clock_at
) -> None:
    saturday_shop = make_company(opening_hours={"saturday": [["09:00", "13:00"]]})
    action = ActionOpeningHours(
        FakeCompanyFile(saturday_shop), clock=clock_at(2026, 11, 28, 10, 0)
    )
    await action.run(dispatcher, make_tracker("heute offen?"), domain_dict)
    status, schedule = await render(dispatcher.messages, "de")
    assert status == "Ja, wir haben gerade geöffnet – heute bis 13:00 Uhr."
    assert schedule.splitlines()[1:] == [
        "• Mo.–Fr.: geschlossen",
        "• Sa.: 9:00–13:00 Uhr",
        "• So.: geschlossen",
        "An gesetzlichen Feiertagen haben wir geschlossen.",
    ]


async def test_closed_for_good_has_no_invented_date(
    make_company, dispatcher, domain_dict, render, clock_at
) -> None:
    action = ActionOpeningHours(
        FakeCompanyFile(make_company(opening_hours={})),
        clock=clock_at(2026, 11, 30, 10, 0),
    )
    await action.run(dispatcher, make_tracker("offen?"), domain_dict)
    (text,) = await render(dispatcher.messages, "de")
    assert "keinen Termin" in text and "info@muster.example" in text


async def test_contact_during_and_after_hours(
    company, dispatcher, domain_dict, render, clock_at
) -> None:
    action = ActionContact(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 30, 10, 0)
    )
    await action.run(dispatcher, make_tracker("Telefonnummer?"), domain_dict)
    channels, staffed = await render(dispatcher.messages, "de")
    assert channels == (
        "So erreichen Sie uns:\n• Telefon: +49 371 000 0000\n• E-Mail: info@muster.example"
    )
    assert (
        staffed == "Telefonisch ist unser Team gerade für Sie da – heute bis 12:00 Uhr."
    )

    dispatcher.messages.clear()
    action.clock = clock_at(2026, 11, 30, 20, 0)
    await action.run(dispatcher, make_tracker("phone number?", "en"), domain_dict)
    _, later = await render(dispatcher.messages, "en")
    assert later.startswith("Our team answers the phone again tomorrow from 7:30")


async def test_location_with_and_without_directions(
    company, make_company, company_data, dispatcher, domain_dict, render
) -> None:
    await ActionLocation(FakeCompanyFile(company)).run(
        dispatcher, make_tracker("Wo seid ihr?"), domain_dict
    )
    assert await render(dispatcher.messages, "de") == [
        "Hier finden Sie uns:\nMuster Arbeitsschutz GmbH\nHauptstraße 1\n09111 Chemnitz"
    ]
    address = dict(
        company_data["address"],
        directions={"de": "Parken im Hof.", "en": "Park in the yard."},
    )
    dispatcher.messages.clear()
    await ActionLocation(FakeCompanyFile(make_company(address=address))).run(
        dispatcher, make_tracker("where are you", "en"), domain_dict
    )
    assert (await render(dispatcher.messages, "en"))[1] == "Park in the yard."


TUESDAY_1511 = (2026, 12, 1, 15, 11)


@pytest.mark.parametrize(
    ("entities", "language", "expected"),
    [
        (
            [("date", "24.12.")],
            "de",
            [
                "Am Donnerstag, 24. Dezember, haben wir geschlossen (Betriebsruhe).",
                "Danach sind wir am Montag, 28. Dezember, ab 7:30 Uhr wieder für "
                "Sie da.",
            ],
        ),
        (
            [("date", "christmas eve")],
            "en",
            [
                "On Thursday, 24 December, we are closed (company closing day).",
                "After that, we are back on Monday, 28 December, from 7:30.",
            ],
        ),
        (
            [("date", "saturday")],
            "en",
            [
                "On Saturday, 5 December, we are closed.",
                "After that, we are back on Monday from 7:30.",
            ],
        ),
        (
            [("date", "friday"), ("time", "15:00")],
            "de",
            [
                "Am Freitag, 4. Dezember, haben wir um 15:00 Uhr schon geschlossen "
                "(Öffnungszeiten an diesem Tag: 7:30–14:00 Uhr)."
            ],
        ),
        (
            [("time", "12:15"), ("date", "tomorrow")],
            "en",
            [
                "On Wednesday, 2 December at 12:15 we are on our lunch break: we are "
                "back from 12:30 (hours that day: 7:30–12:00 and 12:30–16:30)."
            ],
        ),
        (
            [("date", "tomorrow"), ("time", "10:00")],
            "de",
            [
                "Ja, am Mittwoch, 2. Dezember, haben wir um 10:00 Uhr geöffnet "
                "(Öffnungszeiten an diesem Tag: 7:30–12:00 und 12:30–16:30 Uhr)."
            ],
        ),
        (
            [("date", "monday")],
            "de",
            [
                "Am Montag, 7. Dezember, haben wir geöffnet: 7:30–12:00 und "
                "12:30–16:30 Uhr."
            ],
        ),
        (
            [("date", "repentance day")],
            "de",
            [
                "Am Mittwoch, 17. November 2027, haben wir geschlossen "
                "(Buß- und Bettag).",
                "Danach sind wir am Donnerstag, 18. November, ab 7:30 Uhr wieder "
                "für Sie da.",
            ],
        ),
        (
            [("date", "between the years")],
            "de",
            [
                "Unsere Öffnungszeiten vom 27. bis 31. Dezember:\n"
                "• So., 27.12.: geschlossen\n"
                "• Mo., 28.12.: 7:30–12:00 und 12:30–16:30 Uhr\n"
                "• Di., 29.12.: 7:30–12:00 und 12:30–16:30 Uhr\n"
                "• Mi., 30.12.: 7:30–12:00 und 12:30–16:30 Uhr\n"
                "• Do., 31.12.: 7:30–12:00 und 12:30–16:30 Uhr"
            ],
        ),
        (
            [("date", "31.02.")],
            "de",
            ["Einen 31.02. gibt es im Kalender nicht. Welchen Tag meinen Sie?"],
        ),
        (
            [("date", "01.12.2020")],
            "en",
            ["01.12.2020 is already in the past. Which day do you mean?"],
        ),
        (
            [("date", "saturday"), ("date", "sunday")],
            "de",
            [
                "Am Samstag, 5. Dezember, haben wir geschlossen.",
                "Danach sind wir am Montag ab 7:30 Uhr wieder für Sie da.",
                "Am Sonntag, 6. Dezember, haben wir geschlossen.",
                "Danach sind wir am Montag ab 7:30 Uhr wieder für Sie da.",
            ],
        ),
    ],
)
async def test_opening_hours_answer_the_day_asked(
    company, dispatcher, domain_dict, render, clock_at, entities, language, expected
) -> None:
    action = ActionOpeningHours(FakeCompanyFile(company), clock=clock_at(*TUESDAY_1511))
    tracker = make_tracker("…", language, intent="opening_hours", entities=entities)
    events = await action.run(dispatcher, tracker, domain_dict)
    assert await render(dispatcher.messages, language) == expected
    assert SlotSet("topic", "opening_hours") in events
    dates = [value for entity, value in entities if entity == "date"]
    assert SlotSet("date", dates[0]) in events  # what a follow-up builds on


async def test_follow_up_changes_only_the_detail(
    company, dispatcher, domain_dict, render, clock_at
) -> None:
    """ "Sind Sie am Samstag da?" – "Und um 10?" is Saturday at 10; "und morgen?"
    keeps the time."""
    action = ActionOpeningHours(FakeCompanyFile(company), clock=clock_at(*TUESDAY_1511))
    context = {"topic": "opening_hours", "date": "friday", "time": None}
    tracker = make_tracker(
        "und um 10?", intent="follow_up", entities=[("time", "10:00")], slots=context
    )
    events = await action.run(dispatcher, tracker, domain_dict)
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith("Ja, am Freitag, 4. Dezember, haben wir um 10:00 Uhr")
    assert events == [SlotSet("time", "10:00")]  # topic and date stay

    dispatcher.messages.clear()
    context = {"topic": "opening_hours", "date": "friday", "time": "10:00"}
    tracker = make_tracker(
        "und morgen?",
        intent="follow_up",
        entities=[("date", "tomorrow")],
        slots=context,
    )
    await action.run(dispatcher, tracker, domain_dict)
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith("Ja, am Mittwoch, 2. Dezember, haben wir um 10:00 Uhr")


async def test_a_new_question_forgets_the_old_details(
    company, dispatcher, domain_dict, render, clock_at
) -> None:
    action = ActionOpeningHours(FakeCompanyFile(company), clock=clock_at(*TUESDAY_1511))
    context = {"topic": "opening_hours", "date": "saturday", "time": "10:00"}
    tracker = make_tracker(
        "Wann habt ihr offen?", intent="opening_hours", slots=context
    )
    events = await action.run(dispatcher, tracker, domain_dict)
    assert dispatcher.messages[0]["response"] == "utter_hours_open"  # now, not Sat
    assert SlotSet("date", None) in events and SlotSet("time", None) in events


async def test_follow_up_without_a_day_asks_back(
    company, dispatcher, domain_dict, render, clock_at
) -> None:
    action = ActionOpeningHours(FakeCompanyFile(company), clock=clock_at(*TUESDAY_1511))
    tracker = make_tracker(
        "und dann?", intent="follow_up", slots={"topic": "opening_hours"}
    )
    assert await action.run(dispatcher, tracker, domain_dict) == []
    assert await render(dispatcher.messages, "de") == [
        "Für welchen Tag möchten Sie unsere Öffnungszeiten wissen?"
    ]


@pytest.mark.parametrize(
    ("entities", "language", "expected"),
    [
        (
            [("company_detail", "vat_id")],
            "de",
            [
                "Unsere Umsatzsteuer-Identifikationsnummer (USt-IdNr.) lautet "
                "DE000000000."
            ],
        ),
        (
            [("company_detail", "managing_director")],
            "de",
            [
                "Geschäftsführung der Hartmann Arbeitsschutz GmbH: Katrin Hartmann "
                "und Jens Hartmann."
            ],
        ),
        (
            [("company_detail", "register")],
            "en",
            [
                "Hartmann Arbeitsschutz GmbH is entered in the commercial register at "
                "the Amtsgericht Chemnitz under HRB 12345."
            ],
        ),
    ],
)
async def test_company_details_answer_the_fact_asked(
    dispatcher, domain_dict, render, entities, language, expected
) -> None:
    demo = load_company(REPO_COMPANY_FILE)
    tracker = make_tracker("…", language, intent="company_details", entities=entities)
    await ActionCompanyDetails(FakeCompanyFile(demo)).run(
        dispatcher, tracker, domain_dict
    )
    assert await render(dispatcher.messages, language) == expected


async def test_company_details_missing_in_company_yml(
    company, dispatcher, domain_dict, render
) -> None:
    tracker = make_tracker("Steuernummer?", entities=[("company_detail", "tax_number")])
    await ActionCompanyDetails(FakeCompanyFile(company)).run(
        dispatcher, tracker, domain_dict
    )
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith("Diese Angabe habe ich leider nicht.")
    assert "info@muster.example" in text


async def test_imprint_without_a_detail_lists_all(
    dispatcher, domain_dict, render
) -> None:
    demo = load_company(REPO_COMPANY_FILE)
    await ActionCompanyDetails(FakeCompanyFile(demo)).run(
        dispatcher, make_tracker("Impressum"), domain_dict
    )
    texts = await render(dispatcher.messages, "de")
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_company_managing_directors",
        "utter_company_register",
        "utter_company_vat_id",
        "utter_company_tax_number",
        "utter_location",
    ]
    assert "Zwickauer Straße 214" in texts[-1]


@pytest.mark.parametrize(
    ("state", "value", "closed"),
    [
        ("SN", "corpus christi", False),  # Fronleichnam: no holiday in Saxony
        ("BY", "corpus christi", True),
        ("SN", "repentance day", True),  # Buß- und Bettag: only in Saxony
        ("BY", "repentance day", False),
        ("BY", "all saints' day", True),
        ("SN", "all saints' day", False),
    ],
)
async def test_holidays_by_federal_state(
    make_company,
    company_data,
    dispatcher,
    domain_dict,
    render,
    clock_at,
    state,
    value,
    closed,
) -> None:
    holidays = dict(company_data["holidays"], state=state)
    action = ActionOpeningHours(
        FakeCompanyFile(make_company(holidays=holidays)), clock=clock_at(*TUESDAY_1511)
    )
    tracker = make_tracker("…", intent="opening_hours", entities=[("date", value)])
    await action.run(dispatcher, tracker, domain_dict)
    first = (await render(dispatcher.messages, "de"))[0]
    assert ("geschlossen" in first) is closed, first


async def test_today_without_a_time_says_whether_open_now(
    company, dispatcher, domain_dict, render, clock_at
) -> None:
    """Monday 17:00, "Haben Sie heute noch offen?": closed now, not "open 7:30–16:30"."""
    action = ActionOpeningHours(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 30, 17, 0)
    )
    await action.run(
        dispatcher, make_tracker("Haben Sie heute noch offen?"), domain_dict
    )
    assert dispatcher.messages[0]["response"] == "utter_hours_after_closing"


async def test_the_same_day_named_twice_is_answered_once(
    company, dispatcher, domain_dict, render, clock_at
) -> None:
    action = ActionOpeningHours(FakeCompanyFile(company), clock=clock_at(*TUESDAY_1511))
    await action.run(
        dispatcher, make_tracker("Sind Sie am Samstag, 5.12. da?"), domain_dict
    )
    texts = await render(dispatcher.messages, "de")
    assert texts == [
        "Am Samstag, 5. Dezember, haben wir geschlossen.",
        "Danach sind wir am Montag ab 7:30 Uhr wieder für Sie da.",
    ]


async def test_a_follow_up_naming_another_topics_detail_goes_there(
    dispatcher, domain_dict, render, clock_at
) -> None:
    """After "… und kann ich mit PayPal zahlen?", "Und in die Schweiz?" is about
    delivering to Switzerland, not a second "yes" to PayPal."""
    demo = FakeCompanyFile(load_company(REPO_COMPANY_FILE))
    action = ActionPayment(demo, clock=clock_at(*TUESDAY_1511))
    tracker = make_tracker(
        "Und in die Schweiz?",
        intent="follow_up",
        slots={"topic": "payment", "payment_method": "paypal"},
    )
    events = await action.run(dispatcher, tracker, domain_dict)
    texts = await render(dispatcher.messages, "de")
    assert texts[0].startswith("Eine Lieferung in die Schweiz"), texts
    assert not any("PayPal" in text for text in texts)
    assert SlotSet("topic", "delivery_time") in events


async def test_two_days_in_two_questions_are_both_answered(
    company, dispatcher, domain_dict, clock_at
) -> None:
    action = ActionOpeningHours(FakeCompanyFile(company), clock=clock_at(*TUESDAY_1511))
    tracker = make_tracker(
        "Habt ihr am Samstag offen und wie ist es am Montag?", intent="opening_hours"
    )
    await action.run(dispatcher, tracker, domain_dict)
    responses = [m.get("response") for m in dispatcher.messages]
    assert "utter_hours_on_day" in responses  # Monday
    assert "utter_answered_one_question" not in responses

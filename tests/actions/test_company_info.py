"""Greeting, opening hours, contact and location actions, rendered with the real domain."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.company_info import (
    ActionContact,
    ActionGreet,
    ActionLocation,
    ActionOpeningHours,
)
from tests.actions.conftest import FakeCompanyFile, make_tracker


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
    assert events == [SlotSet("topic", "opening_hours")]
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

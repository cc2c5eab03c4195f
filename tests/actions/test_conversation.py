"""A "yes" without a question: the detail it names is answered, else "Alles klar"."""

from __future__ import annotations

import pytest

from actions.conversation import ActionAffirmWithoutQuestion
from kontor.company import load_company
from tests.actions.conftest import FakeCompanyFile, make_tracker
from tests.conftest import REPO_COMPANY_FILE


@pytest.fixture(scope="module")
def demo():
    return FakeCompanyFile(load_company(REPO_COMPANY_FILE))


@pytest.mark.parametrize(
    ("text", "entities", "first"),
    [
        ("geht klarna", [("payment_method", "klarna")], "Nein, Klarna bieten wir"),
        ("ok paypal", [("payment_method", "paypal")], "Ja, das geht: PayPal."),
        ("ja, Schweiz", [("country", "CH")], "Eine Lieferung in die Schweiz"),
        ("ja", [], "Alles klar. Was kann ich für Sie tun?"),
    ],
)
async def test_a_yes_that_names_a_detail_is_a_question(
    demo, dispatcher, domain_dict, render, clock_at, text, entities, first
) -> None:
    action = ActionAffirmWithoutQuestion(demo, clock=clock_at(2026, 12, 1, 15, 11))
    tracker = make_tracker(text, intent="affirm", entities=entities)
    await action.run(dispatcher, tracker, domain_dict)
    texts = await render(dispatcher.messages, "de")
    assert texts[0].startswith(first), texts

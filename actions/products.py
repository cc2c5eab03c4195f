"""Product questions: search, variants, prices and "can 500 come by Tuesday?".

A thin adapter: the request comes from the message's entities and the product in
focus (slots), kontor/product_answers.py decides, domain.yml's responses say it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.base import (
    TOPIC_SLOT,
    CompanyAction,
    business_sessions,
    is_follow_up,
    named_details,
)
from actions.knowledge import documents_answer, say
from kontor import facts
from kontor.catalog import Catalog, CatalogSource, Product, Shipment, Variant, gross
from kontor.company import Company
from kontor.dates import DateSpan, resolve
from kontor.entities import normalise
from kontor.knowledge.answers import asks_the_documents
from kontor.knowledge.index import KnowledgeSource
from kontor.phrasing import (
    cents_text,
    colour_text,
    date_text,
    join,
    price_text,
    unit_text,
    when_text,
    window_text,
)
from kontor.product_answers import (
    ProductAnswer,
    ProductRequest,
    Shape,
    answer,
    refers_back,
)
from kontor.words import words

logger = logging.getLogger(__name__)

TOPIC = "product"
# slots that keep the product in focus for follow-ups ("und in Rot?")
FOCUS_SLOTS = ("product", "product_type", "colour", "size", "norm", "quantity", "date")
MAX_BUTTONS = 6
# details only the catalog answers: with one of them, a question is the catalog's
_CATALOG_DETAILS = {"colour", "size", "quantity", "date", "norm"}
# the response for each wish no product meets
_UNMET = {
    "colour": "utter_product_not_in_colour",
    "size": "utter_product_not_in_size",
    "norm": "utter_product_not_in_norm",
    "combination": "utter_product_not_in_combination",
}


@functools.lru_cache(maxsize=1)
def catalog_source() -> CatalogSource:
    """The action server's catalog, connected on first use (not at import)."""
    return CatalogSource(business_sessions())


def _text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "")


def _names_catalog_details(tracker: Tracker) -> bool:
    return bool(_CATALOG_DETAILS & set(named_details(tracker)))


def _first(tracker: Tracker, entity: str) -> Optional[str]:
    values = list(tracker.get_latest_entity_values(entity))
    return str(values[0]) if values else None


class ActionProductQuestion(CompanyAction):
    """Answers a product question from the catalog; never guesses."""

    topic = TOPIC
    detail_entities = ("product", "product_type", "colour", "size", "norm", "quantity")

    def __init__(
        self,
        *args: Any,
        source: Optional[CatalogSource] = None,
        knowledge: Optional[KnowledgeSource] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._source = source
        self._knowledge = knowledge

    def name(self) -> Text:
        return "action_product_question"

    def catalog(self) -> Catalog:
        """The current catalog (reloaded after an import)."""
        return (self._source or catalog_source()).get()

    def request(
        self, tracker: Tracker, company: Company, now: dt.datetime
    ) -> ProductRequest:
        """What is asked: the message's details, else the product in focus."""
        product = _first(tracker, "product")
        types = tuple(dict.fromkeys(tracker.get_latest_entity_values("product_type")))
        norms = tuple(dict.fromkeys(tracker.get_latest_entity_values("norm")))
        new_subject = bool(product or types or norms)
        in_focus = tracker.get_slot(TOPIC_SLOT) == TOPIC and (
            new_subject
            or is_follow_up(tracker)
            or _names_catalog_details(tracker)
            or refers_back(_text(tracker))
        )

        def kept(slot: str) -> Optional[str]:
            value = _first(tracker, slot)
            if value is None and in_focus and not new_subject:
                value = tracker.get_slot(slot)
            return value

        if not new_subject and in_focus:
            product = tracker.get_slot("product")
            remembered_type = tracker.get_slot("product_type")
            types = (remembered_type,) if remembered_type and not product else ()
            remembered_norm = tracker.get_slot("norm")
            norms = (remembered_norm,) if remembered_norm and not product else ()
        quantity = kept("quantity")
        deadline = None
        date_value = kept("date")
        if date_value:
            resolved = resolve(date_value, now, company)
            if isinstance(resolved, DateSpan):
                deadline = resolved.last
        return ProductRequest(
            product=product,
            types=types,
            colour=kept("colour"),
            size=kept("size"),
            norms=norms,
            quantity=int(quantity) if quantity and quantity.isdigit() else None,
            deadline=deadline,
            country=_first(tracker, "country"),
        )

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        now = self.clock().astimezone(company.tz)
        try:
            catalog = self.catalog()
        except SQLAlchemyError as error:
            logger.error("catalog not readable: %s", error)
            dispatcher.utter_message(
                response="utter_catalog_unavailable", **facts.contact_vars(company)
            )
            return []
        quoted = self.from_documents(dispatcher, tracker, language)
        if quoted is not None:
            return quoted
        request = self.request(tracker, company, now)
        decided = answer(catalog, company, request, now)
        _Renderer(dispatcher, company, language, now, catalog).say(decided)
        return self.focus(tracker, decided)

    def from_documents(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> Optional[List[Dict[Text, Any]]]:
        """Answer from the documents what the catalog cannot (None: the catalog's).

        "Wie oft kann ich die Warnweste Basic waschen?" is for the data sheet.
        A question is the documents' when it names a product but none of the
        catalog's details (colour, size, quantity, date) and no catalog word (price,
        stock, "haben Sie") — and the documents hold an answer.
        """
        text = _text(tracker)
        if (
            not text
            or is_follow_up(tracker)
            or not asks_the_documents(text)
            or _names_catalog_details(tracker)
        ):
            return None
        try:
            found = documents_answer(text, language, self._knowledge)
        except SQLAlchemyError as error:
            logger.error("knowledge store not readable: %s", error)
            return None
        if not found.found:
            return None
        say(dispatcher, found)
        product = _first(tracker, "product")
        wanted = {TOPIC_SLOT: TOPIC, "product": product} if product else {}
        return [
            SlotSet(slot, value)
            for slot, value in wanted.items()
            if tracker.get_slot(slot) != value
        ]

    def focus(self, tracker: Tracker, decided: ProductAnswer) -> List[Dict[Text, Any]]:
        """Slot events: this answer's product and wishes become the next context."""
        request = decided.request
        product = decided.product
        wanted = {
            TOPIC_SLOT: TOPIC,
            "product": product.name_de if product else request.product,
            "product_type": request.types[0] if request.types else None,
            "colour": request.colour,
            "size": request.size,
            "norm": request.norms[0] if request.norms else None,
            "quantity": str(request.quantity) if request.quantity else None,
            "date": _first(tracker, "date")
            or (
                tracker.get_slot("date")
                if tracker.get_slot(TOPIC_SLOT) == TOPIC
                else None
            ),
        }
        return [
            SlotSet(slot, value)
            for slot, value in wanted.items()
            if tracker.get_slot(slot) != value
        ]


class _Renderer:
    """Puts a decided answer into domain.yml's product responses."""

    def __init__(
        self,
        dispatcher: CollectingDispatcher,
        company: Company,
        language: str,
        now: dt.datetime,
        catalog: Catalog,
    ) -> None:
        self.dispatcher = dispatcher
        self.company = company
        self.language = language
        self.words = words(language)
        self.now = now
        self.catalog = catalog

    def say(self, decided: ProductAnswer) -> None:
        shape = decided.shape
        if shape in (Shape.NOTHING_ASKED, Shape.NOT_IN_RANGE):
            response = (
                "utter_product_nothing_asked"
                if shape is Shape.NOTHING_ASKED
                else "utter_product_not_in_range"
            )
            self.dispatcher.utter_message(
                response=response,
                groups=self.groups(),
                **facts.contact_vars(self.company),
            )
        elif shape is Shape.WISH_UNMET:
            self.wish_unmet(decided)
        elif shape is Shape.CHOICES:
            self.choices(decided)
        elif shape is Shape.VARIANTS:
            self.variants(decided)
        else:
            self.offer(decided)

    # --- pieces -------------------------------------------------------------------

    def groups(self) -> str:
        names = dict.fromkeys(p.category(self.language) for p in self.catalog.products)
        return join(list(names), self.language)

    def name(self, product: Product) -> str:
        return product.name(self.language)

    def money(self, cents: int) -> str:
        return cents_text(cents, self.company.shipping.currency, self.language)

    def unit_price(self, net: int) -> str:
        return price_text(
            net,
            gross(net, self.company.prices.vat_percent),
            self.company,
            self.language,
        )

    def stock(self, product: Product, variants: Tuple[Variant, ...]) -> str:
        count = sum(max(v.stock, 0) for v in variants)
        if count:
            return self.words.in_stock.format(
                count=count, unit=unit_text(product.unit, count, self.language)
            )
        days = min(v.lead_time_days for v in variants)
        return self.words.out_of_stock.format(days=days)

    def kind(self, decided: ProductAnswer) -> str:
        """What was asked for, in the visitor's language: a name, kind or group."""
        request = decided.request
        products = decided.products
        if request.product and products:
            return self.name(products[0])
        if request.types and products:
            asked = normalise(request.types[0])
            if all(normalise(p.category_de) == asked for p in products):
                return products[0].category(self.language)
            kinds = {
                p.kind_en if self.language == "en" else p.kind_de for p in products
            }
            if len(kinds) == 1 and self.language == "en":
                return kinds.pop()
            return request.types[0]
        if request.types:
            return request.types[0]
        return join([p.category(self.language) for p in products], self.language)

    def colours(self, colours: Sequence[str]) -> str:
        return join(
            list(dict.fromkeys(colour_text(c, self.language) for c in colours)),
            self.language,
        )

    # --- shapes -------------------------------------------------------------------

    def wish_unmet(self, decided: ProductAnswer) -> None:
        request = decided.request
        products = decided.products
        colours = self.colours([c for p in products for c in p.colours])
        sizes = join(
            list(dict.fromkeys(s for p in products for s in p.sizes)), self.language
        )
        norms = join(
            list(dict.fromkeys(n for p in products for n in p.norms)), self.language
        )
        missing = decided.missing[0] if decided.missing else "combination"
        self.dispatcher.utter_message(
            response=_UNMET[missing],
            kind=self.kind(decided),
            colour=colour_text(request.colour, self.language) if request.colour else "",
            size=request.size or "",
            norm=request.norms[0] if request.norms else "",
            colours=colours,
            sizes=sizes,
            norms=norms,
        )

    def choices(self, decided: ProductAnswer) -> None:
        lines = []
        buttons = []
        for product in decided.products:
            price = self.words.price_from.format(
                price=self.unit_price(product.lowest_price())
            )
            lines.append(
                self.words.product_line.format(
                    name=self.name(product),
                    price=price,
                    stock=self.stock(product, product.variants),
                )
            )
            buttons.append(
                _button(self.name(product), "product_question", product=product.name_de)
            )
        self.dispatcher.utter_message(
            response="utter_product_choices",
            total=decided.total,
            lines="\n".join(lines),
            buttons=buttons,
        )

    def variants(self, decided: ProductAnswer) -> None:
        product = decided.products[0]
        variants = decided.variants
        colours = list(dict.fromkeys(v.colour for v in variants if v.colour))
        sizes = list(dict.fromkeys(v.size for v in variants if v.size))
        cheapest = min(v.price_cents for v in variants)
        if len(colours) > 1:
            buttons = [
                _button(colour_text(c, self.language), "follow_up", colour=c)
                for c in colours
            ]
            response = "utter_product_variants_colour"
        else:
            buttons = [_button(s, "follow_up", size=s) for s in sizes]
            response = "utter_product_variants_size"
        self.dispatcher.utter_message(
            response=response,
            name=self.name(product),
            description=product.description(self.language),
            norms=join(product.norms, self.language),
            colours=self.colours(colours),
            sizes=join(sizes, self.language),
            price=self.words.price_from.format(price=self.unit_price(cheapest)),
            stock=self.stock(product, variants),
            buttons=buttons[:MAX_BUTTONS],
        )

    def offer(self, decided: ProductAnswer) -> None:
        product = decided.products[0]
        price = decided.price
        variant = decided.variant
        assert price is not None and variant is not None
        quantity = decided.request.quantity or 1
        colour = colour_text(variant.colour, self.language) if variant.colour else ""
        described = ", ".join(x for x in (colour, variant.size) if x)
        tiers = "; ".join(
            self.words.tier.format(
                quantity=q,
                unit=unit_text(product.unit, q, self.language),
                price=self.money(c),
            )
            for q, c in variant.tiers
        )
        single = not decided.pooled
        self.dispatcher.utter_message(
            response="utter_product_offer"
            if single
            else "utter_product_offer_any_variant",
            name=self.name(product),
            variant=described,
            sku=variant.sku,
            price=self.unit_price(price.unit_net),
            unit=unit_text(product.unit, 1, self.language),
            tiers=tiers or "–",
            stock=self.stock(product, decided.variants),
        )
        if decided.request.quantity or decided.request.deadline:
            self.delivery(decided, product, quantity)
        self.dispatcher.utter_message(response="utter_product_offer_quote")

    def delivery(self, decided: ProductAnswer, product: Product, quantity: int) -> None:
        stock_and_date = decided.availability
        assert stock_and_date is not None
        today = self.now.date()
        unit = unit_text(product.unit, quantity, self.language)
        deadline = decided.request.deadline
        asked = decided.request.quantity
        values: Dict[str, Any] = {
            "what": f"{asked} {unit}" if asked else self.words.it,
            "unit": unit,
            "deadline": date_text(deadline, self.language, today) if deadline else "",
            "cutoff": self.cutoff(),
            "note": f" ({self.words.all_variants})" if decided.pooled else "",
        }
        shipments = stock_and_date.shipments
        if not shipments:
            self.dispatcher.utter_message(response="utter_product_no_dispatch_day")
            return
        first = shipments[0]
        values.update(self.shipment_values(first, today, "first"))
        if not stock_and_date.partial:
            if not stock_and_date.from_stock:
                response = "utter_product_after_lead_time"
            elif first.leaves == today:
                response = "utter_product_from_stock_today"
            else:
                response = "utter_product_from_stock"
        else:
            values.update(self.shipment_values(shipments[1], today, "rest"))
            values["first_quantity"] = first.quantity
            values["rest_quantity"] = shipments[1].quantity
            response = "utter_product_partly_from_stock"
        if stock_and_date.in_time is True:
            self.dispatcher.utter_message(response="utter_product_in_time", **values)
        elif stock_and_date.in_time is False and deadline is not None:
            last = shipments[-1]
            if stock_and_date.partial:
                late = "utter_product_not_in_time"
            elif last.arrives and last.arrives[0] <= deadline:
                late = "utter_product_maybe_in_time"
            else:
                late = "utter_product_too_late"
            self.dispatcher.utter_message(response=late, **values)
        self.dispatcher.utter_message(response=response, **values)
        express = decided.express
        if express is not None and express.shipments and express.option is not None:
            quick = express.shipments[0]
            self.dispatcher.utter_message(
                response="utter_product_express_in_time",
                **self.shipment_values(quick, today, "first"),
                first_quantity=quick.quantity,
                unit=unit_text(product.unit, quick.quantity, self.language),
                cost=self.money(int(express.option.cost * 100)),
            )

    def shipment_values(
        self, shipment: Shipment, today: dt.date, prefix: str
    ) -> Dict[str, str]:
        arrives = ""
        if shipment.arrives:
            first, last = shipment.arrives
            arrives = window_text(first, last, today, self.language)
        return {
            f"{prefix}_leaves": when_text(shipment.leaves, today, self.language),
            f"{prefix}_arrives": arrives,
        }

    def cutoff(self) -> str:
        cutoff = self.company.shipping.same_day_cutoff
        return f"{cutoff.hour}:{cutoff.minute:02d}" if cutoff else ""


def _button(title: Optional[str], intent: str, **entities: str) -> Dict[str, str]:
    """A quick reply that sends ``intent`` with ``entities`` (no NLU needed)."""
    import json

    payload = f"/{intent}" + (
        json.dumps(entities, ensure_ascii=False) if entities else ""
    )
    return {"title": title or "", "payload": payload}

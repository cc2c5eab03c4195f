"""What to answer to a product question, decided from the catalog: facts, no words.

A question names a product or a kind of product, maybe a colour, size, norm, quantity
and a date by which it is needed. The answer is one of a few shapes — not in the
range, a wish no product meets, a choice of products, one product's variants, or one
variant's price and availability — with the facts the actions put into words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from enum import Enum
from typing import Optional, Sequence, Tuple

from kontor.catalog import (
    Availability,
    Catalog,
    Match,
    Price,
    Product,
    Query,
    Variant,
    availability,
    choose_variant,
    price,
    standard_option,
)
from kontor.company import Company

# at most this many products are offered to choose from
MAX_CHOICES = 3

# What only the catalog knows, as visitors ask for it: price, stock, delivery.
CATALOG_DETAIL_WORDS = (
    r"preis\w*|kost\w*|teuer\w*|günstig\w*|rabatt\w*|lager\w*|vorrätig|"
    r"verfügbar\w*|lieferbar|liefer\w*|bestand|price\w*|cost\w*|cheap\w*|"
    r"discount\w*|stock|available|availability|deliver\w*|ship\w*"
)
# Words that point back to the product in focus ("Was kostet *die* ab 100 Stück?",
# "Wann könnt ihr liefern?"). A product question with none of them, no product and
# no detail asks about something else ("Verkaufen Sie auch Gabelstapler?"), which
# must not be answered with the product of the previous question. Lower-case "sie"
# only: "Sie" is the visitor.
_REFERS_BACK = re.compile(
    r"\b(die|das|den|dem|der|diese\w*|dies|davon|dafür|damit|es|ihn|welche\w*|"
    r"wie viele|wieviele|wann|it|its|them|they|those|these|this|that|ones?|"
    rf"how many|how much|when|{CATALOG_DETAIL_WORDS})\b",
    re.IGNORECASE,
)
_SIE = re.compile(r"\bsie\b")


def refers_back(text: str) -> bool:
    """Whether a message without a product of its own means the one in focus."""
    return bool(_REFERS_BACK.search(text) or _SIE.search(text))


class Shape(str, Enum):
    """The kind of answer."""

    NOTHING_ASKED = "nothing_asked"  # no product, kind or norm recognised
    NOT_IN_RANGE = "not_in_range"  # recognised, but nothing active fits
    WISH_UNMET = "wish_unmet"  # the kind exists, not in that colour/size/norm
    CHOICES = "choices"  # several products fit
    VARIANTS = "variants"  # one product; colour or size still open
    OFFER = "offer"  # one product, one variant (or a quantity over all of them)


@dataclass(frozen=True)
class ProductRequest:
    """What the visitor asked, as entities and remembered context give it."""

    product: Optional[str] = None
    types: Tuple[str, ...] = ()
    colour: Optional[str] = None
    size: Optional[str] = None
    norms: Tuple[str, ...] = ()
    quantity: Optional[int] = None
    deadline: Optional[dt.date] = None
    country: Optional[str] = None

    @property
    def query(self) -> Query:
        """The catalog query."""
        return Query(self.product, self.types, self.colour, self.size, self.norms)


@dataclass(frozen=True)
class ProductAnswer:
    """The decided answer and its facts."""

    shape: Shape
    request: ProductRequest
    products: Tuple[Product, ...] = ()  # the choices, or the one product
    total: int = 0  # how many products fit (choices shows at most MAX_CHOICES)
    variants: Tuple[Variant, ...] = ()  # of the one product, those that fit
    missing: Tuple[str, ...] = ()  # wishes no product meets
    variant: Optional[Variant] = None  # the one priced (pooled: stock of all)
    price: Optional[Price] = None  # of ``variant``, at the quantity asked (or 1)
    availability: Optional[Availability] = None
    express: Optional[Availability] = None  # when standard is too late, express
    pooled: bool = False  # availability over several variants (colour/size open)

    @property
    def product(self) -> Optional[Product]:
        """The one product in focus, if the answer is about one."""
        if self.shape in (Shape.VARIANTS, Shape.OFFER) and self.products:
            return self.products[0]
        return None


def answer(
    catalog: Catalog, company: Company, request: ProductRequest, now: dt.datetime
) -> ProductAnswer:
    """Decide the answer to ``request`` from ``catalog`` at ``now``."""
    if not request.query.names_something:
        return ProductAnswer(Shape.NOTHING_ASKED, request)
    result = catalog.search(request.query)
    if not result.matches:
        if result.candidates:
            return ProductAnswer(
                Shape.WISH_UNMET,
                request,
                products=result.candidates[:MAX_CHOICES],
                total=len(result.candidates),
                missing=result.missing,
            )
        return ProductAnswer(Shape.NOT_IN_RANGE, request)
    if len(result.matches) > 1:
        return ProductAnswer(
            Shape.CHOICES,
            request,
            products=tuple(m.product for m in result.matches[:MAX_CHOICES]),
            total=len(result.matches),
        )
    return _one_product(result.matches[0], company, request, now)


def _one_product(
    match: Match, company: Company, request: ProductRequest, now: dt.datetime
) -> ProductAnswer:
    variants = match.variants
    quantity = request.quantity or 1
    settled = len(variants) == 1
    if not settled and not (request.quantity or request.deadline):
        return ProductAnswer(
            Shape.VARIANTS, request, products=(match.product,), variants=variants
        )
    variant = variants[0] if settled else _pooled(variants, quantity)
    option = standard_option(company, request.country)
    stock_and_date = availability(
        company, variant, quantity, now, deadline=request.deadline, option=option
    )
    express = None
    if stock_and_date.in_time is False:
        fast = standard_option(company, request.country, kind="express")
        if fast is not None:
            quick = availability(
                company, variant, quantity, now, deadline=request.deadline, option=fast
            )
            if quick.in_time or quick.stock_in_time:
                express = quick
    return ProductAnswer(
        Shape.OFFER,
        request,
        products=(match.product,),
        total=1,
        variants=variants,
        variant=variant,
        price=price(variant, quantity, company.prices.vat_percent),
        availability=stock_and_date,
        express=express,
        pooled=not settled,
    )


def _pooled(variants: Sequence[Variant], quantity: int) -> Variant:
    """The variants as one: their stock together, the longest lead time.

    For "500 Warnwesten bis Dienstag" with sizes still open: what is there in all
    sizes together; the price is that of the variant most of it would come from.
    """
    base = choose_variant(variants, quantity)
    return replace(
        base,
        stock=sum(max(v.stock, 0) for v in variants),
        lead_time_days=max(v.lead_time_days for v in variants),
    )

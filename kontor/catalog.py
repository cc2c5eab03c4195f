"""The catalog as the assistant reads it: find products, price them, say when they come.

Products and variants are held in memory (tens of thousands of variants load in about
a second) and reloaded when an import bumps the catalog version; one small query per
question checks that. Everything here returns facts — products, cents, dates — and
never a sentence: the actions and domain.yml say them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kontor.company import Company, ShippingOption
from kontor.db import Reloading
from kontor.db.models import CatalogState, PriceTier, ProductNorm
from kontor.db.models import Product as ProductRow
from kontor.db.models import Variant as VariantRow
from kontor.entities import normalise
from kontor.hours import intervals_on
from kontor.shipping import dispatch, options_for

# clothing sizes written two ways
_SIZE_ALIASES = {"2XL": "XXL", "XXXL": "3XL", "XXXXL": "4XL", "XXXXXL": "5XL"}
_SEARCH_DAYS = 400  # working days are counted at most this far ahead


def size_key(size: str) -> str:
    """A size as compared: upper case, no spaces, "2XL" = "XXL"."""
    key = re.sub(r"\s+", "", size).upper()
    return _SIZE_ALIASES.get(key, key)


def size_keys(size: str) -> frozenset:
    """The sizes in a size as written: "L/XL" → {"L", "XL"}."""
    return frozenset(size_key(part) for part in size.split("/"))


@dataclass(frozen=True)
class Variant:
    """One article number: colour, size, stock, net price, quantity prices."""

    sku: str
    colour: str
    size: str
    stock: int
    price_cents: int
    lead_time_days: int
    tiers: Tuple[Tuple[int, int], ...] = ()

    def unit_price(self, quantity: int = 1) -> int:
        """The net price per unit at ``quantity`` (the best tier reached)."""
        price = self.price_cents
        for minimum, cents in self.tiers:
            if quantity >= minimum:
                price = min(price, cents)
        return price

    def has_colour(self, colour: str) -> bool:
        """True if ``colour`` is this variant's colour or one of its parts.

        "gelb" fits "warngelb/marine"; "blau" fits "kornblau".
        """
        return self.fits_colour(normalise(colour))

    def fits_colour(self, wanted: str) -> bool:
        """``has_colour`` for a colour already normalised (searches call it often)."""
        return any(part == wanted or part.endswith(wanted) for part in self._colours)

    def has_size(self, size: str) -> bool:
        """True if ``size`` is this size or part of a double size ("XL" of "L/XL")."""
        return self.fits_size(size_keys(size))

    def fits_size(self, wanted: frozenset) -> bool:
        """``has_size`` for sizes already reduced by :func:`size_keys`."""
        return wanted <= self._sizes

    @cached_property
    def _colours(self) -> Tuple[str, ...]:
        parts = (normalise(p).strip() for p in re.split(r"[/,+]", self.colour))
        return tuple(part for part in parts if part)

    @cached_property
    def _sizes(self) -> frozenset:
        return size_keys(self.size)


@dataclass(frozen=True)
class Product:
    """A product with its variants, in both languages."""

    number: str
    name_de: str
    name_en: str
    category_de: str
    category_en: str
    kind_de: str
    kind_en: str
    brand: str
    material: str
    norms: Tuple[str, ...]
    unit: str
    description_de: str
    description_en: str
    variants: Tuple[Variant, ...]

    def name(self, language: str) -> str:
        """The product's name in ``language``."""
        return self.name_en if language == "en" else self.name_de

    def category(self, language: str) -> str:
        """The product group's name in ``language``."""
        return self.category_en if language == "en" else self.category_de

    def description(self, language: str) -> str:
        """The product's description in ``language``."""
        return self.description_en if language == "en" else self.description_de

    @cached_property
    def _by_colour(self) -> Dict[str, Tuple[Variant, ...]]:
        grouped: Dict[str, List[Variant]] = {}
        for variant in self.variants:
            grouped.setdefault(variant.colour, []).append(variant)
        return {colour: tuple(found) for colour, found in grouped.items()}

    def variants_for(
        self, colour: Optional[str], sizes: Optional[frozenset]
    ) -> Tuple[Variant, ...]:
        """The variants in ``colour`` (normalised) and ``sizes`` (size keys).

        A product has a few colours: each is checked once, not once per variant.
        """
        pool: Sequence[Variant] = self.variants
        if colour is not None:
            pool = [
                v
                for group in self._by_colour.values()
                if group[0].fits_colour(colour)
                for v in group
            ]
        if sizes is not None:
            pool = [v for v in pool if v.fits_size(sizes)]
        return tuple(pool)

    @property
    def colours(self) -> Tuple[str, ...]:
        """The colours, in price-list order."""
        return tuple(dict.fromkeys(v.colour for v in self.variants if v.colour))

    @property
    def sizes(self) -> Tuple[str, ...]:
        """The sizes, in price-list order."""
        return tuple(dict.fromkeys(v.size for v in self.variants if v.size))

    @property
    def stock(self) -> int:
        """Pieces in stock over all variants."""
        return sum(v.stock for v in self.variants)

    def lowest_price(self) -> int:
        """The lowest net unit price of any variant (single piece)."""
        return min(v.price_cents for v in self.variants)

    def fits_type(self, term: str, longer: Sequence[str] = ()) -> bool:
        """True if ``term`` names this product's kind or group, or its kind ends in it.

        "Handschuh" fits a "Montagehandschuh"; "Sicherheitsschuhe" the whole group.
        ``longer`` are known word ends that contain ``term`` ("handschuh" for
        "schuh"): a kind ending in one of them is not what ``term`` means.
        """
        wanted = normalise(term)
        names = [normalise(n) for n in (self.kind_de, self.kind_en) if n]
        groups = [normalise(n) for n in (self.category_de, self.category_en)]
        if wanted in names or wanted in groups:
            return True
        if len(wanted) < 4:
            return False
        return any(
            name.endswith(wanted) and not any(name.endswith(end) for end in longer)
            for name in names
        )

    @cached_property
    def _norm_words(self) -> Tuple[List[str], ...]:
        return tuple(_words(written) for written in self.norms)

    def fits_norm(self, norm: str) -> bool:
        """True if one of the product's norms contains ``norm`` word for word."""
        wanted = _words(norm)
        for words in self._norm_words:
            for start in range(len(words) - len(wanted) + 1):
                if words[start : start + len(wanted)] == wanted:
                    return True
        return False


def _words(text: str) -> List[str]:
    return re.findall(r"[a-z0-9]+", normalise(text))


@dataclass(frozen=True)
class Query:
    """What a visitor asked for: a product, or kinds, plus colour, size and norms."""

    product: Optional[str] = None  # a product's (German) name
    types: Tuple[str, ...] = ()
    colour: Optional[str] = None
    size: Optional[str] = None
    norms: Tuple[str, ...] = ()

    @property
    def names_something(self) -> bool:
        """True if the query says which products it means at all."""
        return bool(self.product or self.types or self.norms)


@dataclass(frozen=True)
class Match:
    """A product that fits, with the variants that fit the colour and size asked."""

    product: Product
    variants: Tuple[Variant, ...]


@dataclass(frozen=True)
class SearchResult:
    """The products that fit, or — if none — which wish no product meets.

    ``missing`` names the wishes ("colour", "size", "norm") that no product of
    ``candidates`` (those of the kind asked for) fulfils.
    """

    matches: Tuple[Match, ...]
    candidates: Tuple[Product, ...] = ()
    missing: Tuple[str, ...] = ()


@dataclass
class Catalog:
    """The active products, searchable."""

    products: List[Product] = field(default_factory=list)
    version: int = 0

    def __post_init__(self) -> None:
        """Index the products by name, kind and group; find the shared word ends."""
        self._order = {p.number: i for i, p in enumerate(self.products)}
        self._by_name: Dict[str, List[Product]] = {}
        self._by_kind: Dict[str, List[Product]] = {}
        for product in self.products:
            for name in {normalise(product.name_de), normalise(product.name_en)}:
                self._by_name.setdefault(name, []).append(product)
            kinds = {
                product.kind_de,
                product.kind_en,
                product.category_de,
                product.category_en,
            }
            for kind in {normalise(k) for k in kinds if k}:
                self._by_kind.setdefault(kind, []).append(product)
        self._kind_groups = {
            (normalise(kind), p.category_de)
            for p in self.products
            for kind in (p.kind_de, p.kind_en)
            if kind
        }
        self.heads = shared_ends(
            {normalise(p.kind_de) for p in self.products if p.kind_de}
            | {normalise(p.kind_en) for p in self.products if p.kind_en}
        )

    def other_things(self, end: str) -> List[str]:
        """Longer word ends that name something else: "handschuh" for "schuh".

        A longer end is another thing when the kinds ending in it are all in other
        product groups than the kinds that end in ``end`` only ("Handschuhe" are
        protective gloves, "Sicherheitshalbschuhe" safety footwear); "schutzhandschuh"
        is still a "handschuh", as their groups overlap.
        """
        others = []
        for head in self.heads:
            if head == end or not head.endswith(end):
                continue
            inside = {g for k, g in self._kind_groups if k.endswith(head)}
            outside = {
                g
                for k, g in self._kind_groups
                if k.endswith(end) and not k.endswith(head)
            }
            if outside and not inside & outside:
                others.append(head)
        return others

    def named(self, name: str) -> Tuple[Product, ...]:
        """The products called ``name`` (German or English; several brands may be)."""
        return tuple(self._by_name.get(normalise(name), ()))

    def of_type(self, term: str) -> List[Product]:
        """The products whose kind or group ``term`` names, or whose kind ends in it.

        "Handschuh" finds every kind ending in "handschuh"; a longer end that belongs
        to other product groups is not meant ("Schuh" finds no "Handschuh").
        """
        wanted = normalise(term)
        found: Dict[str, Product] = {p.number: p for p in self._by_kind.get(wanted, ())}
        if len(wanted) >= 4:
            others = self.other_things(wanted)
            for kind, products in self._by_kind.items():
                if kind.endswith(wanted) and not any(kind.endswith(o) for o in others):
                    for product in products:
                        if product.fits_type(term, others):
                            found.setdefault(product.number, product)
        return sorted(found.values(), key=lambda p: self._order[p.number])

    def variant(self, sku: str) -> Optional[Tuple[Product, Variant]]:
        """The product and variant with article number ``sku``."""
        for product in self.products:
            for variant in product.variants:
                if variant.sku == sku:
                    return product, variant
        return None

    def search(self, query: Query) -> SearchResult:
        """The products that fit ``query``, best first (in stock, then cheapest)."""
        if query.product:
            base = list(self.named(query.product))
        elif query.types:
            chosen: Dict[str, Product] = {}
            for term in query.types:
                for product in self.of_type(term):
                    chosen.setdefault(product.number, product)
            base = sorted(chosen.values(), key=lambda p: self._order[p.number])
        elif query.norms:
            base = list(self.products)
        else:
            base = []
        if not base:
            return SearchResult(())
        missing: List[str] = []
        with_norms = [p for p in base if all(p.fits_norm(n) for n in query.norms)]
        if not with_norms:
            return SearchResult((), tuple(base), ("norm",))
        colour = normalise(query.colour) if query.colour else None
        sizes = size_keys(query.size) if query.size else None
        matches = []
        for product in with_norms:
            variants = product.variants_for(colour, sizes)
            if variants:
                matches.append(Match(product, variants))
        if not matches:
            for wish, test in (
                ("colour", lambda v: not query.colour or v.has_colour(query.colour)),
                ("size", lambda v: not query.size or v.has_size(query.size)),
            ):
                if not any(test(v) for p in with_norms for v in p.variants):
                    missing.append(wish)
            return SearchResult(
                (), tuple(with_norms), tuple(missing) or ("combination",)
            )
        matches.sort(
            key=lambda m: (
                -min(1, sum(v.stock for v in m.variants)),
                min(v.price_cents for v in m.variants),
                m.product.name_de,
            )
        )
        return SearchResult(tuple(matches))


def shared_ends(kinds: set[str], minimum: int = 4) -> frozenset[str]:
    """The word ends that two different kinds share: "handschuh", "stiefel", "jacke".

    German compounds end in what they are; these ends are what visitors ask for
    ("Handschuhe", "Stiefel") without naming the kind.
    """
    ends = set()
    ordered = sorted(kinds, key=lambda k: k[::-1])  # neighbours share the longest end
    for first, second in zip(ordered, ordered[1:], strict=False):
        length = 0
        while (
            length < min(len(first), len(second))
            and first[-1 - length] == second[-1 - length]
        ):
            length += 1
        end = first[len(first) - length :].lstrip(" -")
        if len(end) >= minimum and end not in (first, second):
            ends.add(end)
    return frozenset(ends)


def load_catalog(session: Session) -> Catalog:
    """Read the active products and variants from the database.

    Plain rows, no ORM objects: fifty thousand variants load in seconds, not tens.
    """
    state = session.get(CatalogState, 1)
    tiers: Dict[int, List[Tuple[int, int]]] = {}
    for variant_id, minimum, cents in session.execute(
        select(
            PriceTier.variant_id, PriceTier.min_quantity, PriceTier.price_cents
        ).order_by(PriceTier.variant_id, PriceTier.min_quantity)
    ):
        tiers.setdefault(variant_id, []).append((minimum, cents))
    norms: Dict[int, List[str]] = {}
    for product_id, norm in session.execute(
        select(ProductNorm.product_id, ProductNorm.norm).order_by(
            ProductNorm.product_id, ProductNorm.position
        )
    ):
        norms.setdefault(product_id, []).append(norm)
    variants: Dict[int, List[Variant]] = {}
    for row in session.execute(
        select(
            VariantRow.product_id,
            VariantRow.id,
            VariantRow.sku,
            VariantRow.colour,
            VariantRow.size,
            VariantRow.stock,
            VariantRow.price_cents,
            VariantRow.lead_time_days,
        )
        .where(VariantRow.active.is_(True))
        .order_by(VariantRow.product_id, VariantRow.position, VariantRow.id)
    ):
        variants.setdefault(row.product_id, []).append(
            Variant(
                row.sku,
                row.colour,
                row.size,
                row.stock,
                row.price_cents,
                row.lead_time_days,
                tuple(tiers.get(row.id, ())),
            )
        )
    products = []
    for row in session.execute(
        select(ProductRow).where(ProductRow.active.is_(True)).order_by(ProductRow.id)
    ).scalars():
        found = variants.get(row.id)
        if not found:
            continue
        products.append(
            Product(
                row.number,
                row.name_de,
                row.name_en,
                row.category_de,
                row.category_en,
                row.kind_de,
                row.kind_en,
                row.brand,
                row.material,
                tuple(norms.get(row.id, ())),
                row.unit,
                row.description_de,
                row.description_en,
                tuple(found),
            )
        )
    return Catalog(products, state.version if state else 0)


class CatalogSource(Reloading[Catalog]):
    """The current catalog for a long-running process; reloads after an import."""

    def __init__(self, sessions: sessionmaker) -> None:
        super().__init__(sessions, CatalogState, load_catalog)


# --- prices -----------------------------------------------------------------------


@dataclass(frozen=True)
class Price:
    """A unit price and its total for ``quantity``, net and with VAT, in cents."""

    quantity: int
    unit_net: int
    unit_gross: int
    tier: Optional[int]  # the quantity from which this unit price applies

    @property
    def total_net(self) -> int:
        """Net total."""
        return self.unit_net * self.quantity

    @property
    def total_gross(self) -> int:
        """Total with VAT (VAT of the unit price, times quantity)."""
        return self.unit_gross * self.quantity


def gross(cents: int, vat_percent: Decimal) -> int:
    """``cents`` plus VAT, rounded half up to a cent."""
    value = Decimal(cents) * (1 + vat_percent / 100)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def price(variant: Variant, quantity: int, vat_percent: Decimal) -> Price:
    """What ``quantity`` pieces of ``variant`` cost, with the tier that applies."""
    unit = variant.unit_price(quantity)
    tier = None
    if unit != variant.price_cents:
        tier = max(q for q, c in variant.tiers if c == unit and q <= quantity)
    return Price(quantity, unit, gross(unit, vat_percent), tier)


# --- availability -----------------------------------------------------------------


def is_working_day(company: Company, day: dt.date) -> bool:
    """A day the company works (opens): not a weekend, holiday or closing day."""
    return bool(intervals_on(company, day))


def is_carrier_day(company: Company, day: dt.date) -> bool:
    """A day parcels travel: Monday to Friday, not a public holiday."""
    return day.weekday() < 5 and company.public_holiday(day) is None


def add_days(
    company: Company, day: dt.date, count: int, *, carrier: bool = False
) -> dt.date:
    """The ``count``-th working (or carrier) day after ``day``."""
    test = is_carrier_day if carrier else is_working_day
    for _ in range(_SEARCH_DAYS):
        if count <= 0:
            return day
        day += dt.timedelta(days=1)
        if test(company, day):
            count -= 1
    raise ValueError(f"no {count} working days within {_SEARCH_DAYS} days")


@dataclass(frozen=True)
class Shipment:
    """A part of an order: how many pieces, when they leave, when they arrive."""

    quantity: int
    leaves: dt.date
    arrives: Optional[Tuple[dt.date, dt.date]]  # None without a shipping option


@dataclass(frozen=True)
class Availability:
    """Whether and when ``quantity`` pieces can come, from stock and restocked."""

    quantity: int
    from_stock: int
    shipments: Tuple[Shipment, ...]
    deadline: Optional[dt.date] = None
    option: Optional[ShippingOption] = None

    @property
    def partial(self) -> bool:
        """True if the order comes in two parts (stock now, the rest later)."""
        return len(self.shipments) > 1

    @property
    def complete_by(self) -> Optional[dt.date]:
        """The latest day the last piece arrives (or leaves, without an option)."""
        last = self.shipments[-1]
        return last.arrives[1] if last.arrives else last.leaves

    @property
    def in_time(self) -> Optional[bool]:
        """True if everything arrives by the deadline (None without one)."""
        if self.deadline is None or self.complete_by is None:
            return None
        return self.complete_by <= self.deadline

    @property
    def stock_in_time(self) -> Optional[bool]:
        """True if the part from stock arrives by the deadline."""
        if self.deadline is None or not self.from_stock:
            return None
        first = self.shipments[0]
        last_day = first.arrives[1] if first.arrives else first.leaves
        return last_day <= self.deadline


def availability(
    company: Company,
    variant: Variant,
    quantity: int,
    now: dt.datetime,
    *,
    deadline: Optional[dt.date] = None,
    option: Optional[ShippingOption] = None,
) -> Availability:
    """When ``quantity`` pieces of ``variant`` ordered ``now`` leave and arrive.

    What is in stock leaves on the next dispatch day (today before the cut-off); the
    rest leaves ``lead_time_days`` working days after that. Delivery adds the shipping
    option's days in carrier days (Monday to Friday without public holidays).
    """
    leaves = dispatch(company, now).day
    if leaves is None:
        return Availability(quantity, 0, (), deadline, option)
    from_stock = min(quantity, max(variant.stock, 0))
    rest = quantity - from_stock
    shipments = []
    if from_stock:
        shipments.append(_shipment(company, from_stock, leaves, option))
    if rest:
        later = add_days(company, leaves, variant.lead_time_days)
        shipments.append(_shipment(company, rest, later, option))
    return Availability(quantity, from_stock, tuple(shipments), deadline, option)


def _shipment(
    company: Company, quantity: int, leaves: dt.date, option: Optional[ShippingOption]
) -> Shipment:
    if option is None:
        return Shipment(quantity, leaves, None)
    low, high = option.delivery_days
    return Shipment(
        quantity,
        leaves,
        (
            add_days(company, leaves, low, carrier=True),
            add_days(company, leaves, high, carrier=True),
        ),
    )


def standard_option(
    company: Company, country: Optional[str] = None, kind: str = "standard"
) -> Optional[ShippingOption]:
    """The first option of type ``kind`` serving ``country`` (home if None)."""
    options = options_for(company, country or company.holidays.country, kind)
    return options[0] if options else None


def choose_variant(variants: Sequence[Variant], quantity: int) -> Variant:
    """Of equal choices, the variant that can deliver most of ``quantity`` now."""
    return max(variants, key=lambda v: (min(v.stock, quantity), -v.price_cents))

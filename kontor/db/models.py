"""Tables of the business database (SQLAlchemy 1.4 declarative models).

Money is stored in whole cents (integers), so SQLite and PostgreSQL compute the same
sums; prices are net, as a wholesaler's price list states them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

# Any: SQLAlchemy 1.4 has no type information for mypy to check models against
Base: Any = declarative_base()


class UTCDateTime(TypeDecorator):
    """A point in time, stored in UTC and read back timezone-aware on every database.

    SQLite keeps no offset; without this, PostgreSQL and SQLite would hand back
    different kinds of datetime.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[dt.datetime], dialect: Any) -> Any:
        """Refuse naive datetimes; store UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give it a timezone")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value: Any, dialect: Any) -> Optional[dt.datetime]:
        """Timezone-aware UTC, whatever the database returned."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


ORDER_STATUSES = ("received", "paid", "shipped", "delivered", "returned")


class Product(Base):
    """A catalog article as customers know it; variants carry colour, size and price."""

    __tablename__ = "products"

    id = Column(Integer, primary_key=True)
    number = Column(String(64), nullable=False, unique=True)
    name_de = Column(String(200), nullable=False)
    name_en = Column(String(200), nullable=False)
    category_de = Column(String(100), nullable=False, index=True)
    category_en = Column(String(100), nullable=False)
    # what the thing is ("Warnweste", "Sicherheitsstiefel"): how visitors ask for it
    kind_de = Column(String(100), nullable=False, default="")
    kind_en = Column(String(100), nullable=False, default="")
    brand = Column(String(100), nullable=False, default="")
    material = Column(String(200), nullable=False, default="")
    description_de = Column(Text, nullable=False, default="")
    description_en = Column(Text, nullable=False, default="")
    unit = Column(String(30), nullable=False, default="Stück")
    active = Column(Boolean, nullable=False, default=True)

    norms = relationship(
        "ProductNorm", cascade="all, delete-orphan", order_by="ProductNorm.position"
    )
    variants = relationship(
        "Variant", back_populates="product", order_by="Variant.position"
    )


class CatalogState(Base):
    """One row: bumped by every import, so running processes know to reload."""

    __tablename__ = "catalog_state"

    id = Column(Integer, primary_key=True)
    version = Column(Integer, nullable=False, default=0)
    imported_at = Column(UTCDateTime(), nullable=True)


class ProductNorm(Base):
    """A standard a product is certified to, e.g. "EN ISO 20345 S3"."""

    __tablename__ = "product_norms"
    __table_args__ = (UniqueConstraint("product_id", "norm"),)

    id = Column(Integer, primary_key=True)
    product_id = Column(
        Integer, ForeignKey("products.id", ondelete="CASCADE"), nullable=False
    )
    position = Column(Integer, nullable=False, default=0)
    norm = Column(String(100), nullable=False, index=True)


class Variant(Base):
    """One orderable article number (SKU): a product in a colour and size."""

    __tablename__ = "variants"

    id = Column(Integer, primary_key=True)
    product_id = Column(
        Integer,
        ForeignKey("products.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    sku = Column(String(64), nullable=False, unique=True)
    position = Column(Integer, nullable=False, default=0)
    colour = Column(String(60), nullable=False, default="")
    size = Column(String(30), nullable=False, default="")
    stock = Column(Integer, nullable=False, default=0)
    price_cents = Column(Integer, nullable=False)
    # working days to restock (or make) what the warehouse does not hold
    lead_time_days = Column(Integer, nullable=False, default=10)
    active = Column(Boolean, nullable=False, default=True)

    product = relationship("Product", back_populates="variants")
    tiers = relationship(
        "PriceTier", cascade="all, delete-orphan", order_by="PriceTier.min_quantity"
    )


class PriceTier(Base):
    """A quantity price: from ``min_quantity`` pieces on, each costs ``price_cents``."""

    __tablename__ = "price_tiers"
    __table_args__ = (UniqueConstraint("variant_id", "min_quantity"),)

    id = Column(Integer, primary_key=True)
    variant_id = Column(
        Integer, ForeignKey("variants.id", ondelete="CASCADE"), nullable=False
    )
    min_quantity = Column(Integer, nullable=False)
    price_cents = Column(Integer, nullable=False)


class Order(Base):
    """A customer's order; found only with its number plus e-mail or postcode."""

    __tablename__ = "orders"

    id = Column(Integer, primary_key=True)
    number = Column(String(40), nullable=False, unique=True)
    # the number as compared with what visitors type: letters and digits, upper case
    number_key = Column(String(40), nullable=False, index=True)
    placed_at = Column(UTCDateTime(), nullable=False)
    email = Column(String(254), nullable=False)
    postal_code = Column(String(12), nullable=False)
    country = Column(String(2), nullable=False, default="DE")
    status = Column(String(20), nullable=False)
    carrier = Column(String(60), nullable=False, default="")
    tracking_number = Column(String(60), nullable=False, default="")
    expected_delivery = Column(Date, nullable=True)

    lines = relationship(
        "OrderLine", cascade="all, delete-orphan", order_by="OrderLine.position"
    )
    events = relationship(
        "OrderEvent", cascade="all, delete-orphan", order_by="OrderEvent.at"
    )


class OrderLine(Base):
    """One position of an order: what and how many."""

    __tablename__ = "order_lines"

    id = Column(Integer, primary_key=True)
    order_id = Column(
        Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position = Column(Integer, nullable=False)
    sku = Column(String(64), nullable=False)
    name = Column(String(200), nullable=False)
    quantity = Column(Integer, nullable=False)


class OrderEvent(Base):
    """A step of an order's history: received, paid, shipped, delivered, returned."""

    __tablename__ = "order_events"

    id = Column(Integer, primary_key=True)
    order_id = Column(
        Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status = Column(String(20), nullable=False)
    at = Column(UTCDateTime(), nullable=False)


class OrderLookupFailure(Base):
    """A failed attempt to open an order; counted per order number against guessing."""

    __tablename__ = "order_lookup_failures"

    id = Column(Integer, primary_key=True)
    order_number = Column(String(40), nullable=False, index=True)
    at = Column(UTCDateTime(), nullable=False, index=True)


class Lead(Base):
    """A qualified sales lead, stored only after the visitor's explicit consent."""

    __tablename__ = "leads"

    id = Column(Integer, primary_key=True)
    created_at = Column(UTCDateTime(), nullable=False, index=True)
    sender_id = Column(String(255), nullable=False, default="")
    language = Column(String(5), nullable=False, default="de")
    need = Column(Text, nullable=False)
    product_number = Column(String(64), nullable=True)
    sku = Column(String(64), nullable=True)
    quantity = Column(Integer, nullable=True)
    deadline = Column(Date, nullable=True)
    budget = Column(String(100), nullable=True)
    company = Column(String(200), nullable=False)
    name = Column(String(200), nullable=False)
    email = Column(String(254), nullable=False, index=True)
    phone = Column(String(60), nullable=True)
    consent_text = Column(Text, nullable=False)
    consented_at = Column(UTCDateTime(), nullable=False)
    # the CRM contact the visitor was verified as, if any
    crm_contact_id = Column(String(100), nullable=True)

    deliveries = relationship("OutboxMessage", back_populates="lead")


class OutboxMessage(Base):
    """A lead waiting to reach the CRM; retried with backoff until it is delivered.

    ``key`` is unique and sent to the CRM as the lead's own id, so a retry after a lost
    answer finds the record the first try created instead of making a second one.
    """

    __tablename__ = "crm_outbox"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), nullable=False, unique=True)
    crm = Column(String(30), nullable=False)
    lead_id = Column(
        Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True
    )
    payload = Column(JSON, nullable=False)
    created_at = Column(UTCDateTime(), nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime(), nullable=False, index=True)
    last_error = Column(Text, nullable=True)
    delivered_at = Column(UTCDateTime(), nullable=True)
    external_id = Column(String(100), nullable=True)
    # a worker's claim, so two workers never send the same message at once
    claimed_until = Column(UTCDateTime(), nullable=True)

    lead = relationship("Lead", back_populates="deliveries")


class KnowledgeDocument(Base):
    """One of the company's documents (a file or a web page) the fallback may quote."""

    __tablename__ = "knowledge_documents"

    id = Column(Integer, primary_key=True)
    # where it came from: a path relative to where it was ingested from, or a URL
    source = Column(String(1000), nullable=False, unique=True)
    title = Column(String(500), nullable=False, default="")
    kind = Column(String(20), nullable=False)  # pdf, html, markdown, docx, text
    # SHA-256 of the raw bytes: an unchanged document is not read again
    checksum = Column(String(64), nullable=False)
    # which embedding model made the passages' vectors
    embedding_model = Column(String(200), nullable=False)
    ingested_at = Column(UTCDateTime(), nullable=False)

    passages = relationship(
        "KnowledgePassage",
        cascade="all, delete-orphan",
        order_by="KnowledgePassage.position",
        back_populates="document",
    )


class KnowledgePassage(Base):
    """A few sentences of a document, with where they stand and their embedding."""

    __tablename__ = "knowledge_passages"

    id = Column(Integer, primary_key=True)
    document_id = Column(
        Integer,
        ForeignKey("knowledge_documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    position = Column(Integer, nullable=False)
    page = Column(Integer, nullable=True)  # PDFs: the page, counted from 1
    heading = Column(String(500), nullable=False, default="")
    text = Column(Text, nullable=False)
    # float32 vector, unit length
    embedding = Column(LargeBinary, nullable=False)

    document = relationship("KnowledgeDocument", back_populates="passages")


class KnowledgeState(Base):
    """One row: bumped by every ingest that changed something, so bots reload."""

    __tablename__ = "knowledge_state"

    id = Column(Integer, primary_key=True)
    version = Column(Integer, nullable=False, default=0)
    changed_at = Column(UTCDateTime(), nullable=True)


class StaffMember(Base):
    """A person who may log in to the staff inbox (``kontor staff add``)."""

    __tablename__ = "staff_members"

    id = Column(Integer, primary_key=True)
    username = Column(String(100), nullable=False, unique=True)
    # signs the messages the visitor sees ("Anna")
    first_name = Column(String(100), nullable=False)
    # Argon2id, with its parameters and salt (argon2-cffi's encoded form)
    password_hash = Column(String(200), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime(), nullable=False)
    # the inbox reports in while it is open: who is online for a live handoff
    last_seen_at = Column(UTCDateTime(), nullable=True)


class StaffSession(Base):
    """A logged-in browser; the cookie holds a random token, the table only its hash."""

    __tablename__ = "staff_sessions"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    staff_id = Column(
        Integer,
        ForeignKey("staff_members.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime(), nullable=False)
    last_used_at = Column(UTCDateTime(), nullable=False)

    staff = relationship("StaffMember")


HANDOFF_STATUSES = ("waiting", "live", "returned", "not_taken", "closed")


class Handoff(Base):
    """A conversation handed to staff: waiting, live with one person, or over."""

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)
    # the Rasa conversation (the widget's session id)
    sender_id = Column(String(255), nullable=False, index=True)
    language = Column(String(5), nullable=False, default="de")
    # why: request, anger, misunderstood, complaint, lead
    trigger = Column(String(30), nullable=False)
    # what staff should see at once: order number, lead id … (no free text)
    context = Column(JSON, nullable=False, default=dict)
    status = Column(String(20), nullable=False, index=True)
    created_at = Column(UTCDateTime(), nullable=False)
    taken_at = Column(UTCDateTime(), nullable=True)
    staff_id = Column(
        Integer, ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True
    )
    ended_at = Column(UTCDateTime(), nullable=True)

    staff = relationship("StaffMember")


class Ticket(Base):
    """A callback request, left when nobody could take the chat; stored with consent."""

    __tablename__ = "tickets"

    id = Column(Integer, primary_key=True)
    created_at = Column(UTCDateTime(), nullable=False, index=True)
    sender_id = Column(String(255), nullable=False, default="")
    language = Column(String(5), nullable=False, default="de")
    trigger = Column(String(30), nullable=False)
    name = Column(String(200), nullable=False)
    email = Column(String(254), nullable=True, index=True)
    phone = Column(String(60), nullable=True)
    description = Column(Text, nullable=False)
    consent_text = Column(Text, nullable=False)
    consented_at = Column(UTCDateTime(), nullable=False)
    # what the visitor was told: the reply comes from then on
    reply_from = Column(UTCDateTime(), nullable=True)
    done_at = Column(UTCDateTime(), nullable=True)
    done_by = Column(
        Integer, ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True
    )


class Notification(Base):
    """A note to staff (e-mail or webhook) waiting to be sent, retried with backoff.

    It carries no personal data: Teams, Slack or a mail provider may be outside the
    company; the details are in the inbox behind the login.
    """

    __tablename__ = "notifications"

    id = Column(Integer, primary_key=True)
    # one per event and channel ("ticket-12-email"): an event never notifies twice
    key = Column(String(80), nullable=False, unique=True)
    channel = Column(String(20), nullable=False)  # email, webhook
    subject = Column(String(200), nullable=False)
    body = Column(Text, nullable=False)
    created_at = Column(UTCDateTime(), nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime(), nullable=False, index=True)
    last_error = Column(Text, nullable=True)
    delivered_at = Column(UTCDateTime(), nullable=True)
    claimed_until = Column(UTCDateTime(), nullable=True)


class PrivacyAudit(Base):
    """One access or erasure request carried out: what and how much, never whom."""

    __tablename__ = "privacy_audit"

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime(), nullable=False, index=True)
    # export or erase
    action = Column(String(20), nullable=False)
    # cli, inbox or chat
    via = Column(String(20), nullable=False)
    # the staff member who did it in the inbox
    staff_id = Column(
        Integer, ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True
    )
    # the operator's own case number ("DSGVO-2026-014"), never a name or address
    reference = Column(String(100), nullable=True)
    # what was exported or deleted, as numbers per kind
    counts = Column(JSON, nullable=False, default=dict)

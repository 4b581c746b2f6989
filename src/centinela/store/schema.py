"""The database schema as SQLAlchemy Core tables: portable SQL for SQLite and PostgreSQL.

Migrations in ``migrations/versions`` create exactly this schema; a test compares the two.
Times are stored as timezone-aware UTC; dates of political events as DATE.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# A source of documents: a feed URL or a file path, with its polling state and health.
sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("name", String(200), nullable=False, default=""),
    Column("country", String(2), nullable=False, default=""),
    Column("lang", String(8), nullable=False, default=""),
    Column("kind", String(20), nullable=False, default="feed"),
    Column("pack", String(20), nullable=False, default=""),
    Column("verified", Boolean, nullable=False, default=False),
    Column("added", DateTime(timezone=True), nullable=False),
    Column("etag", String(500), nullable=True),
    Column("last_modified", String(100), nullable=True),
    Column("body_hash", String(64), nullable=True),
    Column("last_fetch", DateTime(timezone=True), nullable=True),
    Column("last_success", DateTime(timezone=True), nullable=True),
    Column("last_new_item", DateTime(timezone=True), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("error_streak", Integer, nullable=False, default=0),
    Column("next_poll", DateTime(timezone=True), nullable=True),
    Column("usual_interval", Float, nullable=True),
    Column("items_total", Integer, nullable=False, default=0),
)

# A document as stored: plain-text title and text, canonical URL, fingerprints for de-duplication.
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("guid", String(2048), nullable=True),
    Column("source", String(2048), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("lang", String(8), nullable=False, default="und"),
    Column("author", String(500), nullable=False, default=""),
    Column("published", DateTime(timezone=True), nullable=True),
    Column("fetched", DateTime(timezone=True), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("simhash", BigInteger, nullable=False),
    Column("flags", JSON, nullable=False, default=list),
    Column("coded", Boolean, nullable=False, default=False),
    Index("ix_documents_published", "published"),
    Index("ix_documents_content_hash", "content_hash"),
    Index("ix_documents_source", "source"),
)

# Every outlet (and URL) under which a stored document was seen: the coordination signal counts them.
document_outlets = Table(
    "document_outlets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("outlet", String(500), nullable=False),
    Column("url", String(2048), nullable=False),
    Column("guid", String(2048), nullable=True),
    Column("seen", DateTime(timezone=True), nullable=False),
    UniqueConstraint("document_id", "url", name="uq_document_outlets_document_url"),
    Index("ix_document_outlets_url", "url"),
    Index("ix_document_outlets_guid", "guid"),
)

# SimHash bands: six slices (11/11/11/11/10/10 bits) of each document's fingerprint, so near-duplicates
# are found by index look-ups instead of a scan (two fingerprints within 5 bits share at least one slice).
# A slice value is shared by one document in 2,048 by chance, so a look-up by band alone reads a share of
# the whole corpus; ``at`` (the document's published time, else fetched) in the index makes it read only
# the de-duplication window, whatever the corpus size.
simhash_bands = Table(
    "simhash_bands",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("band", Integer, nullable=False),
    Column("value", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_simhash_bands_band_value_at", "band", "value", "at"),
)

# A coded political event: what the coder found in a document, with its evidence sentence.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=True),
    Column("code", String(40), nullable=False),
    Column("family", String(20), nullable=False),
    Column("modality", String(10), nullable=False, default="actual"),
    Column("confidence", Float, nullable=False),
    Column("evidence", Text, nullable=False, default=""),
    Column("country", String(2), nullable=False, default=""),
    Column("region", String(10), nullable=False, default=""),
    Column("date", Date, nullable=False),
    Column("actors", JSON, nullable=False, default=list),
    Column("detail", JSON, nullable=False, default=dict),
    Index("ix_events_country_date", "country", "date"),
    Index("ix_events_code_date", "code", "date"),
    # The dashboard pages events newest first under any filter (store/web.py): date alone, department.
    Index("ix_events_date_id", "date", "id"),
    Index("ix_events_region_date", "region", "date"),
    Index("ix_events_document_id", "document_id"),
)

# An institutional event fed to the engine (from the bundled timeline, a file, the coder or by hand),
# with the engine's verdict on it.
institutional_events = Table(
    "institutional_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("country", String(2), nullable=False),
    Column("date", Date, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("subject", String(300), nullable=False, default=""),
    Column("row", JSON, nullable=False),
    Column("verdict", JSON, nullable=False),
    Column("origin", String(2048), nullable=False, default=""),
    UniqueConstraint("country", "origin", "seq", name="uq_institutional_events_country_origin_seq"),
    Index("ix_institutional_events_country_date", "country", "date"),
)

# An alert raised by any stage (engine, signals, operator); delivery comes in the alerts issue.
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("country", String(2), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("code", String(60), nullable=False),
    Column("level", String(20), nullable=False, default=""),
    Column("date", Date, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False, default=""),
    Column("rule_id", String(60), nullable=False, default=""),
    Column("evidence", JSON, nullable=False, default=list),
    Index("ix_alerts_country_date", "country", "date"),
)

# The risk of a country per day (centinela.signals): score 0-100, its level, the points of each named part
# and the evidence behind them (part, label, points, date, url, sentence), as last computed.
risk_scores = Table(
    "risk_scores",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("country", String(2), nullable=False),
    Column("date", Date, nullable=False),
    Column("score", Float, nullable=False),
    Column("level", String(20), nullable=False),
    Column("parts", JSON, nullable=False, default=dict),
    Column("evidence", JSON, nullable=False, default=list),
    Column("computed", DateTime(timezone=True), nullable=False),
    UniqueConstraint("country", "date", name="uq_risk_scores_country_date"),
)

# A subscription: which alerts (rules as JSON) go to which channel (an Apprise URL, secrets inside:
# shown masked), grouped in digests or held through quiet hours in the subscriber's time zone.
subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel", Text, nullable=False),
    Column("rules", JSON, nullable=False, default=dict),
    Column("digest", String(10), nullable=False, default=""),
    Column("digest_hour", Integer, nullable=False, default=8),
    Column("quiet_hours", String(11), nullable=False, default=""),
    Column("tz", String(64), nullable=False, default="UTC"),
    Column("created", DateTime(timezone=True), nullable=False),
)

# The durable outbox: one row per (alert, subscription), written in the alert's transaction. A worker
# claims rows (pending -> sending, claimed_at is the lease), sends each batch once under its key, and
# marks it sent, or pending again with a later next_attempt, or dead after too many attempts.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    Column("subscription_id", Integer, ForeignKey("subscriptions.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(10), nullable=False, default="pending"),
    Column("batch", String(64), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("next_attempt", DateTime(timezone=True), nullable=False),
    Column("claimed_at", DateTime(timezone=True), nullable=True),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("last_error", Text, nullable=True),
    UniqueConstraint("alert_id", "subscription_id", name="uq_outbox_alert_subscription"),
    Index("ix_outbox_status_next_attempt", "status", "next_attempt"),
    Index("ix_outbox_batch", "batch"),
)

# Dashboard accounts besides the one admin of the settings; the password is kept only as an argon2 hash.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
)

# A logged-in browser. The cookie holds a random token and this table only its SHA-256, so a copy of
# the database opens no session; csrf is the token every form of that session must send back.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("username", String(100), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False),
    Index("ix_web_sessions_expires", "expires"),
)

# Who changed what by hand through the dashboard (events entered or corrected, subscriptions, sources),
# with the row before and after: a correction never hides what the coder had said.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("username", String(100), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(40), nullable=False),
    Column("target_id", Integer, nullable=True),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Index("ix_audit_log_target", "target", "target_id"),
)

# Backfill progress (centinela.scale): one row per partition of an input file written to the store, in
# the same transaction as its documents and events, so an interrupted backfill resumes where it stopped
# and never redoes a partition. A file is known by its content fingerprint, not its path.
backfill_partitions = Table(
    "backfill_partitions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("partition_size", Integer, nullable=False),
    Column("partition", Integer, nullable=False),
    Column("source", String(2048), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("rows", Integer, nullable=False, default=0),
    Column("new", Integer, nullable=False, default=0),
    Column("duplicate", Integer, nullable=False, default=0),
    Column("malformed", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("events", Integer, nullable=False, default=0),
    Column("errors", JSON, nullable=False, default=list),
    Column("finished", DateTime(timezone=True), nullable=False),
    UniqueConstraint("fingerprint", "partition_size", "partition", name="uq_backfill_partitions_partition"),
)

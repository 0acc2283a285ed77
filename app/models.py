"""SQLAlchemy 2 typed tables. The schema itself is made by migrations/ only."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import text as sql
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# The enums are defined once, in app.vocabulary; they are re-exported here for the models' users.
from app.vocabulary import ActorKind as ActorKind
from app.vocabulary import ClaimKind as ClaimKind
from app.vocabulary import ClaimStatus as ClaimStatus
from app.vocabulary import Role as Role
from app.vocabulary import SourceKind as SourceKind
from app.vocabulary import Stance as Stance
from app.vocabulary import TagStatus as TagStatus


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"ck": "ck_%(table_name)s_%(constraint_name)s"})


def _pg_enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, values_callable=lambda e: [m.value for m in e], create_type=False)


TZ = DateTime(timezone=True)


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    kind: Mapped[SourceKind] = mapped_column(_pg_enum(SourceKind, "source_kind"))
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    poll_interval_s: Mapped[int] = mapped_column(Integer, server_default=sql("1800"))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    next_poll_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    consecutive_failures: Mapped[int] = mapped_column(Integer, server_default=sql("0"))
    enabled: Mapped[bool] = mapped_column(Boolean, server_default=sql("true"))
    # Whom the source's texts speak for ("Anthropic" for its news feed), set by an editor.
    speaks_for: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())

    __table_args__ = (
        CheckConstraint("poll_interval_s >= 60", name="poll_interval_at_least_a_minute"),
        CheckConstraint("consecutive_failures >= 0", name="failures_not_negative"),
    )


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    other_urls: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=sql("'{}'"))
    title: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    fetched_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())
    language: Mapped[str] = mapped_column(Text, server_default=sql("'en'"))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())
    authors: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=sql("'{}'"))
    # 'first-party' (its own sentences are its publisher's or authors' claims) or 'report'.
    genre: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source | None] = relationship()
    claims: Mapped[list[Claim]] = relationship(
        back_populates="article",
        order_by="Claim.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        Index("ix_articles_content_hash", "content_hash"),
        Index("ix_articles_published_at", "published_at"),
        Index("ix_articles_source_id", "source_id"),
        Index("ix_articles_other_urls", "other_urls", postgresql_using="gin"),
        CheckConstraint("genre IN ('first-party', 'report')", name="genre_known"),
    )


class Actor(Base):
    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[ActorKind] = mapped_column(
        _pg_enum(ActorKind, "actor_kind"), server_default=sql("'other'")
    )
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())

    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", order_by="ActorAlias.alias"
    )


class ActorAlias(Base):
    __tablename__ = "actor_aliases"

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(Text)

    actor: Mapped[Actor] = relationship(back_populates="aliases")

    __table_args__ = (
        CheckConstraint("btrim(alias) <> ''", name="alias_not_blank"),
        Index("ix_actor_aliases_actor_id", "actor_id"),
    )


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(SmallInteger, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    proposition: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, server_default=sql("''"))
    cues: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=sql("'{}'"))
    retired: Mapped[bool] = mapped_column(Boolean, server_default=sql("false"))
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())
    # What the extractor needs to know of the topic beyond its cues (see TopicSpec).
    factual: Mapped[bool] = mapped_column(Boolean, server_default=sql("false"))
    restriction_opposes: Mapped[bool] = mapped_column(Boolean, server_default=sql("false"))
    # Raised by a trigger whenever the proposition changes; updated_at on any change.
    version: Mapped[int] = mapped_column(Integer, server_default=sql("1"))
    updated_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())

    __table_args__ = (
        CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="slug_is_kebab_case"),
        # Tag codes pack topic ids into a smallint (topic * 8 + flags).
        CheckConstraint("id < 4096", name="id_fits_tag_code"),
        CheckConstraint("version >= 1", name="version_positive"),
    )


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[Role] = mapped_column(_pg_enum(Role, "user_role"), server_default=sql("'viewer'"))
    active: Mapped[bool] = mapped_column(Boolean, server_default=sql("true"))
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())
    last_login_at: Mapped[dt.datetime | None] = mapped_column(TZ)

    __table_args__ = (CheckConstraint("btrim(username) <> ''", name="username_not_blank"),)


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    start_pos: Mapped[int] = mapped_column(Integer)
    end_pos: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    kind: Mapped[ClaimKind | None] = mapped_column(_pg_enum(ClaimKind, "claim_kind"))
    # 'quote', 'reported', 'first-party' or 'narration' (see app.vocabulary.PROVENANCES).
    provenance: Mapped[str | None] = mapped_column(Text)
    extractor_version: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ClaimStatus] = mapped_column(
        _pg_enum(ClaimStatus, "claim_status"), server_default=sql("'active'")
    )
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())
    # The article's published_at (or fetched_at), copied so the list sorts on one index.
    published_at: Mapped[dt.datetime] = mapped_column(TZ)
    # Non-rejected stance tags packed by app.vocabulary.pack_tag (see migration 0002),
    # maintained by a trigger on stance_tags; facets and tag filters read only this.
    tags: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger), server_default=sql("'{}'"))
    tsv: Mapped[Any] = mapped_column(
        TSVECTOR, Computed("to_tsvector('english'::regconfig, text)", persisted=True)
    )

    article: Mapped[Article] = relationship(back_populates="claims")
    actor: Mapped[Actor | None] = relationship()
    stance_tags: Mapped[list[StanceTag]] = relationship(
        back_populates="claim",
        order_by="StanceTag.topic_id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint("start_pos >= 0 AND start_pos < end_pos", name="span_is_ordered"),
        CheckConstraint(
            "provenance IN ('quote', 'reported', 'first-party', 'narration')",
            name="provenance_known",
        ),
        Index("ix_claims_article_id", "article_id"),
        Index("ix_claims_tsv", "tsv", postgresql_using="gin"),
        Index("ix_claims_tags", "tags", postgresql_using="gin"),
    )


class StanceTag(Base):
    __tablename__ = "stance_tags"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    stance: Mapped[Stance] = mapped_column(_pg_enum(Stance, "stance"))
    status: Mapped[TagStatus] = mapped_column(
        _pg_enum(TagStatus, "tag_status"), server_default=sql("'suggested'")
    )
    evidence: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    note: Mapped[str | None] = mapped_column(Text)
    disputed: Mapped[bool] = mapped_column(Boolean, server_default=sql("false"))
    version: Mapped[int] = mapped_column(Integer, server_default=sql("1"))
    # The topic's version when this tag was suggested or last decided; a trigger sets it
    # when a writer leaves it out, and on every change of stance or status.
    topic_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())

    claim: Mapped[Claim] = relationship(back_populates="stance_tags")
    topic: Mapped[Topic] = relationship()

    __table_args__ = (
        UniqueConstraint("claim_id", "topic_id", name="uq_stance_tags_claim_topic"),
        CheckConstraint("confidence IS NULL OR confidence BETWEEN 0 AND 1", name="confidence_0_1"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_stance_tags_topic_stance", "topic_id", "stance", "claim_id"),
        Index("ix_stance_tags_status_created", "status", "created_at"),
    )


class AnnotationEvent(Base):
    __tablename__ = "annotation_events"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    object_type: Mapped[str] = mapped_column(Text)
    object_id: Mapped[int] = mapped_column(BigInteger)
    claim_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    user: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_annotation_events_claim", "claim_id", "at"),
        Index("ix_annotation_events_object", "object_type", "object_id", "at"),
        Index("ix_annotation_events_user", "user_id", "at"),
    )


class FacetCount(Base):
    """Facet counts kept exact by triggers on claims; see the migration for the layout."""

    __tablename__ = "facet_counts"

    scope_topic: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    scope_stance: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    dim: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class ActorFacetCount(Base):
    """facet_counts for the claims of one actor; see the migration for the layout."""

    __tablename__ = "actor_facet_counts"

    scope_actor: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope_topic: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    scope_stance: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    dim: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class StanceVersion(Base):
    """One row counting writes to claims, actors and topics (see migration 0006)."""

    __tablename__ = "stance_version"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, server_default=sql("0"))

    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


class DataVersion(Base):
    """One row counting writes to everything the public pages show (see migration 0009)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, server_default=sql("0"))

    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


class _StanceCounts:
    """Tags per stance index (s0..s3) and confirmed tags per stance index (c0..c3)."""

    s0: Mapped[int] = mapped_column(Integer, server_default=sql("0"))
    s1: Mapped[int] = mapped_column(Integer, server_default=sql("0"))
    s2: Mapped[int] = mapped_column(Integer, server_default=sql("0"))
    s3: Mapped[int] = mapped_column(Integer, server_default=sql("0"))
    c0: Mapped[int] = mapped_column(Integer, server_default=sql("0"))
    c1: Mapped[int] = mapped_column(Integer, server_default=sql("0"))
    c2: Mapped[int] = mapped_column(Integer, server_default=sql("0"))
    c3: Mapped[int] = mapped_column(Integer, server_default=sql("0"))


class StanceDay(_StanceCounts, Base):
    """One actor's tags on one topic on one UTC day, kept by triggers (migration 0008)."""

    __tablename__ = "stance_days"

    actor_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    topic_id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kept: Mapped[int] = mapped_column(
        SmallInteger,
        Computed(
            "CASE WHEN c0 + c1 + c2 + c3 > 0"
            " THEN (c0 > 0)::int + 2 * (c1 > 0)::int + 4 * (c2 > 0)::int + 8 * (c3 > 0)::int"
            " ELSE (s0 > 0)::int + 2 * (s1 > 0)::int + 4 * (s2 > 0)::int + 8 * (s3 > 0)::int END",
            persisted=True,
        ),
    )
    prev_day: Mapped[dt.date | None] = mapped_column(Date)
    prev_kept: Mapped[int | None] = mapped_column(SmallInteger)


class StancePair(_StanceCounts, Base):
    """One actor's tags on one topic and the day its stance rests on (migration 0008)."""

    __tablename__ = "stance_pairs"

    actor_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    topic_id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    current_day: Mapped[dt.date | None] = mapped_column(Date)


# Indexes the claims list walks; declared here so autogenerate sees the same schema.
Index(
    "ix_claims_published",
    Claim.published_at.desc(),
    Claim.id,
    postgresql_include=["tags", "actor_id", "kind", "status"],
)
Index(
    "ix_claims_actor_published",
    Claim.actor_id,
    Claim.published_at.desc(),
    Claim.id,
    postgresql_include=["tags", "kind", "status"],
)
# Where the changes of stance are found (migration 0008).
Index("ix_stance_days_changes", StanceDay.day.desc(), postgresql_where=sql("prev_kept <> kept"))
Index(
    "ix_stance_days_topic_changes",
    StanceDay.topic_id,
    StanceDay.day.desc(),
    postgresql_where=sql("prev_kept <> kept"),
)
Index("uq_users_username_lower", func.lower(User.username), unique=True)
Index("uq_actors_name_lower", func.lower(Actor.name), unique=True)
Index("uq_actor_aliases_alias_lower", func.lower(ActorAlias.alias), unique=True)


class LoginThrottle(Base):
    """Failed logins per (username, address) or per address; see migration 0007."""

    __tablename__ = "login_throttles"

    scope: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, server_default=sql("0"))
    first_failure_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())
    last_failure_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())
    blocked_until: Mapped[dt.datetime | None] = mapped_column(TZ)

    __table_args__ = (CheckConstraint("scope IN ('user-address', 'address')", name="scope_known"),)


class ImportFailure(Base):
    """One address whose import failed, as editors see it on /imports."""

    __tablename__ = "import_failures"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    error: Mapped[str] = mapped_column(Text)
    permanent: Mapped[bool] = mapped_column(Boolean, server_default=sql("false"))
    attempts: Mapped[int] = mapped_column(Integer, server_default=sql("1"))
    first_failed_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())
    last_failed_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=func.now())
    next_retry_at: Mapped[dt.datetime | None] = mapped_column(TZ)

    __table_args__ = (CheckConstraint("attempts >= 1", name="attempts_positive"),)


Index("ix_import_failures_last_failed_at", ImportFailure.last_failed_at.desc())

"""What admins curate: topics, actors with their aliases, feed sources."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from app.models import Actor, ActorAlias, ActorKind, Claim, Source, SourceKind, Topic


def list_all_topics(session: Session, *, include_retired: bool = True) -> list[Topic]:
    """Return topics by name, retired ones too unless asked not to."""
    stmt = select(Topic).order_by(Topic.retired, Topic.name)
    if not include_retired:
        stmt = stmt.where(Topic.retired.is_(False))
    return list(session.scalars(stmt))


def get_topic_by_id(session: Session, topic_id: int) -> Topic | None:
    """Return one topic by id."""
    return session.get(Topic, topic_id)


def create_topic(
    session: Session, *, slug: str, name: str, proposition: str, description: str, cues: list[str]
) -> Topic:
    """Insert a topic; the unique slug and its format are checked by the database."""
    topic = Topic(slug=slug, name=name, proposition=proposition, description=description, cues=cues)
    session.add(topic)
    session.flush()
    return topic


def list_actors_with_counts(session: Session, *, limit: int = 500) -> list[tuple[Actor, int]]:
    """Return actors (with aliases) and their claim counts, most claims first."""
    counts = select(Claim.actor_id, func.count().label("n")).group_by(Claim.actor_id).subquery()
    stmt = (
        select(Actor, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.actor_id == Actor.id)
        .options(selectinload(Actor.aliases))
        .order_by(func.coalesce(counts.c.n, 0).desc(), Actor.name)
        .limit(limit)
    )
    return [(actor, int(n)) for actor, n in session.execute(stmt)]


def list_actor_choices(session: Session) -> list[Actor]:
    """Return every actor by name, for pickers."""
    return list(session.scalars(select(Actor).order_by(func.lower(Actor.name))))


def get_actor_by_id(session: Session, actor_id: int) -> Actor | None:
    """Return one actor with its aliases."""
    stmt = select(Actor).where(Actor.id == actor_id).options(selectinload(Actor.aliases))
    return session.scalars(stmt).first()


def find_actor_by_name(session: Session, name: str) -> Actor | None:
    """Return the actor whose name or alias is name, compared case-insensitively."""
    key = name.strip().lower()
    by_name = select(Actor).where(func.lower(Actor.name) == key)
    found = session.scalars(by_name).first()
    if found is not None:
        return found
    by_alias = select(Actor).join(ActorAlias).where(func.lower(ActorAlias.alias) == key)
    return session.scalars(by_alias).first()


def create_actor(session: Session, *, name: str, kind: ActorKind) -> Actor:
    """Insert an actor with a slug made unique from its name."""
    base = slugify(name) or "actor"
    taken = set(session.scalars(select(Actor.slug).where(Actor.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    actor = Actor(name=name, slug=slug, kind=kind)
    session.add(actor)
    session.flush()
    return actor


def add_alias(session: Session, *, actor_id: int, alias: str) -> ActorAlias:
    """Insert an alias; the case-insensitive unique index refuses duplicates."""
    row = ActorAlias(actor_id=actor_id, alias=alias)
    session.add(row)
    session.flush()
    return row


def move_claims(session: Session, *, from_actor: int, to_actor: int) -> list[int]:
    """Give every claim of one actor to another; return the moved claim ids."""
    stmt = (
        update(Claim)
        .where(Claim.actor_id == from_actor)
        .values(actor_id=to_actor)
        .returning(Claim.id)
    )
    return sorted(session.scalars(stmt))


def move_aliases(session: Session, *, from_actor: int, to_actor: int) -> list[str]:
    """Give every alias of one actor to another; return the aliases moved."""
    stmt = (
        update(ActorAlias)
        .where(ActorAlias.actor_id == from_actor)
        .values(actor_id=to_actor)
        .returning(ActorAlias.alias)
    )
    return sorted(session.scalars(stmt))


def list_sources(session: Session) -> list[Source]:
    """Return sources, failing ones first, then by title."""
    stmt = select(Source).order_by(
        Source.consecutive_failures.desc(), func.coalesce(Source.title, Source.url)
    )
    return list(session.scalars(stmt))


def get_source(session: Session, source_id: int) -> Source | None:
    """Return one source by id."""
    return session.get(Source, source_id)


def create_feed(session: Session, *, url: str, title: str | None, poll_interval_s: int) -> Source:
    """Insert a feed source; the unique URL is checked by the database."""
    source = Source(
        kind=SourceKind.feed, url=url, title=title, poll_interval_s=poll_interval_s, enabled=True
    )
    session.add(source)
    session.flush()
    return source


def slugify(value: str) -> str:
    """Return a lowercase ASCII kebab-case slug."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")

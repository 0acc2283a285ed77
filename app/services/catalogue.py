"""Admins' changes to topics, actors, sources and accounts, each recorded in the history."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Actor, ActorKind, Role, Source, Topic, User
from app.passwords import WeakPasswordError, hash_password
from app.queries import catalogue, history, users
from app.services.errors import Invalid, NotFound
from app.services.text import clean_line, clean_text

T = TypeVar("T")
MAX_NAME = 200
MAX_TEXT = 5000


def topic_snapshot(topic: Topic) -> dict[str, Any]:
    """Return the fields of a topic that admins change."""
    return {
        "slug": topic.slug,
        "name": topic.name,
        "proposition": topic.proposition,
        "description": topic.description,
        "cues": list(topic.cues),
        "retired": topic.retired,
    }


def create_topic(
    session: Session,
    *,
    user_id: int | None,
    slug: str,
    name: str,
    proposition: str,
    description: str = "",
    cues: list[str] | None = None,
) -> Topic:
    """Add a topic; its slug is permanent, everything else can change later."""
    slug = catalogue.slugify(slug or name)
    if not slug:
        raise Invalid("A topic needs a slug of letters, digits and hyphens.")
    values = _topic_values(name, proposition, description, cues or [])
    with _unique(session, "A topic with this slug already exists."):
        topic = catalogue.create_topic(session, slug=slug, **values)
    _record(session, user_id, "topic", topic.id, "create", None, topic_snapshot(topic))
    return topic


def update_topic(
    session: Session,
    *,
    user_id: int | None,
    topic_id: int,
    name: str,
    proposition: str,
    description: str,
    cues: list[str],
    retired: bool,
) -> Topic:
    """Rename a topic, edit its proposition and cue terms, retire or restore it."""
    topic = _get(catalogue.get_topic_by_id(session, topic_id), "topic")
    before = topic_snapshot(topic)
    for field, value in _topic_values(name, proposition, description, cues).items():
        setattr(topic, field, value)
    topic.retired = retired
    session.flush()
    _record(session, user_id, "topic", topic.id, "update", before, topic_snapshot(topic))
    return topic


def update_actor(
    session: Session, *, user_id: int | None, actor_id: int, name: str, kind: ActorKind
) -> Actor:
    """Rename an actor or change its kind (its slug stays, so links keep working)."""
    actor = _get(catalogue.get_actor_by_id(session, actor_id), "actor")
    before = {"name": actor.name, "kind": actor.kind.value}
    clean_name = _required(name, "name", MAX_NAME)
    with _unique(session, "Another actor already has this name."):
        actor.name, actor.kind = clean_name, kind
        session.flush()
    after = {"name": actor.name, "kind": actor.kind.value}
    _record(session, user_id, "actor", actor.id, "update", before, after)
    return actor


def add_actor_alias(session: Session, *, user_id: int | None, actor_id: int, alias: str) -> Actor:
    """Add another name the actor goes by."""
    actor = _get(catalogue.get_actor_by_id(session, actor_id), "actor")
    alias = _required(alias, "alias", MAX_NAME)
    with _unique(session, "This alias already belongs to an actor."):
        catalogue.add_alias(session, actor_id=actor.id, alias=alias)
    _record(session, user_id, "actor", actor.id, "alias", None, {"alias": alias})
    session.refresh(actor)
    return actor


def merge_actors(session: Session, *, user_id: int | None, from_id: int, into_id: int) -> Actor:
    """Move every claim and alias of one actor to another, keep its name as an alias."""
    if from_id == into_id:
        raise Invalid("Pick two different actors to merge.")
    source = _get(catalogue.get_actor_by_id(session, from_id), "actor")
    target = _get(catalogue.get_actor_by_id(session, into_id), "actor")
    gone: dict[str, Any] = {
        "id": source.id,
        "name": source.name,
        "slug": source.slug,
        "kind": source.kind.value,
    }
    claim_ids = catalogue.move_claims(session, from_actor=source.id, to_actor=target.id)
    aliases = catalogue.move_aliases(session, from_actor=source.id, to_actor=target.id)
    session.expire(source)  # its alias collection moved; do not cascade-delete it
    session.delete(source)
    session.flush()
    if catalogue.find_actor_by_name(session, gone["name"]) is None:
        catalogue.add_alias(session, actor_id=target.id, alias=gone["name"])
    after = {"merged": gone, "into": target.id, "aliases": aliases, "claims": len(claim_ids)}
    _record(session, user_id, "actor", target.id, "merge", None, after)
    # One event per moved claim, so each claim's own history says who it was before.
    history.record_claim_events(
        session,
        user_id=user_id,
        claim_ids=claim_ids,
        action="actor",
        before={"actor_id": gone["id"], "actor": gone["name"]},
        after={"actor_id": target.id, "actor": target.name, "via": "merge"},
    )
    session.refresh(target)
    return target


def add_feed(
    session: Session,
    *,
    user_id: int | None,
    url: str,
    title: str | None = None,
    poll_interval_s: int = 1800,
    allow_hosts: Sequence[str] = (),
) -> Source:
    """Register a feed for the importer to poll; refuse what the importer would refuse."""
    from app.importer.fetch import url_refusal  # local: keep httpx out of plain services

    url = clean_line(url)
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or len(url) > 2000:
        raise Invalid("A feed address must be an http or https URL.")
    problem = url_refusal(url, tuple(allow_hosts))
    if problem:
        raise Invalid(f"The importer would not fetch this address: {problem}.")
    if poll_interval_s < 60:
        raise Invalid("Poll a feed at most once a minute.")
    clean_title = clean_line(title or "")[:MAX_NAME] or None
    with _unique(session, "This feed is already registered."):
        source = catalogue.create_feed(
            session, url=url, title=clean_title, poll_interval_s=poll_interval_s
        )
    after = {"url": url, "title": clean_title, "poll_interval_s": poll_interval_s}
    _record(session, user_id, "source", source.id, "create", None, after)
    return source


def set_source_enabled(
    session: Session, *, user_id: int | None, source_id: int, enabled: bool
) -> Source:
    """Pause or resume polling a source."""
    source = _get(catalogue.get_source(session, source_id), "source")
    before = {"enabled": source.enabled}
    source.enabled = enabled
    session.flush()
    _record(
        session,
        user_id,
        "source",
        source.id,
        "enable" if enabled else "pause",
        before,
        {"enabled": enabled},
    )
    return source


def set_source_voice(
    session: Session, *, user_id: int | None, source_id: int, speaks_for: str
) -> Source:
    """Say whom a source's texts speak for ("Anthropic" for its news feed); blank: nobody,
    the extractor decides from each text."""
    source = _get(catalogue.get_source(session, source_id), "source")
    before = {"speaks_for": source.speaks_for}
    source.speaks_for = speaks_for.strip()[:200] or None
    session.flush()
    _record(
        session,
        user_id,
        "source",
        source.id,
        "set voice",
        before,
        {"speaks_for": source.speaks_for},
    )
    return source


def create_account(
    session: Session, *, user_id: int | None, username: str, password: str, role: Role
) -> User:
    """Make an account; the password is stored only as an Argon2 hash."""
    username = _required(username, "username", 100)
    password_hash = _hash(password)
    with _unique(session, f"There is already a user called {username}."):
        user = users.create_user(session, username=username, password_hash=password_hash, role=role)
    after = {"username": user.username, "role": role.value, "active": True}
    _record(session, user_id, "user", user.id, "create", None, after)
    return user


def update_account(
    session: Session,
    *,
    user_id: int | None,
    account_id: int,
    role: Role | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> User:
    """Change an account's role, enable or disable it, or set a new password."""
    user = _get(users.get_user(session, account_id), "user")
    before = {"role": user.role.value, "active": user.active}
    if password is not None:
        user.password_hash = _hash(password)
    user.role = role or user.role
    user.active = user.active if active is None else active
    session.flush()
    after = {
        "role": user.role.value,
        "active": user.active,
        "password_changed": password is not None,
    }
    _record(session, user_id, "user", user.id, "update", before, after)
    return user


def _topic_values(name: str, proposition: str, description: str, cues: list[str]) -> dict[str, Any]:
    clean_cues = sorted({clean_line(c).lower() for c in cues if clean_line(c)})
    if any(len(c) > MAX_NAME for c in clean_cues):
        raise Invalid(f"A cue term may have at most {MAX_NAME} characters.")
    return {
        "name": _required(name, "name", MAX_NAME),
        "proposition": _required(proposition, "proposition", MAX_TEXT),
        "description": clean_text(description)[:MAX_TEXT],
        "cues": clean_cues,
    }


def _required(value: str, field: str, limit: int) -> str:
    cleaned = clean_line(value)
    if not cleaned:
        raise Invalid(f"The {field} is required.")
    if len(cleaned) > limit:
        raise Invalid(f"The {field} may have at most {limit} characters.")
    return cleaned


def _hash(password: str) -> str:
    try:
        return hash_password(password)
    except WeakPasswordError as exc:
        raise Invalid(str(exc)) from None


def _get(row: T | None, what: str) -> T:
    if row is None:
        raise NotFound(f"No such {what}.")
    return row


@contextmanager
def _unique(session: Session, message: str) -> Iterator[None]:
    """Turn a unique violation into a message; the savepoint keeps the transaction usable."""
    try:
        with session.begin_nested():
            yield
    except IntegrityError as exc:
        raise Invalid(message) from exc


def _record(
    session: Session,
    user_id: int | None,
    object_type: str,
    object_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    history.record_event(
        session,
        user_id=user_id,
        object_type=object_type,
        object_id=object_id,
        action=action,
        before=before,
        after=after,
    )

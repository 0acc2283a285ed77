"""SQL of the importer: article identity, actors, COPY batches and the claim merge."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, text, update
from sqlalchemy.orm import Session

from app.extract.taxonomy import TopicSpec
from app.models import (
    Actor,
    ActorAlias,
    ActorKind,
    Article,
    Claim,
    ClaimKind,
    ClaimStatus,
    Source,
    Stance,
    StanceTag,
    TagStatus,
    Topic,
)
from app.vocabulary import pack_tag


def tag_code(topic_id: int, stance: str, status: str) -> int:
    """Return the claims.tags code of one tag (see migration 0002)."""
    return pack_tag(topic_id, stance, status == TagStatus.confirmed)


@dataclass(frozen=True)
class NewTag:
    """A stance tag to store on a claim."""

    topic_id: int
    stance: str
    status: str = "suggested"
    note: str | None = None
    evidence: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class NewClaim:
    """A claim to store on an article."""

    text: str
    start: int
    end: int
    actor_id: int | None
    kind: str | None
    tags: tuple[NewTag, ...] = ()
    status: str = "active"
    extractor_version: str | None = None
    provenance: str | None = None


@dataclass
class MergeResult:
    """What a claim merge did to one article."""

    inserted: int = 0
    deleted: int = 0
    kept: int = 0
    tags_changed: int = 0
    kept_ids: list[int] = field(default_factory=list)


def list_topic_ids(session: Session) -> dict[str, int]:
    """Return every topic's id by slug (retired ones too: old data refers to them)."""
    return {slug: tid for slug, tid in session.execute(select(Topic.slug, Topic.id))}


def list_topic_versions(session: Session) -> dict[int, int]:
    """Return every topic's proposition version by id."""
    return {tid: version for tid, version in session.execute(select(Topic.id, Topic.version))}


def list_actor_keys(session: Session) -> dict[str, int]:
    """Return actor ids by lower-cased name and alias."""
    keys = {name.lower(): aid for aid, name in session.execute(select(Actor.id, Actor.name))}
    for actor_id, alias in session.execute(select(ActorAlias.actor_id, ActorAlias.alias)):
        keys.setdefault(alias.lower(), actor_id)
    return keys


def slugify(name: str) -> str:
    """Return a kebab-case ASCII slug for a display name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:80] or "actor"


def upsert_actors(session: Session, actors: dict[str, str | None]) -> dict[str, int]:
    """Create actors (name -> kind) not yet known by name; return ids by lower-cased name."""
    out: dict[str, int] = {}
    # One order for every importer: two transactions inserting the same new names in
    # different orders would each wait on the other's unique-index entry (a deadlock).
    for name, kind in sorted(actors.items(), key=lambda item: (item[0].lower(), item[0])):
        out[name.lower()] = _upsert_actor(session, name, kind)
    return out


def _upsert_actor(session: Session, name: str, kind: str | None) -> int:
    found = session.scalar(
        select(Actor.id).where(text("lower(actors.name) = lower(:n)")).params(n=name)
    )
    if found is not None:
        return found
    alias = session.scalar(
        select(ActorAlias.actor_id).where(text("lower(actor_aliases.alias) = lower(:n)")),
        {"n": name},
    )
    if alias is not None:
        return alias
    base = slugify(name)
    taken = set(session.scalars(select(Actor.slug).where(Actor.slug.like(f"{base}%"))))
    candidates = itertools.chain([base], (f"{base}-{i}" for i in itertools.count(2)))
    slug = next(s for s in candidates if s not in taken)
    actor_kind = ActorKind(kind) if kind in {k.value for k in ActorKind} else ActorKind.other
    # ON CONFLICT: another importer may create the same actor at the same moment.
    stmt = text(
        "INSERT INTO actors (name, slug, kind) VALUES (:name, :slug, :kind) "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    new_id = session.scalar(stmt, {"name": name, "slug": slug, "kind": actor_kind.value})
    if new_id is None:
        new_id = session.scalar(
            text("SELECT id FROM actors WHERE lower(name) = lower(:n)"), {"n": name}
        )
    assert new_id is not None, f"actor {name!r} could not be created"
    return int(new_id)


def list_actor_specs(session: Session) -> list[tuple[str, str, tuple[str, ...]]]:
    """Return (name, kind, aliases) of every actor, for the extractor's gazetteer."""
    actors = session.scalars(select(Actor).order_by(Actor.id))
    return [(a.name, a.kind.value, tuple(al.alias for al in a.aliases)) for a in actors]


@dataclass(frozen=True)
class ExtractionCatalogue:
    """What the extractor takes from the database besides actors: the live taxonomy, and
    whom each source speaks for."""

    topics: tuple[TopicSpec, ...]
    speaks_for: dict[int, str]


def get_catalogue_stamp(session: Session) -> tuple[object, ...]:
    """A value that changes whenever a topic or a source's voice changes."""
    row = session.execute(
        text(
            "SELECT (SELECT count(*) FROM topics), (SELECT max(updated_at) FROM topics), "
            "(SELECT string_agg(id || '=' || speaks_for, ',' ORDER BY id) FROM sources "
            "WHERE speaks_for IS NOT NULL)"
        )
    ).one()
    return tuple(row)


def get_extraction_catalogue(session: Session) -> ExtractionCatalogue:
    """The topics editors keep (not retired), as the extractor's taxonomy, in id order."""
    topics = session.scalars(select(Topic).where(Topic.retired.is_(False)).order_by(Topic.id))
    specs = tuple(
        TopicSpec(
            t.slug,
            t.name,
            t.proposition,
            t.description,
            tuple(t.cues),
            factual=t.factual,
            restriction_opposes=t.restriction_opposes,
        )
        for t in topics
    )
    voices = session.execute(
        select(Source.id, Source.speaks_for).where(Source.speaks_for.is_not(None))
    )
    return ExtractionCatalogue(specs, {sid: who for sid, who in voices if who})


def get_article_ids_by_url(session: Session, urls: Sequence[str]) -> dict[str, int]:
    """Return ids of the articles whose url (or one of whose other urls) is in urls."""
    if not urls:
        return {}
    rows = session.execute(
        text("SELECT url, id FROM articles WHERE url = ANY(:urls)"), {"urls": list(urls)}
    )
    return {url: aid for url, aid in rows}


def find_article_to_import(
    session: Session, urls: Sequence[str], content_hash: str
) -> Article | None:
    """Return the article an import updates, locked: the one stored under any of urls
    (as its url or one of its other urls), else one with exactly this normalised text."""
    # One round trip for three indexed lookups. The CTE is materialised so that no
    # ORDER BY/LIMIT is pushed into the branches, where it would walk the primary key.
    found = session.scalar(
        text(
            "WITH found AS MATERIALIZED ("
            " SELECT 1 AS rank, id FROM articles WHERE url = ANY(CAST(:urls AS text[]))"
            " UNION ALL"
            " SELECT 2, id FROM articles WHERE other_urls && CAST(:urls AS text[])"
            " UNION ALL"
            " SELECT 3, id FROM articles WHERE content_hash = :hash"
            ") SELECT id FROM found ORDER BY rank, id LIMIT 1"
        ),
        {"urls": list(urls), "hash": content_hash},
    )
    if found is None:
        return None
    return session.scalar(select(Article).where(Article.id == found).with_for_update())


def list_other_urls(session: Session) -> dict[str, int]:
    """Return article ids by every secondary url (usually few)."""
    rows = session.execute(
        text("SELECT u, id FROM articles, unnest(other_urls) u WHERE other_urls <> '{}'")
    )
    return {u: aid for u, aid in rows}


def reserve_ids(session: Session, table: str, count: int) -> list[int]:
    """Take a block of count consecutive ids from table's identity sequence."""
    if count == 0:
        return []
    assert table in {"articles", "claims"}
    # One round trip for the whole block. Another writer's nextval() between our
    # nextval and setval would land inside the block; the primary key then refuses
    # one of the two inserts and the importer retries that batch, so nothing is lost.
    last = session.scalar(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"nextval(pg_get_serial_sequence('{table}', 'id')) + :n - 1)"
        ),
        {"n": count},
    )
    assert last is not None
    return list(range(int(last) - count + 1, int(last) + 1))


def copy_rows(
    session: Session, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Write rows into table with COPY, inside the session's transaction."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def update_article_fields(session: Session, article_id: int, **fields: Any) -> None:
    """Set fields of one article and bump updated_at."""
    session.execute(
        update(Article).where(Article.id == article_id).values(**fields, updated_at=text("now()"))
    )


def add_other_url(session: Session, article_id: int, url: str) -> None:
    """Remember url as another address of the article (once)."""
    session.execute(
        text(
            "UPDATE articles SET other_urls = array_append(other_urls, :u) "
            "WHERE id = :id AND url <> :u AND NOT (:u = ANY(other_urls))"
        ),
        {"u": url, "id": article_id},
    )


def _existing_claims(session: Session, article_id: int) -> list[Claim]:
    stmt = select(Claim).where(Claim.article_id == article_id).order_by(Claim.id)
    return list(session.scalars(stmt))


def _is_decided(claim: Claim) -> bool:
    # An editor's work: any confirmed/rejected tag, or the claim marked not-a-claim.
    return claim.status != ClaimStatus.active or any(
        t.status != TagStatus.suggested for t in claim.stance_tags
    )


def merge_claims(
    session: Session,
    article_id: int,
    claims: Sequence[NewClaim],
    *,
    published_at: dt.datetime,
    new_article: bool = False,
) -> MergeResult:
    """Replace an article's machine-made claims with claims, never touching editors' work.

    Claims carrying a decision are kept; a new claim with the same span merges into
    such a claim (its decided tags win over suggested ones, and only decided tags in
    the input change decided tags in the database). An article created in this
    transaction has no claims yet, so they are not looked up.
    """
    result = MergeResult()
    existing = _existing_claims(session, article_id) if not new_article else []
    kept = {(c.start_pos, c.end_pos, c.text): c for c in existing if _is_decided(c)}
    drop = [c.id for c in existing if not _is_decided(c)]
    if drop:
        session.execute(delete(Claim).where(Claim.id.in_(drop)))
        result.deleted = len(drop)
    added: list[NewClaim] = []
    for new in claims:
        old = kept.get((new.start, new.end, new.text))
        if old is not None:
            result.tags_changed += _merge_tags(session, old, new.tags)
            result.kept_ids.append(old.id)
            continue
        added.append(new)
    result.kept = len(kept)
    session.flush()
    _insert_claims(session, article_id, added, published_at)
    result.inserted = len(added)
    session.expire_all()
    return result


def _insert_claims(
    session: Session, article_id: int, claims: Sequence[NewClaim], published_at: dt.datetime
) -> None:
    """Insert new claims and their tags in two statements (one round trip each)."""
    if not claims:
        return
    claim_table, tag_table = cast(Table, Claim.__table__), cast(Table, StanceTag.__table__)
    ids = session.scalars(
        insert(claim_table).returning(claim_table.c.id, sort_by_parameter_order=True),
        [_claim_row(article_id, new, published_at) for new in claims],
    ).all()
    tags = [
        {
            "claim_id": claim_id,
            "topic_id": t.topic_id,
            "stance": Stance(t.stance),
            "status": TagStatus(t.status),
            "note": t.note,
            "evidence": t.evidence,
            "confidence": t.confidence,
        }
        for claim_id, new in zip(ids, claims, strict=True)
        for t in new.tags
    ]
    if tags:
        # With RETURNING, SQLAlchemy sends one multi-row INSERT; without it, one INSERT per
        # row, and the facet trigger would then run once per tag instead of once.
        session.scalars(insert(tag_table).returning(tag_table.c.id), tags).all()


def _claim_row(article_id: int, new: NewClaim, published_at: dt.datetime) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "text": new.text,
        "start_pos": new.start,
        "end_pos": new.end,
        "actor_id": new.actor_id,
        "kind": ClaimKind(new.kind) if new.kind else None,
        "status": ClaimStatus(new.status),
        "extractor_version": new.extractor_version,
        "provenance": new.provenance,
        "published_at": published_at,
        # Set here, as the bulk path does, so the tags trigger finds nothing to change and
        # the facet counts are updated once per statement rather than twice.
        "tags": sorted(
            tag_code(t.topic_id, t.stance, t.status) for t in new.tags if t.status != "rejected"
        ),
    }


def _merge_tags(session: Session, claim: Claim, tags: Sequence[NewTag]) -> int:
    by_topic = {t.topic_id: t for t in claim.stance_tags}
    changed = 0
    for tag in tags:
        old = by_topic.get(tag.topic_id)
        if old is None:
            claim.stance_tags.append(
                StanceTag(
                    topic_id=tag.topic_id,
                    stance=Stance(tag.stance),
                    status=TagStatus(tag.status),
                    note=tag.note,
                    evidence=tag.evidence,
                    confidence=tag.confidence,
                )
            )
            changed += 1
        elif _should_replace(old, tag):
            old.stance, old.status, old.note = Stance(tag.stance), TagStatus(tag.status), tag.note
            old.version += 1
            changed += 1
    return changed


def _should_replace(old: StanceTag, new: NewTag) -> bool:
    same = (old.stance.value, old.status.value, old.note) == (new.stance, new.status, new.note)
    if same:
        return False
    # A suggestion never overrides an editor's decision.
    return old.status == TagStatus.suggested or new.status != "suggested"

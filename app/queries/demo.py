"""What loading the demo data records beyond the import itself."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

# The demo file marks some tags confirmed: the project's own annotation when writing it.
# Each gets a 'confirm' event so the history explains every confirmed tag; user_id stays
# NULL (no account made it), which also keeps these out of the editors' agreement figures.
_RECORD = text("""
INSERT INTO annotation_events (user_id, object_type, object_id, claim_id, action, before, after)
SELECT NULL, 'stance_tag', t.id, t.claim_id, 'confirm', NULL,
       jsonb_build_object('topic_id', t.topic_id, 'stance', t.stance::text,
                          'status', 'confirmed', 'disputed', t.disputed, 'version', t.version,
                          'note', CAST(:note AS text), 'decided_by', NULL)
  FROM stance_tags t JOIN claims c ON c.id = t.claim_id JOIN articles a ON a.id = c.article_id
 WHERE t.status = 'confirmed' AND a.url LIKE 'urn:govclaims:demo:%'
   AND NOT EXISTS (SELECT 1 FROM annotation_events e
                    WHERE e.object_type = 'stance_tag' AND e.object_id = t.id)
""")

DEMO_NOTE = "confirmed by the govclaims project when it wrote the demo data"


def record_demo_decisions(session: Session) -> int:
    """Give every confirmed demo tag without a history a 'confirm' event; return how many."""
    result = session.execute(_RECORD, {"note": DEMO_NOTE})
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class Evidence:
    """What the extractor said about one tag of one demo claim."""

    url: str
    start: int
    end: int
    topic: str
    text: str


_EVIDENCE = text("""
UPDATE stance_tags t SET evidence = CAST(:evidence AS text)
  FROM claims c, articles a, topics p
 WHERE c.id = t.claim_id AND a.id = c.article_id AND p.id = t.topic_id
   AND a.url = :url AND c.start_pos = :start AND c.end_pos = :end AND p.slug = :topic
   AND t.evidence IS NULL
""")


def set_demo_evidence(session: Session, rows: Iterable[Evidence]) -> int:
    """Fill in the extractor's evidence on demo tags that have none; return how many."""
    done = 0
    for row in rows:
        params = {"evidence": row.text[:2000], "url": row.url, "start": row.start}
        result = session.execute(_EVIDENCE, {**params, "end": row.end, "topic": row.topic})
        done += int(getattr(result, "rowcount", 0) or 0)
    return done

"""Stance tallies stay exact through bulk imports and editors writing at the same time."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_session_factory, retrying
from app.importer.bulk import BulkImporter
from app.models import StanceTag
from app.services import annotation
from app.vocabulary import STANCES, Stance, TagStatus
from tests.factories import make_user
from tests.queries.stance_recount import maintained, recount

SPEAKERS = [f"Speaker Number{n:02d} of Testland" for n in range(12)]


@pytest.fixture
def sessions(committing_db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = create_engine(committing_db_url, pool_size=6)
    yield make_session_factory(engine)
    engine.dispose()


def _lines(prefix: str, articles: int) -> list[str]:
    """Articles over a few days, each with two speakers taking stances that vary."""
    lines = []
    for n in range(articles):
        names = [SPEAKERS[(n + k) % len(SPEAKERS)] for k in (0, 5)]
        sentences = [f"{name} said labs should pause frontier AI." for name in names]
        day = dt.date(2025, 5, 1) + dt.timedelta(days=n % 9)
        lines.append(
            json.dumps(
                {
                    "format": "claims-jsonl/1",
                    "url": f"https://{prefix}.example.org/{n}",
                    "title": f"{prefix} {n}",
                    "published_at": f"{day.isoformat()}T{n % 24:02d}:00:00Z",
                    "text": " ".join(sentences),
                    "claims": [
                        {
                            "text": s,
                            "actor": name,
                            "topics": [
                                {"topic": "pause-mechanism", "stance": STANCES[(n + k) % 4]}
                            ],
                        }
                        for k, (s, name) in enumerate(zip(sentences, names, strict=True))
                    ],
                }
            )
        )
    return lines


def test_a_bulk_import_leaves_the_tallies_equal_to_the_definition(sessions):
    summary = BulkImporter(sessions, batch_size=7).run(_lines("one", 60))
    assert summary.imported == 60
    with sessions() as session:
        assert maintained(session) == recount(session)


def test_two_importers_and_an_editor_at_once_leave_the_tallies_exact(sessions):
    BulkImporter(sessions, batch_size=50).run(_lines("seed", 50))
    with sessions() as session:
        editor = make_user(session, role="editor")
        session.commit()
        tag_ids = list(session.scalars(select(StanceTag.id).order_by(StanceTag.id)))
    errors: list[BaseException] = []

    def importing(prefix: str) -> None:
        try:
            BulkImporter(sessions, batch_size=5).run(_lines(prefix, 150))
        except BaseException as exc:
            errors.append(exc)

    def deciding() -> None:
        def decide(tag_id: int, n: int) -> None:
            with sessions() as session:
                tag = session.get(StanceTag, tag_id)
                assert tag is not None and tag.status == TagStatus.suggested
                annotation.decide_tag(
                    session,
                    user_id=editor.id,
                    tag_id=tag_id,
                    expected_version=tag.version,
                    stance=Stance(STANCES[n % 4]),
                    reject=n % 5 == 0,
                )
                session.commit()

        try:
            for n, tag_id in enumerate(tag_ids):
                retrying(lambda tag_id=tag_id, n=n: decide(tag_id, n))
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=importing, args=("a",)),
        threading.Thread(target=importing, args=("b",)),
        threading.Thread(target=deciding),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors[0]
    with sessions() as session:
        assert maintained(session) == recount(session)
        decided = session.scalar(
            select(StanceTag.id).where(StanceTag.status != TagStatus.suggested).limit(1)
        )
    assert decided is not None

"""The extractor's evidence for the demo file's hand-made tags (pure: no I/O, no database)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from app.extract.model import Article
from app.extract.pipeline import extract
from app.queries.demo import Evidence


def find_evidence(lines: Iterable[str]) -> Iterator[Evidence]:
    """Yield the extractor's evidence for each demo tag it agrees with (same topic and stance).

    A tag the extractor reads differently gets none: its evidence would argue for another
    stance than the one the project gave it.
    """
    for line in lines:
        record = json.loads(line)
        article = Article(
            record["text"],
            record.get("title"),
            record["url"],
            outlet=record.get("outlet"),
            authors=tuple(record.get("authors") or ()),
        )
        found = extract(article)
        for claim in record["claims"]:
            overlapping = [c for c in found if c.start < claim["end"] and claim["start"] < c.end]
            said = {(s.topic, s.stance): s.evidence for c in overlapping for s in c.topics}
            for tag in claim["topics"]:
                evidence = said.get((tag["topic"], tag["stance"]))
                if evidence:
                    yield Evidence(
                        record["url"], claim["start"], claim["end"], tag["topic"], evidence
                    )

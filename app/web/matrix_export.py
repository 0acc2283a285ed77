"""The actor x topic matrix as CSV rows and as JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.queries.stance_views import Matrix


def csv_rows(matrix: Matrix) -> Iterator[list[str]]:
    """Yield the header, then one row per actor: per topic its stance, basis and date."""
    header = ["actor", "slug", "kind", "claims"]
    for t in matrix.topics:
        header += [t.slug, f"{t.slug}_basis", f"{t.slug}_date"]
    yield header
    for a in matrix.actors:
        row = [_defuse(a.name), a.slug, a.kind, str(matrix.claims[a.id])]
        for t in matrix.topics:
            cell = matrix.cell(a.id, t.id)
            if cell is None:
                row += ["", "", ""]
                continue
            now = cell.current
            basis = "confirmed" if now.confirmed else "suggested"
            row += [now.stance, basis, now.day.isoformat()]
        yield row


def as_json(matrix: Matrix) -> dict[str, Any]:
    """Return the matrix as topics and actors with a cell per topic they have a stance on."""
    return {
        "rules": "/help/stances",
        "topics": [
            {"slug": t.slug, "name": t.name, "proposition": t.proposition} for t in matrix.topics
        ],
        "actors": [
            {
                "name": a.name,
                "slug": a.slug,
                "kind": a.kind,
                "claims": matrix.claims[a.id],
                "stances": {
                    t.slug: _cell(matrix, a.id, t.id)
                    for t in matrix.topics
                    if matrix.cell(a.id, t.id)
                },
            }
            for a in matrix.actors
        ],
    }


def _cell(matrix: Matrix, actor_id: int, topic_id: int) -> dict[str, Any]:
    cell = matrix.cells[(actor_id, topic_id)]
    now = cell.current
    return {
        "stance": now.stance,
        "confirmed": now.confirmed,
        "split": now.split,
        "date": now.day.isoformat(),
        "claim_ids": list(now.claim_ids),
        "claims": cell.claims,
    }


def _defuse(cell: str) -> str:
    # A leading =, +, -, @ makes spreadsheets evaluate the cell as a formula.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell

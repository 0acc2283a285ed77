"""Right answers for the research views: what the pages show against the stance rules
applied from scratch to every tag in the database (app/queries/stances.py, without the
maintained tallies the pages read)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import httpx
import lxml.etree
import lxml.html
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from app.models import Actor, Topic
from app.queries import stances

TOPIC = "pause-mechanism"  # the topic page the benchmark loads
ATOM = "{http://www.w3.org/2005/Atom}"

Entry = tuple[str, str, str, str, str]  # actor slug, topic slug, before, after, later day


@dataclass(frozen=True)
class Expected:
    """The stances and changes the research views must show."""

    cells: dict[tuple[str, str], str]  # (actor slug, topic slug) -> current stance
    changes: list[Entry]  # newest first


def expected(database_url: str) -> Expected:
    """Work out every current stance and change from every tag (takes a while at scale)."""
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            actors = dict(session.execute(select(Actor.id, Actor.slug)).all())
            topics = dict(session.execute(select(Topic.id, Topic.slug)).all())
            pairs = stances.by_pair(stances.list_tag_rows(session))
    finally:
        engine.dispose()
    cells = {
        (actors[a], topics[t]): stances.current_stance(rows).current.stance
        for (a, t), rows in pairs.items()
    }
    found = [c for rows in pairs.values() for c in stances.find_changes(rows)]
    found.sort(key=stances.change_order, reverse=True)
    changes = [
        (
            actors[c.actor_id],
            topics[c.topic_id],
            c.before.stance,
            c.after.stance,
            c.after.day.isoformat(),
        )
        for c in found[:200]
    ]
    return Expected(cells, changes)


def check(name: str, body: str, want: Expected) -> list[str]:
    """Return the differences between a research view's answer and the expected one."""
    if name == "changes feed":
        got = _feed_entries(body)
        if got != want.changes[: len(got)] or not got:
            return [f"changes feed: {len(got)} entries, first differing from the rules' newest"]
        return []
    doc = lxml.html.fromstring(body)
    if name == "matrix":
        shown = {
            (tr.get("data-actor"), td.get("data-topic")): td.get("data-stance")
            for tr in doc.xpath("//table[contains(@class, 'stance-matrix')]/tbody/tr")
            for td in tr.xpath("td[@data-topic]")
            if td.get("data-stance")
        }
        rows = doc.xpath("//table[contains(@class, 'stance-matrix')]/tbody/tr")
        actors = {tr.get("data-actor") for tr in rows}
        topics = {td.get("data-topic") for tr in rows for td in tr.xpath("td[@data-topic]")}
        wanted = {k: v for k, v in want.cells.items() if k[0] in actors and k[1] in topics}
    else:
        shown = {
            (tr.get("data-actor"), TOPIC): tr.get("data-stance")
            for tr in doc.xpath("//table[contains(@class, 'topic-actors')]/tbody/tr")
        }
        # the page may list the busiest actors only; each one listed must be right
        wanted = {k: v for k, v in want.cells.items() if k in shown}
    if not shown:
        return [f"{name}: no stance found on the page"]
    wrong = sorted(k for k in wanted.keys() | shown.keys() if wanted.get(k) != shown.get(k))
    return [f"{name}: {len(wrong)} cells differ from the rules, e.g. {wrong[:3]}"] if wrong else []


def _feed_entries(body: str) -> list[Entry]:
    root = lxml.etree.fromstring(body.encode())
    out = []
    for entry in root.iter(f"{ATOM}entry"):
        actor, topic, day = entry.findtext(f"{ATOM}id", "").rsplit("/", 3)[1:]
        before, after = entry.findtext(f"{ATOM}title", "").rsplit(": ", 1)[1].split(" → ")
        out.append((actor, topic, before, after, day))
    return out


def cold_ms(url: str, database_url: str, times: int = 3) -> float:
    """Return the median latency of a request made right after a write to claims.

    A write moves the stance version on, so every process recomputes instead of answering
    from its cache: the latency a reader sees while imports and editors are at work.
    """
    engine = create_engine(database_url)
    spent = []
    try:
        with httpx.Client(timeout=120) as client:
            for _ in range(times):
                with engine.begin() as conn:  # an empty write still counts as one
                    conn.execute(text("UPDATE claims SET status = status WHERE false"))
                started = time.perf_counter()
                client.get(url)
                spent.append((time.perf_counter() - started) * 1000)
    finally:
        engine.dispose()
    return round(statistics.median(spent), 1)

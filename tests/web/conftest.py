"""Route-test data: a small, known set of claims over a few actors and topics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.orm import Session

from app.models import Actor, Article, Claim
from tests.factories import make_actor, make_article, make_claim


@dataclass
class Seeded:
    """The rows a route test can point at."""

    anthropic: Actor
    openai: Actor
    article: Article
    pause_claim: Claim
    oversight_claim: Claim
    later_pause_claim: Claim
    untagged_claim: Claim


ARTICLE_TEXT = (
    "Anthropic is calling for a global mechanism to pause frontier AI development. "
    "OpenAI said humans must keep oversight of advanced systems. "
    "The weather was mild."
)


@pytest.fixture
def seeded(db: Session) -> Seeded:
    """Make two actors, one article with three claims, and a later article changing stance."""
    anthropic = make_actor(db, name="Anthropic", slug="anthropic")
    openai = make_actor(db, name="OpenAI", slug="openai")
    article = make_article(
        db,
        title="Labs on pausing AI",
        outlet="Example News",
        text=ARTICLE_TEXT,
        published_at=dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC),
    )
    pause = make_claim(
        db,
        article=article,
        actor_id=anthropic.id,
        text="Anthropic is calling for a global mechanism to pause frontier AI development",
        tags=[
            ("pause-mechanism", "supports", "confirmed"),
            ("international-governance", "supports"),
        ],
    )
    oversight = make_claim(
        db,
        article=article,
        actor_id=openai.id,
        kind="assertion",
        text="OpenAI said humans must keep oversight of advanced systems",
        tags=[("human-oversight", "supports")],
    )
    untagged = make_claim(db, article=article, text="The weather was mild")
    later = make_claim(
        db,
        actor_id=anthropic.id,
        article=make_article(
            db,
            title="Anthropic changes course",
            text="Anthropic now opposes an immediate pause of AI work.",
            published_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
        ),
        text="Anthropic now opposes an immediate pause of AI work",
        tags=[("pause-mechanism", "opposes")],
    )
    return Seeded(anthropic, openai, article, pause, oversight, later, untagged)


def html(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    """Parse a response body as HTML."""
    return BeautifulSoup(response.text, "html.parser")

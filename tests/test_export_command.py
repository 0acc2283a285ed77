"""`govclaims export`: the web's filter on the command line, and a full backup without one."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from app.queries.export import export_filter, iter_claims_jsonl
from tests.factories import make_actor, make_article, make_claim

ROOT = Path(__file__).resolve().parents[1]


def _export(url: str, *args: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GOVCLAIMS_")}
    environ["DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "app", "export", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _seed(session: Session) -> None:
    lab = make_actor(session, name="Example Lab", slug="example-lab")
    old = make_article(session, published_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    make_claim(session, article=old, actor_id=lab.id, tags=[("pause-mechanism", "supports")])
    new = make_article(session, published_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    make_claim(session, article=new, actor_id=lab.id, tags=[("pause-mechanism", "supports")])
    make_claim(session, tags=[("pause-mechanism", "opposes")])
    make_article(session, text="An article without claims.")


def test_the_command_filters_as_the_web_does_and_backs_up_everything_without_filters(
    committing_db_url,
):
    engine = create_engine(committing_db_url)
    with Session(engine) as session:
        _seed(session)
        session.commit()
        flt = export_filter(
            session, actors=["EXAMPLE LAB"], stances=["supports"], since=dt.date(2026, 10, 1)
        )
        expected = list(iter_claims_jsonl(session, flt))
    engine.dispose()
    filtered = _export(
        committing_db_url, "--actor", "example-lab", "--stance", "supports", "--since", "2026-10-01"
    )
    everything = _export(committing_db_url)
    assert filtered.returncode == 0, filtered.stderr
    assert filtered.stdout.splitlines() == expected
    assert len(expected) == 1 and json.loads(expected[0])["published_at"].startswith("2026-11-01")
    assert len(everything.stdout.splitlines()) == 4


def test_the_command_refuses_an_unknown_stance(committing_db_url):
    result = _export(committing_db_url, "--stance", "loves")
    assert result.returncode != 0
    assert "loves" in result.stderr and "supports" in result.stderr

"""The extractor on the development set of real texts (../shared/data/dev), and the
project's scorer agreeing with the shared one.

The texts are copyrighted and live only beside the project; without them these tests skip.
The floors are the issue's bars (claims 0.80, actor 0.85, topics 0.80, stance 0.80, kind
0.75), which today's extractor meets, so that a change which makes real texts worse fails.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.extraction_quality import Tally, extract_record, score_text

SHARED = Path(__file__).parents[3] / "shared"
DEV = SHARED / "data" / "dev" / "gold.jsonl"
SCORER = SHARED / "eval" / "score.py"
FLOOR = {"claims_f1": 0.80, "actor": 0.85, "topics_f1": 0.80, "stance": 0.80, "kind": 0.75}

needs_dev_set = pytest.mark.skipif(
    not (DEV.exists() and SCORER.exists()), reason="../shared/data/dev is not beside the project"
)


@pytest.fixture(scope="module")
def dev_predictions(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], Path]:
    golds = [json.loads(line) for line in DEV.read_text("utf-8").splitlines() if line]
    preds = [extract_record(g) for g in golds]
    path = tmp_path_factory.mktemp("dev") / "pred.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    return golds, path


@needs_dev_set
def test_the_development_set_scores_at_least_todays_figures(dev_predictions) -> None:
    golds, path = dev_predictions
    preds = {p["url"]: p for p in map(json.loads, path.read_text("utf-8").splitlines())}
    total = Tally()
    for gold in golds:
        total.add(score_text(gold, preds[gold["url"]]))
    figures = total.figures()
    assert {k: v for k, v in figures.items() if k in FLOOR and v < FLOOR[k]} == {}, figures


@needs_dev_set
def test_our_scorer_gives_the_shared_scorers_figures(dev_predictions) -> None:
    golds, path = dev_predictions
    shared = json.loads(
        subprocess.run(
            [sys.executable, str(SCORER), str(DEV), str(path), "--json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    preds = {p["url"]: p for p in map(json.loads, path.read_text("utf-8").splitlines())}
    total = Tally()
    for gold in golds:
        total.add(score_text(gold, preds[gold["url"]]))
    ours = total.figures()
    assert ours["claims_f1"] == shared["claims"]["f1"]
    assert ours["actor"] == shared["actor_accuracy"]
    assert ours["topics_f1"] == shared["topics"]["f1"]
    assert ours["stance"] == shared["stance_accuracy"]
    assert ours["kind"] == shared["kind_accuracy"]

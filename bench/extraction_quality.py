"""Score the extractor against a gold claims-jsonl/1 file: overall, per text, and the
commonest errors.

Each gold line is fed to the extractor as an article (url, title, outlet, authors,
published_at, text; its claims are not shown to it), and the output is scored with the
matching rules of the shared evaluation script (`shared/eval/score.py`): a predicted
claim matches a gold claim when their spans overlap by at least half of the gold span;
optional gold claims neither count as misses nor make a matching prediction an extra.

    .venv/bin/python bench/extraction_quality.py ../shared/data/dev/gold.jsonl
    .venv/bin/python bench/extraction_quality.py GOLD.jsonl --errors 40 --text news-03
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.extract.interchange import article_record  # noqa: E402
from app.extract.model import Article  # noqa: E402
from app.extract.pipeline import extract  # noqa: E402

Span = tuple[int, int]


@dataclass
class Tally:
    """Counts behind the five figures; added up per text and over the whole file."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    actor_ok: int = 0
    kind_ok: int = 0
    kind_n: int = 0
    topic_tp: int = 0
    topic_fp: int = 0
    topic_fn: int = 0
    stance_ok: int = 0
    stance_n: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name != "errors":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def figures(self) -> dict[str, float]:
        p, r = _ratio(self.tp, self.tp + self.fp), _ratio(self.tp, self.tp + self.fn)
        tp, tr = (
            _ratio(self.topic_tp, self.topic_tp + self.topic_fp),
            _ratio(self.topic_tp, self.topic_tp + self.topic_fn),
        )
        return {
            "claims_f1": _f1(p, r),
            "precision": p,
            "recall": r,
            "actor": _ratio(self.actor_ok, self.tp),
            "topics_f1": _f1(tp, tr),
            "stance": _ratio(self.stance_ok, self.stance_n),
            "kind": _ratio(self.kind_ok, self.kind_n),
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


def _span(claim: dict[str, Any], text: str) -> Span | None:
    start, end = claim.get("start"), claim.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return start, end
    i = text.find(claim.get("text") or "\0")
    return (i, i + len(claim["text"])) if i >= 0 else None


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _words(name: str) -> set[str]:
    return set(re.findall(r"[\w'’-]+", name.lower())) - {"the", "and", "of"}


def same_actor(gold: str | None, pred: str | None) -> bool:
    """Equal names, or every word of the shorter is in the longer ("Amodei" ~ "Dario Amodei")."""
    if gold and pred and " ".join(gold.lower().split()) == " ".join(pred.lower().split()):
        return True
    if not gold or not pred:
        return not gold and not pred
    a, b = _words(gold), _words(pred)
    return bool(a and b) and (a <= b or b <= a)


def score_text(gold: dict[str, Any], pred: dict[str, Any]) -> Tally:
    """Match one text's predicted claims to its gold claims and count what agrees."""
    text, t = gold["text"], Tally()
    golds = [(c, _span(c, text)) for c in gold["claims"]]
    preds = [(c, _span(c, text)) for c in pred.get("claims", [])]
    pairs = sorted(
        (
            (_overlap(gs, ps), gi, pi)
            for gi, (_, gs) in enumerate(golds)
            for pi, (_, ps) in enumerate(preds)
            if gs and ps and _overlap(gs, ps) * 2 >= gs[1] - gs[0]
        ),
        reverse=True,
    )
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    for gi, (gc, _) in enumerate(golds):
        if gi not in matched:
            if not gc.get("optional"):
                t.fn += 1
                t.errors.append(("missed claim", gc["text"][:110]))
            continue
        if gc.get("optional"):
            continue
        pc = preds[matched[gi]][0]
        t.tp += 1
        if same_actor(gc.get("actor"), pc.get("actor")):
            t.actor_ok += 1
        else:
            t.errors.append(
                ("wrong actor", f"{pc.get('actor')!r} for {gc.get('actor')!r}: {gc['text'][:70]}")
            )
        if gc.get("kind"):
            t.kind_n += 1
            if gc["kind"] == pc.get("kind"):
                t.kind_ok += 1
            else:
                t.errors.append((f"kind {pc.get('kind')} for {gc['kind']}", gc["text"][:90]))
        want = {x["topic"]: x["stance"] for x in gc.get("topics", [])}
        got = {x["topic"]: x.get("stance") for x in pc.get("topics", [])}
        t.topic_tp += len(want.keys() & got.keys())
        t.topic_fp += len(got.keys() - want.keys())
        t.topic_fn += len(want.keys() - got.keys())
        for topic in got.keys() - want.keys():
            t.errors.append(("extra topic", f"{topic}: {gc['text'][:80]}"))
        for topic in want.keys() - got.keys():
            t.errors.append(("missed topic", f"{topic}: {gc['text'][:80]}"))
        for topic in want.keys() & got.keys():
            t.stance_n += 1
            if want[topic] == got[topic]:
                t.stance_ok += 1
            else:
                t.errors.append(
                    (f"stance {got[topic]} for {want[topic]}", f"{topic}: {gc['text'][:80]}")
                )
    for pi, (pc, _) in enumerate(preds):
        if pi not in used:
            t.fp += 1
            t.errors.append(("extra claim", f"{pc.get('actor')!r}: {pc.get('text', '')[:90]}"))
    return t


def extract_record(gold: dict[str, Any]) -> dict[str, Any]:
    """Run the extractor on a gold line's article, showing it none of the gold claims."""
    article = Article(
        text=gold["text"],
        title=gold.get("title"),
        url=gold.get("url"),
        outlet=gold.get("outlet"),
        authors=tuple(gold.get("authors") or ()),
    )
    return article_record(
        url=gold["url"], title=gold.get("title") or "", text=gold["text"], claims=extract(article)
    )


def _label(gold: dict[str, Any]) -> str:
    return gold["url"].rstrip("/").rsplit("/", 1)[-1][:38]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, help="gold claims-jsonl/1 file")
    parser.add_argument("--errors", type=int, default=12, help="examples of each error type")
    parser.add_argument("--text", help="only texts whose url contains this")
    parser.add_argument("--json", action="store_true", help="print the overall figures as JSON")
    args = parser.parse_args(argv)
    golds = [json.loads(line) for line in args.gold.read_text("utf-8").splitlines() if line]
    if args.text:
        golds = [g for g in golds if args.text in g["url"]]
    total, rows = Tally(), []
    started = time.perf_counter()
    for gold in golds:
        tally = score_text(gold, extract_record(gold))
        total.add(tally)
        rows.append((_label(gold), tally))
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps(total.figures()))
        return 0
    print(f"{'text':38}  claims  actor  topics  stance  kind   tp  fp  fn")
    for label, tally in rows:
        f = tally.figures()
        print(
            f"{label:38}  {f['claims_f1']:6.2f} {f['actor']:6.2f} {f['topics_f1']:7.2f}"
            f" {f['stance']:7.2f} {f['kind']:5.2f} {tally.tp:4} {tally.fp:3} {tally.fn:3}"
        )
    f = total.figures()
    print(
        f"\nall {len(golds)} texts: claims F1 {f['claims_f1']} (P {f['precision']}, "
        f"R {f['recall']}) | actor {f['actor']} | topics F1 {f['topics_f1']} | "
        f"stance {f['stance']} | kind {f['kind']}   ({elapsed:.1f} s)"
    )
    kinds = Counter(kind for kind, _ in total.errors)
    print("\ncommonest errors:")
    for kind, count in kinds.most_common():
        print(f"  {count:4}  {kind}")
        for _, example in [e for e in total.errors if e[0] == kind][: args.errors]:
            print(f"          {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

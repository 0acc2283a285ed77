"""Print how many 1,000-word articles the extractor handles per second on one core.

Three workloads: generated articles in which three sentences of every four are attributed
governance claims (about twice the claim density of real reporting, so a worst case),
the founding seed article from ../shared (real reporting), and the 23 real texts of the
development set (government, news, lab posts, essays), each scaled to 1,000 words.

Usage: python bench/extract_speed.py [ARTICLES]
"""

import random
import sys
import time
from pathlib import Path

from app.extract import Article, extract

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed-article.txt"
DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "texts"

_SUBJECTS = [
    "Anthropic",
    "OpenAI",
    "The company",
    "Yoshua Bengio",
    "The UK Government",
    "Critics",
    "She",
    "The European Commission",
    "Officials",
    "Jane Doe",
]
_VERBS = [
    "said",
    "warned",
    "argued",
    "is calling for",
    "believes",
    "told reporters",
    "does not support",
    "rejected",
]
_CONTENT = [
    "a global mechanism to pause frontier AI development if danger signals emerge",
    "that recursive self-improvement is happening faster than expected",
    "binding national regulation of frontier AI models",
    "independent audits and red-teaming before any release",
    "export controls on advanced chips and compute thresholds",
    "that open weights make AI models safer for everyone",
    "that labs should be held liable for harms caused by their systems",
    "that the race with China leaves no room for a pause",
]
_FILLER = (
    "The meeting took place in a crowded hall on Tuesday afternoon, and several "
    "delegations arrived late because of the weather."
)


def article(rng: random.Random, words: int = 1000) -> str:
    """Make an AI-governance article of about the given number of words."""
    paragraphs, count = [], 0
    while count < words:
        sentences = [
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_CONTENT)}."
            for _ in range(3)
        ] + [_FILLER]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "AI governance briefing\n\n" + "\n\n".join(paragraphs)


def main(argv: list[str]) -> None:
    """Time extraction over both workloads and print articles per second."""
    n = int(argv[0]) if argv else 300
    rng = random.Random(7)
    articles = [article(rng) for _ in range(n)]
    _report("generated (dense)", articles)
    if SEED.exists():
        _report("seed article (real)", [SEED.read_text(encoding="utf-8")] * n)
    else:
        print(f"seed article: {SEED} not found, skipped")
    if DEV.exists():
        texts = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
        _report("development set (23 real texts)", [texts[i % len(texts)] for i in range(n)])
    else:
        print(f"development set: {DEV} not found, skipped")


def _report(label: str, articles: list[str]) -> None:
    extract(Article(articles[0]))  # warm the compiled cue and gazetteer caches
    n = len(articles)
    started, cpu_started = time.perf_counter(), time.process_time()
    claims = sum(len(extract(Article(text))) for text in articles)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    words = sum(len(a.split()) for a in articles) / n
    per_thousand = words / 1000
    # CPU time is what one core gives when the machine is shared; wall time is shown too.
    print(
        f"{label}: {n * per_thousand / cpu:.1f} 1,000-word articles/s of CPU time, "
        f"{n * per_thousand / elapsed:.1f} wall ({words:.0f} words and "
        f"{claims / n:.1f} claims per article)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])

"""The extractor under threads and hostile input."""

import time
from concurrent.futures import ThreadPoolExecutor

from app.extract import MAX_CLAIMS, Article, extract
from tests.extract.helpers import AI_LEAD

_SENTENCES = [
    "Anthropic is calling for a global pause on frontier AI development.",
    "Critics said a moratorium would be impossible to enforce.",
    "The European Commission will require independent audits of AI models.",
    "Yoshua Bengio warned that loss of control is a real risk.",
    "OpenAI said it would publish its safety framework and system cards.",
    "Officials argued that export controls on chips should be tightened.",
]


def _article(n: int) -> Article:
    # Each article a different mix and order, so that threads stem and tag different words.
    body = " ".join(_SENTENCES[(n + i) % len(_SENTENCES)] for i in range(n % 5 + 2))
    return Article(AI_LEAD + f"Report {n}. " + body, title=f"Report {n}")


def _summary(article: Article) -> list[tuple]:
    return [(c.start, c.end, c.actor, c.kind, c.provenance, c.topics) for c in extract(article)]


def test_four_threads_extract_exactly_what_one_thread_does() -> None:
    articles = [_article(n) for n in range(300)]
    alone = [_summary(a) for a in articles]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(_summary, articles))
    assert together == alone
    assert sum(map(len, alone)) > 600


def test_one_hundred_thousand_short_sentences_finish_with_claims_capped() -> None:
    text = AI_LEAD + " ".join(
        "OpenAI is calling for a pause on AI." if n % 2 else "Ok then." for n in range(100_000)
    )
    started = time.monotonic()
    claims = extract(Article(text))
    assert len(claims) == MAX_CLAIMS
    assert time.monotonic() - started < 240  # a guard against quadratic work, not a benchmark


def test_a_caller_can_set_a_lower_cap() -> None:
    text = AI_LEAD + " ".join("OpenAI is calling for a pause on AI." for _ in range(50))
    assert len(extract(Article(text), max_claims=7)) == 7

"""Is a text about AI at all, and is a sentence the kind that can carry a claim?"""

import re

from app.extract.tokens import Tokens

AI_WORDS = frozenset(
    {
        "ai",
        "a.i",
        "agi",
        "llm",
        "llms",
        "genai",
        "chatbot",
        "chatbots",
        "superintelligence",
        "superintelligent",
        "algorithm",
        "algorithms",
        "chatgpt",
        "claude",
        "gemini",
        "llama",
        "grok",
        "copilot",
        "gpt",
    }
)
_AI_BIGRAMS = frozenset(
    {
        ("artificial", "intelligence"),
        ("machine", "learning"),
        ("language", "model"),
        ("language", "models"),
        ("frontier", "model"),
        ("frontier", "models"),
        ("neural", "network"),
        ("deep", "learning"),
        ("frontier", "ai"),
        ("generative", "ai"),
    }
)
# Below this many AI words per thousand, a text is not about AI (a sports report
# that mentions a chatbot once yields no claims).
_AI_BIGRAM_STARTS = frozenset(first for first, _ in _AI_BIGRAMS)
_MIN_AI_WORDS = 2
_MIN_AI_PER_THOUSAND = 3.0
# Words that make an attributed sentence about AI governance even without a topic cue.
GOVERNANCE_WORDS = frozenset(
    {
        "risk",
        "risks",
        "danger",
        "dangers",
        "dangerous",
        "safety",
        "unsafe",
        "harm",
        "harms",
        "threat",
        "threats",
        "catastrophic",
        "catastrophe",
        "existential",
        "extinction",
        "governance",
        "guardrails",
        "safeguard",
        "safeguards",
        "rules",
        "policy",
        "misuse",
        "superintelligence",
        "agi",
        "accountability",
        "standards",
    }
)
# Matched against lower-cased text: case-insensitive patterns are several times slower.
_BOILERPLATE = re.compile(
    r"\W*(?:further reading|read more|related|see also|subscribe|sign up|learn more|click|"
    r"follow us|copyright|©|photo|image|advertisement|editor'?s note|this article|share this)"
)
_DEFINITION = re.compile(
    r"\b(?:refers to|is defined as|is a term for|stands for|is shorthand for)\b"
)


def ai_word_count(tokens: Tokens, first: int, last: int) -> int:
    """Count words and word pairs that show a span is about AI."""
    lowers = tokens.lowers
    found = set(tokens.where(first, last, lowers=AI_WORDS))
    found.update(
        i
        for i in tokens.where(first, last - 1, lowers=_AI_BIGRAM_STARTS)
        if (lowers[i], lowers[i + 1]) in _AI_BIGRAMS
    )
    return len(found)


def is_about_ai(tokens: Tokens, title_tokens: Tokens | None) -> bool:
    """Tell whether a text is about AI often enough to hold AI governance claims."""
    count = ai_word_count(tokens, 0, len(tokens.words))
    if title_tokens is not None:
        count += 2 * ai_word_count(title_tokens, 0, len(title_tokens.words))
    per_thousand = 1000 * count / max(len(tokens.words), 1)
    return count >= _MIN_AI_WORDS and per_thousand >= _MIN_AI_PER_THOUSAND


def mentions_governance(tokens: Tokens, first: int, last: int) -> bool:
    """Tell whether a span uses the general vocabulary of AI risk and governance."""
    return bool(tokens.where(first, last, lowers=GOVERNANCE_WORDS))


def is_excluded(text: str, start: int, end: int) -> bool:
    """Tell whether a span is navigation, a definition or similar non-claim text."""
    span = text[start:end].lower()
    return bool(_BOILERPLATE.match(span) or _DEFINITION.search(span))

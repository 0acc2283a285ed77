"""Actor mentions: gazetteer aliases, anaphors ("the company", "he") and group nouns."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from app.extract.gazetteer import (
    AGENCY,
    GOVERNMENT,
    GROUP,
    INTERNATIONAL,
    LAB,
    LEGISLATURE,
    NGO,
    OTHER,
    PERSON,
    ActorSpec,
)
from app.extract.tokens import Tokens, cue_words

_ORGS = (LAB, GOVERNMENT, AGENCY, LEGISLATURE, INTERNATIONAL, NGO, OTHER)
# Referring expressions and the actor kinds they can point back to.
ANAPHORS: dict[tuple[str, ...], tuple[str, ...]] = {
    **{("the", w): (LAB,) for w in ("company", "firm", "lab", "startup", "developer")},
    **{("the", "ai", w): (LAB,) for w in ("company", "firm", "lab", "developer", "startup")},
    ("the", "tech", "giant"): (LAB,),
    ("the", "government"): (GOVERNMENT,),
    ("the", "administration"): (GOVERNMENT,),
    ("the", "bloc"): (GOVERNMENT, INTERNATIONAL),
    ("the", "ministry"): (GOVERNMENT, AGENCY),
    ("the", "department"): (AGENCY, GOVERNMENT),
    ("officials",): (GOVERNMENT, AGENCY),
    ("ministers",): (GOVERNMENT,),
    ("government", "officials"): (GOVERNMENT, AGENCY),
    **{("the", w): (AGENCY,) for w in ("agency", "regulator", "watchdog", "commission")},
    ("the", "institute"): (AGENCY, NGO),
    ("the", "committee"): (LEGISLATURE,),
    ("lawmakers",): (LEGISLATURE,),
    ("legislators",): (LEGISLATURE,),
    **{
        ("the", w): (NGO, GROUP)
        for w in (
            "organisation",
            "organization",
            "group",
            "nonprofit",
            "charity",
            "campaign",
            "coalition",
        )
    },
    ("the", "think", "tank"): (NGO,),
    ("he",): (PERSON,),
    ("she",): (PERSON,),
    **{
        ("the", w): (PERSON,)
        for w in (
            "senator",
            "minister",
            "researcher",
            "scientist",
            "executive",
            "professor",
            "ceo",
            "president",
            "author",
            "chancellor",
            "secretary",
            "commissioner",
            "founder",
        )
    },
    ("the", "chief", "executive"): (PERSON,),
    ("it",): _ORGS,
    ("they",): (GROUP, *_ORGS),
    ("we",): _ORGS,
}
# Pronouns only name a speaker right before a reporting verb ("it said"), never
# on their own ("it is better to ...").
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i"})
# Plural nouns that name a group speaking together ("Critics argue ...").
GROUP_NOUNS = frozenset(
    {
        "critics",
        "experts",
        "researchers",
        "scientists",
        "advocates",
        "opponents",
        "supporters",
        "campaigners",
        "activists",
        "economists",
        "analysts",
        "observers",
        "skeptics",
        "sceptics",
        "detractors",
        "proponents",
        "ethicists",
        "academics",
        "executives",
        "officials",
        "lawmakers",
        "legislators",
        "ministers",
        "senators",
        "regulators",
        "republicans",
        "democrats",
        "employees",
        "whistleblowers",
        "signatories",
        "insiders",
    }
)

_MENTION_STARTS = frozenset({key[0] for key in ANAPHORS} | GROUP_NOUNS)


class Mention(NamedTuple):
    """A span of tokens that names or points to an actor."""

    first: int
    last: int
    name: str | None
    kind: str | None
    how: str  # "name", "alias", "anaphor" or "group"
    phrase: str
    compatible: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gazetteer:
    """Aliases of known actors indexed by their first word."""

    exact: dict[str, list[tuple[tuple[tuple[bool, str], ...], ActorSpec]]]
    lower: dict[str, list[tuple[tuple[tuple[bool, str], ...], ActorSpec]]]
    surnames: dict[str, ActorSpec]
    # Words a name can start with, compared as written and in lower case.
    starts: frozenset[str] = frozenset()
    lower_starts: frozenset[str] = frozenset()


def merge_actors(
    defaults: Sequence[ActorSpec], known: Sequence[ActorSpec] | None
) -> tuple[ActorSpec, ...]:
    """Let known actors (from the database) replace defaults of the same name or alias."""
    if not known:
        return tuple(defaults)
    taken = {n.lower() for a in known for n in (a.name, *a.aliases)}
    kept = tuple(
        ActorSpec(a.name, a.kind, tuple(x for x in a.aliases if x.lower() not in taken))
        for a in defaults
        if a.name.lower() not in taken
    )
    return tuple(known) + kept


@lru_cache(maxsize=32)
def compile_gazetteer(actors: tuple[ActorSpec, ...]) -> Gazetteer:
    """Index every alias of every actor (cached: gazetteers are few and immutable)."""
    gaz = Gazetteer({}, {}, {})
    for actor in actors:
        for alias in (actor.name, *actor.aliases):
            pattern = _alias_pattern(alias)
            if pattern:
                index = gaz.exact if pattern[0][0] else gaz.lower
                index.setdefault(pattern[0][1], []).append((pattern, actor))
    for index in (gaz.exact, gaz.lower):
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest alias first
    gaz.surnames.update(_unique_surnames(actors))
    return Gazetteer(
        gaz.exact,
        gaz.lower,
        gaz.surnames,
        frozenset(gaz.exact) | frozenset(gaz.surnames),
        frozenset(gaz.lower),
    )


def _alias_pattern(alias: str) -> tuple[tuple[bool, str], ...]:
    """Compare capitalised first words and acronyms exactly, other words in lower case."""
    words = cue_words(alias)
    return tuple(
        (True, w)
        if (i == 0 and w[:1].isupper()) or (w.isupper() and len(w) > 1)
        else (False, w.lower())
        for i, w in enumerate(words)
    )


def _unique_surnames(actors: Sequence[ActorSpec]) -> dict[str, ActorSpec]:
    counts: dict[str, list[ActorSpec]] = {}
    for actor in actors:
        words = actor.name.split()
        if actor.kind == PERSON and len(words) > 1 and len(words[-1]) > 2:
            counts.setdefault(words[-1], []).append(actor)
    return {s: found[0] for s, found in counts.items() if len(found) == 1}


def find_names(gaz: Gazetteer, tokens: Tokens, first: int, last: int) -> list[Mention]:
    """Find gazetteer actors among tokens[first:last], longest alias first."""
    found: list[Mention] = []
    free = first  # tokens before this are part of a name already found
    for i in tokens.where(first, last, lowers=gaz.lower_starts, bare=gaz.starts):
        if i < free:
            continue
        hit = _alias_at(gaz, tokens, i, last)
        if hit is not None:
            end, actor = hit
            phrase = " ".join(tokens.words[i:end])
            found.append(Mention(i, end, actor.name, actor.kind, "alias", phrase))
            free = end
    return found


def _alias_at(gaz: Gazetteer, tokens: Tokens, i: int, last: int) -> tuple[int, ActorSpec] | None:
    candidates = gaz.exact.get(tokens.bare[i], []) + gaz.lower.get(tokens.lowers[i], [])
    for pattern, actor in candidates:
        end = i + len(pattern)
        if end <= last and all(
            (tokens.bare[j] if exact else tokens.lowers[j]) == key
            for j, (exact, key) in zip(range(i, end), pattern, strict=True)
        ):
            return end, actor
    if tokens.bare[i] in gaz.surnames:
        return i + 1, gaz.surnames[tokens.bare[i]]
    return None


def find_anaphors(tokens: Tokens, first: int, last: int) -> list[Mention]:
    """Find referring expressions and group nouns among tokens[first:last]."""
    found: list[Mention] = []
    free = first
    for i in tokens.where(first, last, lowers=_MENTION_STARTS):
        if i < free:
            continue
        mention = _anaphor_at(tokens, i, last)
        if mention is not None:
            found.append(mention)
            free = mention.last
    return found


def _anaphor_at(tokens: Tokens, i: int, last: int) -> Mention | None:
    for size in (3, 2, 1):
        key = tuple(tokens.lowers[i : i + size])
        if i + size <= last and key in ANAPHORS:
            phrase = " ".join(tokens.words[i : i + size])
            return Mention(i, i + size, None, None, "anaphor", phrase, ANAPHORS[key])
    if tokens.lowers[i] in GROUP_NOUNS:
        name = tokens.bare[i].capitalize()
        return Mention(i, i + 1, name, GROUP, "group", tokens.words[i])
    return None

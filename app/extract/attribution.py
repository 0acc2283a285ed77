"""Who speaks in a clause: reporting verbs, "according to", and names found beside them."""

import re
from collections.abc import Sequence
from typing import NamedTuple

from app.extract.actors import PRONOUNS, Mention
from app.extract.cues import FALSE_FRIENDS
from app.extract.gazetteer import AGENCY, LAB, LEGISLATURE, NGO, OTHER, PERSON
from app.extract.tokens import Tokens, stem

_REPORTING_LEMMAS = (
    "say",
    "warn",
    "argue",
    "urge",
    "advocate",
    "believe",
    "frame",
    "describe",
    "identify",
    "claim",
    "insist",
    "note",
    "add",
    "state",
    "explain",
    "announce",
    "declare",
    "acknowledge",
    "admit",
    "contend",
    "maintain",
    "stress",
    "emphasise",
    "emphasize",
    "suggest",
    "predict",
    "caution",
    "propose",
    "recommend",
    "support",
    "oppose",
    "reject",
    "criticise",
    "criticize",
    "welcome",
    "endorse",
    "pledge",
    "promise",
    "vow",
    "ask",
    "think",
    "fear",
    "expect",
    "agree",
    "disagree",
    "testify",
    "dismiss",
    "counter",
    "concede",
    "estimate",
    "write",
    "tell",
    "call",
    "question",
    "contend",
    "reiterate",
    "confirm",
    "signal",
    "tweet",
    "post",
    "outline",
    "commit",
    "want",
    "hope",
    "worry",
    "doubt",
    "accuse",
    "condemn",
    "praise",
)
REPORTING_STEMS = frozenset(stem(w) for w in _REPORTING_LEMMAS)
# Reporting forms matched as written: irregular ones, and "claimed", whose stem is also
# the noun "claims".
_IRREGULAR = frozenset(
    {"said", "told", "wrote", "thought", "says", "tells", "writes", "claimed", "pointed"}
)
# Words that may stand between a speaker and the verb ("OpenAI has also said").
# People who speak for an organisation named just before them.
_ROLES = frozenset(
    {"spokesperson", "spokeswoman", "spokesman", "representative", "spokespeople", "official"}
)
_FILLERS = frozenset(
    {
        "has",
        "have",
        "had",
        "also",
        "previously",
        "recently",
        "repeatedly",
        "long",
        "again",
        "publicly",
        "once",
        "then",
        "later",
        "now",
        "already",
        "often",
        "further",
        "separately",
        "reportedly",
        "explicitly",
        "would",
        "will",
        "did",
        "does",
        "do",
        "not",
        "never",
        "may",
        "might",
        "could",
        "can",
        "should",
        "must",
        "still",
        "first",
        "jointly",
        "openly",
    }
)
# First words of an apposition after a name ("Jane Doe, a professor at ..., said").
_APPOSITION_STARTS = frozenset(
    {
        "a",
        "an",
        "the",
        "who",
        "whose",
        "one",
        "former",
        "chief",
        "head",
        "its",
        "his",
        "her",
        "their",
        "director",
        "professor",
        "president",
        "ceo",
        "founder",
        "co",
        "senior",
        "lead",
        "executive",
        "author",
        "chair",
        "secretary",
        "minister",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "then",
        "now",
        "also",
    }
)
_PROGRESSIVE_AUX = frozenset({"is", "are", "was", "were", "been", "be"})
# Verbs after which a following name is the speaker ("..., said Jane Doe").
_INVERTING = frozenset(
    {
        "said",
        "says",
        "added",
        "wrote",
        "warned",
        "argued",
        "noted",
        "explained",
        "insisted",
        "stressed",
        "cautioned",
        "told",
        "claimed",
        "pointed",
    }
)
# Lower-case words inside organisation names ("Department for Science").
_CONNECTORS = frozenset({"of", "for"})
# Lower-case words that begin surnames ("zu Fürstenberg", "van der Berg", "de Gaulle").
_NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "zu", "da", "di", "du", "le", "la"})
_NOT_NAMES = frozenset(
    {
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "But",
        "And",
        "In",
        "On",
        "At",
        "Some",
        "Many",
        "Most",
        "Its",
        "His",
        "Her",
        "Their",
        "Our",
        "A",
        "An",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Instead",
        "However",
        "Meanwhile",
        "Still",
        "Yet",
        "Also",
        "Today",
        "Yesterday",
        "Both",
        "Such",
        "AI",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Reuters",
        "Bloomberg",
        "When",
        "While",
        "If",
        "As",
    }
)
TITLES = frozenset(
    {
        "President",
        "Senator",
        "Sen",
        "Rep",
        "Representative",
        "Minister",
        "Secretary",
        "Prime",
        "Commissioner",
        "Chancellor",
        "Dr",
        "Professor",
        "Prof",
        "CEO",
        "Chief",
        "Executive",
        "Director",
        "Chair",
        "Chairman",
        "Chairwoman",
        "Governor",
        "Gov",
        "Mr",
        "Mrs",
        "Ms",
        "Vice",
        "Founder",
        "Co",
        "General",
        "Officer",
        "Head",
        "Lord",
        "Baroness",
        "Sir",
        "Dame",
        "Mayor",
        "Ambassador",
        "Deputy",
        "Assistant",
        "State",
        "Technology",
        "Science",
        "Digital",
        "Foreign",
    }
)
# Words of offices and departments that go before a holder's name.
OFFICE_WORDS = frozenset(
    {
        "Policy",
        "Office",
        "Affairs",
        "Department",
        "Council",
        "Committee",
        "Security",
        "Commerce",
        "Staff",
        "Adviser",
        "Advisor",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Press",
        "Economic",
        "National",
    }
)
_KIND_WORDS = (
    (LEGISLATURE, {"Parliament", "Senate", "Congress", "Assembly", "Committee", "House"}),
    (
        AGENCY,
        {
            "Ministry",
            "Department",
            "Agency",
            "Office",
            "Commission",
            "Authority",
            "Administration",
            "Bureau",
            "Council",
        },
    ),
    (
        NGO,
        {
            "Institute",
            "Foundation",
            "Center",
            "Centre",
            "Initiative",
            "Project",
            "Network",
            "Alliance",
            "Coalition",
            "Association",
            "Society",
            "University",
            "Forum",
        },
    ),
    (LAB, {"Inc", "Labs", "Lab", "Technologies", "Corp", "AI", "Ltd", "Systems"}),
)


_ACCORDING = frozenset({"according"})
# A quotation within one paragraph (longer runs are read sentence by sentence).
QUOTATION = re.compile(r'"[^"\n]{0,5000}"|“[^”\n]{0,5000}”')


class Speaker(NamedTuple):
    """The mention that names a clause's speaker and the words that show it."""

    mention: Mention
    cue: str


def is_reporting(tokens: Tokens, i: int) -> bool:
    """Tell whether token i is a reporting verb (says, warned, is calling for...)."""
    if tokens.lowers[i] in FALSE_FRIENDS:
        return False
    return tokens.stems[i] in REPORTING_STEMS or tokens.lowers[i] in _IRREGULAR


def find_speaker(
    text: str, tokens: Tokens, first: int, last: int, mentions: Sequence[Mention]
) -> Speaker | None:
    """Find who a clause attributes its content to, if it says so."""
    according = _according_to(text, tokens, first, last, mentions)
    if according:
        return according
    verbs = [
        v
        for v in tokens.where(first, last, lowers=_IRREGULAR, stems=REPORTING_STEMS)
        # A capital letter inside a sentence makes a name, not a verb ("United States").
        if (v == first or not tokens.words[v][:1].isupper())
        and tokens.lowers[v] not in FALSE_FRIENDS  # "critical" is not "criticize"
    ]
    if len(verbs) > 1:
        # '"We believe ...," said Demis Hassabis': the verb outside the quotation names
        # the speaker; one inside it belongs to the quoted words. The quotations are looked
        # for from the end of the word before the clause to the start of the word after,
        # so the clause's own opening and closing quotation marks count.
        start = tokens.ends[first - 1] if first > 0 else 0
        end = tokens.starts[last] if last < len(tokens.starts) else len(text)
        quoted = _quoted(text, start, end)
        verbs = sorted(verbs, key=lambda v: _inside(tokens.starts[v], quoted))
    for v in verbs:
        if not _is_passive(tokens, v, first):
            found = _left_speaker(text, tokens, first, v, mentions) or _right_speaker(
                text, tokens, v, last, mentions
            )
            if found:
                return found
    return None


def _quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the character spans of quotations between start and end."""
    return [(m.start(), m.end()) for m in QUOTATION.finditer(text, start, end)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in spans)


def _is_passive(tokens: Tokens, v: int, first: int) -> bool:
    word = tokens.lowers[v]
    return v > first and tokens.lowers[v - 1] in _PROGRESSIVE_AUX and not word.endswith("ing")


def _according_to(
    text: str, tokens: Tokens, first: int, last: int, mentions: Sequence[Mention]
) -> Speaker | None:
    for i in tokens.where(first, last - 2, lowers=_ACCORDING):
        if tokens.lowers[i + 1] == "to":
            found = _mention_from(text, tokens, i + 2, last, mentions)
            if found:
                return Speaker(found, "according to")
    return None


def _left_speaker(
    text: str, tokens: Tokens, first: int, v: int, mentions: Sequence[Mention]
) -> Speaker | None:
    i = v - 1
    while i >= first and (
        tokens.lowers[i] in _FILLERS
        or (tokens.lowers[i] in _PROGRESSIVE_AUX and tokens.lowers[v].endswith("ing"))
    ):
        i -= 1
    if i < first:
        return None
    person = _person_before_apposition(text, tokens, first, i, mentions)
    if person is not None:
        return Speaker(person, _verb_phrase(tokens, v))
    i = _skip_apposition(text, tokens, first, i)
    if i > first and tokens.lowers[i] in _ROLES:
        i -= 1  # "a Google spokesperson said": the organisation speaks
    cue = _verb_phrase(tokens, v)
    for mention in mentions:
        if mention.last - 1 == i:
            return Speaker(_head_group(tokens, mention, mentions), cue)
    name = _name_ending_at(text, tokens, first, i)
    return Speaker(name, cue) if name else None


def person_after(text: str, tokens: Tokens, mention: Mention, last: int) -> Mention | None:
    """Return "Gavin Newsom" for "California Governor Gavin Newsom" or "Anthropic's chief
    executive Dario Amodei": an organisation named before a title and a person's name is
    where the person works, not the subject."""
    start = mention.last
    if start >= last or not _joined(text, tokens, start - 1):
        return None
    while start < last and tokens.bare[start].capitalize() in TITLES:
        start += 1  # a title in lower case: "chief executive"
    end = start
    while end < last and end - start < 5 and _capitalised(tokens, end):
        if end + 1 < last and not _joined(text, tokens, end):
            end += 1
            break
        end += 1
    if end - mention.last < 2:
        return None
    found = _new_name(tokens, start, end)
    if found is None or found.kind != PERSON or found.first == mention.last:
        return None  # no title in between: "OpenAI Sam Altman" is not a pattern to trust
    return found


def _head_group(tokens: Tokens, mention: Mention, mentions: Sequence[Mention]) -> Mention:
    """Return "Critics" for "Critics of Anthropic": the group is who speaks."""
    before = mention.first - 1
    if before < 1 or tokens.lowers[before] != "of":
        return mention
    return next((m for m in mentions if m.last == before and m.how == "group"), mention)


def _person_before_apposition(
    text: str, tokens: Tokens, first: int, i: int, mentions: Sequence[Mention]
) -> Mention | None:
    """Return "Jane Doe" in "Jane Doe, Managing Director at Acme Capital, said": a named
    person, then a comma-enclosed description, then the verb."""
    if not text[tokens.ends[i] : tokens.starts[i + 1]].strip().startswith(","):
        return None
    for m in reversed(mentions):
        if m.kind == PERSON and first <= m.first and m.last - 1 < i and i - m.last < 25:
            after = text[tokens.ends[m.last - 1] : tokens.starts[m.last]]
            if after.strip() == ",":
                return m
    return None


def _skip_apposition(text: str, tokens: Tokens, first: int, i: int) -> int:
    """Step back over ", the chief executive of X," between a name and its verb."""
    if not text[tokens.ends[i] : tokens.starts[i + 1]].strip().startswith(","):
        return i
    for j in range(i - 1, max(first, i - 25) - 1, -1):
        if (
            "," in text[tokens.ends[j] : tokens.starts[j + 1]]
            and tokens.lowers[j + 1] in _APPOSITION_STARTS
        ):
            return j
    return i


def _right_speaker(
    text: str, tokens: Tokens, v: int, last: int, mentions: Sequence[Mention]
) -> Speaker | None:
    before = text[max(0, tokens.starts[v] - 3) : tokens.starts[v]]
    if tokens.lowers[v] not in _INVERTING or not any(c in before for c in ",\"”’'"):
        return None
    found = _mention_from(text, tokens, v + 1, last, mentions)
    return Speaker(found, tokens.words[v]) if found else None


def _mention_from(
    text: str, tokens: Tokens, i: int, last: int, mentions: Sequence[Mention]
) -> Mention | None:
    if i < last and tokens.lowers[i] == "the":
        i += 1  # "according to the Centre for AI Safety"
    at = next((m for m in mentions if m.first == i), None)
    if at is not None:
        return at
    end = i
    while end < min(last - 1, i + 2) and tokens.lowers[end] in _NAME_PARTICLES:
        end += 1  # "claimed zu Fürstenberg", "said van der Berg"
    if end > i and not _capitalised(tokens, end):
        end = i
    if end == i and i < last and not _capitalised(tokens, i):
        # "said the chief executive of Google DeepMind": the first mention within reach
        return next((m for m in mentions if i <= m.first < min(last, i + 6)), None)
    while end < last and end - i < 6:
        if _capitalised(tokens, end) or (end > i and _acronym(tokens, end)):
            end += 1
        elif (
            end > i
            and end + 1 < last
            and tokens.lowers[end] in _CONNECTORS
            and (_capitalised(tokens, end + 1) or _acronym(tokens, end + 1))
        ):
            end += 2  # "Centre for AI Safety"
        else:
            break
    return _new_name(tokens, i, end) if end > i else None


def _name_ending_at(text: str, tokens: Tokens, first: int, i: int) -> Mention | None:
    start = i
    while start - 1 >= first and i - start < 6:
        if _capitalised(tokens, start - 1) and _joined(text, tokens, start - 1):
            start -= 1
        elif (
            start - 2 >= first
            and tokens.lowers[start - 1] in _CONNECTORS
            and _capitalised(tokens, start - 2)
            and _joined(text, tokens, start - 2)
            and _joined(text, tokens, start - 1)
        ):
            start -= 2  # "Department for Science", "Ministry of Defence"
        elif particle := _particles_before(tokens, first, start):
            start -= particle  # "Ines zu Waldheim", "Jan van der Berg"
        else:
            break
    if not _capitalised(tokens, i):
        return None
    if start == i and (i == first or tokens.bare[i] in _NOT_NAMES):
        return None  # one capitalised word opening a sentence is rarely a name
    return _new_name(tokens, start, i + 1)


def _particles_before(tokens: Tokens, first: int, start: int) -> int:
    """Count the surname particles right before token start that follow a given name
    ("Ines zu Waldheim": 2, the particle and the given name)."""
    n = 0
    while n < 2 and start - n - 1 > first and tokens.lowers[start - n - 1] in _NAME_PARTICLES:
        n += 1
    if n and _capitalised(tokens, start - n - 1):
        return n + 1
    return 0


def _joined(text: str, tokens: Tokens, i: int) -> bool:
    """Tell whether token i and the next are separated by nothing but spaces, dots or hyphens."""
    return not text[tokens.ends[i] : tokens.starts[i + 1]].strip(" .-")


def _acronym(tokens: Tokens, i: int) -> bool:
    word = tokens.bare[i]
    return len(word) > 1 and word.isupper()


def _capitalised(tokens: Tokens, i: int) -> bool:
    word = tokens.bare[i]
    return word[:1].isupper() and word not in _NOT_NAMES


def _new_name(tokens: Tokens, first: int, end: int) -> Mention | None:
    words = tokens.bare[first:end]
    kind = _kind_of(words)
    if kind == PERSON:
        titles = [n for n, w in enumerate(words) if w in TITLES or w in OFFICE_WORDS or w.isupper()]
        words = words[titles[-1] + 1 :] if titles else words  # "OpenAI CEO Sam Altman"
        connectors = [n for n, w in enumerate(words) if w in _CONNECTORS]
        if connectors:  # "Secretary of Commerce Gina Raimondo": the name ends the title
            words = words[max(connectors[-1] + 2, len(words) - 2) :]
    if not words:
        return None
    name = " ".join(words)
    return Mention(end - len(words), end, name, kind, "name", name)


def _kind_of(words: Sequence[str]) -> str:
    for kind, markers in _KIND_WORDS:
        if markers.intersection(words):
            return kind
    return PERSON if len(words) >= 1 else OTHER


def organisation_kind(words: Sequence[str]) -> str:
    """The kind of an organisation's name: an agency, a lab, a legislature ... or other."""
    kind = _kind_of(words)
    return OTHER if kind == PERSON else kind


def _verb_phrase(tokens: Tokens, v: int) -> str:
    nxt = tokens.lowers[v + 1] if v + 1 < len(tokens.lowers) else ""
    return f"{tokens.words[v]} {nxt}" if nxt in ("for", "on", "against") else tokens.words[v]


def is_pronoun(mention: Mention) -> bool:
    """Tell whether a mention is a bare pronoun (it, he, she, they, we)."""
    return mention.phrase.lower() in PRONOUNS

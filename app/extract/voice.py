"""Whose voice an article is written in: a first-party publication or a report of others.

In a first-party text (a lab's post, an open letter, a government fact sheet, an op-ed or
essay) the unattributed and first-person claims belong to the publisher or the authors;
in a report they belong to whoever the reporter quotes, and the reporter's own sentences
to nobody. This module decides which, from the article's metadata and a few plain signals
of the text: first person outside quotation marks, a byline, a signed statement's title.
"""

import re
from dataclasses import dataclass

from app.extract.attribution import QUOTATION, organisation_kind
from app.extract.coref import Resolved
from app.extract.gazetteer import GOVERNMENT, LAB, PERSON
from app.extract.model import Article

FIRST_PARTY = "first-party"
REPORT = "report"

_WE = re.compile(r"\b(?:we|our|ours|us|we['’](?:ve|re|ll|d))\b", re.IGNORECASE)
_I = re.compile(r"\b(?:I|I['’](?:m|ve|ll|d)|my|me)\b")
# A publisher whose name or address says it is a government.
_GOVERNMENT_OUTLET = re.compile(
    r"\b(?:white house|government|ministry|department|office of|prime minister|"
    r"president|cabinet|gov\.uk|state council|commission)\b",
    re.IGNORECASE,
)
_GOVERNMENT_HOST = re.compile(
    r"(?:^|\.)(?:gov|gov\.[a-z]{2}|gouv\.fr|europa\.eu|gc\.ca|canada\.ca)$"
)
# Governments whose publications share one address, by its ending.
_GOVERNMENT_HOSTS = {
    "gov.uk": "UK Government",
    "europa.eu": "European Commission",
    "canada.ca": "Government of Canada",
    "gc.ca": "Government of Canada",
    "gov.au": "Australian Government",
}
_ADMINISTRATION = re.compile(r"\b([A-Z][a-z]+)(?:[-–][A-Z][a-z]+)? [Aa]dministration\b")
_PRESIDENT = re.compile(r"\bPresident (?:(?:[A-Z][a-z]+|[A-Z]\.) ){0,3}([A-Z][a-z]+)\b")
_SIGNED = re.compile(
    r"\b(?:statement|letter|message|remarks|testimony|note) (?:from|by) "
    r"(?:[A-Za-z]+ )*?((?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w'’-]+)"
)
_BYLINE = re.compile(r"^\s*(?:by|written by)\s+(.+?)\s*$", re.IGNORECASE)
_NAME = r"[A-Z][\w'’.-]+(?: (?:[a-z]{1,3} )?[A-Z][\w'’.-]+){1,3}"
_NAMES_LINE = re.compile(rf"^\s*({_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*)\s*$")
_NAME_SEPARATOR = re.compile(r"\s*(?:,\s*and\b|,|&|\band\b)\s*")
_JOINT = re.compile(r"\bjoint\b|\bbilateral\b", re.IGNORECASE)
# How a joint text between two countries names them; the display names are the
# conventions' ("United States and South Korea").
COUNTRY_NAMES: dict[str, str] = {
    "u.s.": "United States",
    "us": "United States",
    "united states": "United States",
    "america": "United States",
    "u.k.": "United Kingdom",
    "uk": "United Kingdom",
    "united kingdom": "United Kingdom",
    "korea": "South Korea",
    "republic of korea": "South Korea",
    "south korea": "South Korea",
}
_COUNTRY_PAIR = re.compile(
    r"(U\.S\.|\bUS|\bUnited States|U\.K\.|\bUK|\bUnited Kingdom|\b[A-Z][a-z]+)"
    r"\s*[-–—]\s*"
    r"(U\.S\.|US\b|United States\b|U\.K\.|UK\b|United Kingdom\b|[A-Z][a-z]+\b)"
)
_FIRST_PERSON_MIN = 3  # first-person words outside quotes that make a text speak for itself
# ... and as a share: a report's "told us" or "our reporting" stays far below it (0 to 3 per
# 1,000 words in real news), a publication's own voice far above (12 to 60).
_FIRST_PERSON_PER_THOUSAND = 6.0
_BYLINE_REACH = 600  # characters from the top where a byline can stand


@dataclass(frozen=True)
class Voice:
    """Who speaks an article's own sentences, and whether it has a voice of its own."""

    genre: str  # FIRST_PARTY or REPORT
    we: Resolved | None  # who "we" and unattributed sentences belong to
    i: Resolved | None  # who "I" belongs to
    how: str

    @property
    def first_party(self) -> bool:
        return self.genre == FIRST_PARTY

    @property
    def government(self) -> bool:
        return self.we is not None and self.we.kind == GOVERNMENT


def join_names(names: list[str] | tuple[str, ...]) -> str:
    """Join names as a byline does: "A", "A and B", "A, B and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def byline(text: str) -> tuple[str, ...]:
    """Return the authors a text names in a byline near its top ("By A and B", or a line of
    names alone under the title), or () when there is none."""
    head = text[:_BYLINE_REACH].splitlines()
    for line in head[:8]:
        line = line.strip()
        match = _BYLINE.match(line) or (
            _NAMES_LINE.match(line) if line and len(line.split()) <= 12 else None
        )
        if match and not _looks_like_a_title(match.group(1)):
            names = [n for n in _NAME_SEPARATOR.split(match.group(1)) if n]
            if names and all(_NAMES_LINE.match(n) for n in names):
                return tuple(names)
    return ()


def _looks_like_a_title(line: str) -> bool:
    """A heading in title case is not a byline: names are two to four words, none of
    them a common title word."""
    words = line.replace("&", " ").replace(",", " ").split()
    return any(w.lower() in _TITLE_WORDS for w in words)


_TITLE_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "for",
        "on",
        "in",
        "to",
        "with",
        "our",
        "your",
        "ai",
        "is",
        "are",
        "how",
        "why",
        "what",
        "new",
        "introducing",
        "framework",
        "proposal",
        "policy",
        "statement",
        "approach",
        "safety",
        "update",
        "report",
    ]
)


def decide(article: Article) -> Voice:
    """Decide an article's genre and whose voice its own sentences are in."""
    if article.speaks_for:
        kind = organisation_kind(article.speaks_for.split())
        who = Resolved(article.speaks_for, kind, "the source speaks for it")
        return Voice(FIRST_PARTY, who, who, "set on the source")
    own = QUOTATION.sub(" ", article.text)
    we, i = len(_WE.findall(own)), len(_I.findall(own))
    if _is_government(article):
        who = _government_voice(article)
        return Voice(FIRST_PARTY, who, who, "a government publication")
    authors = article.authors or byline(article.text)
    named_in_text = bool(article.outlet) and _names(article.text, article.outlet or "")
    signer = _signer(article.title or "")
    # A byline or a signature over a text in the first person makes it the author's own
    # piece however short it is.
    words = max(len(article.text.split()), 1)
    if we + i < (1 if authors or signer else _FIRST_PERSON_MIN) or (
        1000 * (we + i) / words < _FIRST_PERSON_PER_THOUSAND
    ):
        return Voice(REPORT, None, None, "little or no first person outside quotations")
    if article.outlet and (named_in_text or not authors):
        org = Resolved(article.outlet, LAB, "the publisher speaks as 'we'")
        person = Resolved(signer, PERSON, "signed the statement") if signer else org
        return Voice(FIRST_PARTY, org, person, "the publisher's own text")
    if authors:
        who = Resolved(join_names(authors), PERSON, "byline")
        return Voice(FIRST_PARTY, who, who, "the authors write in the first person")
    return Voice(REPORT, None, None, "no publisher or author to speak")


def _names(text: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", text) is not None


def _signer(title: str) -> str | None:
    match = _SIGNED.search(title)
    return match.group(1).strip() if match else None


def _is_government(article: Article) -> bool:
    if article.outlet and _GOVERNMENT_OUTLET.search(article.outlet):
        return True
    host = re.match(r"https?://([^/:]+)", article.url or "")
    return bool(host and _GOVERNMENT_HOST.search(host.group(1).lower()))


def _government_voice(article: Article) -> Resolved:
    """A joint text speaks for both countries; an administration's text for the
    administration ("Biden Administration"); else the publisher."""
    title = article.title or ""
    pair = _COUNTRY_PAIR.search(title)
    head = article.text[:400]
    if pair and (_JOINT.search(title) or _JOINT.search(head) or head.count("Government of") > 1):
        names = [COUNTRY_NAMES.get(p.lower(), p) for p in pair.groups()]
        return Resolved(join_names(names), GOVERNMENT, "a joint text of two governments")
    # Body text before the title: a title in title case runs names into verbs ("Trump Signs").
    body = article.text[:3000]
    # The first president a text names is the one whose act it announces; a later
    # "Biden Administration" may be the predecessor it criticises.
    for pattern, source in (
        (_PRESIDENT, body),
        (_ADMINISTRATION, title),
        (_ADMINISTRATION, body),
        (_PRESIDENT, title),
    ):
        named = pattern.search(source)
        if named:
            return Resolved(f"{named.group(1)} Administration", GOVERNMENT, "the administration")
    host = re.match(r"https?://([^/:]+)", article.url or "")
    for suffix, name in _GOVERNMENT_HOSTS.items():
        if host and host.group(1).lower().endswith(suffix):
            return Resolved(name, GOVERNMENT, f"a publication on {suffix}")
    return Resolved(article.outlet or "Government", GOVERNMENT, "the publisher")

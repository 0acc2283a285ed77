"""Article -> claim candidates: the extractor's steps, in reading order."""

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from app.extract import segment
from app.extract.actors import (
    Gazetteer,
    Mention,
    compile_gazetteer,
    find_anaphors,
    find_names,
    merge_actors,
)
from app.extract.attribution import (
    QUOTATION,
    REPORTING_STEMS,
    Speaker,
    find_speaker,
    is_pronoun,
    person_after,
)
from app.extract.coref import ActorContext, Resolved
from app.extract.entities import entity_mentions, surname_mentions
from app.extract.gazetteer import (
    AGENCY,
    DEFAULT_ACTORS,
    GOVERNMENT,
    INTERNATIONAL,
    LAB,
    LEGISLATURE,
    NGO,
    OTHER,
    PERSON,
    ActorSpec,
)
from app.extract.kinds import judge_kind
from app.extract.model import Article, ClaimCandidate, TopicSuggestion
from app.extract.relevance import ai_word_count, is_about_ai, is_excluded, mentions_governance
from app.extract.stance import Signals, StanceCall, advocated, judge, read_signals
from app.extract.taxonomy import DEFAULT_TOPICS, TopicSpec
from app.extract.tokens import Tokens, stem, tokenize
from app.extract.topics import CueIndex, TopicHit, compile_cues, find_topics, strong_topics
from app.extract.voice import Voice
from app.extract.voice import decide as decide_voice
from app.extract.voiced_kinds import Voiced, voiced_kinds

EXTRACTOR_VERSION = "rules-2.0"
MAX_CLAIMS = 2_000  # claims kept from one article

_SUBJECT_REACH = 4  # a mention this close to a clause's start is its subject
_MIN_CLAIM_WORDS = 4
_DEMONSTRATIVES = frozenset({"this", "these", "such"})
# "the proposal" refers back to what the previous sentences were about.
_BACK_REFERRING = frozenset(
    {
        "proposal",
        "proposals",
        "plan",
        "plans",
        "rules",
        "measure",
        "measures",
        "move",
        "idea",
        "framework",
        "policy",
        "regime",
        "approach",
        "initiative",
        "scheme",
        "requirement",
        "requirements",
        "process",
        "effort",
        "push",
        "decision",
        "act",
        "law",
        "bill",
        "legislation",
        "regulation",
        "treaty",
        "agreement",
        "order",
    }
)
_PREPOSITIONS = frozenset(
    {
        "for",
        "of",
        "to",
        "with",
        "by",
        "from",
        "on",
        "in",
        "at",
        "about",
        "against",
        "into",
        "over",
        "under",
        "between",
        "among",
    }
)
_FIRST_PERSON = frozenset({"i", "we", "my", "our", "me", "us"})
_REPORTING_KINDS = frozenset({"assertion", "prediction"})
_PRONOUNS = frozenset({"it", "they", "these", "those", "this"})
_ORGANISATIONS = frozenset({LAB, GOVERNMENT, AGENCY, LEGISLATURE, INTERNATIONAL, NGO, OTHER})
# Lead-in words of a list of what an organisation will do ("The plan will:", "Key measures:").
_MEASURE_WORDS = frozenset(
    stem(w)
    for w in (
        "measure",
        "plan",
        "step",
        "commitment",
        "pledge",
        "action",
        "proposal",
        "provision",
        "policy",
        "initiative",
        "will",
        "would",
    )
)
_NOT_ANAPHORIC = frozenset(
    {
        "is",
        "was",
        "are",
        "will",
        "would",
        "could",
        "has",
        "had",
        "kind",
        "sort",
        "type",
        "week",
        "year",
        "month",
        "time",
        "morning",
        "summer",
        "spring",
        "autumn",
        "winter",
    }
)


def extract(
    article: Article,
    *,
    actors: Sequence[ActorSpec] | None = None,
    topics: Sequence[TopicSpec] | None = None,
    max_claims: int = MAX_CLAIMS,
) -> list[ClaimCandidate]:
    """Find the claims of an article, with actor, kind, topics and suggested stances; stop
    after max_claims (a caller can tell the cap was reached by getting that many)."""
    if not article.text.strip():
        return []
    tokens = tokenize(article.text)
    title = tokenize(article.title) if article.title else None
    if not is_about_ai(tokens, title):
        return []
    gazetteer = _gazetteer_for(actors)
    cues = compile_cues(tuple(topics) if topics is not None else DEFAULT_TOPICS)
    names = find_names(gazetteer, tokens, 0, len(tokens.words))
    blocks = segment.blocks(article.text)
    spans = [
        (b.start, b.end)
        for b in blocks
        if _may_name_a_speaker(article.text, tokens, b) and _has_unknown_name(tokens, b, names)
    ]
    names = sorted(
        names + entity_mentions(article.text, tokens, spans, names), key=lambda m: m.first
    )
    names = sorted(names + surname_mentions(tokens, names), key=lambda m: m.first)
    voice = decide_voice(article)
    main = voice.we if voice.first_party else _main_actor(gazetteer, names, blocks, title, tokens)
    context = ActorContext(names, main)
    reader = _Reader(article.text, tokens, cues, context, names, voice)
    claims: list[ClaimCandidate] = []
    for block in blocks:
        claims.extend(reader.read(block))
        if len(claims) >= max_claims:
            # A hostile or mis-split text; the importer records that the cap was reached.
            del claims[max_claims:]
            break
    claims = _correct_voiced_kinds(claims, reader.state.list_items, voice)
    return [
        c
        for c in claims
        if c.kind != "assertion" or (c.start, c.end) not in reader.state.background
    ]


def _correct_voiced_kinds(
    claims: list[ClaimCandidate], list_items: set[tuple[int, int]], voice: Voice
) -> list[ClaimCandidate]:
    """Give the claims in the publication's own voice their kinds, in one tagging batch."""
    chosen = [(i, c) for i, c in enumerate(claims) if c.provenance == "first-party"]
    if not chosen:
        return claims
    kinds = voiced_kinds(
        [Voiced(c.text, c.kind, (c.start, c.end) in list_items) for _, c in chosen],
        government=voice.government,
    )
    for (i, claim), kind in zip(chosen, kinds, strict=True):
        if kind != claim.kind:
            claims[i] = replace(claim, kind=kind, evidence=f"{claim.evidence}; in its own voice")
    return claims


def _may_name_a_speaker(text: str, tokens: Tokens, block: segment.Block) -> bool:
    """Tell whether a block quotes or reports someone: only there do the names the
    statistical model finds decide a claim's actor, and the model is the costly step."""
    if block.kind == segment.HEADING:
        return False
    if any(mark in text[block.start : block.end] for mark in '"“”'):
        return True
    first = bisect_left(tokens.starts, block.start)
    last = bisect_left(tokens.starts, block.end)
    return bool(tokens.where(first, last, lowers=_SPEAKER_WORDS, stems=REPORTING_STEMS))


def _has_unknown_name(tokens: Tokens, block: segment.Block, known: list[Mention]) -> bool:
    """Tell whether a block has a capitalised word that no known actor's name covers."""
    first = bisect_left(tokens.starts, block.start)
    last = bisect_left(tokens.starts, block.end)
    covered = {i for m in known if first <= m.first < last for i in range(m.first, m.last)}
    return any(
        tokens.words[i][:1].isupper()
        and i not in covered
        and tokens.lowers[i] not in _FUNCTION_WORDS
        and not tokens.words[i].isupper()  # "AI", "EU": acronyms the gazetteer knows or not
        for i in range(first, last)
    )


# Capitalised only because they open a sentence.
_FUNCTION_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "in",
        "on",
        "at",
        "but",
        "and",
        "as",
        "if",
        "when",
        "while",
        "for",
        "so",
        "some",
        "many",
        "its",
        "their",
        "our",
        "his",
        "her",
        "there",
        "critics",
        "officials",
        "experts",
        "researchers",
    }
)
_SPEAKER_WORDS = frozenset({"said", "told", "wrote", "says", "tells", "writes", "according"})
_GAZETTEERS: dict[int, tuple[Sequence[ActorSpec] | None, Gazetteer]] = {}


def _gazetteer_for(actors: Sequence[ActorSpec] | None) -> Gazetteer:
    """Return the gazetteer for this actor list, reusing it while the same list is passed."""
    # Hashing hundreds of actors on every call costs more than extracting a short article,
    # so callers that pass the same (unchanged) sequence object get the compiled one back.
    cached = _GAZETTEERS.get(id(actors))
    if cached is not None and cached[0] is actors:
        return cached[1]
    gazetteer = compile_gazetteer(merge_actors(DEFAULT_ACTORS, actors))
    if len(_GAZETTEERS) > 8:
        _GAZETTEERS.clear()
    _GAZETTEERS[id(actors)] = (actors, gazetteer)
    return gazetteer


def _main_actor(
    gazetteer: Gazetteer,
    names: list[Mention],
    blocks: list[segment.Block],
    title: Tokens | None,
    tokens: Tokens,
) -> Resolved | None:
    """Pick the actor the article is about: first named in the title, else in the lead."""
    if title is not None:
        for m in find_names(gazetteer, title, 0, len(title.words)):
            return Resolved(m.name or "", m.kind or "", "named in the title")
    lead = next((b for b in blocks if b.kind != segment.HEADING), None)
    for m in names:
        if lead is not None and lead.start <= tokens.starts[m.first] < lead.end:
            return Resolved(m.name or "", m.kind or "", "first named in the lead")
    counts = Counter((m.name or "", m.kind or "") for m in names)
    if not counts:
        return None
    (name, kind), _ = counts.most_common(1)[0]
    return Resolved(name, kind, "the actor named most often")


class _Attribution(NamedTuple):
    actor: Resolved | None
    evidence: str
    explicit: bool
    voiced: bool = False  # in the publication's own voice
    said: bool = False  # a reporting verb or a quotation names the speaker
    # The actor this decision gives the floor to, for the sentences that follow, and
    # whether it was named here (so "the company" may point back to it).
    floor: Resolved | None = None
    named: bool = False


@dataclass
class _ReadingState:
    """Everything the reader carries from one sentence to the next besides the actors
    (ActorContext): changed only where a block or a clause has been read, never while
    deciding about one."""

    para: int = -1
    block_kind: str = segment.PARAGRAPH
    in_quote: bool = False  # reading a quotation that runs over several sentences
    ai_section: bool = False  # the last heading was about AI ("Artificial Intelligence")
    measures_listed: bool = False  # the last lead-in announced measures ("Key measures:")
    # The topics of the last clause that had its own, where and in which sentence.
    last_topics: dict[str, list[TopicHit]] = field(default_factory=dict)
    topics_para: int = -1
    topics_sentence: int = -1
    list_items: set[tuple[int, int]] = field(default_factory=set)  # claims read in a list
    # Claims that only refer back to a topic and state a fact, until their kinds are final.
    background: set[tuple[int, int]] = field(default_factory=set)


class _Reader:
    """Read blocks in order, carrying the speaker and topic context between sentences."""

    def __init__(
        self,
        text: str,
        tokens: Tokens,
        cues: CueIndex,
        context: ActorContext,
        names: list[Mention],
        voice: Voice,
    ) -> None:
        self.text, self.tokens, self.cues, self.context = text, tokens, cues, context
        self.voice = voice
        self.quotes = [m.span() for m in QUOTATION.finditer(text)]
        self.names = names
        self.name_starts = [m.first for m in names]
        self.state = _ReadingState()

    def read(self, block: segment.Block) -> list[ClaimCandidate]:
        """Return the claims of one block."""
        if block.para != self.state.para:
            self.context.new_paragraph()
        self.state.para = block.para
        self.state.block_kind = block.kind
        if block.kind != segment.BULLET:
            self.state.measures_listed = self._announces_measures(block)
            about_ai = self._section_about_ai(block)
            if about_ai is not None:
                self.state.ai_section = about_ai
        if block.kind == segment.HEADING:
            self.state.last_topics = {}
            return []
        spans = segment.sentences(self.text, block)
        quoted = self._quote_speakers(spans)
        claims: list[ClaimCandidate] = []
        for (start, end), quote_speaker in zip(spans, quoted, strict=True):
            self.state.in_quote = quote_speaker is not None
            claims.extend(self._read_sentence(start, end, quote_speaker))
        self.state.in_quote = False
        return claims

    def _provenance(self, clause: segment.Clause, who: _Attribution) -> str:
        if who.voiced:
            return "first-party"
        if not who.explicit:
            return "narration"
        # Quoted words make up a third of the clause or more: the attribution after a
        # quotation is often as long as the quotation itself.
        i = max(0, bisect_left(self.quotes, (clause.start,)) - 1)
        quoted = 0
        while i < len(self.quotes) and self.quotes[i][0] < clause.end:
            start, end = self.quotes[i]
            quoted += max(0, min(end, clause.end) - max(start, clause.start))
            i += 1
        inside = quoted * 3 >= clause.end - clause.start
        opens = self.text[clause.start : clause.start + 1] in _QUOTE_MARKS
        return "quote" if inside or opens or self.state.in_quote else "reported"

    def _section_about_ai(self, block: segment.Block) -> bool | None:
        """Tell whether a heading, or a short unpunctuated line standing as one, is about AI;
        None when the block opens no section."""
        first, last = self._token_range(block.start, block.end)
        line = self.text[block.start : block.end].rstrip()
        if block.kind == segment.HEADING or (last - first <= 8 and line[-1:] not in '.:!?"”'):
            return ai_word_count(self.tokens, first, last) > 0
        return None

    def _announces_measures(self, block: segment.Block) -> bool:
        """Tell whether a block introduces a list of measures or plans ("Key measures:")."""
        if not self.text[block.start : block.end].rstrip().endswith(":"):
            return False
        first, last = self._token_range(block.start, block.end)
        return bool(self.tokens.where(first, last, stems=_MEASURE_WORDS))

    def _quote_speakers(self, spans: list[tuple[int, int]]) -> list[Speaker | None]:
        """Credit every sentence of a multi-sentence quote to the speaker named at its end."""
        found: list[Speaker | None] = [None] * len(spans)
        group: list[int] = []
        for n, (start, end) in enumerate(spans):
            sentence = self.text[start:end]
            if group:
                group.append(n)
            elif _opens_quote(sentence):
                group = [n]
                continue
            if group and _closes_quote(sentence):
                opening = self._speaker_in(spans[group[0]])
                if opening is not None and opening.mention.phrase.lower() in _FIRST_PERSON:
                    opening = None  # "We worry ..." inside the quotation names no speaker
                speaker = self._speaker_in(spans[n]) or opening
                found[group[0] : n + 1] = [speaker] * len(group)
                group = []
        return found

    def _speaker_in(self, span: tuple[int, int]) -> Speaker | None:
        first, last = self._token_range(*span)
        return find_speaker(self.text, self.tokens, first, last, self._mentions(first, last))

    def _read_sentence(
        self, start: int, end: int, quote_speaker: Speaker | None
    ) -> list[ClaimCandidate]:
        claims: list[ClaimCandidate] = []
        sentence_actor: _Attribution | None = None
        for clause in segment.clauses(self.text, start, end):
            first, last = self._token_range(clause.start, clause.end)
            if first >= last:
                continue
            who = self._attribute(
                first, last, clause.reported, sentence_actor, quote_speaker, (start, end)
            )
            if who.named and who.floor is not None:
                self.context.note(who.floor.name, who.floor.kind)
            if who.floor is not None:
                self.context.current = who.floor
            sentence_actor = sentence_actor or who
            claim = self._claim(clause, first, last, who)
            claims.extend([claim] if claim else [])
        return claims

    def _token_range(self, start: int, end: int) -> tuple[int, int]:
        return bisect_left(self.tokens.starts, start), bisect_left(self.tokens.starts, end)

    def _mentions(self, first: int, last: int) -> list[Mention]:
        lo, hi = bisect_left(self.name_starts, first), bisect_left(self.name_starts, last)
        anaphors = find_anaphors(self.tokens, first, last)
        if not anaphors:
            return self.names[lo:hi]
        return sorted(self.names[lo:hi] + anaphors, key=lambda m: (m.first, -m.last))

    def _attribute(
        self,
        first: int,
        last: int,
        reported: bool,
        sentence: _Attribution | None,
        quote_speaker: Speaker | None,
        sentence_span: tuple[int, int],
    ) -> _Attribution:
        """Decide who makes a clause's claim: named speaker, subject, quote or context."""
        first = self._after_caps_heading(first, last)
        mentions = self._mentions(first, last)
        speaker = find_speaker(self.text, self.tokens, first, last, mentions)
        if quote_speaker is not None and (
            speaker is None or speaker.mention.phrase.lower() in _FIRST_PERSON
        ):
            speaker = quote_speaker  # "We worry ..." inside a quotation is the one quoted
        own = self.voice.first_party
        if speaker is not None:
            if own and speaker.mention.phrase.lower() in _FIRST_PERSON:
                return self._in_voice(speaker.mention.phrase)
            if own and self.voice.government and speaker.mention.kind != PERSON:
                # "the United States maintains ..." in a fact sheet is the administration.
                return self._in_voice("we")
            credited = self._credit(speaker.mention, f"{speaker.cue!r}: '{speaker.mention.phrase}'")
            return credited._replace(said=True)
        if reported and sentence is not None:
            return _Attribution(
                sentence.actor, f"{sentence.evidence} (same sentence)", True, said=sentence.said
            )
        first_person = self._speaks_for_itself(first, last, sentence_span)
        if first_person is not None and own:
            return self._in_voice(first_person)
        if first_person is not None and self.context.main is not None:
            main = self.context.main
            return _Attribution(main, f"first person → {main.name}", True, floor=main)
        subject = next(
            (
                m
                for m in mentions
                if m.first - first < _SUBJECT_REACH
                and not is_pronoun(m)
                and not self._after_preposition(m, first)
            ),
            None,
        )
        if own and (subject is None or subject.kind != PERSON or self._possessive(subject)):
            # A publication's own sentences are its claims whatever their grammatical subject
            # ("The United States must act" in a fact sheet); a person it reports is not.
            return self._in_voice("we")
        if subject is not None:
            person = person_after(self.text, self.tokens, subject, last)
            if person is not None:
                return self._credit(person, f"subject '{person.phrase}' ({subject.phrase})")
            return self._credit(subject, f"subject '{subject.phrase}'")
        self.context.advance(last)
        author = self.context.main
        if author is not None and author.how == "byline":
            return _Attribution(author, "no speaker named; the author", False)
        current = self.context.current
        return _Attribution(current, "no speaker named; carried from context", False)

    def _after_caps_heading(self, first: int, last: int) -> int:
        """Skip a run-in heading in capitals ("DRIVING AMERICAN AI DOMINANCE: President ...")."""
        i = first
        while i < last and self.tokens.words[i].isupper():
            i += 1
        if i - first >= 2 and i < last and self.text[self.tokens.ends[i - 1]] == ":":
            return i
        return first

    def _in_voice(self, pronoun: str) -> _Attribution:
        """Credit a clause to the publication's own voice: "I" to the signer or author,
        everything else to the publisher."""
        who = self.voice.i if pronoun.lower() in ("i", "my", "me") else self.voice.we
        return _Attribution(who, f"{self.voice.how}: {who.name if who else None}", True, True)

    def _possessive(self, mention: Mention) -> bool:
        following = self.text[
            self.tokens.ends[mention.last - 1] : self.tokens.ends[mention.last - 1] + 2
        ]
        return following[:2] in ("'s", "’s")

    def _after_preposition(self, mention: Mention, first: int) -> bool:
        """Tell whether a mention is the object of a preposition ("powers for the institute")."""
        return mention.first > first and self.tokens.lowers[mention.first - 1] in _PREPOSITIONS

    def _speaks_for_itself(
        self, first: int, last: int, sentence_span: tuple[int, int]
    ) -> str | None:
        """Return the writer's own "I"/"we" that opens a clause (outside any quotation)."""
        reach = range(first, min(last, first + _SUBJECT_REACH))
        pronoun = next(
            (self.tokens.lowers[i] for i in reach if self.tokens.lowers[i] in _FIRST_PERSON), None
        )
        sentence = self.text[sentence_span[0] : sentence_span[1]]
        if pronoun is None or any(mark in sentence for mark in '"“”'):
            return None
        return pronoun

    def _credit(self, mention: Mention, evidence: str) -> _Attribution:
        """Resolve a speaker's mention; the reader hands it the floor once the clause is read."""
        # Reading up to the mention: what was named before it is what "the company" can mean.
        self.context.advance(mention.first)
        actor = (
            self.context.current
            if mention.phrase.lower() in ("we", "i")
            else self.context.resolve(mention)
        )
        if actor is None:
            return _Attribution(self.context.current, f"{evidence} unresolved", False)
        return _Attribution(
            actor, f"{evidence} → {actor.name} ({actor.how})", True, floor=actor, named=True
        )

    def _claim(
        self, clause: segment.Clause, first: int, last: int, who: _Attribution
    ) -> ClaimCandidate | None:
        """Build the claim of a clause, or None when the clause carries none."""
        hits = find_topics(self.cues, self.tokens, first, last)
        if not hits and not who.explicit and not self.state.last_topics:
            return None  # nothing to say and no topic to inherit: skip the costlier rules
        # Without cue words only an inherited topic can make a claim, and that needs no
        # stance words: read them once the clause is known to be a claim.
        signals = read_signals(self.text, self.tokens, first, last) if hits else None
        # A reported clause (", saying ...") elaborates its main clause: it inherits nothing.
        same_sentence = -1 if clause.reported else clause.sentence_start
        topics, inherited = self._topics(hits, first, last, signals, same_sentence)
        if topics and not inherited:
            self.state.last_topics, self.state.topics_para = topics, self.state.para
            self.state.topics_sentence = same_sentence
        if not self._is_claim(clause, first, last, topics, who):
            return None
        if signals is None:
            signals = read_signals(self.text, self.tokens, first, last)
        calls = {
            t: judge(
                signals,
                self.tokens,
                t,
                found,
                hits,
                restriction_opposes=t in self.cues.restriction_opposes,
            )
            for t, found in topics.items()
        }
        organisation = who.actor is not None and who.actor.kind in _ORGANISATIONS
        kind, kind_evidence = judge_kind(
            self.tokens,
            first,
            last,
            signals,
            topics,
            [c.stance for c in calls.values()],
            who.explicit,
            factual=self.cues.factual,
            organisation=organisation,
            listed_measure=self.state.block_kind == segment.BULLET
            and self.state.measures_listed
            and organisation
            and not who.explicit,
        )
        if inherited and kind == "assertion" and not who.said:
            # A fact about what the previous sentence discussed ("these resources come from
            # eleven partners") is background; only a judgement, a plan or someone's words
            # carry a topic over. A publication's own kinds are settled later, in one batch.
            if not who.voiced:
                return None
            background = True
        else:
            background = False
        if kind in _REPORTING_KINDS and _is_narration(who, signals):
            calls = {
                t: _REPORTED if c.unmarked and t not in self.cues.factual else c
                for t, c in calls.items()
            }
        suggestions = tuple(
            _suggest(topic, call, topics[topic], inherited) for topic, call in calls.items()
        )
        confidence = 0.35 + 0.25 * who.explicit + 0.25 * bool(topics) + 0.1 * (len(hits) > 1)
        claim = ClaimCandidate(
            clause.start,
            clause.end,
            self.text[clause.start : clause.end],
            who.actor.name if who.actor else None,
            who.actor.kind if who.actor else None,
            kind,
            suggestions,
            f"actor: {who.evidence}; kind: {kind_evidence}",
            round(min(confidence, 0.95), 2),
            self._provenance(clause, who),
        )
        if self.state.block_kind == segment.BULLET:
            self.state.list_items.add((claim.start, claim.end))
        if background:
            self.state.background.add((claim.start, claim.end))
        return claim

    def _topics(
        self,
        hits: list[TopicHit],
        first: int,
        last: int,
        signals: Signals | None,
        sentence_start: int,
    ) -> tuple[dict[str, list[TopicHit]], bool]:
        """Return the clause's topics; "this process" carries the previous sentence's, and
        "others say they are ..." the topics of its own sentence's earlier clause."""
        topics = strong_topics(hits, advocated(signals, hits)) if signals is not None else {}
        if topics:
            return topics, False
        recent = self.state.para - self.state.topics_para <= 1
        if self.state.last_topics and recent and self._is_anaphoric(first, last):
            return self.state.last_topics, True
        if (
            self.state.last_topics
            and sentence_start >= 0
            and self.state.topics_sentence == sentence_start
            and self.tokens.where(first, min(last, first + _SUBJECT_REACH + 1), lowers=_PRONOUNS)
        ):
            return self.state.last_topics, True
        return {}, False

    def _is_anaphoric(self, first: int, last: int) -> bool:
        lowers = self.tokens.lowers
        return any(
            (
                lowers[i] in _DEMONSTRATIVES
                and lowers[i + 1] not in _NOT_ANAPHORIC
                and not lowers[i + 1].endswith("ly")
            )
            or (lowers[i] == "the" and lowers[i + 1] in _BACK_REFERRING)
            for i in range(first, last - 1)
        )

    def _is_claim(
        self,
        clause: segment.Clause,
        first: int,
        last: int,
        topics: dict[str, list[TopicHit]],
        who: _Attribution,
    ) -> bool:
        if last - first < _MIN_CLAIM_WORDS or is_excluded(self.text, clause.start, clause.end):
            return False
        if (not who.explicit or who.voiced) and _is_question(
            self.text[clause.sentence_start : clause.end]
        ):
            return False  # the writer's own question is not a claim
        if self._is_lead_in(clause) or self._is_title_case(first, last):
            return False
        if _OPEN_QUESTION.search(self.text, clause.sentence_start, clause.end):
            return False  # whoever says it, a question left open claims nothing yet
        if (
            who.voiced
            and self.voice.government
            and not self.state.ai_section
            and not ai_word_count(
                self.tokens, bisect_left(self.tokens.starts, clause.sentence_start), last
            )
        ):
            return False  # a government text's sections on other technologies
        # Someone named saying something about governance is a claim even without a topic
        # (a name that is only the subject of a sentence is news about them, not their
        # claim); a publication's own sentences need a topic, or every one would be a claim.
        governance = who.said and mentions_governance(self.tokens, first, last)
        return bool(topics) or governance

    def _is_lead_in(self, clause: segment.Clause) -> bool:
        """ "To mitigate these risks, agencies have:" introduces a list; it claims nothing.
        A long sentence ending in a colon is a claim that what follows explains or quotes
        ("X thinks the order repeats the old mistakes:"), unless it still points ahead."""
        if not self.text[clause.end : clause.end + 2].strip().startswith(":"):
            return False
        words = self.text[clause.sentence_start : clause.end].lower().split()
        return len(words) < _CLAIMING_LEAD_IN_WORDS or words[-1].strip(":") in _POINTS_AHEAD

    def _is_title_case(self, first: int, last: int) -> bool:
        """A heading in title case read as a line of text ("Cooperating on Space Exploration")."""
        words = [w for w in self.tokens.words[first:last] if w[:1].isalpha()]
        capitals = sum(1 for w in words if w[:1].isupper())
        return len(words) <= 10 and capitals * 4 >= len(words) * 3


_QUOTE_MARKS = frozenset('"“‘')
_CLAIMING_LEAD_IN_WORDS = 18
# Last words of a sentence that only announces what follows ("in the following areas:",
# "including:", "he says:").
_POINTS_AHEAD = frozenset(
    {
        "following",
        "follows",
        "including",
        "include",
        "includes",
        "to",
        "for",
        "as",
        "are",
        "is",
        "have",
        "has",
        "says",
        "said",
        "writes",
        "wrote",
        "adds",
        "added",
        "explains",
        "explained",
        "notes",
        "noted",
    }
)
_REPORTED = StanceCall("neutral", "mentioned in narration, no stance words", 0.5)


def _is_narration(who: _Attribution, signals: Signals) -> bool:
    """Tell whether a clause is a reporter's narration, where a policy merely mentioned
    ("calls for a moratorium are growing louder") is reported, not supported. An op-ed
    author's own sentences are the author's claims, unless they describe someone's call."""
    if who.explicit:
        return False
    authored = who.actor is not None and who.actor.how == "byline"
    return not authored or signals.reported_call


def _suggest(
    topic: str, call: StanceCall, hits: list[TopicHit], inherited: bool
) -> TopicSuggestion:
    """Turn a stance call into a suggestion whose evidence names the stance and the cues."""
    cue_list = ", ".join(dict.fromkeys(f"'{h.cue}'" for h in hits))
    source = "topic of the previous sentence" if inherited else f"cue {cue_list}"
    confidence = call.confidence * (0.6 if inherited else min(1.0, 0.85 + 0.05 * len(hits)))
    return TopicSuggestion(
        topic, call.stance, f"{call.evidence} → {call.stance}; {source}", round(confidence, 2)
    )


def _opens_quote(sentence: str) -> bool:
    """Tell whether a sentence opens a quotation it does not close."""
    return sentence.count("“") > sentence.count("”") or sentence.count('"') % 2 == 1


def _closes_quote(sentence: str) -> bool:
    """Tell whether a quotation opened in an earlier sentence ends in this one."""
    return "”" in sentence or "»" in sentence or sentence.count('"') % 2 == 1


def _is_question(sentence: str) -> bool:
    stripped = sentence.strip()
    return stripped.endswith("?") or stripped.lower().startswith("whether ")


# A question left open in a statement's form ("time will tell if", "it remains to be seen
# whether"): the writer claims nothing yet.
_OPEN_QUESTION = re.compile(
    r"\b(?:time will tell|remains to be seen|remain to be seen|it is unclear|it's unclear"
    r"|it’s unclear|it is not clear|it's not clear|it’s not clear)\b",
    re.IGNORECASE,
)

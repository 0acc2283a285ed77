"""Word lists shared by the stance and kind rules, as stems so inflections match."""

import re

from app.extract.tokens import stem


def _stems(*words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words)


# People advocacy is addressed to ("urged regulators to"), not what it asks for.
ADDRESSEES = frozenset(
    {
        "government",
        "governments",
        "regulator",
        "regulators",
        "policymaker",
        "policymakers",
        "lawmaker",
        "lawmakers",
    }
)
# Advocating a proposition or policy.
ADVOCACY = _stems(
    "call",
    "urge",
    "advocate",
    "advocacy",
    "support",
    "endorse",
    "welcome",
    "favour",
    "favor",
    "need",
    "must",
    "should",
    "essential",
    "necessary",
    "crucial",
    "demand",
    "propose",
    "recommend",
    "champion",
    "want",
    "ought",
    "vital",
    "imperative",
    "priority",
    "sensible",
    "reasonable",
    "prudent",
    "wise",
    "overdue",
)
# Advocacy words that need a particular next word ("better to", not "better at").
ADVOCACY_BEFORE = {
    "better": frozenset({"to", "off"}),
    "eager": frozenset({"to"}),
    "case": frozenset({"for"}),
    "backs": frozenset(),
    "backed": frozenset(),
    "backing": frozenset(),
} | {w: frozenset({"for"}) for w in ("push", "pushes", "pushed", "pushing")}
# "called for", "calls on governments to"; "called the idea a mistake" names, not advocates.
ADVOCACY_BEFORE |= {
    w: frozenset({"for", "on", "upon"}) for w in ("call", "calls", "called", "calling")
}
# Rejecting a proposition or policy.
REJECTION = _stems(
    "terrible",
    "foolish",
    "absurd",
    "ridiculous",
    "wrongheaded",
    "pointless",
    "futile",
    "nonsense",
    "unenforceable",
    "unrealistic",
    "impractical",
    "infeasible",
    "oppose",
    "opposition",
    "reject",
    "criticise",
    "criticize",
    "dismiss",
    "unnecessary",
    "premature",
    "overreach",
    "stifle",
    "burdensome",
    "scrap",
    "repeal",
    "veto",
    "unworkable",
    "misguided",
    "fearmongering",
    "overblown",
    "exaggerated",
    "hype",
    "mistake",
    "counterproductive",
    "hamper",
    "hinder",
    "doomer",
    "alarmist",
    "lobbied",
    "resist",
    "drawback",
    "distraction",
    "non-starter",
    "dismantle",
    "rescind",
    "revoke",
    "overly",
    "skeptical",
    "sceptical",
    "unrealistic",
    "naive",
    "slam",
)
# Words that share a stem with a stance word above but not its meaning ("critical
# capabilities" is not "criticize", "over the last year" not "overly").
FALSE_FRIENDS = frozenset(
    {
        "critical",
        "critically",
        "over",
        "opposite",
        "opposites",
        "reason",
        "reasons",
        "reasoning",
    }
)
# "against" rejects only after verbs of arguing ("warned against", not "protect against").
AGAINST_VERBS = _stems(
    "argue",
    "warn",
    "lobby",
    "campaign",
    "vote",
    "push",
    "speak",
    "rail",
    "caution",
    "advise",
    "come",
    "testify",
)
# Rejection words that need a particular next word ("ruled out", "pushed back").
REJECTION_BEFORE = (
    {w: frozenset({"out"}) for w in ("rule", "ruled", "rules", "ruling")}
    | {w: frozenset({"back"}) for w in ("push", "pushed", "pushing", "pushes")}
    | {w: frozenset({"down"}) for w in ("water", "watered", "watering")}
    | {w: frozenset({"up"}) for w in ("tear", "tears", "tore", "torn", "tearing")}
    | {w: frozenset({"back"}) for w in ("roll", "rolled", "rolling", "rolls")}
    | {"crying": frozenset({"wolf"}), "nothing": frozenset({"to"})}
)
# Harms a speaker foresees from a proposal ("would end", "could cripple"): rejection
# when a modal comes right before them.
HARMS = _stems(
    "end",
    "kill",
    "undermine",
    "weaken",
    "harm",
    "hurt",
    "damage",
    "cripple",
    "destroy",
    "entrench",
    "punish",
    "chill",
    "leave",
    "hand",
    "cede",
    "backfire",
    "drive",
    "sacrifice",
)
FORESEEING_MODALS = frozenset({"would", "could", "will", "might", "may"})
# Words that may stand between the modal and the harm ("would simply hand"); never "not".
EMPHASIS = frozenset({"only", "simply", "just", "also", "effectively", "inevitably", "merely"})
# Conjunctions that turn a sentence against what came before ("welcomed it but warned").
TURNS = frozenset({"but", "though", "although", "however", "yet"})
# "hard to enforce": a proposal called impossible to carry out is rejected.
OBSTACLES = frozenset({"hard", "harder", "difficult", "impossible"})
HARD_TO = _stems("enforce", "implement", "verify", "police", "monitor", "coordinate", "agree")
# Restricting something: the opposite of supporting the open-weights proposition.
RESTRICTION = _stems("ban", "restrict", "restriction", "limit", "curb", "prohibit", "lock")
NEGATORS = frozenset({"not", "no", "never", "without", "neither", "nor", "cannot", "none"})
# Support for a policy in a lighter or other form than it has ("simplify the rules", "a
# flexible framework", "a federal standard instead of a patchwork"): mixed, not support.
REFORM = frozenset(
    {
        "simplify",
        "simplified",
        "simpler",
        "simplification",
        "streamline",
        "streamlined",
        "streamlining",
        "flexible",
        "flexibility",
        "lightweight",
        "light-touch",
        "lighter",
        "proportionate",
        "fragmentation",
        "fragmented",
        "patchwork",
        "harmonise",
        "harmonize",
        "harmonised",
        "harmonized",
        "prudent",
        "preempt",
        "preempts",
        "pre-empt",
        "preemption",
        "instead",
        "rather",
        "leniently",
        "lenient",
        "leniency",
    }
)
# Judgements that make a statement a position ("the key is to ...", "is preferable").
EVALUATIVE = frozenset(
    {
        "important",
        "essential",
        "crucial",
        "critical",
        "necessary",
        "preferable",
        "vital",
        "key",
        "needed",
        "imperative",
        "unacceptable",
        "dangerous",
        "wrong",
    }
)
COPULAS = frozenset({"is", "are", "was", "were", "be", "isn't", "isn’t"})
# Strong forms whose rejection still leaves room for a weaker one ("not an immediate stop").
QUALIFIERS = frozenset(
    {
        "immediate",
        "immediately",
        "outright",
        "blanket",
        "full",
        "total",
        "complete",
        "permanent",
        "unilateral",
        "unilaterally",
        "indefinite",
        "sweeping",
        "hard",
        "binding",
        "mandatory",
        "now",
        "every",
        "all",
        "alone",
        "only",
    }
)
HEDGED_MODALS = frozenset({"may", "might", "could"})
# Every contrast pattern contains the word "not", every question pattern one of these
# words or a question mark: clauses without them skip the (slower) pattern search.
CONTRAST_WORDS = frozenset({"not"})
QUESTION_WORDS = frozenset({"whether", "if", "seen", "question"})
CONTRAST = re.compile(
    r",\s+(?:but\s+)?not\s+(?:a|an|the|as)?\s*\w|\bbut\s+not\b|\bnot\s+\w+\s+but\b"
    r"|\bbut\s+(?:does|did|do|is|was|are|were|goes|went)\s+not\b",
    re.IGNORECASE,
)
QUESTION = re.compile(
    r"\?\W*$|^\W*whether\b|\b(?:asked|asks|wondered|wonder|unclear|uncertain|debating|debates|"
    r"considering|considers|weighing|weighs|deciding|decide|decides)\s+(?:whether|if)\b"
    r"|\bremains to be seen\b|\bopen question\b",
    re.IGNORECASE,
)
# Verbs that present an opinion rather than a fact.
OPINION = _stems("argue", "believe", "frame", "contend", "insist", "maintain", "think", "view")
COMMITMENT = _stems(
    "pledge",
    "promise",
    "vow",
    "commit",
    "plan",
    "intend",
    "agree",
    "sign",
    "launch",
    "continue",
    "establish",
    "invest",
    "introduce",
    "unveil",
)
PREDICTION_WORDS = frozenset(
    {
        "will",
        "would",
        "could",
        "may",
        "might",
        "likely",
        "unlikely",
        "forecast",
        "predicts",
        "predicted",
        "predict",
        "expects",
        "expect",
        "anticipate",
        "anticipates",
        "eventually",
        "poised",
        "outpace",
        "future",
    }
)
FIRST_PERSON = frozenset({"we", "i", "it", "they", "he", "she"})

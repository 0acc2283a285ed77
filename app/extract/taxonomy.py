"""The default topic taxonomy (copied from the project spec) as plain Python data.

Cue syntax, shared by default and editor-made topics:
- words are matched by stem, so "pause" also finds "paused" and "pausing";
- a cue word of three letters or fewer only matches itself or its plural
  ("act" finds "acts" but never "acting");
- a cue word written with a capital letter is matched case-sensitively
  ("UN" is not "un", "Act" is not "act");
- "..." between words allows up to three words in between
  ("stop ... development" finds "stop to AI development").
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TopicSpec:
    """A topic people take positions on, with the cue terms that signal it."""

    slug: str
    name: str
    proposition: str
    description: str
    cues: tuple[str, ...]


DEFAULT_TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(
        "pause-mechanism",
        "Pause mechanism",
        "A mechanism to pause or halt frontier AI development should exist or be used.",
        "Pauses, moratoria, halts and off switches for frontier AI development.",
        ("pause", "halt", "moratorium", "stop ... development", "stop ... training",
         "immediate stop", "off switch", "kill switch", "slow down", "slowdown",
         "emergency brake", "freeze ... development"),
    ),
    TopicSpec(
        "recursive-self-improvement",
        "Recursive self-improvement",
        "AI systems improving their own capabilities is happening or is a serious risk.",
        "AI systems that improve themselves or automate AI research.",
        ("self-improvement", "self-improving", "improve ... itself", "improve ... themselves",
         "improve its own", "improve their own", "enhance its own", "enhance their own",
         "recursive", "intelligence explosion", "automating AI research",
         "automate AI research", "automated AI research", "accelerating their own progress"),
    ),
    TopicSpec(
        "ai-accelerated-research",
        "AI-accelerated research",
        "AI systems already speed up research, including safety research.",
        "AI that speeds up scientific or safety research.",
        ("faster than human researchers", "AI-assisted research", "automated research",
         "accelerate ... research", "speed up ... research", "automated scientist",
         "research assistant", "automated alignment research"),
    ),
    TopicSpec(
        "human-oversight",
        "Human oversight and control",
        "Humans must keep meaningful oversight/control of advanced AI; "
        "loss of control is a real risk.",
        "Human oversight, control and the risk of losing it.",
        ("oversight", "human control", "loss of control", "lose control", "losing control",
         "out of control", "able to control", "ability to control", "control over",
         "visibility", "human in the loop", "meaningful human",
         "uncontrollable", "rogue AI"),
    ),
    TopicSpec(
        "international-governance",
        "International governance",
        "Frontier AI needs international coordination or an international body.",
        "Treaties, summits, global bodies and coordination between states.",
        ("global", "international", "treaty", "summit", "UN", "United Nations",
         "IAEA for AI", "multilateral", "G7", "G20", "OECD", "worldwide", "cross-border",
         "governments"),
    ),
    TopicSpec(
        "national-regulation",
        "National regulation",
        "Binding national/regional AI law is needed (e.g. EU AI Act, state bills).",
        "Binding AI laws, bills and regulators at national or state level.",
        ("regulation", "regulate", "regulatory", "legislation", "legislative", "Act", "bill",
         "statutory", "statute",
         "law", "regulators", "policymakers", "lawmakers", "executive order", "rulemaking",
         "legally binding", "binding rules"),
    ),
    TopicSpec(
        "frontier-safety-frameworks",
        "Frontier safety frameworks",
        "Labs should adopt and follow published safety frameworks / if-then commitments.",
        "Responsible scaling policies, preparedness frameworks and similar lab commitments.",
        ("responsible scaling policy", "preparedness framework", "safety case",
         "safety framework", "frontier safety", "if-then commitments",
         "voluntary commitments", "safety commitments", "scaling policy", "commitments"),
    ),
    TopicSpec(
        "evaluations-and-audits",
        "Evaluations and audits",
        "Frontier models should undergo independent testing, evals and audits before release.",
        "Independent evaluations, red-teaming, audits and safety institutes.",
        ("evaluation", "evals", "red-teaming", "red team", "audit", "auditor",
         "safety institute", "security institute", "testing", "pre-deployment",
         "third-party testing", "independent testing", "tested ... before"),
    ),
    TopicSpec(
        "compute-governance",
        "Compute governance",
        "Compute should be tracked, thresholded or controlled (incl. chip export controls).",
        "Compute thresholds, chips, export controls and data centres.",
        ("compute threshold", "training compute", "access to compute", "amount of compute",
         "compute resources", "compute power", "compute governance", "computing power",
         "FLOP", "FLOPs", "chips",
         "export controls", "export control", "data centres", "data centers", "GPUs",
         "semiconductor", "semiconductors", "training runs"),
    ),
    TopicSpec(
        "licensing-and-registration",
        "Licensing and registration",
        "Frontier AI developers or models should be licensed or registered.",
        "Licences, registration and permits for developers or models.",
        ("licence", "license", "licensing", "registration", "register", "registry",
         "permit"),
    ),
    TopicSpec(
        "open-weights",
        "Open weights",
        "Releasing model weights openly is good (opposes = restrict release).",
        "Open-source models and open release of model weights.",
        ("open source", "open-source", "open weights", "open-weight", "open models",
         "model weights", "openly available", "weights"),
    ),
    TopicSpec(
        "liability",
        "Liability",
        "AI developers should be legally liable for harms.",
        "Legal liability and accountability of developers for harms.",
        ("liability", "liable", "accountable", "accountability", "lawsuits", "lawsuit",
         "duty of care", "held responsible"),
    ),
    TopicSpec(
        "transparency",
        "Transparency and disclosure",
        "AI developers should disclose risks, incidents and internal assessments.",
        "Disclosure of risks, incidents, internal assessments; whistleblowers.",
        ("transparency", "transparent", "disclose", "disclosure", "reporting",
         "whistleblower", "whistleblowers", "incident reporting", "report incidents",
         "system card", "model card", "publish ... results", "publish ... findings",
         "publish ... assessments"),
    ),
    TopicSpec(
        "race-dynamics",
        "Race dynamics",
        "Competitive pressure (between labs or states) shapes or justifies frontier "
        "development.",
        "Races and competition between labs or states.",
        ("race", "arms race", "competitors", "competitive pressure", "competition",
         "less safety", "less focused on safety", "cede", "China", "fall behind",
         "falling behind", "keep pace", "stay ahead", "rivals", "geopolitical",
         "adversaries"),
    ),
)

# Word forms too common to suggest a topic on their own: a hit made only of these
# adds evidence when a stronger cue of the same topic is present, never a topic.
WEAK_CUES: frozenset[str] = frozenset({
    "government", "governments", "regulator", "regulators", "policymaker", "policymakers",
    "lawmaker", "lawmakers", "china", "commitment", "commitments", "committed", "commit",
    "permit", "permits", "permitted", "testing", "tested", "test", "tests", "reporting",
    "report", "reported", "reports", "weights", "competition",
})

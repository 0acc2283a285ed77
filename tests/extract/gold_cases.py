"""Hand annotations of the multi-paragraph fixtures, written as the seed gold is.

Each claim is (quoted text, actor, kind, {topic: stance}, optional). Run this module
to rewrite fixtures/*.gold.jsonl from these tables.
"""

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

Claim = tuple[str, str | None, str, dict[str, str], bool]

GOLD: dict[str, list[Claim]] = {
    "eu-registration-report": [
        (
            "The European Commission on Tuesday proposed that developers of the most powerful AI "
            "models register them with a new EU office before release",
            "European Commission",
            "position",
            {"licensing-and-registration": "supports"},
            False,
        ),
        (
            "OpenAI welcomed the proposal",
            "OpenAI",
            "position",
            {"licensing-and-registration": "supports"},
            False,
        ),
        (
            "Registration is a sensible first step, and we will file our models as soon as the "
            "office opens",
            "Sam Altman",
            "position",
            {"licensing-and-registration": "supports"},
            False,
        ),
        (
            "He added that the company would publish the results of its internal safety "
            "evaluations",
            "Sam Altman",
            "commitment",
            {"transparency": "supports", "evaluations-and-audits": "supports"},
            False,
        ),
        (
            "Yann LeCun, the company's chief AI scientist, argued that the rules would stifle open "
            "research and hand an advantage to a few closed labs",
            "Yann LeCun",
            "position",
            {"licensing-and-registration": "opposes"},
            False,
        ),
        (
            "Open-source models are safer because everyone can inspect them",
            "Yann LeCun",
            "assertion",
            {"open-weights": "supports"},
            False,
        ),
        (
            'The Future of Life Institute said registration without independent audits was "a '
            'paper exercise" and called for binding third-party testing before any frontier model '
            "is deployed",
            "Future of Life Institute",
            "position",
            {"evaluations-and-audits": "supports", "licensing-and-registration": "mixed"},
            False,
        ),
        (
            "Some researchers warned that Europe risks falling behind the US and China if it moves "
            "too fast",
            "Researchers",
            "prediction",
            {"race-dynamics": "supports"},
            False,
        ),
        (
            "Others, including Yoshua Bengio, said the bigger danger was that nobody would be able "
            "to control systems that can improve themselves",
            "Yoshua Bengio",
            "prediction",
            {"recursive-self-improvement": "supports", "human-oversight": "supports"},
            False,
        ),
    ],
    "uk-government-statement": [
        (
            "The UK Government today confirmed it will introduce legislation requiring developers "
            "of frontier AI models to share their models with the AI Security Institute for testing "
            "before they are released",
            "UK Government",
            "commitment",
            {"national-regulation": "supports", "evaluations-and-audits": "supports"},
            False,
        ),
        (
            "Voluntary commitments have served us well, but the most capable systems now demand a "
            "statutory footing",
            "Peter Kyle",
            "position",
            {"national-regulation": "supports", "frontier-safety-frameworks": "mixed"},
            False,
        ),
        (
            "We will not regulate every use of AI, and we will not slow down innovation in the "
            "wider economy",
            "Peter Kyle",
            "commitment",
            {"national-regulation": "mixed"},
            False,
        ),
        (
            "The bill will give the AI Security Institute powers to require information from "
            "developers and to publish its findings",
            "UK Government",
            "commitment",
            {
                "national-regulation": "supports",
                "evaluations-and-audits": "supports",
                "transparency": "supports",
            },
            False,
        ),
        (
            "Ministers have ruled out a licensing regime for AI companies, saying it would create "
            "barriers for start-ups",
            "UK Government",
            "position",
            {"licensing-and-registration": "opposes"},
            False,
        ),
        (
            "The government will also host an international meeting of AI safety institutes in "
            "London in the spring",
            "UK Government",
            "commitment",
            {"international-governance": "supports", "evaluations-and-audits": "supports"},
            False,
        ),
        (
            "Mandatory pre-deployment testing of frontier models by the AI Security Institute",
            "UK Government",
            "commitment",
            {"evaluations-and-audits": "supports"},
            False,
        ),
        (
            "New powers for the institute to publish evaluation results",
            "UK Government",
            "commitment",
            {"evaluations-and-audits": "supports", "transparency": "supports"},
            False,
        ),
        (
            "No new licensing requirement for AI developers",
            "UK Government",
            "commitment",
            {"licensing-and-registration": "opposes"},
            False,
        ),
    ],
    "pause-op-ed": [
        (
            "Calls for a moratorium on advanced AI development are growing louder",
            None,
            "assertion",
            {"pause-mechanism": "neutral"},
            True,
        ),
        (
            "Last week the Future of Life Institute again urged labs to halt training of systems "
            "more powerful than today's frontier models",
            "Future of Life Institute",
            "position",
            {"pause-mechanism": "supports"},
            False,
        ),
        (
            "I understand the fear, but a pause would be a mistake",
            "Jane Whitfield",
            "position",
            {"pause-mechanism": "opposes"},
            False,
        ),
        (
            "It would not stop China, which has made clear it intends to lead in AI by 2030, and it "
            "would push research into less transparent corners of the industry",
            "Jane Whitfield",
            "prediction",
            {"race-dynamics": "supports", "pause-mechanism": "opposes"},
            False,
        ),
        (
            "What we need instead is rigorous testing",
            "Jane Whitfield",
            "position",
            {"evaluations-and-audits": "supports"},
            False,
        ),
        (
            "Independent evaluators should be able to examine every frontier model before it "
            "reaches the public, and developers should be held liable when they cut corners",
            "Jane Whitfield",
            "position",
            {"evaluations-and-audits": "supports", "liability": "supports"},
            False,
        ),
        (
            "Stuart Russell, a computer scientist at the University of California, Berkeley, argues "
            "that testing alone cannot guarantee safety",
            "Stuart Russell",
            "assertion",
            {"evaluations-and-audits": "mixed"},
            False,
        ),
        (
            "We don't know how to make these systems provably safe, so we need the option to stop "
            "development",
            "Stuart Russell",
            "position",
            {"pause-mechanism": "supports"},
            False,
        ),
        (
            "He has a point about the limits of evaluation",
            "Jane Whitfield",
            "assertion",
            {"evaluations-and-audits": "mixed"},
            True,
        ),
        (
            "But an international pause that only democracies observe would leave the frontier to "
            "those least interested in safety",
            "Jane Whitfield",
            "position",
            {"pause-mechanism": "opposes", "race-dynamics": "supports"},
            False,
        ),
    ],
    "football-report": [],
    "cooking-column": [],
}


def gold_record(name: str) -> dict[str, object]:
    """Return the claims-jsonl/1 gold line of a fixture, spans found in its text."""
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    claims = []
    for quoted, actor, kind, topics, optional in GOLD[name]:
        start = text.index(quoted)
        claim = {
            "text": quoted,
            "start": start,
            "end": start + len(quoted),
            "actor": actor,
            "kind": kind,
            "topics": [{"topic": t, "stance": s, "status": "confirmed"} for t, s in topics.items()],
        }
        claims.append({**claim, "optional": True} if optional else claim)
    return {
        "format": "claims-jsonl/1",
        "url": f"urn:fixture:{name}",
        "title": name,
        "text": text,
        "claims": claims,
    }


if __name__ == "__main__":
    for fixture in GOLD:
        line = json.dumps(gold_record(fixture), ensure_ascii=False)
        (FIXTURES / f"{fixture}.gold.jsonl").write_text(line + "\n", encoding="utf-8")

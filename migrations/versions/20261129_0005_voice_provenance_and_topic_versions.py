"""Whose voice an article is in, where each claim's words come from, and topics as the
extractor's knowledge with a version per proposition.

- articles.authors (the byline) and articles.genre ('first-party' or 'report');
- sources.speaks_for: whom a source's texts speak for (a lab's feed speaks as the lab);
- claims.provenance: 'quote', 'reported', 'first-party' or 'narration';
- topics.factual and topics.restriction_opposes: what the extractor needs to know of a
  topic beyond its cues; topics.version, raised by a trigger whenever the proposition
  changes, and topics.updated_at on any change (the importer recompiles its cues then);
- stance_tags.topic_version: the version of the topic's proposition a suggestion or
  decision was made under, set by a trigger on every insert and on every change of
  stance or status.

The default topics get the extractor's cue vocabulary, unless an editor changed their
cues since migration 0003 seeded them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (slug, factual, restriction_opposes, cues): the extractor's defaults on 2026-11-29.
# BEGIN TOPICS
TOPICS = [
    ('pause-mechanism', False, False, [
        'pause',
        'halt',
        'moratorium',
        'stop ... development',
        'stop ... training',
        'immediate stop',
        'off switch',
        'kill switch',
        'slow down',
        'slowdown',
        'emergency brake',
        'freeze ... development',
    ]),
    ('recursive-self-improvement', True, False, [
        'self-improvement',
        'self-improving',
        'improve ... itself',
        'improve ... themselves',
        'improve its own',
        'improve their own',
        'enhance its own',
        'enhance their own',
        'recursive',
        'intelligence explosion',
        'automating AI research',
        'automate AI research',
        'automated AI research',
        'work of ... AI researchers',
        'replace ... AI researchers',
        'accelerating their own progress',
        'accelerate ... AI progress',
        'accelerates ... AI progress',
        'speed up ... AI progress',
        'superhuman AI',
        'superintelligence',
        'superintelligent',
        'AI R&D',
        'machine learning R&D',
        'software intelligence explosion',
    ]),
    ('ai-accelerated-research', True, False, [
        'faster than human researchers',
        'AI-assisted research',
        'automated research',
        'accelerate ... research',
        'speed up ... research',
        'automated scientist',
        'research assistant',
        'automated alignment research',
    ]),
    ('human-oversight', True, False, [
        'oversight',
        'human control',
        'loss of control',
        'lose control',
        'losing control',
        'out of control',
        'able to control',
        'ability to control',
        'control over',
        'visibility',
        'human in the loop',
        'meaningful human',
        'democratic control',
        'under ... control',
        'human judgment',
        'human judgement',
        'uncontrollable',
        'rogue AI',
    ]),
    ('international-governance', False, False, [
        'global',
        'international',
        'treaty',
        'summit',
        'UN',
        'United Nations',
        'IAEA for AI',
        'multilateral',
        'G7',
        'G20',
        'OECD',
        'worldwide',
        'cross-border',
        'governments',
        'cooperation',
        'bilateral',
        'allies',
        'like-minded partners',
        'international norms',
        'international standards',
    ]),
    ('national-regulation', False, False, [
        'regulation',
        'regulate',
        'regulatory',
        'legislation',
        'legislative',
        'Act',
        'bill',
        'statutory',
        'statute',
        'law',
        'regulators',
        'policymakers',
        'lawmakers',
        'executive order',
        'rulemaking',
        'legally binding',
        'binding rules',
        'rules',
        'red tape',
        'guardrails',
        'deregulate',
        'de-regulate',
        'deregulation',
        'federal standard',
        'state law',
        'state laws',
        'preempt',
        'preemption',
        'patchwork',
        'SB',
        'bureaucracy',
        'bureaucracies',
        'overregulation',
        'over-regulation',
        'regulatory capture',
        'red-tape',
    ]),
    ('frontier-safety-frameworks', False, False, [
        'responsible scaling policy',
        'preparedness framework',
        'safety case',
        'safety framework',
        'frontier safety',
        'if-then commitments',
        'voluntary commitments',
        'safety commitments',
        'scaling policy',
        'commitments',
        'Framework',
        'critical capability levels',
        'safety practices',
        'safety policies',
        'safety protocols',
        'early warning evaluations',
        'mitigations',
    ]),
    ('evaluations-and-audits', False, False, [
        'evaluation',
        'evals',
        'red-teaming',
        'red team',
        'audit',
        'auditor',
        'safety institute',
        'security institute',
        'testing',
        'pre-deployment',
        'third-party testing',
        'independent testing',
        'tested ... before',
        'safety test',
        'safety tests',
        'evaluate',
        'risk assessment',
        'risk assessments',
        'red-team',
        'assess ... risks',
        'test ... models',
        'rigorous testing',
        'safety testing',
        'external experts',
        'red teamers',
    ]),
    ('compute-governance', False, False, [
        'compute threshold',
        'training compute',
        'access to compute',
        'amount of compute',
        'compute resources',
        'compute power',
        'compute governance',
        'computing power',
        'FLOP',
        'FLOPs',
        'chips',
        'export controls',
        'export control',
        'data centres',
        'data centers',
        'GPUs',
        'semiconductor',
        'semiconductors',
        'training runs',
        'more compute',
        'this compute',
        'compute budget',
        'compute capacity',
        'computing clusters',
        'clusters',
        'GPU',
    ]),
    ('licensing-and-registration', False, False, [
        'licence',
        'license',
        'licensing',
        'registration',
        'register',
        'registry',
        'permit',
        'approval for',
    ]),
    ('open-weights', False, True, [
        'open source',
        'open-source',
        'open weights',
        'open-weight',
        'open models',
        'model weights',
        'openly available',
        'weights',
    ]),
    ('liability', False, False, [
        'liability',
        'liable',
        'accountable',
        'accountability',
        'lawsuits',
        'lawsuit',
        'duty of care',
        'held responsible',
    ]),
    ('transparency', False, False, [
        'transparency',
        'transparent',
        'disclose',
        'disclosure',
        'reporting',
        'whistleblower',
        'whistleblowers',
        'incident reporting',
        'report incidents',
        'system card',
        'model card',
        'publish ... results',
        'publish ... findings',
        'publish ... assessments',
        'share ... information',
        'report ... information',
        'provide ... detail',
        'disclosure requirements',
    ]),
    ('race-dynamics', True, False, [
        'race',
        'arms race',
        'competitors',
        'competitive pressure',
        'competition',
        'less safety',
        'less focused on safety',
        'cede',
        'China',
        'fall behind',
        'falling behind',
        'keep pace',
        'stay ahead',
        'rivals',
        'geopolitical',
        'adversaries',
        'compete',
        'competitiveness',
        'competitive advantage',
        'AI leadership',
        'leadership in AI',
        'lead in AI',
        'AI race',
        'dominance',
        'dominate',
        'lead the world',
        'outcompete',
        'scramble',
    ]),
]
# END TOPICS

UPGRADE = r"""
ALTER TABLE articles
    ADD COLUMN authors text[] NOT NULL DEFAULT '{}',
    ADD COLUMN genre text,
    ADD CONSTRAINT ck_articles_genre_known CHECK (genre IN ('first-party', 'report'));

ALTER TABLE sources ADD COLUMN speaks_for text;

ALTER TABLE claims
    ADD COLUMN provenance text,
    ADD CONSTRAINT ck_claims_provenance_known
        CHECK (provenance IN ('quote', 'reported', 'first-party', 'narration'));

ALTER TABLE topics
    ADD COLUMN factual boolean NOT NULL DEFAULT false,
    ADD COLUMN restriction_opposes boolean NOT NULL DEFAULT false,
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD CONSTRAINT ck_topics_version_positive CHECK (version >= 1);

CREATE FUNCTION gc_topic_versioned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.proposition IS DISTINCT FROM OLD.proposition THEN
        NEW.version := OLD.version + 1;
    ELSE
        NEW.version := OLD.version;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER gc_topic_versioned BEFORE UPDATE ON topics
    FOR EACH ROW EXECUTE FUNCTION gc_topic_versioned();

-- Decisions so far were all made under each topic's first wording. New rows name their
-- version, or leave it to the trigger (a WHEN clause costs bulk COPY nothing per row).
ALTER TABLE stance_tags ADD COLUMN topic_version integer NOT NULL DEFAULT 1;
ALTER TABLE stance_tags ALTER COLUMN topic_version DROP DEFAULT;

CREATE FUNCTION gc_stance_tag_topic_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.topic_version := (SELECT version FROM topics WHERE id = NEW.topic_id);
    RETURN NEW;
END $$;
CREATE TRIGGER gc_stance_tag_topic_version_insert BEFORE INSERT ON stance_tags
    FOR EACH ROW WHEN (NEW.topic_version IS NULL)
    EXECUTE FUNCTION gc_stance_tag_topic_version();
CREATE TRIGGER gc_stance_tag_topic_version_decide BEFORE UPDATE OF stance, status ON stance_tags
    FOR EACH ROW
    WHEN (NEW.stance IS DISTINCT FROM OLD.stance OR NEW.status IS DISTINCT FROM OLD.status)
    EXECUTE FUNCTION gc_stance_tag_topic_version();
"""

DOWNGRADE = r"""
DROP TRIGGER gc_stance_tag_topic_version_decide ON stance_tags;
DROP TRIGGER gc_stance_tag_topic_version_insert ON stance_tags;
DROP FUNCTION gc_stance_tag_topic_version();
ALTER TABLE stance_tags DROP COLUMN topic_version;
DROP TRIGGER gc_topic_versioned ON topics;
DROP FUNCTION gc_topic_versioned();
ALTER TABLE topics
    DROP COLUMN updated_at, DROP COLUMN version,
    DROP COLUMN restriction_opposes, DROP COLUMN factual;
ALTER TABLE claims DROP COLUMN provenance;
ALTER TABLE sources DROP COLUMN speaks_for;
ALTER TABLE articles DROP COLUMN genre, DROP COLUMN authors;
"""

# Migration 0003's cues, to tell an editor's cues from the seed's.
_SEEDED_CUES = sa.text("SELECT slug, cues FROM topics WHERE slug = ANY(:slugs)")


def upgrade() -> None:
    op.execute(UPGRADE)
    bind = op.get_bind()
    from_0003 = {
        "pause-mechanism": ["pause", "halt", "moratorium", "stop development", "off switch for development"],
        "recursive-self-improvement": ["self-improvement", "improve itself", "intelligence explosion", "automating AI research"],
        "ai-accelerated-research": ["faster than human researchers", "AI-assisted research", "automated research"],
        "human-oversight": ["oversight", "human control", "loss of control", "visibility"],
        "international-governance": ["global", "international", "treaty", "summit", "UN", "IAEA for AI", "governments"],
        "national-regulation": ["regulation", "legislation", "act", "bill", "regulators", "policymakers"],
        "frontier-safety-frameworks": ["responsible scaling policy", "preparedness framework", "safety case", "commitments"],
        "evaluations-and-audits": ["evaluation", "red-teaming", "audit", "safety institute", "testing"],
        "compute-governance": ["compute threshold", "FLOP", "chips", "export controls", "data centres"],
        "licensing-and-registration": ["licence", "license", "registration", "permit"],
        "open-weights": ["open source", "open weights", "open models"],
        "liability": ["liability", "liable", "accountable", "lawsuits"],
        "transparency": ["transparency", "disclose", "reporting", "whistleblower", "incident reporting"],
        "race-dynamics": ["race", "competitors", "less safety-focused developers", "cede ground", "China"],
    }
    current = dict(bind.execute(_SEEDED_CUES, {"slugs": list(from_0003)}).all())
    for slug, factual, restriction_opposes, cues in TOPICS:
        bind.execute(
            sa.text(
                "UPDATE topics SET factual = :factual, restriction_opposes = :ro WHERE slug = :slug"
            ),
            {"slug": slug, "factual": factual, "ro": restriction_opposes},
        )
        if current.get(slug) == from_0003.get(slug):
            bind.execute(
                sa.text("UPDATE topics SET cues = :cues WHERE slug = :slug"),
                {"slug": slug, "cues": cues},
            )


def downgrade() -> None:
    op.execute(DOWNGRADE)

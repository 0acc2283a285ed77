"""Seed the default topic taxonomy (copied from the project's taxonomy spec).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (slug, name, proposition: what "supports" means, cue words). Ids follow this order.
TOPICS = [
    ('pause-mechanism', 'Pause mechanism', 'A mechanism to pause or halt frontier AI development should exist or be used.', ['pause', 'halt', 'moratorium', 'stop development', 'off switch for development']),
    ('recursive-self-improvement', 'Recursive self-improvement', 'AI systems improving their own capabilities is happening or is a serious risk.', ['self-improvement', 'improve itself', 'intelligence explosion', 'automating AI research']),
    ('ai-accelerated-research', 'AI-accelerated research', 'AI systems already speed up research, including safety research.', ['faster than human researchers', 'AI-assisted research', 'automated research']),
    ('human-oversight', 'Human oversight and control', 'Humans must keep meaningful oversight/control of advanced AI; loss of control is a real risk.', ['oversight', 'human control', 'loss of control', 'visibility']),
    ('international-governance', 'International governance', 'Frontier AI needs international coordination or an international body.', ['global', 'international', 'treaty', 'summit', 'UN', 'IAEA for AI', 'governments']),
    ('national-regulation', 'National regulation', 'Binding national/regional AI law is needed (e.g. EU AI Act, state bills).', ['regulation', 'legislation', 'act', 'bill', 'regulators', 'policymakers']),
    ('frontier-safety-frameworks', 'Frontier safety frameworks', 'Labs should adopt and follow published safety frameworks / if-then commitments.', ['responsible scaling policy', 'preparedness framework', 'safety case', 'commitments']),
    ('evaluations-and-audits', 'Evaluations and audits', 'Frontier models should undergo independent testing, evals and audits before release.', ['evaluation', 'red-teaming', 'audit', 'safety institute', 'testing']),
    ('compute-governance', 'Compute governance', 'Compute should be tracked, thresholded or controlled (incl. chip export controls).', ['compute threshold', 'FLOP', 'chips', 'export controls', 'data centres']),
    ('licensing-and-registration', 'Licensing and registration', 'Frontier AI developers or models should be licensed or registered.', ['licence', 'license', 'registration', 'permit']),
    ('open-weights', 'Open weights', 'Releasing model weights openly is good (opposes = restrict release).', ['open source', 'open weights', 'open models']),
    ('liability', 'Liability', 'AI developers should be legally liable for harms.', ['liability', 'liable', 'accountable', 'lawsuits']),
    ('transparency', 'Transparency and disclosure', 'AI developers should disclose risks, incidents and internal assessments.', ['transparency', 'disclose', 'reporting', 'whistleblower', 'incident reporting']),
    ('race-dynamics', 'Race dynamics', 'Competitive pressure (between labs or states) shapes or justifies frontier development.', ['race', 'competitors', 'less safety-focused developers', 'cede ground', 'China']),
]


def upgrade() -> None:
    insert = sa.text(
        "INSERT INTO topics (id, slug, name, proposition, cues) "
        "OVERRIDING SYSTEM VALUE VALUES (:id, :slug, :name, :proposition, :cues)"
    )
    for number, (slug, name, proposition, cues) in enumerate(TOPICS, start=1):
        op.get_bind().execute(
            insert,
            {"id": number, "slug": slug, "name": name, "proposition": proposition, "cues": cues},
        )
    op.execute("SELECT setval(pg_get_serial_sequence('topics', 'id'), (SELECT max(id) FROM topics))")


def downgrade() -> None:
    op.execute(
        sa.text("DELETE FROM topics WHERE slug = ANY(:slugs)").bindparams(
            slugs=[slug for slug, *_ in TOPICS]
        )
    )

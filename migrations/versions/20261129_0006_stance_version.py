"""Count writes that can change a stance, so computed stances can be cached until the next.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

`stance_version` holds one row whose `version` goes up with every statement that writes
claims (and with them, through the tag trigger, stance tags), actors or topics. The stance
views compute from every tag, which is costly on a large archive; they keep their results
per version and recompute only after a write. The row is bumped before each statement,
so every writer takes it before the facet count rows its statement then updates: all
writers lock in one order, and concurrent imports cannot deadlock on the pair.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE stance_version (
    id smallint PRIMARY KEY CONSTRAINT ck_stance_version_one_row CHECK (id = 1),
    version bigint NOT NULL DEFAULT 0
);
INSERT INTO stance_version (id, version) VALUES (1, 0);

CREATE FUNCTION gc_bump_stance_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE stance_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END $$;
"""

TABLES = ("claims", "actors", "topics")

DOWNGRADE = """
DROP FUNCTION gc_bump_stance_version();
DROP TABLE stance_version;
"""


def upgrade() -> None:
    op.execute(UPGRADE)
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_bump_stance_version"
            f" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION gc_bump_stance_version()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_bump_stance_version ON {table}")
    op.execute(DOWNGRADE)

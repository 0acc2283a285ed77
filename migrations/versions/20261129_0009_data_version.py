"""Count every write that a public page can show, so whole pages can be cached until the next.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

`data_version` holds one row whose `version` goes up with every statement that writes a
table the public pages and the API read: articles, claims, stance tags, annotation events,
actors, their aliases and topics. The web process keeps rendered answers filed under the
version it read before rendering; the row is updated inside the writing transaction, so the
new version becomes visible exactly when the data does, and a cached answer is never older
than the version it is filed under. The version starts at a random number so that a
database rebuilt from scratch does not reuse the versions of the one before.

Each trigger is named `<table>_bump_data_version`, which sorts before
`<table>_bump_stance_version` (migration 0006): every writer takes the data_version row,
then stance_version, then the facet count rows, in that one order, so writers cannot
deadlock on the pair.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE data_version (
    id smallint PRIMARY KEY CONSTRAINT ck_data_version_one_row CHECK (id = 1),
    version bigint NOT NULL DEFAULT 0
);
INSERT INTO data_version (id, version) VALUES (1, floor(random() * 1e15)::bigint);

CREATE FUNCTION gc_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END $$;
"""

TABLES = (
    "articles",
    "claims",
    "stance_tags",
    "annotation_events",
    "actors",
    "actor_aliases",
    "topics",
)

DOWNGRADE = """
DROP FUNCTION gc_bump_data_version();
DROP TABLE data_version;
"""


def upgrade() -> None:
    op.execute(UPGRADE)
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_bump_data_version"
            f" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION gc_bump_data_version()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_bump_data_version ON {table}")
    op.execute(DOWNGRADE)

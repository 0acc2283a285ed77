"""Login throttles shared by every process, and the import failures editors see.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

`login_throttles` counts failed logins per (username, address) and per address, with
the time before which the next attempt is refused, so that every web process and
thread sees the same counts. `import_failures` keeps one row per address whose import
failed: the last error, how many attempts, whether it is worth retrying; /imports
shows them and offers a retry.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "login_throttles",
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("failures", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("first_failure_at", TZ, server_default=sa.func.now(), nullable=False),
        sa.Column("last_failure_at", TZ, server_default=sa.func.now(), nullable=False),
        sa.Column("blocked_until", TZ, nullable=True),
        sa.CheckConstraint(
            "scope IN ('user-address', 'address')", name="ck_login_throttles_scope_known"
        ),
        sa.PrimaryKeyConstraint("scope", "key"),
    )
    op.create_table(
        "import_failures",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("permanent", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("first_failed_at", TZ, server_default=sa.func.now(), nullable=False),
        sa.Column("last_failed_at", TZ, server_default=sa.func.now(), nullable=False),
        sa.Column("next_retry_at", TZ, nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
        sa.CheckConstraint("attempts >= 1", name="ck_import_failures_attempts_positive"),
    )
    op.create_index(
        "ix_import_failures_last_failed_at", "import_failures", [sa.text("last_failed_at DESC")]
    )


def downgrade() -> None:
    op.drop_index("ix_import_failures_last_failed_at", table_name="import_failures")
    op.drop_table("import_failures")
    op.drop_table("login_throttles")

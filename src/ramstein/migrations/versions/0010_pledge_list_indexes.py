"""indexes that match the pledge lists' filters and order

The public list (released pledges in (date, id) order) walked the whole date index to find its
released rows (0.012 s a page at 10,000 pledges, 0.114 s at 100,000; issue 19): a partial index
over released pledges only answers it, and its count, from released rows alone. A list filtered
by status pages through (status, date, id) instead of sorting every pledge of that status.

Revision ID: 0010
Revises: 0011
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0011"
branch_labels = None
depends_on = None

RELEASED = sa.text("released_at IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_pledges_released_date_id", "pledges", ["date", "id"],
                    sqlite_where=RELEASED, postgresql_where=RELEASED)
    op.create_index("ix_pledges_status_date_id", "pledges", ["status", "date", "id"])


def downgrade() -> None:
    op.drop_index("ix_pledges_status_date_id", table_name="pledges")
    op.drop_index("ix_pledges_released_date_id", table_name="pledges")

"""an index for the pledge list's most common query: one nation's pledges in date order

`GET /api/v1/pledges?nation=X` filters by nation and pages by (date, id); without this index
SQLite sorts every pledge of the nation in a temporary B-tree for each page.

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_pledges_nation_date_id", "pledges", ["nation_iso3", "date", "id"])


def downgrade() -> None:
    op.drop_index("ix_pledges_nation_date_id", table_name="pledges")

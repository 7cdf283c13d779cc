"""offers drawn from stocks: source (production or stock) and the units available

Most PURL deliveries come from U.S. stocks within weeks; such an offer has a total quantity
available instead of a factory lead time (SPEC sections 2 and 4).

Revision ID: 0011
Revises: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        batch.add_column(sa.Column("source", sa.String(length=12), server_default="production", nullable=False))
        batch.add_column(sa.Column("available_quantity", sa.Numeric(24, 6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        batch.drop_column("available_quantity")
        batch.drop_column("source")

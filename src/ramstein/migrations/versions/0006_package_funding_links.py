"""package funding links: which pledge funds which package, recorded by coordinators

Which packages' figures are withheld from the public used to follow the free-text `package_ref` a
nation types on its pledge (issue 12): a nation could hide another nation's package by naming it,
and a package no pledge named showed its figures. It now follows these links.

Revision ID: 0006
Revises: 0008 (the head when it was written: 0005 -> 0009 -> 0008)
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "package_funding_links",
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["package_id"], ["packages.id"], ondelete="CASCADE",
                                name=op.f("fk_package_funding_links_package_id_packages")),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledges.id"],
                                name=op.f("fk_package_funding_links_pledge_id_pledges")),
        sa.PrimaryKeyConstraint("package_id", "pledge_id", name=op.f("pk_package_funding_links")),
    )
    op.create_index(op.f("ix_package_funding_links_pledge_id"), "package_funding_links", ["pledge_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_package_funding_links_pledge_id"), table_name="package_funding_links")
    op.drop_table("package_funding_links")

"""leads: the body area the visitor named, kept without the readiness questions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 06:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('leads') as batch:
        batch.add_column(sa.Column('body_area', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('leads') as batch:
        batch.drop_column('body_area')

"""visitor_notices: buttons shown with a notice in an open chat (other times a declined booking offers)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 20:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('visitor_notices') as batch:
        batch.add_column(sa.Column('buttons', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('visitor_notices') as batch:
        batch.drop_column('buttons')

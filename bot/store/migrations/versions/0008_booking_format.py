"""bookings: a consultation by video or in person

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 11:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('bookings') as batch:
        batch.add_column(sa.Column('by_video', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('bookings') as batch:
        batch.drop_column('by_video')

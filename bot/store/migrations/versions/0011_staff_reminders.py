"""staff_reminders: a reminder about an unanswered chat or request goes once per item

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 20:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_reminders',
    sa.Column('item', sa.String(length=80), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('item')
    )


def downgrade() -> None:
    op.drop_table('staff_reminders')

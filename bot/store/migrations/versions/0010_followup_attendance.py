"""follow-ups (issue 18): a visitor's "I'll be there" from the signed link in a reminder e-mail

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 20:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attendance_confirmations',
    sa.Column('booking_id', sa.String(length=32), nullable=False),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('via', sa.String(length=16), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('booking_id')
    )


def downgrade() -> None:
    op.drop_table('attendance_confirmations')

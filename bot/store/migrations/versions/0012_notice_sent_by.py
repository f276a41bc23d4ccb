"""visitor_notices: how a notice reached a visitor whose chat was closed (email, sms, whatsapp)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 20:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('visitor_notices') as batch:
        batch.add_column(sa.Column('sent_by', sa.String(length=16), nullable=True))
    op.execute("UPDATE visitor_notices SET sent_by = 'email' WHERE emailed_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('visitor_notices') as batch:
        batch.drop_column('sent_by')

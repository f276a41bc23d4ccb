"""takeovers: a person answering a conversation live; visitor notices remember an e-mail copy

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('takeovers',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=255), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('taken_by', sa.String(length=100), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_by', sa.String(length=100), nullable=True),
    sa.Column('end_reason', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('takeovers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_takeovers_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index('uq_takeovers_open', ['conversation_id'], unique=True,
                              sqlite_where=sa.text('ended_at IS NULL'),
                              postgresql_where=sa.text('ended_at IS NULL'))
    with op.batch_alter_table('visitor_notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('visitor_notices', schema=None) as batch_op:
        batch_op.drop_column('emailed_at')
    with op.batch_alter_table('takeovers', schema=None) as batch_op:
        batch_op.drop_index('uq_takeovers_open', sqlite_where=sa.text('ended_at IS NULL'),
                            postgresql_where=sa.text('ended_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_takeovers_conversation_id'))
    op.drop_table('takeovers')

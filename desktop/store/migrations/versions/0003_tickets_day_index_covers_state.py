"""tickets: day index covers state

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.store.base


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Queries about one day filter on state too (today's finished services for the wait estimate);
    # with (hall_code, day) alone SQLite chose ix_tickets_waiting and scanned a year of finished tickets.
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tickets_day'))
        batch_op.create_index('ix_tickets_day', ['hall_code', 'day', 'state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_day')
        batch_op.create_index(batch_op.f('ix_tickets_day'), ['hall_code', 'day'], unique=False)


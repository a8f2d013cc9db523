"""tickets: partial indexes for call-next

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.store.base


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

WAITING = "state = 'waiting'"
# name → (columns, extra condition): call-next reads the first few candidates of each rule from
# these instead of every waiting ticket (issue 9: 132 ms per call at 6,000 waiting). Partial on
# the waiting state, so they hold only today's queue, not the year of finished tickets.
INDEXES = {
    'ix_tickets_queue': (['hall_code', 'day', 'category', 'priority', 'sort_at', 'id'], None),
    'ix_tickets_queue_issued': (['hall_code', 'day', 'category', 'issued_at', 'sort_at', 'id'], None),
    'ix_tickets_queue_booked': (['hall_code', 'day', 'appointment_at', 'sort_at', 'id'], 'appointment_at IS NOT NULL'),
    'ix_tickets_queue_targeted': (['hall_code', 'day', 'target_counter', 'sort_at', 'id'],
                                  'target_counter IS NOT NULL'),
}


def upgrade() -> None:
    for name, (columns, extra) in INDEXES.items():
        where = sa.text(f"{WAITING} AND {extra}" if extra else WAITING)
        op.create_index(name, 'tickets', columns, unique=False, sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name='tickets')

"""queue tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.store.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ticket_categories',
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('prefix', sa.String(length=2), nullable=False),
    sa.Column('number_start', sa.Integer(), nullable=False),
    sa.Column('number_end', sa.Integer(), nullable=False),
    sa.Column('daily_cap', sa.Integer(), nullable=False),
    sa.Column('per_person_daily_cap', sa.Integer(), nullable=False),
    sa.Column('opens', sa.String(length=5), nullable=False),
    sa.Column('closes', sa.String(length=5), nullable=False),
    sa.Column('sla_minutes', sa.Integer(), nullable=False),
    sa.Column('default_service_minutes', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_ticket_categories_hall_code_halls')),
    sa.PrimaryKeyConstraint('hall_code', 'code', name=op.f('pk_ticket_categories'))
    )
    op.create_table('tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('series', sa.String(length=2), nullable=False),
    sa.Column('category', sa.String(length=2), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=8), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('priority', sa.Boolean(), nullable=False),
    sa.Column('priority_reason', sa.String(length=40), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('name_masked', sa.String(length=40), nullable=False),
    sa.Column('id_digest', sa.String(length=64), nullable=True),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('appointment_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sort_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('issued_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('first_called_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('called_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('started_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('counter_number', sa.Integer(), nullable=True),
    sa.Column('clerk', sa.String(length=40), nullable=False),
    sa.Column('target_counter', sa.Integer(), nullable=True),
    sa.Column('recalls', sa.Integer(), nullable=False),
    sa.Column('requeues', sa.Integer(), nullable=False),
    sa.Column('transferred_from', sa.String(length=8), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('cases', sa.String(length=200), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('rating_reason', sa.String(length=200), nullable=False),
    sa.Column('estimate_minutes', sa.Integer(), nullable=True),
    sa.Column('people_ahead', sa.Integer(), nullable=False),
    sa.CheckConstraint("state in ('waiting','called','serving','held','finished','no_show','transferred','expired','cancelled')", name=op.f('ck_tickets_state_known')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_tickets_hall_code_halls')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_tickets_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets')),
    sa.UniqueConstraint('hall_code', 'day', 'series', 'number', name='uq_tickets_hall_day_number')
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_day', ['hall_code', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_tickets_waiting', ['hall_code', 'state', 'category', 'sort_at'], unique=False)

    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('category', sa.String(length=2), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('scheduled_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('created_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state in ('booked','checked_in','late','cancelled','missed')", name=op.f('ck_appointments_state_known')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_appointments_hall_code_halls')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_appointments_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments')),
    sa.UniqueConstraint('hall_code', 'id_number', 'scheduled_at', 'category', name='uq_appointments_booking')
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointments_hall_code'), ['hall_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_id_number'), ['id_number'], unique=False)

    op.create_table('call_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=8), nullable=False),
    sa.Column('counter_number', sa.Integer(), nullable=False),
    sa.Column('name_masked', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_call_events_hall_code_halls')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_call_events_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_events'))
    )
    with op.batch_alter_table('call_events', schema=None) as batch_op:
        batch_op.create_index('ix_call_events_hall_id', ['hall_code', 'id'], unique=False)

    op.create_table('counter_states',
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('counter_number', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('clerk', sa.String(length=40), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('pause_reason', sa.String(length=60), nullable=False),
    sa.Column('priority_streak', sa.Integer(), nullable=False),
    sa.Column('since', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state in ('closed','idle','called','serving','paused')", name=op.f('ck_counter_states_state_known')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_counter_states_hall_code_halls')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_counter_states_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('hall_code', 'counter_number', name=op.f('pk_counter_states'))
    )


def downgrade() -> None:
    op.drop_table('counter_states')
    with op.batch_alter_table('call_events', schema=None) as batch_op:
        batch_op.drop_index('ix_call_events_hall_id')

    op.drop_table('call_events')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_id_number'))
        batch_op.drop_index(batch_op.f('ix_appointments_hall_code'))

    op.drop_table('appointments')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_waiting')
        batch_op.drop_index(batch_op.f('ix_tickets_person_id'))
        batch_op.drop_index('ix_tickets_day')

    op.drop_table('tickets')
    op.drop_table('ticket_categories')

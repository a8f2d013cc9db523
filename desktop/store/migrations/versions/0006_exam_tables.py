"""exam tables

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.store.base


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exam_sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('address', sa.String(length=120), nullable=False),
    sa.Column('subjects', sa.String(length=16), nullable=False),
    sa.Column('classes', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_exam_sites_hall_code_halls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_sites')),
    sa.UniqueConstraint('hall_code', 'code', name='uq_exam_sites_code')
    )
    op.create_table('exam_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('cls', sa.String(length=2), nullable=False),
    sa.Column('application_no', sa.String(length=16), nullable=False),
    sa.Column('accepted_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('school', sa.String(length=60), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('permit_from', sa.Date(), nullable=True),
    sa.Column('permit_until', sa.Date(), nullable=True),
    sa.Column('site_changes', sa.Integer(), nullable=False),
    sa.Column('failed_checks', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.CheckConstraint("state in ('active','done','voided','expired')", name=op.f('ck_exam_candidates_state_known')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_exam_candidates_hall_code_halls')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_exam_candidates_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_candidates')),
    sa.UniqueConstraint('hall_code', 'application_no', name='uq_exam_candidates_application')
    )
    with op.batch_alter_table('exam_candidates', schema=None) as batch_op:
        batch_op.create_index('ix_exam_candidates_person', ['person_id', 'state'], unique=False)

    op.create_table('exam_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('weekly', sa.Text(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('sessions', sa.Integer(), nullable=False),
    sa.Column('published_by', sa.String(length=40), nullable=False),
    sa.Column('published_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_exam_plans_hall_code_halls')),
    sa.ForeignKeyConstraint(['site_id'], ['exam_sites.id'], name=op.f('fk_exam_plans_site_id_exam_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_plans'))
    )
    op.create_table('exam_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=2), nullable=False),
    sa.Column('sites', sa.String(length=64), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('reason_code', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state in ('open','booked','refused','withdrawn')", name=op.f('ck_exam_requests_state_known')),
    sa.ForeignKeyConstraint(['candidate_id'], ['exam_candidates.id'], name=op.f('fk_exam_requests_candidate_id_exam_candidates')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_exam_requests_hall_code_halls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_requests'))
    )
    with op.batch_alter_table('exam_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_requests_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index('ix_exam_requests_open', ['hall_code', 'state', 'subject'], unique=False)

    op.create_table('exam_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('half', sa.String(length=2), nullable=False),
    sa.Column('subject', sa.String(length=2), nullable=False),
    sa.Column('classes', sa.String(length=64), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.Column('issued', sa.Integer(), nullable=False),
    sa.CheckConstraint("half in ('am','pm')", name=op.f('ck_exam_sessions_half_known')),
    sa.CheckConstraint("subject in ('1','2','3','3s')", name=op.f('ck_exam_sessions_subject_known')),
    sa.CheckConstraint('booked >= 0 and booked <= capacity', name=op.f('ck_exam_sessions_within_capacity')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_exam_sessions_hall_code_halls')),
    sa.ForeignKeyConstraint(['plan_id'], ['exam_plans.id'], name=op.f('fk_exam_sessions_plan_id_exam_plans')),
    sa.ForeignKeyConstraint(['site_id'], ['exam_sites.id'], name=op.f('fk_exam_sessions_site_id_exam_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_sessions')),
    sa.UniqueConstraint('site_id', 'day', 'half', 'subject', name='uq_exam_sessions_slot')
    )
    with op.batch_alter_table('exam_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_exam_sessions_day', ['hall_code', 'day'], unique=False)

    op.create_table('exam_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=2), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('order_no', sa.Integer(), nullable=False),
    sa.Column('ticket_serial', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('booked_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checked_in_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checked_in_by', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('retake_score', sa.Integer(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('result_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('result_by', sa.String(length=40), nullable=False),
    sa.CheckConstraint("state in ('booked','checked_in','sat','no_show','cancelled')", name=op.f('ck_exam_bookings_state_known')),
    sa.ForeignKeyConstraint(['candidate_id'], ['exam_candidates.id'], name=op.f('fk_exam_bookings_candidate_id_exam_candidates')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_exam_bookings_hall_code_halls')),
    sa.ForeignKeyConstraint(['request_id'], ['exam_requests.id'], name=op.f('fk_exam_bookings_request_id_exam_requests')),
    sa.ForeignKeyConstraint(['session_id'], ['exam_sessions.id'], name=op.f('fk_exam_bookings_session_id_exam_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_bookings')),
    sa.UniqueConstraint('hall_code', 'code', name='uq_exam_bookings_code')
    )
    with op.batch_alter_table('exam_bookings', schema=None) as batch_op:
        batch_op.create_index('ix_exam_bookings_candidate', ['candidate_id', 'state'], unique=False)
        batch_op.create_index('ix_exam_bookings_session', ['session_id', 'state'], unique=False)

    with op.batch_alter_table('exam_results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('candidate_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_exam_results_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_exam_results_candidate_id_exam_candidates'), 'exam_candidates', ['candidate_id'], ['id'])

    # driver cases gain the state 'examining' (初次申领 / 增驾 accepted, exams under way)
    with op.batch_alter_table('driver_cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_driver_cases_state_known'), type_='check')
        batch_op.create_check_constraint(
            'state_known', "state in ('accepted','deferred','examining','completed','refused','terminated')")


def downgrade() -> None:
    with op.batch_alter_table('driver_cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_driver_cases_state_known'), type_='check')
        batch_op.create_check_constraint(
            'state_known', "state in ('accepted','deferred','completed','refused','terminated')")

    with op.batch_alter_table('exam_results', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_exam_results_candidate_id_exam_candidates'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_exam_results_candidate_id'))
        batch_op.drop_column('candidate_id')

    with op.batch_alter_table('exam_bookings', schema=None) as batch_op:
        batch_op.drop_index('ix_exam_bookings_session')
        batch_op.drop_index('ix_exam_bookings_candidate')

    op.drop_table('exam_bookings')
    with op.batch_alter_table('exam_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_exam_sessions_day')

    op.drop_table('exam_sessions')
    with op.batch_alter_table('exam_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_exam_requests_open')
        batch_op.drop_index(batch_op.f('ix_exam_requests_candidate_id'))

    op.drop_table('exam_requests')
    op.drop_table('exam_plans')
    with op.batch_alter_table('exam_candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_exam_candidates_person')

    op.drop_table('exam_candidates')
    op.drop_table('exam_sites')

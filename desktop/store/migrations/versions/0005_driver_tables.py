"""driver tables

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.store.base


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('driving_licences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('archive_no', sa.String(length=20), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('renewals', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('cycle_start', sa.Date(), nullable=True),
    sa.Column('health_due', sa.Date(), nullable=True),
    sa.Column('review_due', sa.Date(), nullable=True),
    sa.Column('last_medical', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('created_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_driving_licences_hall_code_halls')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_driving_licences_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_driving_licences')),
    sa.UniqueConstraint('person_id', name=op.f('uq_driving_licences_person_id'))
    )
    with op.batch_alter_table('driving_licences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_driving_licences_hall_code'), ['hall_code'], unique=False)
        batch_op.create_index('ix_driving_licences_valid_until', ['hall_code', 'valid_until'], unique=False)

    op.create_table('exam_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=2), nullable=False),
    sa.Column('cls', sa.String(length=2), nullable=False),
    sa.Column('exam_date', sa.Date(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('used', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('created_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("subject in ('1','2','3','3s')", name=op.f('ck_exam_results_subject_known')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_exam_results_hall_code_halls')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_exam_results_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_results')),
    sa.UniqueConstraint('person_id', 'subject', 'cls', 'exam_date', name='uq_exam_results_sitting')
    )
    with op.batch_alter_table('exam_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_results_person_id'), ['person_id'], unique=False)

    op.create_table('driver_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('case_no', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('business', sa.String(length=24), nullable=False),
    sa.Column('business_name', sa.String(length=40), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('agent_person_id', sa.Integer(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('counter', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('classes', sa.String(length=40), nullable=False),
    sa.Column('fee_total', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('accepted_by', sa.String(length=40), nullable=False),
    sa.Column('accepted_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('notice_serial', sa.String(length=16), nullable=False),
    sa.Column('receipt_serial', sa.String(length=16), nullable=False),
    sa.Column('pickup_serial', sa.String(length=16), nullable=False),
    sa.CheckConstraint("state in ('accepted','deferred','completed','refused','terminated')", name=op.f('ck_driver_cases_state_known')),
    sa.ForeignKeyConstraint(['agent_person_id'], ['persons.id'], name=op.f('fk_driver_cases_agent_person_id_persons')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_driver_cases_hall_code_halls')),
    sa.ForeignKeyConstraint(['licence_id'], ['driving_licences.id'], name=op.f('fk_driver_cases_licence_id_driving_licences')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_driver_cases_person_id_persons')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_driver_cases_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_driver_cases')),
    sa.UniqueConstraint('hall_code', 'case_no', name='uq_driver_cases_hall_case_no')
    )
    with op.batch_alter_table('driver_cases', schema=None) as batch_op:
        batch_op.create_index('ix_driver_cases_day', ['hall_code', 'day', 'business'], unique=False)
        batch_op.create_index(batch_op.f('ix_driver_cases_licence_id'), ['licence_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_driver_cases_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_driver_cases_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('licence_classes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=False),
    sa.Column('cls', sa.String(length=2), nullable=False),
    sa.Column('first_obtained', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['licence_id'], ['driving_licences.id'], name=op.f('fk_licence_classes_licence_id_driving_licences')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_licence_classes')),
    sa.UniqueConstraint('licence_id', 'cls', name='uq_licence_classes_licence_cls')
    )
    with op.batch_alter_table('licence_classes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_licence_classes_licence_id'), ['licence_id'], unique=False)

    op.create_table('point_cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=False),
    sa.Column('cycle_end', sa.Date(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['licence_id'], ['driving_licences.id'], name=op.f('fk_point_cycles_licence_id_driving_licences')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_cycles')),
    sa.UniqueConstraint('licence_id', 'cycle_end', name='uq_point_cycles_licence_end')
    )
    with op.batch_alter_table('point_cycles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_cycles_licence_id'), ['licence_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('point_cycles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_cycles_licence_id'))

    op.drop_table('point_cycles')
    with op.batch_alter_table('licence_classes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_licence_classes_licence_id'))

    op.drop_table('licence_classes')
    with op.batch_alter_table('driver_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_driver_cases_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_driver_cases_person_id'))
        batch_op.drop_index(batch_op.f('ix_driver_cases_licence_id'))
        batch_op.drop_index('ix_driver_cases_day')

    op.drop_table('driver_cases')
    with op.batch_alter_table('exam_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_results_person_id'))

    op.drop_table('exam_results')
    with op.batch_alter_table('driving_licences', schema=None) as batch_op:
        batch_op.drop_index('ix_driving_licences_valid_until')
        batch_op.drop_index(batch_op.f('ix_driving_licences_hall_code'))

    op.drop_table('driving_licences')

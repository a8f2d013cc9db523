"""vehicle tables

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.store.base


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_fees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_type', sa.String(length=8), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('item_code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_fees'))
    )
    with op.batch_alter_table('case_fees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_fees_case_id'), ['case_id'], unique=False)

    op.create_table('case_materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_type', sa.String(length=8), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('key', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('supplied_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status in ('received','deferred','supplied','not_applicable')", name=op.f('ck_case_materials_status_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_materials'))
    )
    with op.batch_alter_table('case_materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_materials_case_id'), ['case_id'], unique=False)

    op.create_table('deferrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('case_type', sa.String(length=8), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=16), nullable=False),
    sa.Column('business_name', sa.String(length=40), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('missing', sa.Text(), nullable=False),
    sa.Column('commitment', sa.Text(), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('closed_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('barred_until', sa.Date(), nullable=True),
    sa.Column('notice_serial', sa.String(length=16), nullable=False),
    sa.CheckConstraint("state in ('pending','supplied','terminated')", name=op.f('ck_deferrals_state_known')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_deferrals_company_id_companies')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_deferrals_hall_code_halls')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_deferrals_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deferrals')),
    sa.UniqueConstraint('case_type', 'case_id', name='uq_deferrals_case')
    )
    with op.batch_alter_table('deferrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deferrals_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_deferrals_open', ['hall_code', 'state', 'deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_deferrals_person_id'), ['person_id'], unique=False)

    op.create_table('vehicles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('vin', sa.String(length=17), nullable=False),
    sa.Column('plate', sa.String(length=10), nullable=True),
    sa.Column('hpzl', sa.String(length=2), nullable=False),
    sa.Column('cllx', sa.String(length=3), nullable=False),
    sa.Column('syxz', sa.String(length=1), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=True),
    sa.Column('total_mass_kg', sa.Integer(), nullable=True),
    sa.Column('colour', sa.String(length=4), nullable=False),
    sa.Column('brand', sa.String(length=40), nullable=False),
    sa.Column('model', sa.String(length=40), nullable=False),
    sa.Column('engine_no', sa.String(length=30), nullable=False),
    sa.Column('energy', sa.String(length=16), nullable=False),
    sa.Column('owner_person_id', sa.Integer(), nullable=True),
    sa.Column('owner_company_id', sa.Integer(), nullable=True),
    sa.Column('certificate_no', sa.String(length=20), nullable=False),
    sa.Column('registered', sa.Boolean(), nullable=False),
    sa.Column('first_registered', sa.Date(), nullable=True),
    sa.Column('manufactured', sa.Date(), nullable=True),
    sa.Column('last_inspected', sa.Date(), nullable=True),
    sa.Column('inspection_valid_until', sa.Date(), nullable=True),
    sa.Column('insurance_until', sa.Date(), nullable=True),
    sa.Column('scrap_date', sa.Date(), nullable=True),
    sa.Column('mortgaged', sa.Boolean(), nullable=False),
    sa.Column('pledged', sa.Boolean(), nullable=False),
    sa.Column('seized', sa.Boolean(), nullable=False),
    sa.Column('stolen', sa.Boolean(), nullable=False),
    sa.Column('violations_pending', sa.Boolean(), nullable=False),
    sa.Column('accidents_pending', sa.Boolean(), nullable=False),
    sa.Column('injury_accident', sa.Boolean(), nullable=False),
    sa.Column('illegal_modification', sa.Boolean(), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('moved_out', sa.Boolean(), nullable=False),
    sa.Column('temp_plates_issued', sa.Integer(), nullable=False),
    sa.Column('last_plate_swap', sa.Date(), nullable=True),
    sa.Column('plate_since', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('created_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('NOT (owner_person_id IS NOT NULL AND owner_company_id IS NOT NULL)', name=op.f('ck_vehicles_one_owner')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_vehicles_hall_code_halls')),
    sa.ForeignKeyConstraint(['owner_company_id'], ['companies.id'], name=op.f('fk_vehicles_owner_company_id_companies')),
    sa.ForeignKeyConstraint(['owner_person_id'], ['persons.id'], name=op.f('fk_vehicles_owner_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicles')),
    sa.UniqueConstraint('vin', name=op.f('uq_vehicles_vin'))
    )
    with op.batch_alter_table('vehicles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vehicles_hall_code'), ['hall_code'], unique=False)
        batch_op.create_index('ix_vehicles_inspection', ['hall_code', 'cancelled', 'inspection_valid_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_vehicles_owner_company_id'), ['owner_company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vehicles_owner_person_id'), ['owner_person_id'], unique=False)
        batch_op.create_index('ix_vehicles_plate', ['plate'], unique=False)

    op.create_table('plate_numbers',
    sa.Column('number', sa.String(length=10), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('held_for', sa.String(length=24), nullable=True),
    sa.Column('held_until', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('vehicle_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('retained_until', sa.Date(), nullable=True),
    sa.Column('updated_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state in ('held','assigned','retained')", name=op.f('ck_plate_numbers_state_known')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_plate_numbers_company_id_companies')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_plate_numbers_hall_code_halls')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_plate_numbers_person_id_persons')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_plate_numbers_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_plate_numbers'))
    )
    with op.batch_alter_table('plate_numbers', schema=None) as batch_op:
        batch_op.create_index('ix_plate_numbers_draw', ['held_for'], unique=False)

    op.create_table('vehicle_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('case_no', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('business', sa.String(length=24), nullable=False),
    sa.Column('business_name', sa.String(length=40), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=True),
    sa.Column('applicant_person_id', sa.Integer(), nullable=True),
    sa.Column('applicant_company_id', sa.Integer(), nullable=True),
    sa.Column('agent_person_id', sa.Integer(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('counter', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('plate', sa.String(length=10), nullable=False),
    sa.Column('fee_total', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('accepted_by', sa.String(length=40), nullable=False),
    sa.Column('accepted_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('notice_serial', sa.String(length=16), nullable=False),
    sa.Column('receipt_serial', sa.String(length=16), nullable=False),
    sa.CheckConstraint("state in ('accepted','deferred','completed','refused','terminated')", name=op.f('ck_vehicle_cases_state_known')),
    sa.ForeignKeyConstraint(['agent_person_id'], ['persons.id'], name=op.f('fk_vehicle_cases_agent_person_id_persons')),
    sa.ForeignKeyConstraint(['applicant_company_id'], ['companies.id'], name=op.f('fk_vehicle_cases_applicant_company_id_companies')),
    sa.ForeignKeyConstraint(['applicant_person_id'], ['persons.id'], name=op.f('fk_vehicle_cases_applicant_person_id_persons')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_vehicle_cases_hall_code_halls')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_vehicle_cases_ticket_id_tickets')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_vehicle_cases_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicle_cases')),
    sa.UniqueConstraint('hall_code', 'case_no', name='uq_vehicle_cases_hall_case_no')
    )
    with op.batch_alter_table('vehicle_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vehicle_cases_applicant_person_id'), ['applicant_person_id'], unique=False)
        batch_op.create_index('ix_vehicle_cases_day', ['hall_code', 'day', 'business'], unique=False)
        batch_op.create_index(batch_op.f('ix_vehicle_cases_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vehicle_cases_vehicle_id'), ['vehicle_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('vehicle_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vehicle_cases_vehicle_id'))
        batch_op.drop_index(batch_op.f('ix_vehicle_cases_ticket_id'))
        batch_op.drop_index('ix_vehicle_cases_day')
        batch_op.drop_index(batch_op.f('ix_vehicle_cases_applicant_person_id'))

    op.drop_table('vehicle_cases')
    with op.batch_alter_table('plate_numbers', schema=None) as batch_op:
        batch_op.drop_index('ix_plate_numbers_draw')

    op.drop_table('plate_numbers')
    with op.batch_alter_table('vehicles', schema=None) as batch_op:
        batch_op.drop_index('ix_vehicles_plate')
        batch_op.drop_index(batch_op.f('ix_vehicles_owner_person_id'))
        batch_op.drop_index(batch_op.f('ix_vehicles_owner_company_id'))
        batch_op.drop_index('ix_vehicles_inspection')
        batch_op.drop_index(batch_op.f('ix_vehicles_hall_code'))

    op.drop_table('vehicles')
    with op.batch_alter_table('deferrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deferrals_person_id'))
        batch_op.drop_index('ix_deferrals_open')
        batch_op.drop_index(batch_op.f('ix_deferrals_company_id'))

    op.drop_table('deferrals')
    with op.batch_alter_table('case_materials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_materials_case_id'))

    op.drop_table('case_materials')
    with op.batch_alter_table('case_fees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_fees_case_id'))

    op.drop_table('case_fees')

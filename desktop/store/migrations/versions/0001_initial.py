"""initial schema: halls, counters, staff, persons, companies, audit, documents, settings

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.store.base


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('actor', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('record_type', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=60), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    sa.UniqueConstraint('entry_hash', name=op.f('uq_audit_log_entry_hash'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_hall_code'), ['hall_code'], unique=False)

    op.create_table('halls',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('plate_prefix', sa.String(length=4), nullable=False),
    sa.Column('time_zone', sa.String(length=40), nullable=False),
    sa.Column('secret_key', sa.LargeBinary(length=64), nullable=False),
    sa.Column('created_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_halls'))
    )
    op.create_table('companies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('contact_phone', sa.String(length=20), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('created_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_companies_hall_code_halls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_companies')),
    sa.UniqueConstraint('uscc', name=op.f('uq_companies_uscc'))
    )
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_companies_hall_code'), ['hall_code'], unique=False)

    op.create_table('counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('categories', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('number > 0', name=op.f('ck_counters_number_positive')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_counters_hall_code_halls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counters')),
    sa.UniqueConstraint('hall_code', 'number', name='uq_counters_hall_number')
    )
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counters_hall_code'), ['hall_code'], unique=False)

    op.create_table('document_sequences',
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=4), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_document_sequences_hall_code_halls')),
    sa.PrimaryKeyConstraint('hall_code', 'kind', 'day', name=op.f('pk_document_sequences'))
    )
    op.create_table('hall_settings',
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_hall_settings_hall_code_halls')),
    sa.PrimaryKeyConstraint('hall_code', 'key', name=op.f('pk_hall_settings'))
    )
    op.create_table('issued_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=4), nullable=False),
    sa.Column('serial', sa.String(length=16), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('issued_by', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('record_type', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=60), nullable=False),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('revoked_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_issued_documents_hall_code_halls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_documents')),
    sa.UniqueConstraint('hall_code', 'serial', name='uq_issued_documents_hall_serial')
    )
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_documents_hall_code'), ['hall_code'], unique=False)

    op.create_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('photo', sa.LargeBinary(), nullable=True),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('created_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("sex in ('M','F')", name=op.f('ck_persons_sex_known')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_persons_hall_code_halls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons')),
    sa.UniqueConstraint('id_number', name=op.f('uq_persons_id_number'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_persons_hall_code'), ['hall_code'], unique=False)

    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('badge', sa.String(length=20), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('hall_code', sa.String(length=12), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('created_at', desktop.store.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', desktop.store.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role in ('clerk','exam','supervisor','admin')", name=op.f('ck_staff_role_known')),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], name=op.f('fk_staff_hall_code_halls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_username'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_hall_code'), ['hall_code'], unique=False)

    # The audit chain starts from a genesis hash; every writer locks this one row.
    audit_head = sa.table('audit_head', sa.column('id', sa.Integer), sa.column('last_id', sa.Integer),
                          sa.column('last_hash', sa.String))
    op.bulk_insert(audit_head, [{'id': 1, 'last_id': 0, 'last_hash': '0' * 64}])


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_hall_code'))

    op.drop_table('staff')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_hall_code'))

    op.drop_table('persons')
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_documents_hall_code'))

    op.drop_table('issued_documents')
    op.drop_table('hall_settings')
    op.drop_table('document_sequences')
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_counters_hall_code'))

    op.drop_table('counters')
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_companies_hall_code'))

    op.drop_table('companies')
    op.drop_table('halls')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_hall_code'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    op.drop_table('audit_head')

"""Migrations, naming, engine settings — on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from desktop.store import migrate
from desktop.store.base import Base
from desktop.store.engine import make_engine, normalise_url


def test_upgrade_empty_database_to_head_and_back(db_url):
    engine = make_engine(db_url)
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        tables = set(sa.inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        migrate.downgrade(engine, "base")
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert not migrate.needs_upgrade(engine)
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(db_url):
    """Nothing in the models is missing from the migrations (autogenerate finds no difference)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_every_constraint_is_named():
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            name = constraint.name
            assert name is not None and str(name), f"{table.name}: unnamed {type(constraint).__name__}"


def test_sqlite_pragmas(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    finally:
        engine.dispose()


def test_plain_postgresql_urls_use_psycopg3():
    assert normalise_url("postgresql://u:p@h/db").startswith("postgresql+psycopg://u:p@h/db")
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"

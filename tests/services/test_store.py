"""Migrations, naming, engine settings — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
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


def test_upgrade_keeps_data_of_the_previous_revision(db_url):
    """A database at 0002 holding a hall and tickets upgrades to head with every row intact."""
    from datetime import date, datetime, timezone

    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine, "0002")
        now = datetime(2026, 11, 26, 1, 0, tzinfo=timezone.utc)
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO halls (code, name, address, plate_prefix, time_zone, secret_key, "
                                 "created_at) VALUES ('152900', '阿拉善盟车管所', '', '蒙M', 'Asia/Shanghai', :k, :t)"),
                         {"k": b"k" * 32, "t": now})
            for n in range(1, 4):
                conn.execute(sa.text(
                    "INSERT INTO tickets (hall_code, day, series, category, number, label, state, priority, "
                    "priority_reason, name_masked, sort_at, issued_at, recalls, requeues, transferred_from, note, "
                    "outcome, cases, rating_reason, people_ahead, clerk) VALUES ('152900', :d, 'A', 'A', :n, :l, "
                    "'waiting', false, '', '', :t, :t, 0, 0, '', '', '', '', '', 0, '')"),
                    {"d": date(2026, 11, 26), "n": n, "l": f"A{n:03d}", "t": now})
        migrate.upgrade(engine)
        assert not migrate.needs_upgrade(engine)
        with engine.connect() as conn:
            labels = conn.execute(sa.text("SELECT label FROM tickets ORDER BY number")).scalars().all()
            assert labels == ["A001", "A002", "A003"]
            assert conn.execute(sa.text("SELECT name FROM halls")).scalar_one() == "阿拉善盟车管所"
        index = {i["name"]: i["column_names"] for i in sa.inspect(engine).get_indexes("tickets")}
        assert index["ix_tickets_day"] == ["hall_code", "day", "state"]
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite has no server to drop a connection
def test_a_connection_the_server_dropped_is_replaced(hall, monkeypatch):
    """PostgreSQL: a pooled connection idle past PING_AFTER_IDLE_S is pinged and replaced when the
    server dropped it; one used a moment ago is not pinged, so its next call fails as DatabaseBusy
    (try again) and the call after that runs on a new connection."""
    from desktop.domain.errors import DatabaseBusy
    from desktop.store import engine as store_engine

    engine = hall.ctx.engine
    services = hall.services

    def drop_pooled() -> None:
        engine.dispose()  # one connection in the pool: the one dropped below
        with engine.connect() as conn:
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        killer = make_engine(hall.url)
        with killer.connect() as other:
            other.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
            other.commit()
        killer.dispose()

    drop_pooled()
    monkeypatch.setattr(store_engine, "PING_AFTER_IDLE_S", 0.0)  # idle long enough: pinged, replaced
    assert services.audit.verify().ok
    monkeypatch.setattr(store_engine, "PING_AFTER_IDLE_S", 3600.0)  # used a moment ago: not pinged
    drop_pooled()
    with pytest.raises(DatabaseBusy):
        services.audit.verify()
    assert services.audit.verify().ok

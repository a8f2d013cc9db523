"""Staged bulk writes (demo_bulk): rows bound into a temp table, then copied in one INSERT … SELECT —
by Staging before the write lock is taken (issue 9: the demo's helper process writes beside the main
one), by insert_prepared for its lesser cost. They must write exactly what an executemany writes."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from desktop.services.demo_bulk import Staging, insert_prepared, prepare_rows
from desktop.services.demo_queue import simulate_day
from desktop.store.queue_models import Ticket
from tests.conftest import HALL

DAY = date(2026, 3, 2)


def _rows(session) -> list[tuple]:
    columns = [c for c in Ticket.__table__.columns if c.key != "id"]
    return [tuple(r) for r in session.execute(select(*columns).order_by(Ticket.id))]


def _a_day(dialect) -> tuple:
    rows = simulate_day(random.Random(5), DAY, [(1, ("A", "B")), (2, ("A",))], {"A": 40.0, "B": 10.0}, HALL,
                        {"A": 30})
    assert {r["rating"] is None for r in rows} == {True, False} and {r["priority"] for r in rows} == {True, False}
    return prepare_rows(Ticket.__table__, rows, dialect)


def test_staged_rows_are_the_rows_insert_prepared_writes(hall):
    factory = hall.ctx.session_factory
    with factory() as session, session.begin():
        prepared = _a_day(session.connection().dialect)
        insert_prepared(session, Ticket.__table__, prepared)
    with factory() as session, session.begin():
        direct = _rows(session)
        session.execute(delete(Ticket))
    with Staging(factory) as staging:
        assert staging.put(Ticket.__table__, prepared) == len(direct)
        with factory() as session:
            assert _rows(session) == []  # staged, not written
        with staging.transaction() as session:
            assert staging.copy(session, Ticket.__table__) == len(direct)
            assert staging.copy(session, Ticket.__table__) == 0  # copied once
    with factory() as session:
        assert _rows(session) == direct
        assert len(direct) > 40


def test_a_copy_that_fails_writes_nothing_and_keeps_no_lock(hall):
    factory = hall.ctx.session_factory
    with factory() as session:
        prepared = _a_day(session.connection().dialect)
    with Staging(factory) as staging:
        staging.put(Ticket.__table__, prepared)
        with pytest.raises(RuntimeError), staging.transaction() as session:
            staging.copy(session, Ticket.__table__)
            raise RuntimeError("stopped after the copy")
    with factory() as session, session.begin():  # the write lock is free again (BEGIN IMMEDIATE on SQLite)
        assert _rows(session) == []
        insert_prepared(session, Ticket.__table__, prepared)


@pytest.fixture
def sqlite_hall(tmp_path):
    """The session factory of an initialised hall on a SQLite file: where rows are staged in
    temp tables (elsewhere Staging keeps them as they are)."""
    from desktop.context import open_store
    from desktop.services.setup import initialise
    from tests.conftest import ADMIN_PASSWORD, FAST_HASHER, FakeClock

    _, engine, factory = open_store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password=ADMIN_PASSWORD, clock=FakeClock(), hasher=FAST_HASHER)
    yield factory
    engine.dispose()


def test_filled_ids_past_the_list_are_refused_before_anything_is_written(sqlite_hall):
    from desktop.store.vehicle_models import PlateNumber
    from tests.conftest import FakeClock

    factory = sqlite_hall
    with factory() as session:
        dialect = session.connection().dialect
    numbers = [dict(number=f"蒙M1234{i}", hall_code=HALL, kind="ordinary", state="assigned", held_for=None,
                    held_until=None, vehicle_id=i, person_id=None, company_id=None, since=DAY, retained_until=None,
                    updated_at=FakeClock()()) for i in range(3)]
    with Staging(factory) as staging:
        staging.put(PlateNumber.__table__, prepare_rows(PlateNumber.__table__, numbers, dialect))
        with pytest.raises(IndexError, match="1 rows for plate_numbers point past the 2 ids"), \
                staging.transaction() as session:
            staging.copy(session, PlateNumber.__table__, fill=("vehicle_id", [7, 8]))
    with factory() as session:
        assert session.execute(select(PlateNumber)).first() is None


def _busy_day(dialect, day: date = DAY) -> tuple:
    rows = simulate_day(random.Random(9), day, [(n, ("A",)) for n in range(1, 9)], {"A": 1500.0}, HALL, {})
    return prepare_rows(Ticket.__table__, rows, dialect)


def test_a_staging_given_up_leaves_nothing_for_the_next_one(hall):
    """Its rows were in a temp table of the pooled connection: the next staging there must not copy
    them with its own."""
    from desktop.store.engine import make_engine
    from sqlalchemy.orm import sessionmaker

    engine = make_engine(hall.url)
    factory = sessionmaker(engine)
    try:
        with factory() as session:
            dialect = session.connection().dialect
        given_up = _a_day(dialect)
        with pytest.raises(RuntimeError), Staging(factory) as first:
            first.put(Ticket.__table__, given_up)
            raise RuntimeError("stopped between put and copy")
        kept = _busy_day(dialect, date(2026, 3, 3))
        with Staging(factory) as second:
            assert second._raw is first._raw  # the same pooled connection (SQLite; None on PostgreSQL)
            second.put(Ticket.__table__, kept)
            with second.transaction() as session:
                assert second.copy(session, Ticket.__table__) == len(kept[-1])
        with factory() as session:
            assert {r.day for r in session.execute(select(Ticket.day))} == {date(2026, 3, 3)}
            assert session.execute(select(func.count()).select_from(Ticket)).scalar() == len(kept[-1])
    finally:
        engine.dispose()


def test_one_table_staged_with_two_column_sets_is_refused(sqlite_hall):
    factory = sqlite_hall
    with factory() as session:
        dialect = session.connection().dialect
    rows = simulate_day(random.Random(5), DAY, [(1, ("A",))], {"A": 20.0}, HALL, {})
    fewer = [{k: v for k, v in r.items() if k != "rating"} for r in rows]  # (a column without a default)
    with Staging(factory) as staging:
        staging.put(Ticket.__table__, prepare_rows(Ticket.__table__, rows, dialect))
        with pytest.raises(ValueError, match="two column sets"):
            staging.put(Ticket.__table__, prepare_rows(Ticket.__table__, fewer, dialect))


def test_insert_prepared_stages_big_writes_to_the_same_values_and_types(tmp_path, monkeypatch):
    """From STAGE_FROM_ROWS rows insert_prepared binds into a temp table and copies: every value, and
    its SQLite storage class, as an executemany into the table gives."""
    import sqlite3

    from desktop.context import open_store
    from desktop.services import demo_bulk
    from desktop.services.setup import initialise
    from tests.conftest import ADMIN_PASSWORD, FAST_HASHER, FakeClock

    def written(stage_from: int) -> list[tuple]:
        path = tmp_path / f"staged-from-{stage_from}.sqlite3"
        _, engine, factory = open_store(f"sqlite:///{path}")
        initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
                   admin_password=ADMIN_PASSWORD, clock=FakeClock(), hasher=FAST_HASHER)
        monkeypatch.setattr(demo_bulk, "STAGE_FROM_ROWS", stage_from)
        with factory() as session, session.begin():
            prepared = _busy_day(session.connection().dialect)
            assert len(prepared[-1]) > 1000
            insert_prepared(session, Ticket.__table__, prepared)
        engine.dispose()
        con = sqlite3.connect(path)
        try:
            names = [r[1] for r in con.execute("PRAGMA table_info(tickets)")]
            kinds = ", ".join(f'typeof("{n}")' for n in names)
            return con.execute(f"SELECT *, {kinds} FROM tickets ORDER BY id").fetchall()
        finally:
            con.close()

    assert written(1000) == written(10 ** 9)


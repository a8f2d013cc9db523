"""demo_bulk.Staging: rows bound into an attached in-memory database before the write lock is taken,
then copied in one INSERT … SELECT (issue 9: the demo's helper process writes beside the main one).
The copy must write exactly what insert_prepared writes, on both stores."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import delete, select

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


def test_filled_ids_past_the_list_are_refused_before_anything_is_written(tmp_path):
    from desktop.context import open_store
    from desktop.services.setup import initialise
    from desktop.store.vehicle_models import PlateNumber
    from tests.conftest import ADMIN_PASSWORD, FAST_HASHER, FakeClock

    _, engine, factory = open_store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password=ADMIN_PASSWORD, clock=FakeClock(), hasher=FAST_HASHER)
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
    engine.dispose()

"""store.driver.Prepared and the store's UTC times read on SQLite: what Core gives, without its cost."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import (Column, Integer, MetaData, String, Table, TypeDecorator, bindparam, create_engine, insert,
                        literal, select, update)
from sqlalchemy import exc
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

from desktop.store import driver
from desktop.store.base import UTCDateTime
from desktop.store.guards import TextRefused, install

SQLITE = SQLiteDialect_pysqlite()
READ = UTCDateTime().dialect_impl(SQLITE)._cached_result_processor(SQLITE, None)
CHAIN = TypeDecorator.result_processor(UTCDateTime().dialect_impl(SQLITE), SQLITE, None)  # SQLAlchemy's own way
WRITE = UTCDateTime().dialect_impl(SQLITE)._cached_bind_processor(SQLITE)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31),
                    timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=8)),
                                               timezone(timedelta(hours=-5, minutes=-30))])))
def test_a_time_written_reads_back_the_same_instant_in_utc(moment):
    text = WRITE(moment)
    assert READ(text) == moment == CHAIN(text)
    assert READ(text).tzinfo is timezone.utc is CHAIN(text).tzinfo


@pytest.mark.parametrize("stored", [
    "2026-11-26 02:00:00.000000", "2026-11-26 02:00:00", "2026-11-26 02:00", "2026-11-26T02", "2026-11-26",
    "20261126", "2026-11-26 02:00:00.5+08:00", "2026-11-26 02:00:00Z", None, 3, 2.5, "", "garbage", "2026-13-01 00:00:00"])
def test_whatever_the_column_holds_reads_as_sqlalchemys_chain_reads_it(stored):
    """Text the app did not write (a date alone, an offset, a number): the same value or the same error."""
    def outcome(processor):
        try:
            value = processor(stored)
        except Exception as error:  # (compared by kind: the same refusal)
            return type(error)
        return value, getattr(value, "tzinfo", None)

    assert outcome(READ) == outcome(CHAIN)


metadata = MetaData()
THINGS = Table("things", metadata, Column("id", Integer, primary_key=True), Column("name", String),
               Column("state", String), Column("at", UTCDateTime))
WHEN = datetime(2026, 11, 26, 10, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture
def connection():
    engine = create_engine("sqlite://")
    install(engine)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(THINGS), [dict(name=f"n{i}", state="waiting" if i % 2 else "done",
                                           at=WHEN + timedelta(minutes=i)) for i in range(10)])
    with engine.begin() as conn:
        yield conn
    engine.dispose()


def test_a_select_gives_the_rows_core_gives(connection):
    statement = (select(THINGS.c.id, THINGS.c.name, THINGS.c.at).where(
        THINGS.c.state == "waiting", THINGS.c.at >= bindparam("since"), THINGS.c.name != bindparam("not_named"))
        .order_by(THINGS.c.at).limit(3))
    values = {"since": WHEN + timedelta(minutes=2), "not_named": "n3"}
    prepared = driver.Prepared(statement, connection.dialect)
    rows = prepared.all(connection, values)
    assert rows == [tuple(r) for r in connection.execute(statement, values).all()]
    assert [r.name for r in rows] == ["n5", "n7", "n9"] and rows[0].at == WHEN + timedelta(minutes=5)
    assert prepared.first(connection, {**values, "since": WHEN + timedelta(days=1)}) is None


def test_an_update_with_returning_writes_and_returns_as_core_does(connection):
    claim = (update(THINGS).where(THINGS.c.id == bindparam("ticket"), THINGS.c.state.in_([literal("waiting")]))
             .values(state="called", at=bindparam("now")).returning(THINGS.c.id, THINGS.c.state, THINGS.c.at))
    prepared = driver.prepared(claim, connection.dialect)
    assert driver.prepared(claim, connection.dialect) is prepared  # compiled once
    assert prepared.first(connection, {"ticket": 3, "now": WHEN}) is None  # not waiting: nothing claimed
    row = prepared.first(connection, {"ticket": 2, "now": WHEN})
    assert (row.id, row.state, row.at) == (2, "called", WHEN)
    assert prepared.first(connection, {"ticket": 2, "now": WHEN}) is None  # taken: nothing claimed twice
    assert connection.execute(select(THINGS.c.state).where(THINGS.c.id == 2)).scalar_one() == "called"


def test_bad_values_and_driver_errors_fail_as_core_fails(connection):
    prepared = driver.Prepared(select(THINGS.c.id).where(THINGS.c.name == bindparam("name")), connection.dialect)
    with pytest.raises(TextRefused):
        prepared.all(connection, {"name": "a\x00b"})
    again = driver.Prepared(insert(THINGS).values(id=bindparam("id"), name="x"), connection.dialect)
    with pytest.raises(exc.IntegrityError):
        again.first(connection, {"id": 1})


def test_a_list_expanded_at_each_call_is_not_taken(connection):
    with pytest.raises(ValueError, match="expanding"):
        driver.Prepared(select(THINGS.c.id).where(THINGS.c.state.in_(("waiting", "done"))), connection.dialect)
    with pytest.raises(ValueError, match="expanding"):
        driver.Prepared(select(THINGS.c.id).where(THINGS.c.id.in_(bindparam("ids", expanding=True))),
                        connection.dialect)

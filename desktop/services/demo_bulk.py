"""Bulk writes of the demo data: the same rows as a Core insert, written the way the benchmark's floor
writes them (issue 9: demo year within 2× of a raw executemany of the same rows).

On SQLite the rows go to the driver's executemany directly, with each column's own bind processor
applied once per value (UTC datetimes, dates, booleans, decimals as the column type stores them) and
the columns' scalar defaults filled in as Core would. Going through Core cost a parameter set built
per row and the engine's per-statement hooks (the value guard walks every value of every row) for
rows the demo generated itself. Other databases (PostgreSQL) take the Core insert: SQLAlchemy
already batches it there (insertmanyvalues)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from itertools import repeat
from operator import is_, itemgetter

from sqlalchemy import Boolean, Table, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.services.base import HALL_ZONE

_PLANS: dict[tuple, tuple] = {}


def _plan(table: Table, keys: tuple[str, ...], dialect) -> tuple | None:
    """(SQL, [(key or None, constant, processor)]) for rows with these keys; None where a column
    needs what only Core does (a callable default)."""
    cache_key = (table.name, keys, dialect.name)
    if cache_key in _PLANS:
        return _PLANS[cache_key]
    columns, fields = [], []
    for column in table.columns:
        if column.key in keys:
            columns.append(column)
            fields.append((column.key, None, _processor(column, dialect)))
        elif column.default is not None:
            if not column.default.is_scalar:
                _PLANS[cache_key] = None
                return None
            columns.append(column)
            processor = column.type._cached_bind_processor(dialect)
            value = column.default.arg
            fields.append((None, processor(value) if processor else value, None))
    unknown = set(keys) - {c.key for c in table.columns}
    if unknown:
        raise KeyError(f"{table.name} has no column {sorted(unknown)}")
    names = ", ".join(f'"{c.name}"' for c in columns)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    _PLANS[cache_key] = plan = (sql, fields)
    return plan


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """Insert `rows` (dicts with the same keys, as for a Core executemany) into `table`, in the
    session's transaction."""
    insert_prepared(session, table, prepare_rows(table, rows, session.connection().dialect))


def prepare_rows(table: Table, rows: list[dict], dialect) -> tuple:
    """The rows as `insert_prepared` writes them: on SQLite the driver's tuples, elsewhere the dicts.
    Made up where no engine is at hand, with a dialect of their own (`bare_dialect`)."""
    if not rows:
        return ("rows", table.name, (), "", [])
    keys = tuple(rows[0])
    plan = _plan(table, keys, dialect) if dialect.name == "sqlite" else None
    if plan is None:
        return ("rows", table.name, keys, "", rows)
    if set(map(len, rows)) != {len(keys)}:
        raise ValueError(f"rows for {table.name} do not all have the same columns")
    sql, fields = plan
    # Column by column (map and zip run in C): a tuple built per row in Python cost more than the writes.
    columns, times = [], []
    for key, constant, processor in fields:
        if key is None:
            columns.append(repeat(constant, len(rows)))
        elif processor is _utc_text:
            columns.append(_times_text(list(map(itemgetter(key), rows)), times))
        else:
            values = map(itemgetter(key), rows)
            columns.append(map(processor, values) if processor else values)
    return ("tuples", table.name, keys, sql, list(zip(*columns)))


def _times_text(values: list, done: list[tuple[list, list]]) -> list:
    """A time column's text; another's already made where every row holds the very same objects in
    both (a ticket's sort_at is its issued_at, its first call its call: a third of the conversions
    of a year of tickets)."""
    for other, text in done:
        if all(map(is_, values, other)):
            return text
    text = list(map(_utc_text, values))
    done.append((values, text))
    return text


def bare_dialect(name: str):
    """A dialect to prepare rows with where no engine is at hand (a helper process): the bind
    processors of the engine's own (SQLite: pysqlite); `insert_prepared` checks the SQL agrees."""
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

        return SQLiteDialect_pysqlite()
    return _NamedDialect(name)


class _NamedDialect:
    """Not SQLite: the rows stay dicts (Core inserts them); only the name is looked at."""

    def __init__(self, name: str) -> None:
        self.name = name


def insert_prepared(session: Session, table: Table, prepared: tuple,
                    fill: tuple[str, list[int]] | None = None) -> int:
    """Write rows from `prepare_rows` in the session's transaction; returns how many. `fill`: (key,
    ids) — the rows hold an index into `ids` in that column (a parent's id, known only once the
    parents are written)."""
    kind, name, keys, sql, rows = prepared
    if name != table.name:
        raise ValueError(f"rows prepared for {name} given to {table.name}")
    if not rows:
        return 0
    connection = session.connection()
    if kind == "tuples":
        plan = _plan(table, keys, connection.dialect) if connection.dialect.name == "sqlite" else None
        if plan is None or plan[0] != sql:
            raise ValueError(f"rows for {table.name} were prepared for another statement than the session's "
                             f"({connection.dialect.name})")
        if fill is not None:
            key, ids = fill
            k = [f[0] for f in plan[1]].index(key)
            rows = [(*t[:k], ids[t[k]], *t[k + 1:]) for t in rows]
        cursor = connection.connection.driver_connection.cursor()
        try:
            if len(rows) >= STAGE_FROM_ROWS:  # (in the caller's transaction: for the lesser cost alone)
                stage, columns = _stage(cursor, name, plan[0], "_bulk")
                cursor.execute(f"DELETE FROM {stage}")  # (empty but for a caller that kept a failed transaction)
                cursor.executemany(_into(plan[0], name, stage), rows)
                cursor.execute(_copy(name, stage, columns))
                cursor.execute(f"DELETE FROM {stage}")
            else:
                cursor.executemany(plan[0], rows)
        finally:
            cursor.close()
    else:
        if fill is not None:
            key, ids = fill
            rows = [{**r, key: ids[r[key]]} for r in rows]
        session.execute(insert(table), rows)
    return len(rows)


# Staged writes on SQLite. Binding a bulk write's values is most of its cost, and costs less into a
# temp table without indexes (in memory: the demo's engines set temp_store=MEMORY) than into the
# real one; SQLite's own INSERT … SELECT then copies them. The ten biggest tables of a scale-0.3
# year, bound and copied so: 3.5 s, against 4.0–4.6 s by executemany. The staged columns have
# no declared type (no affinity: the values are kept as bound): the real table's affinity, defaults
# and constraints apply at the copy, in the staged order — the rows are the same.
STAGE_FROM_ROWS = 1000


def _stage(cursor, name: str, sql: str, prefix: str) -> tuple[str, str]:
    """(the temp table, its column list) where rows for `sql` (an INSERT of _plan's) are staged; made
    the first time on the connection. `prefix`: whose (insert_prepared's are copied at once, a
    Staging's later)."""
    columns = _stage_columns(sql)
    tag = f"{prefix}_{name}_{zlib.crc32(columns.encode()):08x}"  # (the same table takes several column sets)
    cursor.execute(f'CREATE TEMP TABLE IF NOT EXISTS "{tag}" ({columns})')
    return f'temp."{tag}"', columns


def _stage_columns(sql: str) -> str:
    return sql[sql.index("(") + 1:sql.index(")")]


def _into(sql: str, name: str, stage: str) -> str:
    return sql.replace(f'INSERT INTO "{name}"', f"INSERT INTO {stage}", 1)


def _copy(name: str, stage: str, columns: str, values: str | None = None, join: str = "") -> str:
    """The staged rows into the real table, in the order staged (`values`, `join`: a column filled)."""
    return f'INSERT INTO main."{name}" ({columns}) SELECT {values or columns} FROM {stage} s{join} ORDER BY s.rowid'


class Staging:
    """Bulk rows written in two steps, for a writer that shares the database with another one (the
    demo's helper process): `put` stages prepared rows (as above) outside any transaction on the
    real tables — so without SQLite's write lock — and `copy`, in a transaction (`transaction()`),
    moves them into the real table. The lock is held for the copy alone (an executemany of 52,000
    tickets: 2.0 s; their copy: 0.3 s), so the other writer hardly waits. Elsewhere (PostgreSQL,
    where writers do not queue on one lock) `put` keeps the rows and `copy` inserts them. After a
    transaction that failed, the staging is spent. Its temp tables are emptied when it starts using
    them and when it ends: rows left by a staging given up (stopped between put and copy, or its
    copy rolled back) never reach the next one on the pooled connection."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        with session_factory() as session:
            self._engine = session.get_bind()
        self._connection = None
        self._raw = None
        self._held: dict[str, list[tuple]] = {}
        self._stages: dict[str, tuple[str, str]] = {}  # table → (its temp table, its column list)
        self._staged: dict[str, int] = {}  # table → rows staged and not copied yet
        self._ids: list[int] | None = None  # the ids in the staged id map

    def __enter__(self) -> Staging:
        self._connection = self._engine.connect()
        if self._connection.dialect.name == "sqlite":
            self._raw = self._connection.connection.driver_connection
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self._raw is not None and not self._connection.closed and not self._connection.invalidated:
                if self._connection.in_transaction():
                    self._connection.rollback()
                for stage, _ in self._stages.values():
                    self._raw.execute(f"DELETE FROM {stage}")
        finally:
            self._connection.close()

    def put(self, table: Table, prepared: tuple) -> int:
        """Stage rows from `prepare_rows` (no transaction may be open on the connection)."""
        kind, name, keys, sql, rows = prepared
        if name != table.name:
            raise ValueError(f"rows prepared for {name} given to {table.name}")
        if not rows:
            return 0
        if self._raw is None or kind != "tuples":
            self._held.setdefault(name, []).append(prepared)
            return len(rows)
        plan = _plan(table, keys, self._connection.dialect)
        if plan is None or plan[0] != sql:
            raise ValueError(f"rows for {table.name} were prepared for another statement than the connection's")
        if name not in self._stages:
            self._stages[name] = _stage(self._raw, name, sql, "_staged")
            self._raw.execute(f"DELETE FROM {self._stages[name][0]}")
        stage, columns = self._stages[name]
        if _stage_columns(sql) != columns:  # (one order of rows per table: the copy keeps it)
            raise ValueError(f"rows for {name} staged with two column sets: {columns} and {_stage_columns(sql)}")
        self._raw.execute("BEGIN")  # (deferred, and only the temp table written: no lock on the database)
        try:
            self._raw.executemany(_into(sql, name, stage), rows)
        except BaseException:
            self._raw.execute("ROLLBACK")
            raise
        self._raw.execute("COMMIT")
        self._staged[name] = self._staged.get(name, 0) + len(rows)
        return len(rows)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A transaction on the real database (SQLite: BEGIN IMMEDIATE, the engine's own), and a
        session in it for what else the caller reads or writes there."""
        try:
            with self._connection.begin(), Session(bind=self._connection) as session:
                yield session
        except BaseException:
            self._ids = None  # (rolled back with the rest; the caller gives the staging up)
            raise

    def copy(self, session: Session, table: Table, fill: tuple[str, list[int]] | None = None) -> int:
        """Every row staged for `table` into it, in the order staged; how many. `fill`: as for
        insert_prepared (the rows hold an index into `ids` in that column)."""
        name = table.name
        if name not in self._staged:
            return sum(insert_prepared(session, table, prepared, fill=fill) for prepared in self._held.pop(name, []))
        stage, columns = self._stages[name]
        count = self._staged.pop(name)
        values, join = None, ""
        if fill is not None:
            key, ids = fill
            column = f'"{table.c[key].name}"'
            if column not in columns.split(", "):
                raise KeyError(f"{name} has no staged column {key}")
            if self._ids is not ids:  # (several tables a transaction take the same parents' ids)
                self._raw.execute("CREATE TEMP TABLE IF NOT EXISTS _staged_ids (k INTEGER PRIMARY KEY, id INTEGER)")
                self._raw.execute("DELETE FROM temp._staged_ids")
                self._raw.executemany("INSERT INTO temp._staged_ids VALUES (?, ?)", enumerate(ids))
                self._ids = ids
            values = ", ".join("m.id" if c == column else f"s.{c}" for c in columns.split(", "))
            join = f" JOIN temp._staged_ids m ON m.k = s.{column}"
            found = self._raw.execute(f"SELECT count(*) FROM {stage} s{join}").fetchone()[0]
            if found != count:
                raise IndexError(f"{count - found} rows for {name} point past the {len(ids)} ids given")
        session.connection().exec_driver_sql(_copy(name, stage, columns, values, join))
        self._raw.execute(f"DELETE FROM {stage}")
        return count


_EPOCH, _NAIVE_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc), datetime(1970, 1, 1)


def last_id(session: Session, table: Table) -> int:
    """The table's highest id: taken before a bulk insert, for `ids_of` to find the new rows by."""
    return session.execute(select(func.max(table.c.id))).scalar() or 0


def ids_of(session: Session, table: Table, key: str, values: list, after: int, *where) -> list[int]:
    """The ids of the rows just inserted (no RETURNING: see demo_vehicles.write_vehicle_register),
    in the order of their `key` values: found among the rows with an id above `after` (the table's
    last id before the insert: new rows get higher ones, on SQLite and from a PostgreSQL sequence
    alike), which costs one range scan instead of a lookup per value in a long IN list. `where`:
    what else tells them from rows other transactions insert meanwhile (PostgreSQL)."""
    column = table.c[key]
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        # The driver's rows (SQLAlchemy's cost 5 µs a row). `where` is not needed here: the demo's
        # transactions hold SQLite's write lock (BEGIN IMMEDIATE), so every row above `after` is ours.
        cursor = connection.connection.driver_connection.cursor()
        try:
            found = dict(cursor.execute(f'SELECT "{column.name}", id FROM "{table.name}" WHERE id > ?', (after,)))
        finally:
            cursor.close()
    else:
        found = dict(session.execute(select(column, table.c.id).where(table.c.id > after, *where)).all())
    if all(v in found for v in values):
        return [found[v] for v in values]
    for k in range(0, len(values), 5000):  # not where expected (an id reused at the top?): look each up
        chunk = values[k:k + 5000]
        found.update(session.execute(select(column, table.c.id).where(column.in_(chunk), *where)).all())
    return [found[v] for v in values]


def _utc_text(value: datetime | None) -> str | None:
    """UTCDateTime on SQLite in one step: UTC, then SQLAlchemy's DATETIME text (microseconds always).
    Through the epoch: an aware datetime's own isoformat (its offset written, then cut off) cost
    three times as much, and it ran for ~2 million values a demo year."""
    if value is None:
        return None
    if value.tzinfo is _STEADY_ZONE and value >= _STEADY_FROM:  # (two times of one zone: a naive comparison)
        return (_STEADY_FROM_UTC + (value - _STEADY_FROM)).isoformat(" ", "microseconds")
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store; pass an aware datetime")
    return (_NAIVE_EPOCH + (value - _EPOCH)).isoformat(" ", "microseconds")


def _steady_span(zone, first: datetime, last_year: int = 2100) -> tuple[datetime, datetime] | None:
    """(`first` in `zone`, the same instant as naive UTC) if the zone keeps one UTC offset from then
    to `last_year` by its own data (looked at four times a year); None if it does not. Python subtracts
    two times of one zone by their wall clocks, without asking the zone for their offsets — the
    costlier part of the conversion — which is exact while the offset does not change."""
    start = first.replace(tzinfo=zone)
    offset = start.utcoffset()
    for year in range(first.year, last_year + 1):
        for month in (1, 4, 7, 10):
            if datetime(year, month, 1, tzinfo=zone).utcoffset() != offset:
                return None
    return start, first - offset


# The demo's times are in the hall's zone (Asia/Shanghai: +08:00 since 1991's last summer time).
_STEADY_ZONE = HALL_ZONE
_STEADY_FROM, _STEADY_FROM_UTC = _steady_span(HALL_ZONE, datetime(1992, 1, 1)) or (datetime.max.replace(
    tzinfo=HALL_ZONE), datetime.max)


def _date_text(value: date | None) -> str | None:
    return None if value is None else date.isoformat(value)  # date's own: a datetime gives its date too


def _processor(column, dialect):
    """The column's bind processor, or a quicker one that gives the same text (checked on samples);
    None where the driver takes the value as it is (a bool binds as 0/1 on SQLite, as SQLAlchemy's
    Boolean processor would send it — the demo writes only bools and None there)."""
    reference = column.type._cached_bind_processor(dialect)
    if reference is None:
        return None
    if isinstance(column.type, Boolean) and reference(None) is None and reference(True) == 1 and reference(False) == 0:
        return None
    for fast, samples in ((_utc_text, _DATETIME_SAMPLES), (_date_text, _DATE_SAMPLES)):
        try:
            if all(fast(v) == reference(v) for v in samples):
                return fast
        except (TypeError, ValueError, AttributeError):
            continue
    return reference


_DATETIME_SAMPLES = (None, datetime(2026, 3, 1, 8, 30, tzinfo=timezone.utc),
                     datetime(2026, 7, 1, 9, 15, 7, 12, tzinfo=timezone(timedelta(hours=8))),
                     datetime(2026, 7, 1, 9, 15, 7, 12, tzinfo=HALL_ZONE), datetime(1988, 7, 1, 9, tzinfo=HALL_ZONE))
_DATE_SAMPLES = (None, date(2026, 3, 1), date(1990, 12, 31), datetime(2026, 3, 1, 23, 59))

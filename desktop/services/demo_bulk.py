"""Bulk writes of the demo data: the same rows as a Core insert, written the way the benchmark's floor
writes them (issue 9: demo year within 2× of a raw executemany of the same rows).

On SQLite the rows go to the driver's executemany directly, with each column's own bind processor
applied once per value (UTC datetimes, dates, booleans, decimals as the column type stores them) and
the columns' scalar defaults filled in as Core would. Going through Core cost a parameter set built
per row and the engine's per-statement hooks (the value guard walks every value of every row) for
rows the demo generated itself. Other databases (PostgreSQL) take the Core insert: SQLAlchemy
already batches it there (insertmanyvalues)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import repeat
from operator import itemgetter

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

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
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    keys = tuple(rows[0])
    plan = _plan(table, keys, dialect) if dialect.name == "sqlite" else None
    if plan is None:
        session.execute(insert(table), rows)
        return
    if set(map(len, rows)) != {len(keys)}:
        raise ValueError(f"rows for {table.name} do not all have the same columns")
    sql, fields = plan
    # Column by column (map and zip run in C): a tuple built per row in Python cost more than the writes.
    columns = [repeat(constant, len(rows)) if key is None else
               map(processor, map(itemgetter(key), rows)) if processor else map(itemgetter(key), rows)
               for key, constant, processor in fields]
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.executemany(sql, zip(*columns))
    finally:
        cursor.close()


def _utc_text(value: datetime | None) -> str | None:
    """UTCDateTime on SQLite in one step: UTC, then SQLAlchemy's DATETIME text (microseconds always)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store; pass an aware datetime")
    return value.astimezone(timezone.utc).isoformat(" ", "microseconds")[:26]  # without its "+00:00"


def _date_text(value: date | None) -> str | None:
    return None if value is None else date.isoformat(value)  # date's own: a datetime gives its date too


def _processor(column, dialect):
    """The column's bind processor, or a quicker one that gives the same text (checked on samples)."""
    reference = column.type._cached_bind_processor(dialect)
    if reference is None:
        return None
    for fast, samples in ((_utc_text, _DATETIME_SAMPLES), (_date_text, _DATE_SAMPLES)):
        try:
            if all(fast(v) == reference(v) for v in samples):
                return fast
        except (TypeError, ValueError, AttributeError):
            continue
    return reference


_DATETIME_SAMPLES = (None, datetime(2026, 3, 1, 8, 30, tzinfo=timezone.utc),
                     datetime(2026, 7, 1, 9, 15, 7, 12, tzinfo=timezone(timedelta(hours=8))))
_DATE_SAMPLES = (None, date(2026, 3, 1), date(1990, 12, 31), datetime(2026, 3, 1, 23, 59))

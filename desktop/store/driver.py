"""Statements straight on the driver's connection, for the few hot paths where SQLAlchemy's execution
costs more than the statement (SQLite: a 叫号 is ~3 ms; through Core its reads and writes cost
~0.15 ms each more, its read of the candidates ~0.5 ms more).

In the caller's transaction (the connection of its Session), with what the engine would have done
around them: the value guard (guards) before, and the driver's errors raised as SQLAlchemy's after,
so the callers (UnitOfWork's DatabaseBusy, the UI's error handling) see what they always see.
`execute` takes SQL text and values already as the columns bind them (bind_processor); `Prepared`
takes a Core statement, compiled once, and binds and reads the values as Core would."""

from __future__ import annotations

from collections import namedtuple

from sqlalchemy import Column
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from desktop.store import guards


def bind_processor(column: Column, connection: Connection):
    """The column type's own bind conversion on this connection's dialect (identity where it has none)."""
    processor = column.type._cached_bind_processor(connection.dialect)
    return processor or (lambda value: value)


def execute(connection: Connection, sql: str, parameters: tuple | list = ()):
    """One statement on the driver's cursor; its first row or None."""
    return _run(connection, sql, parameters, all_rows=False)


def _run(connection: Connection, sql: str, parameters: tuple | list, all_rows: bool):
    guards.check(parameters)
    driver_error = connection.dialect.loaded_dbapi.Error
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(sql, parameters)
        return cursor.fetchall() if all_rows else cursor.fetchone()
    except driver_error as error:
        raise DBAPIError.instance(sql, parameters, error, driver_error) from error
    finally:
        cursor.close()


class Prepared:
    """A Core SELECT (or a statement with RETURNING) compiled once for one dialect, run on the driver's
    cursor: values given by their bind parameters' names, bound and read back as the Core execute
    would (the column types' bind and result processors), without its per-call cost — for a hall's
    叫号 the candidates' read cost 0.83 ms through Core and ~0.3 ms so.
    For a positional driver (SQLite's qmark) and statements whose SQL is fixed: no expanding IN."""

    def __init__(self, statement, dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        if compiled.positiontup is None or "__[POSTCOMPILE" in self.sql:
            raise ValueError("Prepared takes a positional dialect and no expanding parameters (an IN of "
                             "constants is one in SQLAlchemy 2: give it literal() elements)")
        # In the order of the SQL's placeholders: (name, bind processor or None, the value bound once
        # for a constant of the statement's own — a LIMIT, a literal in a SET — else None).
        self._params = []
        for name in compiled.positiontup:
            bind = compiled.binds[name]
            processor = bind.type._cached_bind_processor(dialect)
            if bind.required:
                self._params.append((name, processor, None))
            else:
                value = bind.effective_value
                self._params.append((None, None, processor(value) if processor else value))
        self._names = {name: processor for name, processor, _ in self._params if name is not None}
        columns = list(statement.selected_columns if hasattr(statement, "selected_columns")
                       else statement.exported_columns)  # (a SELECT's columns, or a DML statement's RETURNING)
        processors = (column.type._cached_result_processor(dialect, None) for column in columns)
        self._results = [(i, p) for i, p in enumerate(processors) if p is not None]
        # Rows as Core gives them enough for the callers: by position, and by the columns' names.
        self._make = namedtuple("Row", [c.key for c in columns], rename=True)._make if columns else tuple

    def _parameters(self, values: dict) -> list:
        bound = {name: processor(values[name]) if processor else values[name]  # (each name once: it may recur)
                 for name, processor in self._names.items()}
        return [constant if name is None else bound[name] for name, _, constant in self._params]

    def _row(self, row: tuple) -> tuple:
        if self._results:
            row = list(row)
            for i, processor in self._results:
                row[i] = processor(row[i])
        return self._make(row)

    def all(self, connection: Connection, values: dict) -> list[tuple]:
        return [self._row(r) for r in _run(connection, self.sql, self._parameters(values), all_rows=True)]

    def first(self, connection: Connection, values: dict) -> tuple | None:
        row = _run(connection, self.sql, self._parameters(values), all_rows=False)
        return None if row is None else self._row(row)


_PREPARED: dict[tuple, Prepared] = {}


def prepared(statement, dialect) -> Prepared:
    """`statement` compiled for `dialect` once (the statements are the hot paths' own, built once)."""
    key = (statement, dialect.name, dialect.paramstyle)
    found = _PREPARED.get(key)
    if found is None:
        found = _PREPARED[key] = Prepared(statement, dialect)
    return found

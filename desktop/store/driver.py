"""Statements straight on the driver's connection, for the few hot paths where SQLAlchemy's execution
costs more than the statement (SQLite: a 叫号 is ~3.5 ms, and each Core execute ~0.15 ms of it).

In the caller's transaction (the connection of its Session), with what the engine would have done
around them: the value guard (guards) before, and the driver's errors raised as SQLAlchemy's after,
so the callers (UnitOfWork's DatabaseBusy, the UI's error handling) see what they always see.
The values must already be as the columns bind them (bind_processor)."""

from __future__ import annotations

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
    guards.check(parameters)
    driver_error = connection.dialect.loaded_dbapi.Error
    cursor = connection.connection.driver_connection.cursor()
    try:
        return cursor.execute(sql, parameters).fetchone()
    except driver_error as error:
        raise DBAPIError.instance(sql, parameters, error, driver_error) from error
    finally:
        cursor.close()

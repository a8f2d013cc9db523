"""The last check before a statement reaches the driver: values neither database can take.

- NUL ("\\x00") in text: PostgreSQL refuses it (psycopg.DataError) where SQLite stores it, so the same
  call would work on one store and crash on the other. Refused on both, before it is sent.
- A whole number beyond 64 bits: the SQLite driver raises OverflowError, PostgreSQL a DataError.

The services check their inputs field by field (domain.text.check_text, the ID and number rules);
this catches what a field check missed — a lookup by a pasted code, a free-text field — with a clear
message instead of a driver error. The errors carry DontWrapMixin so that SQLAlchemy raises them as
they are, not inside a StatementError."""

from __future__ import annotations

from sqlalchemy import Engine, event
from sqlalchemy.exc import DontWrapMixin

from desktop.domain.errors import ValidationError

_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


class TextRefused(DontWrapMixin, ValidationError):
    def __init__(self) -> None:
        super().__init__("text", "control_character",
                         "输入的文字中含有不可见的控制字符（NUL），请删除后重新输入",
                         "The text contains an invisible control character (NUL): remove it and try again")


class NumberRefused(DontWrapMixin, ValidationError):
    def __init__(self) -> None:
        super().__init__("number", "number_out_of_range", "输入的数字过大，超出范围",
                         "A number entered is far too large")


def check(values) -> None:
    """Every value of a parameter set, or of a list of them (executemany; the batches of an
    insert-many-values pass one flat set with executemany true)."""
    for value in values.values() if isinstance(values, dict) else values:
        kind = value.__class__
        if kind is str:
            if "\x00" in value:
                raise TextRefused()
        elif kind is int:
            if not _INT_MIN <= value <= _INT_MAX:
                raise NumberRefused()
        elif kind is tuple or kind is list or kind is dict:
            check(value)


def _refuse_unstorable(conn, cursor, statement, parameters, context, executemany) -> None:
    if parameters:
        check(parameters)


def install(engine: Engine) -> None:
    """Once per engine (calling it again does nothing)."""
    if not event.contains(engine, "before_cursor_execute", _refuse_unstorable):
        event.listen(engine, "before_cursor_execute", _refuse_unstorable)

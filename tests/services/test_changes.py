"""The change marker moves with every change in any process, on SQLite and PostgreSQL, and reading
it takes no write lock (a writer in another connection is not held up)."""

from __future__ import annotations

from desktop.context import open_app
from tests.conftest import FAST_HASHER


def test_the_marker_moves_with_another_connections_change(hall):
    other = open_app(hall.url, clock=hall.clock, hasher=FAST_HASHER)
    try:
        first = hall.services.changes.marker()
        assert first > 0  # init wrote audit entries
        assert hall.services.changes.marker() == first  # reading changes nothing
        other.services.tickets.take("152900", "A")
        second = hall.services.changes.marker()
        assert second > first  # the ticket and its slip: an entry each
        if hall.url.startswith("sqlite"):  # a reader holding its transaction open does not block a writer
            engine = hall.ctx.engine
            from desktop.store.engine import READ_ONLY

            with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
                conn.exec_driver_sql("SELECT last_id FROM audit_head").all()
                other.services.tickets.take("152900", "A")
            assert hall.services.changes.marker() > second
    finally:
        other.dispose()

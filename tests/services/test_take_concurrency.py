"""Several kiosks taking tickets at once, from the day's first ticket: every number and every slip
serial handed out exactly once (the serial is an atomic upsert of the day's sequence row)."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from desktop.context import open_app
from desktop.store.models import DocumentSequence, IssuedDocument
from desktop.store.queue_models import Ticket
from tests.conftest import FAST_HASHER

KIOSKS = 6
EACH = 10


def test_kiosks_taking_at_once_get_unique_numbers_and_serials(hall):
    results: list[list] = [[] for _ in range(KIOSKS)]
    errors: list[BaseException] = []
    start = threading.Barrier(KIOSKS)

    def kiosk(i: int) -> None:
        ctx = open_app(hall.url, clock=hall.clock, hasher=FAST_HASHER)  # its own engine, as another PC
        try:
            start.wait()
            for _ in range(EACH):
                results[i].append(ctx.services.tickets.take("152900", "AB"[i % 2]))
        except BaseException as exc:  # reported below, with the thread's traceback lost otherwise
            errors.append(exc)
        finally:
            ctx.dispose()

    threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(KIOSKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    issued = [t for lst in results for t in lst]
    assert len(issued) == KIOSKS * EACH
    assert len({t.slip_serial for t in issued}) == len(issued)
    assert len({t.ticket.label for t in issued}) == len(issued)
    serial_numbers = sorted(int(t.slip_serial[-5:]) for t in issued)
    assert serial_numbers == list(range(1, len(issued) + 1))  # no gaps, no repeats
    with hall.ctx.session_factory() as session:
        assert session.execute(sa.select(sa.func.count(Ticket.id))).scalar_one() == len(issued)
        assert session.execute(sa.select(sa.func.count(IssuedDocument.id)).where(
            IssuedDocument.kind == "SL")).scalar_one() == len(issued)
        assert session.execute(sa.select(DocumentSequence.last_value).where(
            DocumentSequence.kind == "SL")).scalar_one() == len(issued)
    assert hall.services.audit.verify().ok
    for t in issued:
        assert hall.services.documents.verify(t.slip_payload).ok

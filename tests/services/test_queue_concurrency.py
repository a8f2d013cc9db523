"""Several counters draining one queue at once: every ticket called exactly once, none lost.
SQLite: 8 processes sharing one file. PostgreSQL: 16 connections."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import sqlalchemy as sa

from desktop.services.base import hall_date
from desktop.store.queue_models import Ticket
from tests.services.drain_worker import drain

ROOT = Path(__file__).resolve().parents[2]
TICKETS = 500


def _prepare(hall, counters: int) -> set[int]:
    s = hall.services
    for n in range(1, counters + 1):
        s.halls.save_counter(hall.admin, n, "A")
    s.auth.create_staff(hall.admin, "drainer", "clerk", "drainpass1")
    now = hall.clock()
    rows = [dict(hall_code="152900", day=hall_date(now), series="A", category="A", number=i, label=f"A{i:03d}",
                 state="waiting", priority=i % 7 == 0, priority_reason="other" if i % 7 == 0 else "",
                 name_masked="", sort_at=now, issued_at=now, recalls=0, requeues=0, outcome="", people_ahead=0,
                 cases="", transferred_from="", note="", clerk="", rating_reason="")
            for i in range(1, TICKETS + 1)]
    with hall.ctx.session_factory() as session, session.begin():
        session.execute(sa.insert(Ticket), rows)
        return set(session.execute(sa.select(Ticket.id)).scalars())


def _check(hall, expected: set[int], claimed_lists: list[list[int]]) -> None:
    claimed = [t for lst in claimed_lists for t in lst]
    assert len(claimed) == len(set(claimed)), "a ticket was called twice"
    assert set(claimed) == expected, "a ticket was lost"
    assert sum(1 for lst in claimed_lists if lst) > 1, "only one counter got work: no concurrency tested"
    with hall.ctx.session_factory() as session:
        states = session.execute(sa.select(Ticket.state, sa.func.count()).group_by(Ticket.state)).all()
    assert dict(states) == {"finished": TICKETS}
    assert hall.services.audit.verify().ok


def test_processes_or_connections_drain_the_queue_exactly_once(hall):
    on_postgres = hall.url.startswith("postgresql")
    workers = 16 if on_postgres else 8
    expected = _prepare(hall, workers)
    at = hall.clock().isoformat()
    if on_postgres:
        results: list[list[int]] = [[] for _ in range(workers)]

        def run(i):
            results[i] = drain(hall.url, i + 1, at)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        _check(hall, expected, results)
        return
    procs = [subprocess.Popen([sys.executable, "-m", "tests.services.drain_worker", hall.url, str(i + 1), at],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(workers)]
    outputs = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        outputs.append(json.loads(out))
    _check(hall, expected, outputs)

"""Each exam seat is booked once: 8 processes on one SQLite file, 20 connections on PostgreSQL, all
booking candidates into the same two small sessions at once."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from desktop.domain import exams as exam_rules
from desktop.domain.identifiers import make_resident_id
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamSession
from desktop.store.models import Person
from tests.services.seat_worker import race

ROOT = Path(__file__).resolve().parents[2]
PER_WORKER = 5
CAPACITY = 12


def test_concurrent_bookings_never_overfill_a_session(hall):
    on_postgres = hall.url.startswith("postgresql")
    workers = 20 if on_postgres else 8
    s = hall.services
    s.auth.create_staff(hall.admin, "racer", "clerk", "racepass1")
    s.exam_plans.save_site(hall.admin, "KC01", "考试中心", ["1"], ["C1"])
    s.exam_plans.publish(hall.admin, "KC01", [exam_rules.WeeklySlot(0, h, "1", CAPACITY, frozenset({"C1"}))
                                             for h in ("am", "pm")], date(2026, 12, 7), date(2026, 12, 7))
    sessions = [v.id for v in s.exam_plans.calendar(hall.admin, date(2026, 12, 7), date(2026, 12, 7))]
    now = hall.clock()
    with hall.ctx.session_factory() as session, session.begin():
        for i in range(workers * PER_WORKER):
            born = date(1990, 1, 1) + timedelta(days=i)
            person = Person(id_number=make_resident_id("152921", born, i), name="考生", sex="M", birth_date=born,
                            hall_code="152900", created_at=now)
            session.add(person)
            session.flush()
            session.add(ExamCandidate(hall_code="152900", person_id=person.id, cls="C1", application_no=f"R{i:06d}",
                                      accepted_at=now - timedelta(days=1, minutes=i), state="active", source="test",
                                      site_changes=0, failed_checks=0, locked=False))
    with hall.ctx.session_factory() as session:
        ids = session.execute(sa.select(ExamCandidate.id).order_by(ExamCandidate.id)).scalars().all()
    shares = [ids[i::workers] for i in range(workers)]
    at = now.isoformat()
    if on_postgres:
        results: list[dict] = [{} for _ in range(workers)]

        def run(i):
            results[i] = race(hall.url, at, shares[i], sessions)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    else:
        procs = [subprocess.Popen([sys.executable, "-m", "tests.services.seat_worker", hall.url, at,
                                   ",".join(map(str, shares[i])), ",".join(map(str, sessions))], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(workers)]
        results = []
        for p in procs:
            out, err = p.communicate(timeout=600)
            assert p.returncode == 0, err
            results.append(json.loads(out))
    got = [c for r in results for c in r["got"]]
    assert len(got) == len(set(got)) == 2 * CAPACITY, "every seat taken once, nobody twice"
    with hall.ctx.session_factory() as session:
        for sid in sessions:
            booked = session.get(ExamSession, sid).booked
            orders = session.execute(sa.select(ExamBooking.order_no).where(ExamBooking.session_id == sid)
                                     ).scalars().all()
            assert booked == len(orders) == CAPACITY
            assert sorted(orders) == list(range(1, CAPACITY + 1))
    assert s.audit.verify(hall.admin).ok

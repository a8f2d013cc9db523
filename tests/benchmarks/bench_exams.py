"""Allocation benchmark (not in the default test run): python -m tests.benchmarks.bench_exams

Target (issue 6): the allocation run over 5,000 open 科目一 requests and a month of sessions in under
2 s, in-process on the SQLite default. Baseline in the same run, on a copy of the same file: the raw
writes the run cannot avoid — one executemany of the bookings, one of the request updates and the
session counts — with the assignment computed beforehand, so the figure beside it shows what the
reading, the eligibility rules and the ranking cost on top of the writing.
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import insert, text

from desktop.context import open_app, open_store
from desktop.domain import exams as exam_rules
from desktop.domain.identifiers import make_resident_id
from desktop.services.setup import initialise
from desktop.store.exam_models import ExamCandidate, ExamRequest
from desktop.store.models import Person

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=timezone.utc)
FIRST, LAST = date(2026, 12, 7), date(2027, 1, 6)
REQUESTS = 5000
CAPACITY = 120
TARGET_S = 2.0
REGIONS = ("152921", "152922", "152923", "150102", "150103")  # the Alxa banners, two Hohhot districts: 1,000 each


def build(path: Path) -> None:
    url = f"sqlite:///{path}"
    _, engine, factory = open_store(url)
    initialise(engine, factory, hall_code="152900", hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password="admin1234", hasher=FAST)
    engine.dispose()
    ctx = open_app(url, clock=lambda: NOW, hasher=FAST)
    s = ctx.services
    admin = s.auth.login("admin", "admin1234")
    s.exam_plans.save_site(admin, "KC01", "考试中心", ["1"], ["C1", "C2"])
    s.exam_plans.save_site(admin, "KC02", "分考场", ["1"], ["C1", "C2"])
    for site in ("KC01", "KC02"):
        slots = [exam_rules.WeeklySlot(d, h, "1", CAPACITY // 2, frozenset({"C1", "C2"}))
                 for d in range(5) for h in ("am", "pm")]
        s.exam_plans.publish(admin, site, slots, FIRST, LAST)
    rng = random.Random(6)
    people, cands, reqs = [], [], []
    for i in range(REQUESTS):
        born = date(1970, 1, 1) + timedelta(days=rng.randrange(12000))
        # A county code per thousand: with the sequence number that makes every ID number unique
        # whatever the birth dates (the random ones may repeat).
        number = make_resident_id(REGIONS[i // 1000], born, i % 1000)
        people.append(dict(id=i + 1, id_number=number, name="考生", sex="M",
                           birth_date=born, phone="", address="", photo=None, hall_code="152900", created_at=NOW))
        accepted = NOW - timedelta(days=rng.randrange(1, 60), minutes=rng.randrange(600))
        cands.append(dict(id=i + 1, hall_code="152900", person_id=i + 1, cls=rng.choice(("C1", "C1", "C2")),
                          application_no=f"B{i:08d}", accepted_at=accepted, school="", source="bench",
                          state="active", site_changes=0, failed_checks=0, locked=False, created_by="bench"))
        start = FIRST + timedelta(days=rng.randrange(20))
        reqs.append(dict(hall_code="152900", candidate_id=i + 1, subject="1",
                         sites=rng.choice(("", "KC01", "KC02", "KC01 KC02")), first_day=start,
                         last_day=start + timedelta(days=rng.randrange(3, 15)), channel="school", state="open",
                         reason_code="", reason="", created_at=NOW))
    assert len({p["id_number"] for p in people}) == REQUESTS, "ID numbers collide"
    with ctx.session_factory() as session, session.begin():
        session.execute(insert(Person.__table__), people)
        session.execute(insert(ExamCandidate.__table__), cands)
        session.execute(insert(ExamRequest.__table__), reqs)
    ctx.dispose()


def run_service(path: Path) -> tuple[float, int, int]:
    ctx = open_app(f"sqlite:///{path}", clock=lambda: NOW, hasher=FAST)
    admin = ctx.services.auth.login("admin", "admin1234")
    t = time.perf_counter()
    report = ctx.services.exam_bookings.allocate(admin, LAST)
    elapsed = time.perf_counter() - t
    again = ctx.services.exam_bookings.allocate(admin, LAST)
    assert not again.booked, "re-running booked more"
    assert len(report.booked) + len(report.not_booked) == REQUESTS, \
        f"{len(report.booked) + len(report.not_booked)} requests allocated, not {REQUESTS}"
    ctx.dispose()
    return elapsed, len(report.booked), len(report.not_booked)


def run_raw(path: Path, assigned: list[tuple[int, int, int]]) -> float:
    """The unavoidable writes for the same assignment: bookings, request states, session counts."""
    _, engine, _ = open_store(f"sqlite:///{path}")
    t = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO exam_bookings (hall_code, candidate_id, session_id, request_id, subject, code, order_no, "
            "ticket_serial, state, channel, booked_at, checked_in_by, result_by) VALUES ('152900', :c, :s, :r, '1', "
            ":code, :o, '', 'booked', 'allocation', :at, '', '')"),
            [dict(c=c, s=s, r=r, code=f"{r:08d}", o=o, at=NOW.isoformat()) for o, (r, c, s) in enumerate(assigned, 1)])
        conn.execute(text("UPDATE exam_requests SET state = 'booked' WHERE id = :r"), [dict(r=r) for r, _, _ in assigned])
        counts: dict[int, int] = {}
        for _, _, s in assigned:
            counts[s] = counts.get(s, 0) + 1
        conn.execute(text("UPDATE exam_sessions SET booked = :n WHERE id = :s"),
                     [dict(n=n, s=s) for s, n in counts.items()])
    elapsed = time.perf_counter() - t
    engine.dispose()
    return elapsed


def assignment_of(path: Path) -> list[tuple[int, int, int]]:
    _, engine, _ = open_store(f"sqlite:///{path}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT request_id, candidate_id, session_id FROM exam_bookings "
                                 "WHERE channel = 'allocation'")).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.sqlite3"
        build(base)
        ours, raw = [], []
        booked = not_booked = 0
        for run in range(3):
            work = Path(tmp) / f"run{run}.sqlite3"
            shutil.copyfile(base, work)
            elapsed, booked, not_booked = run_service(work)
            ours.append(elapsed)
            plain = Path(tmp) / f"raw{run}.sqlite3"
            shutil.copyfile(base, plain)
            raw.append(run_raw(plain, assignment_of(work)))
        best, base_best = min(ours), min(raw)
        print(f"allocation of {REQUESTS} requests over {FIRST}..{LAST} (2 sites, am+pm, {CAPACITY} seats a day)")
        print(f"  booked {booked}, not booked {not_booked}")
        print(f"  ours:     best {best:.2f} s, median {statistics.median(ours):.2f} s   (target < {TARGET_S:.1f} s)")
        print(f"  baseline: best {base_best:.2f} s (raw writes of the same bookings)")
        print(f"  ratio {best / base_best:.1f}×")
        return 0 if best < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())

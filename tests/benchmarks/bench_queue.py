"""Queue benchmarks (not in the default test run): python -m tests.benchmarks.bench_queue

- call-next with a year of tickets in the database: p95 under 5 ms in-process, and the query plan
  uses an index. Baseline in the same run: call-next on a database with today's tickets only.
- take-ticket with its slip PDF: under 50 ms. Baseline in the same run: take-ticket without the slip.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import insert, text

from desktop.context import open_app, open_store
from desktop.services.base import hall_date
from desktop.services.demo import DEMO_COUNTERS
from desktop.services.demo_queue import add_year_of_tickets
from desktop.services.setup import initialise
from desktop.store.queue_models import Ticket

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=timezone.utc)  # 10:00 in the hall


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


def setup(path: Path, with_year: bool):
    url = f"sqlite:///{path}"
    _, engine, factory = open_store(url)
    initialise(engine, factory, hall_code="152900", hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password="admin1234", hasher=FAST)
    if with_year:
        add_year_of_tickets(factory, "152900", 2026, 1.0, [(n, tuple(c.split(","))) for n, c, _ in DEMO_COUNTERS],
                            random.Random(1), until=hall_date(NOW))
    engine.dispose()
    clock = Clock()
    ctx = open_app(url, clock=clock, hasher=FAST)
    s = ctx.services
    admin = s.auth.login("admin", "admin1234")
    s.halls.save_counter(admin, 1, "A,B,C,D")
    s.auth.create_staff(admin, "bench", "clerk", "benchpass1")
    clerk = s.auth.login("bench", "benchpass1", counter=1)
    s.calling.open_counter(clerk)
    s.tickets.set_category(admin, "A", daily_cap=999)
    return ctx, clerk, clock


def fill_today(ctx, n: int = 120) -> None:
    rows = [dict(hall_code="152900", day=hall_date(NOW), series="A", category="A", number=i, label=f"A{i:03d}",
                 state="waiting", priority=i % 9 == 0, priority_reason="", name_masked="", sort_at=NOW, issued_at=NOW,
                 recalls=0, requeues=0, outcome="", people_ahead=0, cases="", transferred_from="", note="", clerk="",
                 rating_reason="") for i in range(500, 500 + n)]
    with ctx.session_factory() as session, session.begin():
        session.execute(insert(Ticket), rows)


def time_calls(ctx, clerk, n: int = 100) -> list[float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        ticket = ctx.services.calling.call_next(clerk)
        times.append((time.perf_counter() - t0) * 1000)
        assert ticket is not None
        ctx.services.calling.finish(clerk)
    return times


def time_takes(ctx, clock, slip: bool, n: int = 60) -> list[float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        issued = ctx.services.tickets.take("152900", "B")
        if slip:
            ctx.services.tickets.slip_pdf(issued)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        print("building a year of tickets (≈1 min)…", flush=True)
        base_ctx, base_clerk, base_clock = setup(Path(tmp) / "today.sqlite3", with_year=False)
        year_ctx, year_clerk, year_clock = setup(Path(tmp) / "year.sqlite3", with_year=True)
        with year_ctx.engine.connect() as conn:
            total = conn.execute(text("select count(*) from tickets")).scalar_one()
            plan = conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE hall_code='152900' AND state='waiting' "
                "AND category IN ('A','B') AND day='2026-11-26'")).all()
        fill_today(base_ctx)
        fill_today(year_ctx)
        base = time_calls(base_ctx, base_clerk)
        year = time_calls(year_ctx, year_clerk)
        print("\ncall-next (ms)            p50      p95   (tickets in DB)")
        print(f"  baseline: today only  {statistics.median(base):6.2f}  {p95(base):7.2f}   (120)")
        print(f"  with a year           {statistics.median(year):6.2f}  {p95(year):7.2f}   ({total:,})   target p95 < 5 ms")
        print("  query plan:", " / ".join(row[-1] for row in plan))
        plain = time_takes(year_ctx, year_clock, slip=False)
        with_slip = time_takes(year_ctx, year_clock, slip=True)
        print("\ntake-ticket (ms)          p50      p95")
        print(f"  baseline: no slip     {statistics.median(plain):6.2f}  {p95(plain):7.2f}")
        print(f"  with 80 mm slip PDF   {statistics.median(with_slip):6.2f}  {p95(with_slip):7.2f}   target < 50 ms")
        for ctx in (base_ctx, year_ctx):
            ctx.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

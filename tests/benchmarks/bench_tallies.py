"""Monthly tally benchmark (not in the default test run): python -m tests.benchmarks.bench_tallies [--db FILE]

Target (issue 8): one month's tally in under 0.5 s and within 1.5× of the raw SQL queries computing the
same numbers on the same file, on a demo database at scale 1.0 (a year at the seed's volume).
Baseline in the same run: those raw queries through the sqlite3 module, no ORM — the same GROUP BYs,
the same per-ticket fetch (medians and percentiles need the values), the same three periods for the
headline figures. Also shown: a whole year. `--db FILE` reuses a database made by an earlier run
(making one takes ~100 s); without it a temp dir is used and removed.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from argon2 import PasswordHasher

from desktop.context import open_app, open_store
from desktop.domain.tallies import percentile
from desktop.services.base import Actor
from desktop.services.setup import initialise
from desktop.services.tallies import TallyService
from desktop.services.tally_export import export_periods, year_jobs

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
HALL = "152900"
YEAR_TARGET_S = 10.0
YEAR = 2026
NOW = datetime(2027, 1, 10, 2, 0, tzinfo=timezone.utc)  # the whole of 2026 is behind the clock
TARGET_S = 0.5
RUNS = 7


def make_database(path: Path) -> None:
    url = f"sqlite:///{path}"
    _, engine, factory = open_store(url)
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password="admin1234", clock=lambda: NOW, hasher=FAST)
    engine.dispose()
    from desktop.services.demo import DemoDataService

    t0 = time.perf_counter()
    DemoDataService(factory, lambda: NOW).generate(HALL, year=YEAR, scale=1.0)
    print(f"demo year {YEAR} at scale 1.0: {time.perf_counter() - t0:.0f} s")


def _bounds(year: int, month: int | None) -> tuple[str, str]:
    if month is None:
        return f"{year}-01-01", f"{year + 1}-01-01"
    return f"{year}-{month:02d}-01", (f"{year + 1}-01-01" if month == 12 else f"{year}-{month + 1:02d}-01")


MINUTES = "(julianday({0}) - julianday({1})) * 1440.0"


def raw_tally(con: sqlite3.Connection, year: int, month: int | None) -> dict:
    """The same numbers as TallyService, by hand."""
    a, b = _bounds(year, month)
    p = {"h": HALL, "a": a, "b": b}
    out: dict = {}
    for table, kind in (("vehicle_cases", "vehicle"), ("driver_cases", "driver")):
        out[table] = con.execute(
            f"SELECT business_name, count(*), sum(state = 'completed'), sum(state = 'refused') FROM {table} "
            "WHERE hall_code = :h AND day >= :a AND day < :b GROUP BY business_name", p).fetchall()
        out[kind + "_deferrals"] = con.execute(
            "SELECT business_name, state, count(*) FROM deferrals WHERE hall_code = :h AND case_type = :k "
            "AND accepted_on >= :a AND accepted_on < :b GROUP BY business_name, state", {**p, "k": kind}).fetchall()
        out[kind + "_fees"] = con.execute(
            f"SELECT f.name, count(*), sum(f.quantity), sum(f.amount) FROM {table} c JOIN case_fees f "
            "ON f.case_id = c.id AND f.case_type = :k WHERE c.hall_code = :h AND c.day >= :a AND c.day < :b "
            "AND c.state IN ('completed', 'deferred') GROUP BY f.name", {**p, "k": kind}).fetchall()
    out["exams"] = con.execute(
        "SELECT subject, cls, sum(source <> 'no_show'), sum(passed AND source <> 'no_show'), sum(source = 'no_show') "
        "FROM exam_results WHERE hall_code = :h AND exam_date >= :a AND exam_date < :b GROUP BY subject, cls",
        p).fetchall()
    out["exam_bookings"] = con.execute(
        "SELECT s.subject, c.cls, count(*) FROM exam_bookings b JOIN exam_sessions s ON s.id = b.session_id "
        "JOIN exam_candidates c ON c.id = b.candidate_id WHERE b.hall_code = :h AND b.state <> 'cancelled' "
        "AND s.day >= :a AND s.day < :b GROUP BY s.subject, c.cls", p).fetchall()
    wait = MINUTES.format("coalesce(t.first_called_at, t.called_at)", "t.issued_at")
    service = MINUTES.format("t.finished_at", "coalesce(t.started_at, t.called_at)")
    # Everything SQL can give per group, by GROUP BY; medians and percentiles need the values.
    sla = "(SELECT c.sla_minutes FROM ticket_categories c WHERE c.hall_code = t.hall_code AND c.code = t.category)"
    hour = "cast(strftime('%H', t.issued_at, '+480 minutes') AS integer)"
    for name, key, called_only in (("category", "t.category", False), ("counter", "t.counter_number", True),
                                   ("clerk", "t.clerk", True), ("hour", hour, False)):
        only = f" AND {wait} IS NOT NULL AND {key} IS NOT NULL AND {key} != ''" if called_only else ""
        out["queue_" + name] = con.execute(
            f"SELECT {key}, count(*), sum(t.state = 'finished'), sum(t.state = 'no_show'), count({wait}), "
            f"avg({wait}), avg(CASE WHEN t.state = 'finished' THEN {service} END), "
            f"sum(t.state = 'finished' AND {wait} <= {sla}) FROM tickets t "
            f"WHERE t.hall_code = :h AND t.day >= :a AND t.day < :b{only} GROUP BY {key}", p).fetchall()
        out["queue_total_" + name] = con.execute(
            f"SELECT count(*), sum(t.state = 'finished'), sum(t.state = 'no_show'), count({wait}), avg({wait}), "
            f"avg(CASE WHEN t.state = 'finished' THEN {service} END), sum(t.state = 'finished' AND {wait} <= {sla}) "
            f"FROM tickets t WHERE t.hall_code = :h AND t.day >= :a AND t.day < :b{only}", p).fetchall()
    waits = con.execute(f"SELECT t.category, t.counter_number, t.clerk, {hour}, {wait} AS w FROM tickets t "
                        f"WHERE t.hall_code = :h AND t.day >= :a AND t.day < :b AND w IS NOT NULL ORDER BY w",
                        p).fetchall()
    for index, name in ((0, "category"), (1, "counter"), (2, "clerk"), (3, "hour")):
        groups: dict = {}
        for r in waits:
            groups.setdefault(r[index], []).append(r[4])
        groups[None] = [r[4] for r in waits]
        out["percentiles_" + name] = {k: (percentile(v, 50), percentile(v, 90)) for k, v in groups.items()}
    out["ratings"] = con.execute("SELECT rating, count(*) FROM tickets WHERE hall_code = :h AND day >= :a "
                                 "AND day < :b AND rating IS NOT NULL GROUP BY rating", p).fetchall()
    out["reasons"] = con.execute("SELECT rating_reason, count(*) FROM tickets WHERE hall_code = :h AND day >= :a "
                                 "AND day < :b AND rating = 1 GROUP BY rating_reason", p).fetchall()
    for table in ("vehicle_cases", "driver_cases", "tickets"):
        out["daily_" + table] = con.execute(f"SELECT day, count(*) FROM {table} WHERE hall_code = :h "
                                            "AND day >= :a AND day < :b GROUP BY day", p).fetchall()
    periods = [(year, month), (year - 1, month)]
    if month is not None:
        periods.append((year - 1, 12) if month == 1 else (year, month - 1))
    for y, m in periods:  # the headline figures of this period, the year before and the month before
        a, b = _bounds(y, m)
        q = {"h": HALL, "a": a, "b": b}
        out[f"figures_{y}_{m}"] = [
            con.execute("SELECT count(*) FROM vehicle_cases WHERE hall_code = :h AND day >= :a AND day < :b",
                        q).fetchone(),
            con.execute("SELECT count(*) FROM driver_cases WHERE hall_code = :h AND day >= :a AND day < :b",
                        q).fetchone(),
            con.execute(f"SELECT count(*), avg({wait}), count(t.rating), sum(t.rating >= 3) FROM tickets t "
                        "WHERE t.hall_code = :h AND t.day >= :a AND t.day < :b", q).fetchone(),
            *(con.execute(f"SELECT sum(f.amount) FROM {table} c JOIN case_fees f ON f.case_id = c.id "
                          "AND f.case_type = :k WHERE c.hall_code = :h AND c.day >= :a AND c.day < :b "
                          "AND c.state IN ('completed', 'deferred')", {**q, "k": kind}).fetchone()
              for table, kind in (("vehicle_cases", "vehicle"), ("driver_cases", "driver"))),
        ]
    return out


def best(fn, runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, help="reuse (or create) this database file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.sqlite3"
        if not path.exists():
            make_database(path)
        ctx = open_app(f"sqlite:///{path}", clock=lambda: NOW, hasher=FAST)
        service = TallyService(ctx.session_factory, lambda: NOW)
        actor = Actor.system(HALL)
        con = sqlite3.connect(path)
        try:
            (tickets,), = con.execute("SELECT count(*) FROM tickets WHERE day >= '2026-01-01'").fetchall()
            (cases,), = con.execute("SELECT count(*) FROM vehicle_cases WHERE day >= '2026-01-01'").fetchall()
            print(f"database: {tickets} tickets, {cases} vehicle cases in {YEAR}")
            service.month(actor, YEAR, 3)  # warm the caches of both sides once
            raw_tally(con, YEAR, 3)
            ok = True
            print(f"{'':<26}{'TallyService':>18}{'raw SQL (sqlite3)':>22}{'ratio':>8}")
            for label, month in (("one month (2026-03)", 3), ("one month (2026-10)", 10), ("whole year 2026", None)):
                if month is None:
                    mine = best(lambda: service.year(actor, YEAR), 3)
                    raw = best(lambda: raw_tally(con, YEAR, None), 3)
                else:
                    mine = best(lambda: service.month(actor, YEAR, month))
                    raw = best(lambda: raw_tally(con, YEAR, month))
                ratio = mine[0] / raw[0]
                print(f"{label:<26}{mine[0] * 1000:>10.0f} ms (p50 {mine[1] * 1000:.0f})"
                      f"{raw[0] * 1000:>10.0f} ms (p50 {raw[1] * 1000:.0f}){ratio:>7.2f}×")
                if month is not None:
                    ok &= mine[0] < TARGET_S and ratio <= 1.5
            print(f"target: a month < {TARGET_S} s and ≤ 1.5× raw SQL — {'met' if ok else 'NOT met'}")
            # The whole year in all three formats (12 months + the year summary, each XLSX, CSV, PDF and JSON),
            # as `counterdesk export --year` writes it; beside it the raw SQL of the same 13 periods.
            with tempfile.TemporaryDirectory() as out:
                t0 = time.perf_counter()
                result = export_periods(service, ctx.services.documents, actor, year_jobs(YEAR, None), Path(out),
                                        ("xlsx", "csv", "pdf"))
                year_s = time.perf_counter() - t0
                files = len(result.files)
            t0 = time.perf_counter()
            for m in range(1, 13):
                raw_tally(con, YEAR, m)
            raw_tally(con, YEAR, None)
            raw_year = time.perf_counter() - t0
            year_ok = year_s < YEAR_TARGET_S
            print(f"year {YEAR} in xlsx+csv+pdf: {year_s:.1f} s ({files} files) beside raw SQL of the 13 "
                  f"periods {raw_year:.1f} s — target < {YEAR_TARGET_S:.0f} s {'met' if year_ok else 'NOT met'}")
            ok &= year_ok
        finally:
            con.close()
            ctx.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

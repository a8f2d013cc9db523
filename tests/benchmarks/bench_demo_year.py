"""Demo-year benchmark (not in the default test run): python -m tests.benchmarks.bench_demo_year [--keep FILE]

Target (issue 9): demo-data for one year at scale 1.0 on a fresh SQLite file within 2× of "raw
executemany of the same rows", and under 60 s.

Ours: DemoDataService.generate — what `counterdesk demo-data --scale 1.0` runs — for the whole of
2026 (the clock at 2027-01-10, as bench_tallies builds its database) on a file that has only been
initialised (schema, hall 152900, an admin). Timed: generate() alone; per stage from its progress
callback (the time from the previous stage's last report to this one's).
Baseline in the same run: every row of every table of our finished database, dumped, then written
into an empty database made by the same migrations (same indexes, triggers and constraints) with
plain sqlite3: the same PRAGMAs as our engine (WAL, foreign_keys, synchronous=NORMAL; the demo's page
cache), parents before children, one executemany and one transaction per table. That is the floor
for writing these rows; everything above it is making them up and the ORM's way of writing them.
(The baseline also writes the few rows `initialise` made before the timing started: a hall, an
admin, the categories.)

--keep FILE keeps our database (a scale-1.0 year, as bench_tallies, bench_memory and run_all --db
use); --profile FILE writes a cProfile of generate() there and prints its top functions (the timing
with the profiler on is ~2.3× slower and is not compared with the target). At this scale generate()
hands the vehicle register and the ticket year to a helper process (demo_helper.py), which draws and
writes them on a connection of its own: the profile sees only the main process, where the helper
shows as the wait in `Helper.submit`'s `result`, and its stages report done only when the main
process collects them — profile the add_* functions of demo_vehicles / demo_queue on their own to
see inside them.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from argon2 import PasswordHasher

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
HALL = "152900"
YEAR = 2026
SCALE = 1.0
NOW = datetime(2027, 1, 10, 2, 0, tzinfo=timezone.utc)  # the whole of 2026 is behind the clock
RATIO_TARGET = 2.0
TARGET_S = 60.0


def fresh(path: Path):
    """A file with the schema, the hall and an admin: what `demo-data` finds after `init`."""
    from desktop.context import open_store
    from desktop.services.setup import initialise

    _, engine, factory = open_store(f"sqlite:///{path}")
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password="admin1234", clock=lambda: NOW, hasher=FAST)
    return engine, factory


def generate(factory, profile: Path | None) -> tuple[float, list[tuple[str, float]]]:
    from desktop.services.demo import DemoDataService

    stages: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        stages[stage] = time.perf_counter()  # the last report of a stage is its end

    service = DemoDataService(factory, lambda: NOW)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    service.generate(HALL, year=YEAR, scale=SCALE, progress=progress)
    elapsed = time.perf_counter() - t0
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(profile))
    out, previous = [], t0
    for stage, end in sorted(stages.items(), key=lambda kv: kv[1]):
        out.append((stage, end - previous))
        previous = end
    out.append(("(audit record, commit)", t0 + elapsed - previous))
    return elapsed, out


def table_order(path: Path) -> list[str]:
    """Tables parents first (the foreign keys are on, in ours and in the baseline)."""
    from sqlalchemy import MetaData, create_engine

    engine = create_engine(f"sqlite:///{path}")
    try:
        meta = MetaData()
        meta.reflect(engine)
        return [t.name for t in meta.sorted_tables if t.name != "alembic_version"]
    finally:
        engine.dispose()


def counts(path: Path, tables: list[str]) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def raw_executemany(source: Path, target: Path, tables: list[str]) -> tuple[float, dict[str, float]]:
    """The floor: the same rows into the same empty schema, one executemany + transaction per table."""
    from desktop.store import migrate
    from desktop.store.engine import make_engine

    engine = make_engine(f"sqlite:///{target}")
    migrate.upgrade(engine)  # the same migrations: same indexes, triggers and constraints
    engine.dispose()
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, isolation_level=None)
    from desktop.services.demo_helper import DEMO_CACHE_KIB

    # As make_engine sets them, and the page cache of the demo's own engine (demo_helper.demo_engine).
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", f"cache_size=-{DEMO_CACHE_KIB}"):
        dst.execute(f"PRAGMA {pragma}")
    for t in reversed(tables):  # rows a migration may have seeded
        dst.execute(f'DELETE FROM "{t}"')
    per_table: dict[str, float] = {}
    try:
        for t in tables:
            cur = src.execute(f'SELECT * FROM "{t}"')
            columns = [d[0] for d in cur.description]
            rows = cur.fetchall()  # dumped before the clock starts
            if not rows:
                continue
            names = ", ".join('"' + c + '"' for c in columns)
            sql = f'INSERT INTO "{t}" ({names}) VALUES ({", ".join("?" * len(columns))})'
            t0 = time.perf_counter()
            dst.execute("BEGIN")
            dst.executemany(sql, rows)
            dst.execute("COMMIT")
            per_table[t] = time.perf_counter() - t0
            del rows
    finally:
        src.close()
        dst.close()
    return sum(per_table.values()), per_table


def print_profile(path: Path, limit: int = 25) -> None:
    import pstats

    stats = pstats.Stats(str(path))
    print(f"\nprofile of generate() (cProfile, {path}), top {limit} by cumulative time:")
    stats.sort_stats("cumulative").print_stats(limit)
    print(f"top {limit} by own time:")
    stats.sort_stats("tottime").print_stats(limit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_demo_year", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="keep our scale-1.0 database at this path (replaced if it exists)")
    parser.add_argument("--profile", type=Path, help="profile generate() with cProfile into this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, floor_path = Path(tmp) / "ours.sqlite3", Path(tmp) / "floor.sqlite3"
        engine, factory = fresh(ours_path)
        tables = table_order(ours_path)
        before = counts(ours_path, tables)
        print(f"demo-data: year {YEAR} at scale {SCALE} on a fresh file …", flush=True)
        ours, stages = generate(factory, args.profile)
        engine.dispose()
        after = counts(ours_path, tables)
        added = {t: after[t] - before[t] for t in tables}
        print(f"  generate(): {ours:.1f} s, {sum(added.values()):,} rows added to {sum(1 for v in added.values() if v)}"
              f" tables ({ours_path.stat().st_size / 1e6:.0f} MB)", flush=True)
        print("raw executemany of the same rows into the same empty schema …", flush=True)
        floor, per_table = raw_executemany(ours_path, floor_path, tables)
        if args.keep:
            args.keep.parent.mkdir(parents=True, exist_ok=True)
            src = sqlite3.connect(ours_path)
            dst = sqlite3.connect(args.keep.with_suffix(".partial"))
            src.backup(dst)
            src.close()
            dst.close()
            shutil.move(args.keep.with_suffix(".partial"), args.keep)
            print(f"  kept our database: {args.keep}")

    print(f"\ndemo year {YEAR} at scale {SCALE}, by stage (ours; s):")
    for stage, seconds in stages:
        print(f"  {stage:<26}{seconds:>7.1f}")
    print("\nthe baseline's biggest tables (rows; s to write them raw):")
    for t, seconds in sorted(per_table.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {t:<26}{after[t]:>10,}{seconds:>7.2f}")
    ratio = ours / floor
    ok = ratio <= RATIO_TARGET and ours < TARGET_S and not args.profile
    print(f"\n  {'ours: generate()':<48}{ours:>7.1f} s   "
          f"target ≤ {RATIO_TARGET:.0f}× baseline and < {TARGET_S:.0f} s")
    print(f"  {'baseline: raw sqlite3 executemany, same rows':<48}{floor:>7.1f} s")
    if args.profile:
        print_profile(args.profile)
        print("  (profiled: the figure is not compared with the target)")
    print(f"\n  {'PASS' if ok else 'OVER TARGET'}: {ours:.1f} s, {ratio:.1f}× the raw writes "
          f"(target ≤ {RATIO_TARGET:.0f}× and < {TARGET_S:.0f} s)")
    print(f"RESULT demo year at scale 1.0 | {ours:.1f} s | raw executemany {floor:.1f} s | "
          f"≤ {RATIO_TARGET:.0f}× and < {TARGET_S:.0f} s ({ratio:.1f}×) | {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

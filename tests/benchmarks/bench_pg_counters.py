"""Twenty counters on PostgreSQL (not in the default test run): python -m tests.benchmarks.bench_pg_counters

Target (issue 9): 20 counters calling at once against one PostgreSQL server: at least 200 calls a
second overall, no ticket called twice, and the totals add up.

Setup: a throwaway cluster (tests/pgserver.py: initdb into a temp dir, a Unix socket; or --url for a
server of your own whose user may CREATE DATABASE), a fresh database, the hall initialised, 20
counters (categories as a real hall splits them: most serve A 机动车, some B 驾驶证, one C 考试,
mixed windows), TICKETS waiting tickets of today across A/B/C/D with some green-channel ones,
written in one INSERT (taking them one by one through the kiosk service would time the wait
estimator's playback over thousands of waiting people, not the counters).
Measured: 20 worker processes (one per counter PC: its own interpreter, engine and connection
pool; --mode threads runs them as threads of one process instead), each logged in at its own
counter, all released at one instant, each calling services.calling.call_next then finish in a
loop until --seconds pass or its categories run dry. On PostgreSQL call_next and finish go the
short way (services/calling_pg.py: the driver's pipelined statements, three exchanges a call +
finish); "statements through SQLAlchemy" counts what went the ordinary way. Each has called and finished one ticket before
the start (a PC's first call of the day compiles its statements, and its server backend plans them:
once a day, not once a call); those are checked with the rest but not counted. calls/s = all call-nexts / (last worker's end
− the start; every worker has connected and logged in before the start instant is given). Each
call-next's latency is kept (p50/p95 shown). Checked afterwards: no ticket id claimed twice, every
claimed ticket finished in the database, finished + still waiting = TICKETS, and the audit chain verifies.

The tables are analysed after the load, as a server's autovacuum would (the throwaway cluster runs
without autovacuum). The throwaway cluster runs with fsync=off like the tests' one; --durable starts it with fsync=on,
synchronous_commit=on (a real hall server), where every commit waits for the disk.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HALL = "152900"
NOW = datetime(2026, 11, 26, 6, 30, tzinfo=timezone.utc)  # 14:30 in the hall
COUNTERS = 20
# 20 windows: 12 vehicle (A), 2 vehicle + enquiries (A,D), 3 driver (B), one exam (C), two mixed.
COUNTER_CATEGORIES = ["A"] * 12 + ["A,D"] * 2 + ["B"] * 3 + ["C"] + ["A,B"] + ["A,B,C,D"]
TICKET_MIX = {"A": 0.66, "B": 0.20, "C": 0.05, "D": 0.09}
TICKETS = 6000  # more than 20 counters call in 20 s: the queue does not run dry before the time is up
SECONDS = 20.0
TARGET_CALLS = 200.0
USER, PASSWORD = "benchcall", "benchcall1"


def _now() -> float:
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def _cpu_of(pid: int) -> float | None:
    """User + system CPU seconds of a local process (the server's backend), None if it is not readable."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def work(url: str, counter: int, wait_for_start, seconds: float, profile_dir: str | None = None) -> dict:
    """One counter PC: log in, report ready, wait for the start instant (wait_for_start() returns it),
    then call and finish until time is up or nothing is left."""
    from desktop.context import open_app

    ctx = open_app(url, clock=lambda: NOW)
    try:
        clerk = ctx.services.auth.login(USER, PASSWORD, counter=counter)
        ctx.services.calling.open_counter(clerk)
        calling = ctx.services.calling
        claimed, latencies, errors = [], [], []
        with ctx.engine.connect() as conn:  # the pooled connection the loop will use: its server process
            backend = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        from sqlalchemy import event

        counts = {"statements": 0, "waiting_reads": 0}

        @event.listens_for(ctx.engine, "before_cursor_execute")
        def _count(conn, cursor, statement, parameters, context, executemany) -> None:
            counts["statements"] += 1  # through SQLAlchemy (calling_pg's short way sends its own)
            if "JOIN ticket_categories" in statement:  # call-next's read of the waiting list: once per attempt
                counts["waiting_reads"] += 1

        fast = calling._pg_path()  # the short way's candidates reads, counted with the others
        if fast is not None:
            read_candidates = fast._read_candidates

            def counting_read(*args, **kwargs):
                counts["waiting_reads"] += 1
                return read_candidates(*args, **kwargs)

            fast._read_candidates = counting_read

        # The morning's first call, before the clock starts: each process compiles its statements and
        # each server backend plans them once, as a counter PC does once a day, not once per call.
        first = calling.call_next(clerk)
        warm_up = [first.id] if first is not None else []
        if first is not None:
            calling.finish(clerk)
        start_at = wait_for_start()
        delay = start_at - _now()
        if delay > 0:
            time.sleep(delay)
        cpu0, server0 = time.process_time(), _cpu_of(backend)
        counts.update(statements=0, waiting_reads=0)
        profiler = None
        if profile_dir:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        deadline = start_at + seconds
        while _now() < deadline:
            t0 = _now()
            try:
                ticket = calling.call_next(clerk)
            except Exception as exc:  # a refusal (busy_try_again) is counted, not fatal
                errors.append(type(exc).__name__ + ": " + str(exc)[:200])
                continue
            latencies.append((_now() - t0) * 1000)
            if ticket is None:
                break
            claimed.append(ticket.id)
            calling.finish(clerk)
        end = _now()
        server1 = _cpu_of(backend)
        if profiler:
            profiler.disable()
            profiler.dump_stats(str(Path(profile_dir) / f"worker-{counter}.prof"))
        return {"counter": counter, "claimed": claimed, "warm_up": warm_up, "latencies": latencies, "errors": errors, "end": end,
                "late": delay < 0, "cpu": time.process_time() - cpu0, **counts,
                "server_cpu": server1 - server0 if server0 is not None and server1 is not None else None}
    finally:
        ctx.dispose()


class Cluster:
    """tests/pgserver.ThrowawayCluster, optionally with durable commits."""

    def __init__(self, durable: bool) -> None:
        from tests.pgserver import ThrowawayCluster

        self.inner = ThrowawayCluster()
        self.durable = durable

    def start(self) -> str:
        from tests import pgserver

        if not self.durable:
            return self.inner.start()
        c = self.inner
        if c.as_root:
            import shutil

            shutil.chown(c.root, "postgres", "postgres")
            os.chmod(c.root, 0o700)
        c._run(str(c.bindir / "initdb"), "-D", str(c.data), "-A", "trust", "-U", c.user, "-E", "UTF8",
               "--locale=C.UTF-8")
        opts = (f"-p {pgserver.PORT} -k {c.sock} -c listen_addresses='' -c fsync=on -c synchronous_commit=on "
                "-c max_connections=200")
        c._run(str(c.bindir / "pg_ctl"), "-D", str(c.data), "-o", opts, "-w", "-l", str(c.root / "log"), "start")
        return f"postgresql+psycopg://{c.user}@/postgres?host={c.sock}&port={pgserver.PORT}"

    def stop(self) -> None:
        self.inner.stop()


def prepare(url: str, tickets: int) -> dict[str, int]:
    """The hall, 20 counters, a clerk, and `tickets` waiting tickets of today."""
    import random

    from argon2 import PasswordHasher
    from sqlalchemy import insert

    from desktop.context import open_app, open_store
    from desktop.services.base import Actor, hall_date
    from desktop.services.setup import initialise
    from desktop.store.queue_models import Ticket

    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    _, engine, factory = open_store(url)
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password="admin1234", clock=lambda: NOW, hasher=fast)
    engine.dispose()
    ctx = open_app(url, clock=lambda: NOW, hasher=fast)
    try:
        admin = ctx.services.auth.login("admin", "admin1234")
        for number, categories in enumerate(COUNTER_CATEGORIES, 1):
            ctx.services.halls.save_counter(admin, number, categories, f"{number}号窗口")
        ctx.services.auth.create_staff(Actor.system(HALL), USER, "clerk", PASSWORD, name="基准")
        rng = random.Random(9)
        day, rows, per = hall_date(NOW), [], {c: 0 for c in TICKET_MIX}
        codes, weights = list(TICKET_MIX), list(TICKET_MIX.values())
        for i in range(tickets):
            code = rng.choices(codes, weights)[0]
            per[code] += 1
            at = NOW - timedelta(seconds=(tickets - i) * 2)  # issued over the last few hours, in order
            priority = rng.random() < 0.07
            rows.append(dict(hall_code=HALL, day=day, series=code, category=code, number=per[code],
                             label=f"{code}{per[code]:04d}", state="waiting", priority=priority,
                             priority_reason="age" if priority else "", name_masked="", sort_at=at, issued_at=at,
                             recalls=0, requeues=0, outcome="", people_ahead=0, cases="", transferred_from="",
                             note="", clerk="", rating_reason=""))
        with ctx.session_factory() as session, session.begin():
            session.execute(insert(Ticket.__table__), rows)
        # What a server's autovacuum does within a minute of a bulk load; the throwaway cluster runs
        # without it (tests/pgserver.py), and without statistics the planner scanned the whole waiting
        # list for the claim's eight ids (2 ms instead of 0.2 ms a claim).
        with ctx.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
        return per
    finally:
        ctx.dispose()


def run_processes(url: str, seconds: float, counters: int, profile_dir: str | None) -> tuple[float, list[dict]]:
    """One interpreter per counter; each prints "ready" once logged in, and all get one start instant.
    The workers share a bytecode cache (warmed first), so twenty of them do not each compile the
    package when PYTHONDONTWRITEBYTECODE is set."""
    import shutil
    import tempfile

    pycache = tempfile.mkdtemp(prefix="counterdesk-pyc-")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": pycache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", "import desktop.context"], cwd=ROOT, env=env, check=True, timeout=300)
    procs = [subprocess.Popen([sys.executable, "-m", "tests.benchmarks.bench_pg_counters", "--worker", str(n),
                               "--url", url, "--seconds", str(seconds),
                               *(["--profile", profile_dir] if profile_dir else [])],
                              cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
             for n in range(1, counters + 1)]
    for p in procs:
        line = p.stdout.readline()
        if line.strip() != "ready":
            for other in procs:  # the others wait on their stdin for a start that will not come
                other.kill()
            shutil.rmtree(pycache, ignore_errors=True)
            raise RuntimeError(f"worker failed before the start: {line}{p.stderr.read()[-3000:]}")
    start_at = _now() + 0.5
    for p in procs:
        p.stdin.write(f"{start_at!r}\n")
        p.stdin.flush()
    results = []
    try:
        for p in procs:
            out, err = p.communicate(timeout=600)
            if p.returncode != 0:
                raise RuntimeError(f"worker failed ({p.returncode}): {err[-3000:]}")
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(pycache, ignore_errors=True)
    return start_at, results


def run_threads(url: str, seconds: float, counters: int) -> tuple[float, list[dict]]:
    """One thread per counter in this process, each with its own engine; released together."""
    ready = threading.Barrier(counters + 1)
    start = {}
    go = threading.Event()
    results: list[dict] = [{} for _ in range(counters)]
    errors: list[BaseException] = []

    def wait_for_start() -> float:
        ready.wait()
        go.wait()
        return start["at"]

    def one(i: int) -> None:
        try:
            results[i] = work(url, i + 1, wait_for_start, seconds)
        except BaseException as exc:
            errors.append(exc)
            ready.abort()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(counters)]
    for t in threads:
        t.start()
    ready.wait(timeout=600)
    start["at"] = _now() + 0.2
    go.set()
    for t in threads:
        t.join(timeout=600)
    if errors:
        raise errors[0]
    return start["at"], results


def check(url: str, results: list[dict], tickets: int) -> tuple[dict, list[str]]:
    from sqlalchemy import func, select

    from desktop.context import open_app
    from desktop.store.queue_models import Ticket

    claimed = [t for r in results for t in r["claimed"] + r["warm_up"]]
    problems = []
    duplicates = len(claimed) - len(set(claimed))
    if duplicates:
        problems.append(f"{duplicates} tickets called twice")
    ctx = open_app(url, clock=lambda: NOW)
    try:
        with ctx.session_factory() as session:
            states = dict(session.execute(select(Ticket.state, func.count()).group_by(Ticket.state)).all())
            finished = set(session.execute(select(Ticket.id).where(Ticket.state == "finished")).scalars())
        if finished != set(claimed):
            problems.append(f"finished in the database {len(finished)} ≠ claimed {len(set(claimed))}")
        if sum(states.values()) != tickets or states.get("finished", 0) + states.get("waiting", 0) != tickets:
            problems.append(f"states do not add up to {tickets}: {states}")
        audit = ctx.services.audit.verify()
        if not audit.ok:
            problems.append(f"audit chain broken at {audit.bad_entry_id}")
    finally:
        ctx.dispose()
    return {"states": states, "duplicates": duplicates, "audit_checked": audit.checked}, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_pg_counters", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an existing server (its user may CREATE DATABASE) instead of a throwaway one")
    parser.add_argument("--mode", choices=["processes", "threads"], default="processes")
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--tickets", type=int, default=TICKETS)
    parser.add_argument("--counters", type=int, default=COUNTERS, choices=range(1, COUNTERS + 1), metavar="N",
                        help=f"only the first N counters calling (default {COUNTERS}; the target is for {COUNTERS})")
    parser.add_argument("--durable", action="store_true", help="throwaway cluster with fsync=on, synchronous_commit=on")
    parser.add_argument("--profile", help="processes mode: each worker writes a cProfile of its loop into this "
                        "folder; the sum is printed (the timing is then not compared with the target)")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        def wait_for_start() -> float:
            print("ready", flush=True)
            return float(sys.stdin.readline())

        print(json.dumps(work(args.url, args.worker, wait_for_start, args.seconds, args.profile)))
        return 0

    from tests.pgserver import PgDatabases, find_bindir

    cluster = None
    if args.url:
        admin_url = args.url
    else:
        if find_bindir() is None:
            print("PostgreSQL is not installed (apt-get install postgresql) and --url is not given", file=sys.stderr)
            return 2
        cluster = Cluster(args.durable)
        admin_url = cluster.start()
    dbs = PgDatabases(admin_url)
    url = dbs.create()
    try:
        per = prepare(url, args.tickets)
        print(f"{args.counters} counters on PostgreSQL ({'throwaway cluster' if cluster else 'given server'}"
              f"{', fsync=on' if args.durable else ', fsync=off' if cluster else ''}); {args.tickets:,} waiting "
              f"tickets ({', '.join(f'{c} {n}' for c, n in per.items())}); {args.mode}, up to {args.seconds:.0f} s",
              flush=True)
        if args.mode == "processes":
            start_at, results = run_processes(url, args.seconds, args.counters, args.profile)
        else:
            start_at, results = run_threads(url, args.seconds, args.counters)
        end = max(r["end"] for r in results)
        elapsed = end - start_at
        calls = sum(len(r["claimed"]) for r in results)
        latencies = [v for r in results for v in r["latencies"]]
        errors = [e for r in results for e in r["errors"]]
        summary, problems = check(url, results, args.tickets)
    finally:
        dbs.drop(url)
        dbs.close()
        if cluster:
            cluster.stop()
    rate = calls / elapsed
    per_counter = sorted(len(r["claimed"]) for r in results)
    ok = rate >= TARGET_CALLS and not problems and args.counters == COUNTERS and not args.profile
    if args.profile:
        import glob
        import pstats

        files = sorted(glob.glob(str(Path(args.profile) / "worker-*.prof")))
        if files:
            stats = pstats.Stats(files[0])
            for f in files[1:]:
                stats.add(f)
            print(f"\n  profile of the {len(files)} workers' loops (summed), top 30 by cumulative time:")
            stats.sort_stats("cumulative").print_stats(30)
    print(f"  calls (call-next + finish): {calls:,} in {elapsed:.1f} s → {rate:.0f} calls/s   "
          f"target ≥ {TARGET_CALLS:.0f}/s")
    if len(latencies) > 1:
        print(f"  call-next latency: p50 {statistics.median(latencies):.1f} ms, "
              f"p95 {statistics.quantiles(latencies, n=20)[-1]:.1f} ms, max {max(latencies):.0f} ms")
    late = [r["counter"] for r in results if r["late"]]
    if late:
        print(f"  warning: counters {late} started late")
    print(f"  per counter: min {per_counter[0]}, median {statistics.median(per_counter):.0f}, max {per_counter[-1]}"
          f"; refusals/errors {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"  tickets by state afterwards: {summary['states']}; duplicates {summary['duplicates']}; "
          f"audit chain {summary['audit_checked']:,} entries")
    if calls:
        print(f"  per call: {sum(r['statements'] for r in results) / calls:.1f} statements through SQLAlchemy "
              f"(0 when all went calling_pg's short way), "
              f"{sum(r['waiting_reads'] for r in results) / calls:.2f} reads of the waiting list "
              f"(1 when no other counter took the chosen ticket first)")
    server = [r["server_cpu"] for r in results if r["server_cpu"] is not None]
    if calls:
        client = (f"client {sum(r['cpu'] for r in results) / calls * 1000:.1f} ms" if args.mode == "processes"
                  else "client n/a in threads mode")
        backends = f"server backend {sum(server) / calls * 1000:.1f} ms" if len(server) == len(results) else ""
        print(f"  CPU per call (call-next + finish): {client}{', ' + backends if backends else ''}; "
              f"this machine has {os.cpu_count()} CPUs for clients, server and anything else running")
        if backends:
            # Not the figure: what the server's side alone would allow. In a hall each counter is its own
            # PC, so only the server's CPU is shared; here twenty clients share the server's CPUs with it.
            per_call = sum(server) / calls
            print(f"  server-side ceiling (not measured: CPUs / server CPU per call, counters on PCs of their "
                  f"own): about {os.cpu_count() / per_call:.0f} calls/s on this machine's {os.cpu_count()} CPUs")
    for p in problems:
        print(f"  PROBLEM: {p}")
    print(f"\n  {'PASS' if ok else 'OVER TARGET'}: {rate:.0f} calls/s, {summary['duplicates']} duplicates "
          f"(target ≥ {TARGET_CALLS:.0f} calls/s, 0 duplicates, totals add up)")
    print(f"RESULT {args.counters} counters on PostgreSQL | {rate:.0f} calls/s, {summary['duplicates']} dup | — | "
          f"≥ {TARGET_CALLS:.0f} calls/s, 0 duplicates | {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Every benchmark in tests/benchmarks, one after another, and one table: python -m tests.benchmarks.run_all

Each bench_*.py runs as its own subprocess (a fresh interpreter, so no bench warms another's caches),
its output streamed as it goes; then a summary: figure, ours, baseline, target, met. The figures are
read from each benchmark's output (the newer ones print a `RESULT` line; the older ones are read by
their own lines) and "met" comes from the benchmark's verdict: its RESULT line, else its exit code
(each exits 1 when a figure misses its target).

--db FILE: a scale-1.0 demo database shared by the benchmarks that need a year of data (bench_tallies,
bench_memory). If FILE does not exist, bench_demo_year — which makes exactly that database while
measuring — keeps its database there first. Without --db a file in a temp dir is used the same way
and removed at the end. --only NAME (repeatable, or comma-separated; "queue" or "bench_queue") runs
some of them. A new bench_*.py file is picked up and run (its figure is read from a RESULT line,
else its exit code decides).

Exit code: 0 when every figure that ran met its target, 1 otherwise (2 for a usage error).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# Run order: the demo year first (it can leave the shared database), then what reads that database.
ORDER = ["demo_year", "tallies", "memory", "queue", "changes", "vehicle", "driver", "exams", "admission_tickets", "receipt",
         "startup", "pg_counters"]


@dataclass
class Row:
    figure: str
    ours: str = "?"
    baseline: str = "—"
    target: str = ""
    met: str = "?"


@dataclass
class Outcome:
    name: str
    rc: int
    seconds: float
    output: str
    rows: list[Row] = field(default_factory=list)


def _find(pattern: str, text: str, flags: int = 0):
    return re.search(pattern, text, flags | re.MULTILINE)


def _verdict(rc: int) -> str:
    return {0: "met", 1: "NOT met"}.get(rc, f"error (exit {rc})")


def parse_result_lines(output: str, rc: int) -> list[Row]:
    """The `RESULT figure | ours | baseline | target | met` lines the newer benchmarks print."""
    rows = []
    for m in re.finditer(r"^RESULT (.+)$", output, re.MULTILINE):
        parts = [p.strip() for p in m.group(1).split("|")]
        if len(parts) == 5:
            rows.append(Row(*parts))
    if rc not in (0, 1):
        for row in rows:
            row.met = _verdict(rc)
    return rows


def _case_bench(label: str, base_label: str):
    def parse(output: str, rc: int) -> list[Row]:
        mine = _find(r"(?:PASS|OVER TARGET): p95 ([\d.]+) ms against ([\d.]+) ms", output)
        base = _find(rf"^\s+{re.escape(base_label)}.*?p95\s+([\d.]+) ms", output)
        return [Row(label, f"p95 {mine.group(1)} ms" if mine else "?",
                    f"{base_label.split(':')[1].strip()}: p95 {base.group(1)} ms" if base else "—",
                    f"< {mine.group(2) if mine else '150'} ms", _verdict(rc))]
    return parse


def parse_tallies(output: str, rc: int) -> list[Row]:
    rows = []
    month_re = r"^one month \((\d{4}-\d\d)\)\s+(\d+) ms \(p50 \d+\)\s+(\d+) ms \(p50 \d+\)\s+([\d.]+)×"
    months = list(re.finditer(month_re, output, re.MULTILINE))
    verdict = _find(r"^target: a month .* — (met|NOT met)", output)
    for m in months:
        ok = int(m.group(2)) < 500 and float(m.group(4)) <= 1.5
        rows.append(Row(f"one month's tally ({m.group(1)})", f"{m.group(2)} ms ({m.group(4)}×)",
                        f"raw SQL {m.group(3)} ms", "≤ 1.5× and < 0.5 s", "met" if ok else "NOT met"))
    year = _find(r"^year \d+ in xlsx\+csv\+pdf: ([\d.]+) s .* raw SQL of the 13 periods ([\d.]+) s "
                 r"— target < (\d+) s (met|NOT met)", output)
    if year:
        rows.append(Row("a year's tallies in xlsx+csv+pdf", f"{year.group(1)} s", f"raw SQL {year.group(2)} s",
                        f"< {year.group(3)} s", year.group(4)))
    if not rows:
        rows.append(Row("one month's tally", met=_verdict(rc)))
    elif verdict is None and rc not in (0, 1):
        rows[0].met = _verdict(rc)
    return rows


def parse_exams(output: str, rc: int) -> list[Row]:
    mine = _find(r"^\s+ours:\s+best ([\d.]+) s.*target < ([\d.]+) s", output)
    base = _find(r"^\s+baseline: best ([\d.]+) s", output)
    return [Row("allocation of 5,000 exam requests", f"{mine.group(1)} s" if mine else "?",
                f"raw writes {base.group(1)} s" if base else "—", f"< {mine.group(2) if mine else '2.0'} s",
                _verdict(rc))]


def parse_admission(output: str, rc: int) -> list[Row]:
    mine = _find(r"(?:PASS|OVER TARGET): ([\d.]+) s for (\d+) tickets against (\d+) s", output)
    base = _find(r"^\s+baseline: bare ReportLab canvas, same content\s+([\d.]+) s", output)
    return [Row("1,000 admission tickets in one PDF", f"{mine.group(1)} s" if mine else "?",
                f"bare ReportLab {base.group(1)} s" if base else "—", f"< {mine.group(3) if mine else '5'} s",
                _verdict(rc))]


PARSERS = {
    "vehicle": _case_bench("vehicle case with both PDFs", "baseline: empty register"),
    "driver": _case_bench("driver renewal with its PDFs", "baseline: only these holders"),
    "tallies": parse_tallies,
    "exams": parse_exams,
    "admission_tickets": parse_admission,
}


def discover() -> list[str]:
    found = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    return [n for n in ORDER if n in found] + [n for n in found if n not in ORDER]


def command(name: str, db: Path) -> list[str]:
    args = [sys.executable, "-m", f"tests.benchmarks.bench_{name}"]
    if name in ("tallies", "memory"):
        args += ["--db", str(db)]
    if name == "demo_year" and not db.exists():
        args += ["--keep", str(db)]
    return args


def run(name: str, db: Path, timeout: float) -> Outcome:
    print(f"\n{'=' * 100}\n== bench_{name}: {' '.join(command(name, db)[1:])}\n{'=' * 100}", flush=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    t0 = time.perf_counter()
    lines = []
    proc = subprocess.Popen(command(name, db), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, bufsize=1)
    watchdog = threading.Timer(timeout, proc.kill)  # a benchmark that hangs is killed, the others still run
    watchdog.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            print(line, end="", flush=True)
            lines.append(line)
        rc = proc.wait()
    finally:
        watchdog.cancel()
    output = "".join(lines)
    outcome = Outcome(name, rc, time.perf_counter() - t0, output)
    rows = parse_result_lines(output, rc) or (PARSERS[name](output, rc) if name in PARSERS else [])
    if not rows:
        rows = [Row(f"bench_{name}", met=_verdict(rc))]
    if rc == 2 and "not installed" in output:
        for row in rows:
            row.met = "skipped (not installed)"
    outcome.rows = rows
    return outcome


def table(outcomes: list[Outcome]) -> str:
    header = ("bench", "figure", "ours", "baseline", "target", "met?")
    body = [(o.name, r.figure, r.ours, r.baseline, r.target, r.met) for o in outcomes for r in o.rows]
    widths = [max(_width(row[i]) for row in [header, *body]) for i in range(len(header))]

    def fmt(row) -> str:
        return " | ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths))

    lines = [fmt(header), "-+-".join("-" * w for w in widths), *(fmt(row) for row in body)]
    return "\n".join(lines)


def _width(text: str) -> int:
    """Terminal columns: a CJK character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.run_all", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="a scale-1.0 demo database file to share (made if missing)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only this benchmark (repeatable or comma-separated)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per benchmark (default 3600)")
    args = parser.parse_args(argv)
    names = discover()
    if args.only:
        wanted = [w.strip().removeprefix("bench_").removesuffix(".py") for o in args.only for w in o.split(",")
                  if w.strip()]
        unknown = [w for w in wanted if w not in names]
        if unknown:
            parser.error(f"no such benchmark: {', '.join(unknown)} (there are: {', '.join(names)})")
        names = [n for n in names if n in wanted]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="counterdesk-bench-") as tmp:
        db = (args.db or Path(tmp) / "year.sqlite3").resolve()
        outcomes = [run(name, db, args.timeout) for name in names]
    elapsed = time.perf_counter() - started
    print(f"\n{'=' * 100}\nbenchmarks: {len(outcomes)} run in {elapsed / 60:.1f} min "
          f"({', '.join(f'{o.name} {o.seconds:.0f} s' for o in outcomes)})")
    try:
        load = os.getloadavg()
        print(f"load average now {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs "
              "(the figures are only as steady as the machine was)")
    except OSError:
        pass
    print()
    print(table(outcomes))
    ok = all(r.met in ("met", "skipped (not installed)") for o in outcomes for r in o.rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

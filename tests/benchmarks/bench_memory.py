"""GUI memory benchmark (not in the default test run): python -m tests.benchmarks.bench_memory [--db FILE]

Target (issue 9): the counter main window on a year of data — a demo database at scale 1.0 — under
250 MB resident (VmRSS) once every panel has been visited.

Ours, in a fresh interpreter (QT_QPA_PLATFORM=offscreen, 1366×768): create_application, open_app
on the demo file, log in as the demo clerk clerk01 at counter 1 (the real argon2 hash), open the
counter, CounterWindow shown; then each panel in turn with its data loaded on the DB worker — 排队叫号
(queue refresh), 机动车业务 (refresh, a search for a plate), 驾驶证业务 (refresh, a search for 王),
考试预约 (场次日历, then 考试申请) — and back to the queue; gc.collect(), the events processed, then
VmRSS from /proc/self/status (VmHWM, the peak, beside it). The hall clock is set to 2026-11-26 15:00
(a Thursday of the demo year), so "today" holds a whole day of tickets and cases.
Baseline in the same run: a bare PySide6 window (QMainWindow + QLabel) shown and painted, in its
own fresh interpreter, measured the same way.

--db FILE reuses a scale-1.0 demo database (bench_demo_year --keep FILE or bench_tallies --db FILE
make one; it is only read: the window works on a copy), or makes one there if the file does not
exist; without --db one is made in a temp dir (~3 min).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_MB = 250.0
SIZE = (1366, 768)


def _pad(text: str, width: int) -> str:
    """Left-justify for a terminal, where a Chinese character takes two columns."""
    return text + " " * max(0, width - sum(2 if ord(ch) > 0x2E7F else 1 for ch in text))


def _status() -> dict[str, float]:
    """VmRSS and VmHWM of this process, in MB."""
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


def _child(kind: str, db: str | None) -> None:
    marks: list[tuple[str, float]] = [("interpreter up", _status()["VmRSS"])]

    def mark(name: str) -> None:
        marks.append((name, _status()["VmRSS"]))

    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setCentralWidget(QLabel("车驾管业务窗口服务台"))
        window.resize(*SIZE)
        window.show()
        for _ in range(20):
            app.processEvents()
        mark("window shown and painted")
    else:
        import gc
        import time as _time
        from datetime import datetime

        from desktop.services.base import HALL_ZONE
        from desktop.ui.qtapp import create_application

        app = create_application("zh", offscreen=True)
        mark("QApplication (font, style)")
        from desktop.context import open_app
        from desktop.services.demo import DEMO_PASSWORD

        moment = datetime(2026, 11, 26, 15, 0, tzinfo=HALL_ZONE)
        ctx = open_app(db, clock=lambda: moment)
        mark("open_app")
        actor = ctx.services.auth.login("clerk01", DEMO_PASSWORD, counter=1)
        ctx.services.calling.open_counter(actor)
        mark("login (argon2) + open counter")
        from desktop.ui.counter_window import CounterWindow
        from desktop.ui.dbop import DbWorker

        worker = DbWorker()

        def settle(seconds: float = 20.0) -> None:
            deadline = _time.monotonic() + seconds
            while _time.monotonic() < deadline:
                worker.drain(200)
                app.processEvents()
                if not worker.busy:
                    app.processEvents()
                    return

        window = CounterWindow(ctx, actor, worker, clock=lambda: moment, refresh_ms=0)
        window.resize(*SIZE)
        window.show()
        settle()
        mark("main window shown")
        window.show_panel("queue")
        window.queue_panel.refresh()
        settle()
        mark("排队叫号 refreshed")
        window.show_panel("vehicle")
        page = window.vehicle_page
        page.refresh()
        settle()
        plate = ctx.services.vehicles.recent(actor, limit=1)
        if plate:
            page.search_edit.setText(plate[0].plate or plate[0].vin)
            page.on_search_requested()
            settle()
        mark("机动车业务: today + a search")
        window.show_panel("driver")
        page = window.driver_page
        page.refresh()
        settle()
        page.search_edit.setText("王")
        page.on_search_requested()
        settle()
        mark("驾驶证业务: today + search 王")
        window.show_panel("exam")
        window.exam_page.show_tab("calendar")
        window.exam_page.refresh()
        settle()
        mark("考试预约: 场次日历")
        window.exam_page.show_tab("requests")
        settle()
        mark("考试预约: 考试申请")
        window.show_panel("queue")
        window.queue_panel.refresh()
        settle()
        gc.collect()
        app.processEvents()
        mark("every panel visited, gc")

        def rows(obj, *path: str) -> int:
            for name in path:
                obj = getattr(obj, name, None)
            return obj.rowCount() if obj is not None else -1

        shown = {"vehicle cases today": rows(window.vehicle_page, "today_model"),
                 "vehicle search": rows(window.vehicle_page, "results"),
                 "driver cases today": rows(window.driver_page, "today_model"),
                 "driver search 王": rows(window.driver_page, "results"),
                 "exam sessions": rows(window.exam_page, "calendar", "model"),
                 "exam requests": rows(window.exam_page, "requests", "model")}
    status = _status()
    print(json.dumps({"marks": marks, "rss": status["VmRSS"], "hwm": status["VmHWM"],
                      "shown": shown if kind == "ours" else {}}), flush=True)
    os._exit(0)


def run_child(kind: str, db: str | None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_memory", "--child", kind,
                           *(["--db", db] if db else [])], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def make_database(path: Path) -> None:
    """A scale-1.0 year, as bench_tallies makes it (2026, the clock at 2027-01-10)."""
    from tests.benchmarks.bench_tallies import make_database as tallies_database

    tallies_database(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_memory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a scale-1.0 demo database file (made there if missing; "
                                     "in a temp dir if not given)")
    parser.add_argument("--child", choices=["ours", "bare"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.db)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            source = Path(args.db.removeprefix("sqlite:///"))
            if not source.exists():
                print(f"making a scale-1.0 demo year at {source} (~3 min) …", flush=True)
                make_database(source)
        else:
            source = Path(tmp) / "year.sqlite3"
            print("making a scale-1.0 demo year (~3 min) …", flush=True)
            make_database(source)
        copy = Path(tmp) / "copy.sqlite3"  # logging in and opening the counter write: not to the shared file
        with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        con = sqlite3.connect(copy)
        tickets, vehicles, persons = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                      for t in ("tickets", "vehicles", "persons"))
        con.close()
        ours = run_child("ours", f"sqlite:///{copy}")
        bare = run_child("bare", None)
        size = copy.stat().st_size / 1e6
    ok = ours["rss"] < TARGET_MB
    print(f"GUI memory (VmRSS), offscreen {SIZE[0]}×{SIZE[1]}; database {size:.0f} MB: {tickets:,} tickets, "
          f"{vehicles:,} vehicles, {persons:,} persons")
    print(f"  {'':<44}{'RSS':>9}{'peak':>10}")
    print(f"  {'ours: main window, every panel visited':<44}{ours['rss']:>6.0f} MB{ours['hwm']:>7.0f} MB"
          f"   target < {TARGET_MB:.0f} MB")
    print(f"  {'baseline: bare PySide6 window':<44}{bare['rss']:>6.0f} MB{bare['hwm']:>7.0f} MB")
    print("\n  ours, RSS after each step (MB):")
    previous = 0.0
    for name, rss in ours["marks"]:
        print(f"    {_pad(name, 34)}{rss:>6.0f}  (+{rss - previous:.0f})")
        previous = rss
    print("  rows on show: " + ", ".join(f"{k} {v}" for k, v in ours["shown"].items()))
    print(f"\n  {'PASS' if ok else 'OVER TARGET'}: {ours['rss']:.0f} MB against {TARGET_MB:.0f} MB "
          f"({ours['rss'] - bare['rss']:.0f} MB above the bare window)")
    print(f"RESULT GUI memory with a year of data | {ours['rss']:.0f} MB RSS | bare PySide6 {bare['rss']:.0f} MB | "
          f"< {TARGET_MB:.0f} MB | {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

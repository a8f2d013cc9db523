"""The demo year with its helper process (the scale-1.0 path: the vehicle register, most of the ticket
year and the vehicle cases drawn there, the year's last ticket days here) writes exactly what the
demo writes without it (issue 9: the demo year's wall time may not change the demo's data)."""

from __future__ import annotations

import sqlite3

from desktop.context import open_store
from desktop.services import demo
from desktop.services.demo import DemoDataService
from desktop.services.setup import initialise
from tests.conftest import ADMIN_PASSWORD, DEMO_YEAR, FAST_HASHER, HALL, FakeClock

SECRET_TABLES = {"halls", "staff"}  # a fresh key and salted password hashes per database


def _demo_year(path, helper: bool, monkeypatch) -> dict[str, list[tuple]]:
    monkeypatch.setattr(demo, "HELPER_FROM_SCALE", 0.0 if helper else 10.0)
    clock = FakeClock()
    _, engine, factory = open_store(f"sqlite:///{path}")
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password=ADMIN_PASSWORD, clock=clock, hasher=FAST_HASHER)
    DemoDataService(factory, clock).generate(HALL, year=DEMO_YEAR, scale=0.01, seed=11)
    engine.dispose()
    con = sqlite3.connect(path)
    try:
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if t not in SECRET_TABLES]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        con.close()


def test_the_helper_process_changes_nothing_in_the_demo_year(tmp_path, monkeypatch):
    alone = _demo_year(tmp_path / "alone.sqlite3", False, monkeypatch)
    helped = _demo_year(tmp_path / "helped.sqlite3", True, monkeypatch)
    assert len(alone["tickets"]) > 1000 and len(alone["vehicle_cases"]) > 500 and len(alone["vehicles"]) > 300
    assert sorted(helped) == sorted(alone)
    for table in alone:
        assert helped[table] == alone[table], table


def test_ticket_days_the_helper_took_and_never_gave_back_are_simulated_here(tmp_path, monkeypatch):
    alone = _demo_year(tmp_path / "alone.sqlite3", False, monkeypatch)
    submit = demo._Helper.submit

    def dying_helper(self, fn, *args):
        if fn is demo.simulate_shared_days:
            self.shared_days[0] = 7  # it took the year's first seven days, then died
            return lambda: {}
        return submit(self, fn, *args)

    monkeypatch.setattr(demo._Helper, "submit", dying_helper)
    lost = _demo_year(tmp_path / "lost.sqlite3", True, monkeypatch)
    assert lost["tickets"] == alone["tickets"] and lost == alone


def test_a_lock_left_held_stops_the_taking_not_the_demo(monkeypatch):
    """A helper killed while it held the days' lock: the main process stops waiting and answers no
    day, so the demo simulates them all itself (above)."""
    import multiprocessing
    import threading
    from datetime import date

    from desktop.services import demo_queue

    shared = multiprocessing.get_context("spawn").Array("i", [0, 3])
    monkeypatch.setattr(demo_queue, "SHARED_LOCK_WAIT_S", 0.2)
    holding = threading.Event()
    threading.Thread(target=lambda: (shared.get_lock().acquire(), holding.set()), daemon=True).start()
    assert holding.wait(5)
    days = [(date(2026, 3, 2 + i), 0.5 + i / 10) for i in range(3)]
    assert demo_queue.simulate_shared_days(shared, True, HALL, 0.01, [(1, ("A",))], days, 248, set(), {"A": 30},
                                           "sqlite") == {}
    assert list(shared.get_obj()) == [0, 3]  # nothing taken (read past the lock: it is held)

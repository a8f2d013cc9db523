"""The demo year with its helper process (the scale-1.0 path: the vehicle register and the ticket year
drawn and written there, on a connection of its own) writes exactly what the demo writes without it
(issue 9: the demo year's wall time may not change the demo's data)."""

from __future__ import annotations

import pickle
import time
import sqlite3
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from desktop.context import open_store
from desktop.services import demo, demo_helper
from desktop.services.demo import DemoDataService
from desktop.services.setup import initialise
from tests.conftest import ADMIN_PASSWORD, DEMO_YEAR, FAST_HASHER, HALL, FakeClock

SECRET_TABLES = {"halls", "staff"}  # a fresh key and salted password hashes per database


def _in_a_process(monkeypatch) -> list[bool]:
    """For each task submitted: whether the helper's process was there to take it (not run here)."""
    taken: list[bool] = []
    submit = demo_helper.Helper.submit

    def recording(self, fn, *args):
        taken.append(self._pool is not None)
        return submit(self, fn, *args)

    monkeypatch.setattr(demo_helper.Helper, "submit", recording)
    return taken


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
    taken = _in_a_process(monkeypatch)
    helped = _demo_year(tmp_path / "helped.sqlite3", True, monkeypatch)
    assert taken == [True, True, True]  # the first ticket days, the register and the other ticket days
    assert not (tmp_path / "helped.sqlite3-wal").exists()  # the helper closed its connections first: the file is whole
    assert len(alone["tickets"]) > 1000 and len(alone["vehicle_cases"]) > 500 and len(alone["vehicles"]) > 300
    assert sorted(helped) == sorted(alone)
    for table in alone:
        assert helped[table] == alone[table], table


class _Dying:
    """Stands in for the helper's process pool: a task is done as the process does it (on an engine
    of its own, _in_helper) or not at all, and then the process dies: its result is BrokenProcessPool."""

    def __init__(self, works: bool) -> None:
        self.works = works

    def submit(self, fn, *args):
        if self.works and fn is demo_helper._in_helper:
            fn(*pickle.loads(pickle.dumps(args)))  # sent to the process: this one's streams do not move
        future = Future()
        future.set_exception(BrokenProcessPool("killed"))
        return future

    def shutdown(self, **_) -> None:
        pass


@pytest.mark.parametrize("works", [True, False], ids=["died-after-writing", "died-at-once"])
def test_what_a_dying_helper_leaves_is_done_here_to_the_same_rows(tmp_path, monkeypatch, works):
    """The register and the ticket year are redone here when the helper dies: written by it already
    (each in one transaction), they are found and not written twice; not written, they are drawn
    again from the same streams and written here."""
    alone = _demo_year(tmp_path / "alone.sqlite3", False, monkeypatch)
    monkeypatch.setattr(demo_helper, "ProcessPoolExecutor", lambda **_: _Dying(works))
    monkeypatch.setattr(demo_helper, "_HELPER_STORES", {})
    died = _demo_year(tmp_path / "died.sqlite3", True, monkeypatch)
    for sessions in demo_helper._HELPER_STORES.values():
        sessions.kw["bind"].dispose()
    assert died["vehicles"] == alone["vehicles"] and died["tickets"] == alone["tickets"]
    assert died == alone


def _gone(pid: int, wait_s: float = 10.0) -> bool:
    """The process has ended (no longer there, or a zombie waiting to be reaped)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def _closing(monkeypatch) -> list[tuple[bool, list[str]]]:
    """Each _Helper.close: (failed, how its process ended: 'terminated' and 'gone', or nothing)."""
    closed: list[tuple[bool, list[str]]] = []
    close, terminate = demo_helper.Helper.close, demo_helper._terminate
    ended: list[str] = []

    def terminating(pid):
        ended.append("terminated")
        terminate(pid)
        if _gone(pid.result()):
            ended.append("gone")

    def recording(self, failed: bool = False):
        ended.clear()
        running = self._pool is not None
        close(self, failed)
        closed.append((failed, list(ended) if running else ["no process"]))

    monkeypatch.setattr(demo_helper, "_terminate", terminating)
    monkeypatch.setattr(demo_helper.Helper, "close", recording)
    return closed


def test_the_helper_is_closed_when_the_demo_ends(tmp_path, monkeypatch):
    closed = _closing(monkeypatch)
    _demo_year(tmp_path / "ok.sqlite3", True, monkeypatch)
    assert closed == [(False, [])]  # shut down, its work done: nothing to stop


def test_a_demo_that_fails_stops_its_helper(tmp_path, monkeypatch):
    """The helper writes on a connection of its own: a demo that stops with an error stops it too
    (each of its transactions is whole or absent), not leaving it to write behind the app's back."""
    def failing(*_, **__):
        raise RuntimeError("the exams failed")

    monkeypatch.setattr(demo, "add_year_of_exams", failing)
    closed = _closing(monkeypatch)
    with pytest.raises(RuntimeError, match="the exams failed"):
        _demo_year(tmp_path / "failed.sqlite3", True, monkeypatch)
    assert closed == [(True, ["terminated", "gone"])]


def _sleep(_sessions, seconds: float) -> None:
    time.sleep(seconds)


def test_a_failed_close_stops_a_task_still_running(tmp_path):
    """close(failed=True) stops the process in the middle of its task: it does not run on to the end."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    engine = create_engine(f"sqlite:///{tmp_path / 'helper.sqlite3'}")
    helper = demo_helper.Helper(True, sessionmaker(engine))
    try:
        pid = helper._pid.result(timeout=60)
        helper.submit(_sleep, 120)
        helper.close(failed=True)
        assert _gone(pid, wait_s=20)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_on_postgresql_the_helper_writes_what_this_process_does(pg_databases, request, monkeypatch):
    """On a hall server the helper process opens its own connection to the server (the URL with its
    password) and writes there while this process writes its own tables: the same rows."""
    from sqlalchemy import MetaData, create_engine, text

    from tests.conftest import migrated

    def demo_year(helper: bool) -> dict[str, list[tuple]]:
        url = pg_databases.create()
        request.addfinalizer(lambda: pg_databases.drop(url))
        migrated(url, request)
        monkeypatch.setattr(demo, "HELPER_FROM_SCALE", 0.0 if helper else 10.0)
        clock = FakeClock()
        _, engine, factory = open_store(url)
        initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
                   admin_password=ADMIN_PASSWORD, clock=clock, hasher=FAST_HASHER)
        DemoDataService(factory, clock).generate(HALL, year=DEMO_YEAR, scale=0.01, seed=11)
        engine.dispose()
        reader = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        try:
            tables = MetaData()
            tables.reflect(reader)
            with reader.connect() as connection:
                return {t: connection.execute(text(f'SELECT * FROM "{t}" ORDER BY 1')).all()
                        for t in tables.tables if t not in SECRET_TABLES}
        finally:
            reader.dispose()

    alone = demo_year(False)
    taken = _in_a_process(monkeypatch)
    helped = demo_year(True)
    assert taken == [True, True, True]
    assert len(alone["tickets"]) > 1000 and len(alone["vehicles"]) > 300
    for table in alone:
        assert helped[table] == alone[table], table


def test_only_a_database_another_process_can_open_is_given_to_the_helper(tmp_path):
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker
    from sqlalchemy.pool import StaticPool

    def url_for(url: str):
        engine = create_engine(url, poolclass=StaticPool if "memory" in url else None)
        try:
            return demo_helper.shared_url(sessionmaker(engine))
        finally:
            engine.dispose()

    assert url_for("sqlite://") is None and url_for("sqlite:///:memory:") is None
    assert url_for("sqlite:///file:x?mode=memory&cache=shared&uri=true") is None
    assert url_for(f"sqlite:///{tmp_path / 'x.sqlite3'}") == f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert url_for("postgresql+psycopg://hall:s3cret@server/counterdesk") == \
        "postgresql+psycopg://hall:s3cret@server/counterdesk"  # the password too: the helper logs in

"""Backup and restore: a consistent copy while another connection keeps writing; a restore refused
over a newer database unless forced; a damaged backup refused before anything is touched; the daily
backup made once a day and pruned to 30; PostgreSQL through pg_dump / pg_restore; the commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.domain.errors import CounterDeskError, RefusedError
from desktop.services import backup as backups
from desktop.store.queue_models import Ticket
from tests.conftest import ADMIN_PASSWORD

NOW = datetime(2026, 11, 26, 1, 30, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[2]


def tickets(hall) -> int:
    with hall.ctx.session_factory() as session:
        return session.execute(select(func.count()).select_from(Ticket)).scalar_one()


def test_backup_while_writing_then_restore_refused_over_newer_unless_forced(demo_hall, tmp_path):
    hall, _ = demo_hall
    stop = threading.Event()
    taken = []

    def writer():
        while not stop.is_set():
            taken.append(hall.services.tickets.take("152900", "A"))

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        result = backups.backup(hall.url, tmp_path / "b.sqlite3", now=NOW)
    finally:
        stop.set()
        thread.join()
    assert taken, "the writer ran during the backup"
    backups.check_database(f"sqlite:///{result.path}")  # integrity and the audit chain
    meta = json.loads(backups.sidecar(result.path).read_text(encoding="utf-8"))
    assert meta["halls"] == ["152900"] and meta["last_audit_id"] == result.snapshot.last_audit_id
    in_backup = result.snapshot.last_audit_id

    hall.services.tickets.take("152900", "A")  # the database moves on: now newer than the backup
    before = tickets(hall)
    with pytest.raises(RefusedError) as exc:
        backups.restore(hall.url, result.path)
    assert exc.value.code == "database_newer" and tickets(hall) == before
    snap = backups.restore(hall.url, result.path, force=True)
    assert snap.last_audit_id == in_backup
    assert backups.snapshot_of(hall.url).last_audit_id == in_backup
    assert tickets(hall) < before


def test_a_damaged_backup_is_refused_and_nothing_changes(demo_hall, tmp_path):
    hall, _ = demo_hall
    result = backups.backup(hall.url, tmp_path / "b.sqlite3", now=NOW)
    data = bytearray(result.path.read_bytes())
    for i in range(len(data) // 2, len(data) // 2 + 4096):
        data[i] ^= 0x5A
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(bytes(data))
    shutil.copyfile(backups.sidecar(result.path), backups.sidecar(bad))
    before = tickets(hall)
    with pytest.raises(CounterDeskError):
        backups.restore(hall.url, bad, force=True)
    assert tickets(hall) == before
    with pytest.raises(CounterDeskError):
        backups.restore(hall.url, tmp_path / "missing.sqlite3")


def test_daily_backup_once_a_day_keeping_thirty(hall, tmp_path):
    if not hall.url.startswith("sqlite"):
        assert backups.daily_backup(hall.url, tmp_path, date(2026, 11, 26), now=NOW) is None
        return
    day = date(2026, 10, 1)
    for n in range(33):
        assert backups.daily_backup(hall.url, tmp_path, day + timedelta(days=n), now=NOW) is not None
    assert backups.daily_backup(hall.url, tmp_path, day + timedelta(days=32), now=NOW) is None  # today's exists
    kept = sorted(p.name for p in tmp_path.glob("counterdesk-*.sqlite3"))
    assert len(kept) == 30 and kept[0] == "counterdesk-20261004.sqlite3"
    assert len(list(tmp_path.glob("*.json"))) == 30


@pytest.mark.postgres
def test_postgresql_backup_and_restore_with_pg_dump(pg_databases, tmp_path):
    from desktop.context import open_app, open_store
    from desktop.services.setup import initialise
    from tests.conftest import FAST_HASHER, FakeClock

    url = pg_databases.create()
    try:
        clock = FakeClock()
        _, engine, factory = open_store(url)
        initialise(engine, factory, hall_code="152900", hall_name="阿拉善盟车管所", admin_username="admin",
                   admin_password=ADMIN_PASSWORD, clock=clock, hasher=FAST_HASHER)
        engine.dispose()
        ctx = open_app(url, clock=clock, hasher=FAST_HASHER)
        ctx.services.tickets.take("152900", "A")
        ctx.dispose()
        out = backups.backup(url, tmp_path / "hall.dump", now=NOW)
        assert out.size > 0 and out.snapshot.backend == "postgresql"
        ctx = open_app(url, clock=clock, hasher=FAST_HASHER)
        ctx.services.tickets.take("152900", "A")
        ctx.dispose()
        with pytest.raises(RefusedError):
            backups.restore(url, out.path)
        backups.restore(url, out.path, force=True)
        ctx = open_app(url, clock=clock, hasher=FAST_HASHER)
        with ctx.session_factory() as session:
            assert session.execute(select(func.count()).select_from(Ticket)).scalar_one() == 1
        ctx.dispose()
    finally:
        pg_databases.drop(url)


def test_the_commands(tmp_path):
    db = tmp_path / "c.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERDESK_")}
    env.update(COUNTERDESK_ADMIN_PASSWORD=ADMIN_PASSWORD, COUNTERDESK_PASSWORD=ADMIN_PASSWORD)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "desktop", "--db", f"sqlite:///{db}", *args],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)

    assert run("init", "--hall-code", "152900", "--hall-name", "阿拉善盟车管所", "--admin", "admin").returncode == 0
    done = run("backup", "--out", str(tmp_path / "b.sqlite3"))
    assert done.returncode == 0 and "备份完成" in done.stdout
    # Tickets are only issued in the category's hours: open them all day so the test holds at any hour.
    assert run("category", "set", "A", "--hours", "00:00-24:00", "--as", "admin").returncode == 0
    assert run("queue", "take", "--category", "A").returncode == 0
    refused = run("restore", "--from", str(tmp_path / "b.sqlite3"), "--as", "admin")
    assert refused.returncode == 1 and "--force" in refused.stderr
    done = run("restore", "--from", str(tmp_path / "b.sqlite3"), "--force", "--as", "admin")
    assert done.returncode == 0, done.stderr
    assert run("audit", "verify").returncode == 0
    assert run("restore", "--from", str(tmp_path / "nothing.sqlite3"), "--as", "admin").returncode == 1


def test_the_counter_start_makes_the_days_backup(hall):
    """run_gui's first step after opening the store (no window needed to test it)."""
    if not hall.url.startswith("sqlite"):
        return
    from desktop.ui.main_window import daily_backup

    made = daily_backup(hall.ctx)
    assert made is not None and made.parent.name == "backups" and made.is_file()
    assert daily_backup(hall.ctx) is None  # once a day

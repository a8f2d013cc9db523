"""A throwaway PostgreSQL cluster for the tests (PLATFORM.md: initdb ≈1 s, pg_ctl on a socket).

COUNTERDESK_TEST_PG_URL points the tests at an existing server instead (a URL to a database whose
user may CREATE DATABASE). Without either, PostgreSQL tests fail under CI (CI=true) and are skipped
elsewhere, with the reason printed."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

PORT = 55432


def find_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class ThrowawayCluster:
    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="counterdesk-pg-"))
        self.data = self.root / "data"
        self.sock = self.root
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, *cmd: str) -> None:
        if self.as_root:
            cmd = ("runuser", "-u", "postgres", "--", *cmd)
        subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)

    def start(self) -> str:
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
            os.chmod(self.root, 0o700)
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user,
                  "-E", "UTF8", "--locale=C.UTF-8")
        opts = f"-p {PORT} -k {self.sock} -c listen_addresses='' -c fsync=off -c max_connections=200 -c autovacuum=off"
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", opts, "-w", "-l",
                  str(self.root / "log"), "start")
        return f"postgresql+psycopg://{self.user}@/postgres?host={self.sock}&port={PORT}"

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class PgDatabases:
    """Creates one fresh database per test on the server behind admin_url."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        name = f"cd_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return sa.engine.make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def recreate(self, url: str, *, template: str) -> None:
        """Drop the database behind url and create it again as a copy of the template database."""
        name = sa.engine.make_url(url).database
        source = sa.engine.make_url(template).database
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')

    def drop(self, url: str) -> None:
        name = sa.engine.make_url(url).database
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.admin.dispose()


def _wait_for_lock_waiters(engine: sa.Engine, n: int) -> None:
    """Until n sessions of engine's database wait for a lock (each blocked where the race wants it)."""
    for _ in range(1000):
        with engine.connect() as conn:
            if conn.exec_driver_sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                    " AND datname = current_database()").scalar() >= n:
                return
        time.sleep(0.01)
    raise AssertionError(f"{n} sessions never waited for a lock")


def race_behind_the_audit_head(url: str, first: Callable[[], object],
                               second: Callable[[], object]) -> tuple[object, object]:
    """Two PCs at once, in a known order: a third connection holds the audit chain's head, so
    `first` takes its locks and waits there; `second` is started once it does, and the head is let
    go once `second` waits too (for a lock `first` holds). What each returned, or raised."""
    outcomes: list[object] = [None, None]

    def run(k: int, call: Callable[[], object]) -> None:
        try:
            outcomes[k] = call()
        except Exception as error:  # the caller's assertions say what was expected
            outcomes[k] = error

    outside = sa.create_engine(url, poolclass=sa.pool.NullPool)
    threads = [threading.Thread(target=run, args=(k, call)) for k, call in enumerate((first, second))]
    try:
        with outside.connect() as holder:
            holder.exec_driver_sql("SELECT FROM audit_head WHERE id = 1 FOR UPDATE")
            for k, thread in enumerate(threads, 1):
                thread.start()
                _wait_for_lock_waiters(outside, k)
            holder.commit()
        for thread in threads:
            thread.join(20)
    finally:
        outside.dispose()
    return outcomes[0], outcomes[1]

"""The demo year's helper process (issue 9: the demo year's wall time): one spawned process that
draws and writes parts of the demo on a connection of its own, and the demo's own engines (a larger
page cache, staged rows in memory, a long busy timeout on SQLite)."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop.store.engine import make_engine, make_session_factory

HELPER_CLOSE_WAIT_S = 30.0  # for the helper to close its connections when the demo is done


def _start() -> None:
    """The helper process's initializer: it ends when the demo's process ends, killed too. Otherwise
    it waits on its queue for ever (it holds both ends), and keeps the parent's stdout open."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="demo-helper-parent", daemon=True).start()


# SQLite's page cache on the demo's own connections, in KiB (SQLite's default is 2 MiB). A batch of
# vehicle cases writes four tables and their indexes; with the default their pages went out of the
# cache and were read back batch after batch (a year's writes, all in one process: 20.2 s → 16.5 s).
# The memory is the demo's for its run (and its staged rows': temp_store=MEMORY): its engines are
# disposed of when it ends.
DEMO_CACHE_KIB = 131_072


# How long the demo's two processes wait for each other's transactions on SQLite (the app's 10 s is
# for a counter's call; a demo writer just waits): the longest, the main process's exam year written
# in one transaction, takes ~1.5 s at scale 1.0 and ten times that at --scale 10.
DEMO_BUSY_TIMEOUT_MS = 600_000


def demo_engine(url: str) -> Engine:
    """An engine of the demo's own on the database at `url`: the app's set-up (PRAGMAs, BEGIN
    IMMEDIATE, the value guard), with a larger page cache on SQLite."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _cache(dbapi_connection, _record) -> None:
            dbapi_connection.execute(f"PRAGMA cache_size=-{DEMO_CACHE_KIB}")
            dbapi_connection.execute("PRAGMA temp_store=MEMORY")  # the staged rows (demo_bulk.Staging)
            dbapi_connection.execute(f"PRAGMA busy_timeout={DEMO_BUSY_TIMEOUT_MS}")
    return engine


_HELPER_STORES: dict[str, sessionmaker[Session]] = {}


def _in_helper(url: str, fn, *args):
    """In the helper process: `fn` run with a session factory of the helper's own on the demo's
    database."""
    sessions = _HELPER_STORES.get(url)
    if sessions is None:
        sessions = _HELPER_STORES[url] = make_session_factory(demo_engine(url))
    return fn(sessions, *args)


def _close_helper_stores() -> None:
    """In the helper process, its work done: its connections closed while the demo's process still
    has its own, so that the last one to close — the demo's — checkpoints the WAL into the file (a
    helper that just exits, or is ended with its parent, leaves the WAL beside it)."""
    for sessions in _HELPER_STORES.values():
        sessions.kw["bind"].dispose()
    _HELPER_STORES.clear()


def shared_url(sessions: sessionmaker[Session]) -> str | None:
    """The database's URL for another process to open, or None: an in-memory SQLite database (or a
    session factory bound to something other than an engine) is this process's alone."""
    engine = sessions.kw.get("bind")
    if not isinstance(engine, Engine):
        return None
    url = engine.url
    if url.get_backend_name() == "sqlite" and (url.database in (None, "", ":memory:")
                                                 or url.query.get("mode") == "memory"):
        return None
    return url.render_as_string(hide_password=False)


class Helper:
    """One spawned process (safe from a Qt thread) for work on tables nothing else writes meanwhile:
    submit(fn, *args) runs fn(session factory, *args) there, on a connection of its own, and gives
    a callable that returns the result. Without the process (small scales, an in-memory database,
    or where one cannot start) the work runs here, at once; where the process dies it runs here
    when its result is asked for — each task written so that a second run after a first one was
    stopped writes what the first left out, the same rows."""

    def __init__(self, enabled: bool, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._pool = None
        self._pid: Future | None = None  # the process's id, for close(failed=True) to stop it
        self._url = shared_url(sessions) if enabled else None
        if self._url is not None:
            try:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_start)
                self._pid = self._pool.submit(os.getpid)  # the process starts now, not at the first task
            except (OSError, ValueError, NotImplementedError, ImportError, BrokenProcessPool, RuntimeError):
                self._pool = None

    def submit(self, fn, *args) -> Callable[[], object]:
        future: Future | None = None
        if self._pool is not None:
            try:
                future = self._pool.submit(_in_helper, self._url, fn, *args)
            except (BrokenProcessPool, RuntimeError):
                future = None
        if future is None:
            value = fn(self._sessions, *args)
            return lambda: value

        def result():
            try:
                return future.result()
            except BrokenProcessPool:  # the process died (killed, out of memory): the rest done here
                return fn(self._sessions, *args)
        return result

    def close(self, failed: bool = False) -> None:
        """`failed`: the demo stopped with an error; a task still running there is stopped too (each
        of its transactions is written whole or not at all), not left writing behind the app's back."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if not failed:
            try:
                pool.submit(_close_helper_stores).result(timeout=HELPER_CLOSE_WAIT_S)
            except Exception:  # (gone or stuck: what it committed is in the WAL all the same)
                pass
        pool.shutdown(wait=False, cancel_futures=True)
        if failed:
            _terminate(self._pid)


def _terminate(pid: Future | None) -> None:
    """The helper process stopped (SIGTERM), if it started and is still there."""
    try:
        number = pid.result(timeout=0) if pid is not None else None
    except Exception:  # (never started, or died before it told its id: nothing to stop)
        return
    try:
        os.kill(number, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):  # (gone already)
        pass

"""Engine and session factory. SQLite by default (a file in the user data dir), any SQLAlchemy URL
with --db / COUNTERDESK_DB; a hall of many counter PCs points them all at one PostgreSQL server."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from desktop.store import guards

DB_ENV = "COUNTERDESK_DB"
DATA_DIR_ENV = "COUNTERDESK_DATA_DIR"
SQLITE_BUSY_TIMEOUT_MS = 10_000
READ_ONLY = "counterdesk_read_only"  # execution option: a reading connection (SQLite: a plain BEGIN)
# PostgreSQL: a pooled connection idle for longer than this is pinged before use (the server may
# have restarted or the network dropped it meanwhile). One used a moment ago is not: pinging every
# checkout cost a counter two round trips per 叫号 (benchmarks/bench_pg_counters.py). A server lost
# between two calls seconds apart fails that one call as DatabaseBusy ("try again"), and the pool
# reconnects.
PING_AFTER_IDLE_S = 5.0


def default_data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("counterdesk", appauthor=False))


def resolve_db_url(cli_value: str | None = None) -> str:
    """--db wins, then COUNTERDESK_DB, then the SQLite file in the user data dir."""
    if cli_value:
        return normalise_url(cli_value)
    if os.environ.get(DB_ENV):
        return normalise_url(os.environ[DB_ENV])
    return f"sqlite:///{default_data_dir() / 'counterdesk.sqlite3'}"


def normalise_url(url: str) -> str:
    """Plain postgresql:// URLs use psycopg 3 (the only PostgreSQL driver we ship)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, echo=echo)
        _ping_when_idle(engine)
    guards.install(engine)  # NUL and 64-bit overflow refused on SQLite as on PostgreSQL
    return engine


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy) -> None:
        last = record.info.get("checked_in_at")
        if last is not None and time.monotonic() - last < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError() from error  # the pool replaces it and tries again
            raise


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # We issue BEGIN ourselves (below); the driver's own implicit BEGIN is switched off.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # IMMEDIATE takes the write lock at the start, so two processes never both read a free
        # ticket/plate/seat and then fail to upgrade their lock: the second one waits instead.
        # A connection marked read_only (the change marker polled several times a second) only reads.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def reading(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for reads alone, in one transaction: on SQLite a plain BEGIN (a snapshot; no write
    lock, so a writer in another process is not held up while the caller reads, or works between
    its reads). Whatever it writes fails on SQLite (a read transaction cannot write while another
    connection holds the lock) — it is not for writing."""
    engine = session_factory.kw["bind"]
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection, connection.begin(), \
            Session(bind=connection) as session:
        yield session


"""Wiring: the one place that turns settings into an engine, a session factory and the services.
The CLI and the UI receive an AppContext; nothing keeps one globally."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from desktop.domain.errors import CounterDeskError
from desktop.services import Services
from desktop.services.base import Clock, utc_now
from desktop.services.catalogs import Catalogs
from desktop.store import migrate
from desktop.store.engine import default_data_dir, make_engine, make_session_factory, resolve_db_url


class DatabaseUnavailableError(CounterDeskError):
    def __init__(self, detail: str, detail_en: str | None = None) -> None:
        super().__init__("db_unreachable", f"无法连接数据库：{detail}。请检查 --db / COUNTERDESK_DB 设置和数据库服务器",
                         f"Cannot reach the database: {detail_en or detail}. "
                         "Check --db / COUNTERDESK_DB and the database server")


class NotInitialisedError(CounterDeskError):
    def __init__(self) -> None:
        super().__init__("not_initialised", "数据库尚未初始化：请先运行 counterdesk init 或 counterdesk demo-data",
                         "The database is not initialised: run `counterdesk init` or `counterdesk demo-data` first")


@dataclass
class AppContext:
    db_url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    services: Services
    hall_code: str
    lang: str = "zh"

    @property
    def db_label(self) -> str:
        """Where the data lives, for the status bar (no password)."""
        url = make_url(self.db_url)
        if url.get_backend_name() == "sqlite":
            return f"SQLite · {url.database}"
        return f"PostgreSQL · {url.host or 'socket'}/{url.database}"

    def dispose(self) -> None:
        self.engine.dispose()


def is_initialised(engine: Engine) -> bool:
    return inspect(engine).has_table("halls")


def open_store(db_url: str | None) -> tuple[str, Engine, sessionmaker[Session]]:
    """The engine for the URL, checked with one connection: a wrong URL or a server that is down
    becomes a message a person can act on, not a traceback."""
    try:
        url = resolve_db_url(db_url)
        engine = make_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise DatabaseUnavailableError("数据库地址无效", "the database URL is not valid") from exc
    try:
        with engine.connect():
            pass
    except (OperationalError, InterfaceError, OSError) as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:160]
        raise DatabaseUnavailableError(reason) from exc
    return url, engine, make_session_factory(engine)


def open_app(db_url: str | None, *, hall_code: str | None = None, lang: str = "zh",
             clock: Clock = utc_now, hasher=None) -> AppContext:
    """Open an initialised database, migrating it to the current schema first."""
    url, engine, factory = open_store(db_url)
    try:
        if not is_initialised(engine):
            raise NotInitialisedError()
        migrate.ensure_current(engine)
        # An office's own catalogue files (fees, materials) in <data dir>/catalog/ replace the bundled ones.
        services = Services.build(factory, clock, hasher, catalogs=Catalogs.load(default_data_dir() / "catalog"))
        halls = services.halls.halls()
        if not halls:
            raise NotInitialisedError()
        code = hall_code or halls[0].code
        if code not in {h.code for h in halls}:
            raise CounterDeskError("hall_unknown", f"大厅 {code} 不存在", f"Hall {code} does not exist")
    except BaseException:
        engine.dispose()
        raise
    return AppContext(url, engine, factory, services, code, lang)

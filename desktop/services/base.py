"""What every service shares: the acting member of staff, the clock, the role check."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desktop.domain.errors import DatabaseBusy, PermissionDenied
from desktop.domain.roles import ROLE_NAMES, Role, allowed

Clock = Callable[[], datetime]


HALL_ZONE = ZoneInfo("Asia/Shanghai")  # the hall's days and hours, whatever the PC's clock zone


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def hall_date(moment: datetime) -> date:
    return moment.astimezone(HALL_ZONE).date()


@dataclass(frozen=True)
class Actor:
    """Who is calling: a logged-in member of staff (or the system itself, for init and demo data)."""

    username: str
    role: str
    hall_code: str
    name: str = ""
    staff_id: int | None = None
    counter: int | None = None
    badge: str = ""  # 工号

    @classmethod
    def system(cls, hall_code: str) -> Actor:
        return cls(username="system", role=Role.ADMIN, hall_code=hall_code, name="系统")


def require(actor: Actor, action: str) -> None:
    """Refuse unless the actor's role allows the action (checked in the service, not the UI)."""
    if not allowed(actor.role, action):
        zh, en = ROLE_NAMES[Role(actor.role)]
        raise PermissionDenied(
            "permission_denied",
            f"当前角色（{zh}）无权执行此操作",
            f"Your role ({en}) is not allowed to do this",
        )


# SQLite: another process kept the write lock past busy_timeout (a long import, a demo year).
# PostgreSQL: lock_not_available (a lock_timeout set on the server) and deadlock_detected.
_BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")
_BUSY_SQLSTATES = ("55P03", "40P01")


def is_busy(exc: BaseException) -> bool:
    """A "busy, try again" error: a lock not granted in time, or a connection the server dropped
    since its last use (the pool reconnects for the next call; store/engine.PING_AFTER_IDLE_S)."""
    if not isinstance(exc, OperationalError):
        return False
    if exc.connection_invalidated:
        return True
    if getattr(exc.orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    text = str(exc.orig).lower()
    return any(m in text for m in _BUSY_MESSAGES)


class UnitOfWork:
    """The session factory as a service uses it — `with self._sessions() as session, session.begin():`
    — with the database's "busy, try later" errors turned into DatabaseBusy, a message a person can
    act on, instead of a raw OperationalError after the wait."""

    __slots__ = ("factory",)

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory

    @contextmanager
    def __call__(self) -> Iterator[Session]:
        try:
            with self.factory() as session:
                yield session
        except OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusy() from exc
            raise


class Service:
    """A service owns its transactions: each public method is one unit of work."""

    def __init__(self, session_factory: sessionmaker[Session] | UnitOfWork, clock: Clock = utc_now) -> None:
        if not isinstance(session_factory, UnitOfWork):
            session_factory = UnitOfWork(session_factory)
        self._sessions = session_factory
        self._clock = clock

    def now(self) -> datetime:
        """The service's clock (the GUI shows countdowns against the same time the rules use)."""
        return self._clock()

"""What every service shares: the acting member of staff, the clock, the role check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from desktop.domain.errors import PermissionDenied
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


class Service:
    """A service owns its transactions: each public method is one unit of work."""

    def __init__(self, session_factory: sessionmaker[Session], clock: Clock = utc_now) -> None:
        self._sessions = session_factory
        self._clock = clock

    def now(self) -> datetime:
        """The service's clock (the GUI shows countdowns against the same time the rules use)."""
        return self._clock()

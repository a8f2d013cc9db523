"""Halls, counters and hall settings (大厅、窗口设置)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.domain import halls as rules
from desktop.domain.errors import NotFoundError, ValidationError
from desktop.services import audit
from desktop.services.base import Actor, Service, require
from desktop.store.models import Counter, Hall, HallSetting


@dataclass(frozen=True)
class HallInfo:
    code: str
    name: str
    address: str
    plate_prefix: str
    time_zone: str


@dataclass(frozen=True)
class CounterRow:
    number: int
    name: str
    categories: list[str]
    active: bool


def _hall_info(h: Hall) -> HallInfo:
    return HallInfo(h.code, h.name, h.address, h.plate_prefix, h.time_zone)


def _counter_row(c: Counter) -> CounterRow:
    return CounterRow(c.number, c.name, c.category_list, c.active)


class HallService(Service):
    def ensure_hall(self, code: str, name: str, address: str = "", *, new_key: bytes) -> tuple[HallInfo, bool]:
        """Create the hall if it is missing (idempotent: an existing hall keeps its key and name).
        Returns the hall and whether it was created."""
        code = rules.check_hall_code(code)
        name = rules.check_hall_name(name)
        with self._sessions() as session, session.begin():
            hall = session.get(Hall, code)
            if hall is not None:
                return _hall_info(hall), False
            hall = Hall(code=code, name=name, address=(address or "").strip()[:200], plate_prefix="蒙M",
                        time_zone="Asia/Shanghai", secret_key=new_key, created_at=self._clock())
            session.add(hall)
            session.flush()
            audit.record(session, actor=Actor.system(code), at=self._clock(), action="hall_created",
                         record_type="hall", record_id=code, detail=name)
            return _hall_info(hall), True

    def hall(self, code: str) -> HallInfo:
        with self._sessions() as session, session.begin():
            hall = session.get(Hall, code)
            if hall is None:
                raise NotFoundError("hall_unknown", f"大厅 {code} 不存在", f"Hall {code} does not exist")
            return _hall_info(hall)

    def halls(self) -> list[HallInfo]:
        with self._sessions() as session, session.begin():
            return [_hall_info(h) for h in session.execute(select(Hall).order_by(Hall.code)).scalars()]

    def hall_keys(self) -> dict[str, bytes]:
        """Each hall's QR signing key, read once at start-up and passed to the document service."""
        with self._sessions() as session, session.begin():
            return {h.code: bytes(h.secret_key) for h in session.execute(select(Hall)).scalars()}

    def update_hall(self, actor: Actor, name: str, address: str) -> HallInfo:
        require(actor, "hall.manage")
        name = rules.check_hall_name(name)
        address = (address or "").strip()
        if len(address) > 200:
            raise ValidationError("address", "address_too_long", "地址不超过200字",
                                  "The address is at most 200 characters")
        with self._sessions() as session, session.begin():
            hall = session.get(Hall, actor.hall_code)
            if hall is None:
                raise NotFoundError("hall_unknown", "大厅不存在", "The hall does not exist")
            changes = f"name {hall.name!r}→{name!r}; address {hall.address!r}→{address!r}"
            hall.name, hall.address = name, address
            audit.record(session, actor=actor, at=self._clock(), action="hall_updated",
                         record_type="hall", record_id=hall.code, detail=changes)
            return _hall_info(hall)

    def save_counter(self, actor: Actor, number: object, categories: str | list[str], name: str = "",
                     active: bool = True) -> tuple[CounterRow, bool]:
        """Add a counter, or change an existing one with that number. Returns (row, created)."""
        require(actor, "counter.manage")
        number = rules.check_counter_number(number)
        codes = rules.parse_categories(categories)
        name = (name or "").strip()[:40] or f"{number}号窗口"
        with self._sessions() as session, session.begin():
            counter = session.execute(select(Counter).where(
                Counter.hall_code == actor.hall_code, Counter.number == number)).scalar_one_or_none()
            created = counter is None
            if created:
                counter = Counter(hall_code=actor.hall_code, number=number)
                session.add(counter)
            counter.name, counter.categories, counter.active = name, ",".join(codes), active
            session.flush()
            audit.record(session, actor=actor, at=self._clock(),
                         action="counter_added" if created else "counter_updated",
                         record_type="counter", record_id=number,
                         detail=f"{name}; categories={counter.categories}; active={active}")
            return _counter_row(counter), created

    def counters(self, hall_code: str) -> list[CounterRow]:
        with self._sessions() as session, session.begin():
            rows = session.execute(select(Counter).where(Counter.hall_code == hall_code)
                                   .order_by(Counter.number)).scalars()
            return [_counter_row(c) for c in rows]

    def settings(self, hall_code: str) -> dict[str, str]:
        with self._sessions() as session, session.begin():
            rows = session.execute(select(HallSetting).where(HallSetting.hall_code == hall_code)).scalars()
            return {r.key: r.value for r in rows}

    def set_setting(self, actor: Actor, key: str, value: str) -> None:
        require(actor, "hall.manage")
        key = (key or "").strip()
        if not key or len(key) > 80:
            raise ValidationError("key", "setting_key_invalid", "设置项名称无效", "Invalid setting name")
        with self._sessions() as session, session.begin():
            row = session.get(HallSetting, (actor.hall_code, key))
            old = row.value if row else None
            if row is None:
                session.add(HallSetting(hall_code=actor.hall_code, key=key, value=str(value)))
            else:
                row.value = str(value)
            audit.record(session, actor=actor, at=self._clock(), action="setting_changed",
                         record_type="hall_setting", record_id=key, detail=f"{old!r}→{value!r}")

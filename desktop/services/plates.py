"""选号: plate numbers drawn for a case (50选1), self-composed, or kept from the owner's old vehicle.

A number that is not free has a row in `plate_numbers`; its primary key is what stops two clerks,
two processes or two PostgreSQL connections from taking the same number. A draw inserts its
candidates as holds with INSERT … ON CONFLICT DO NOTHING and keeps only the rows it really got.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desktop.domain import plates as plate_rules
from desktop.domain.errors import RefusedError, ValidationError
from desktop.services import audit
from desktop.services.base import Actor, Clock, Service, hall_date, require, utc_now
from desktop.store.models import Hall, HallSetting
from desktop.store.vehicle_models import PlateNumber, Vehicle

DRAW_ROUNDS = 8  # each round asks the pool for the numbers still missing, twice over


@dataclass(frozen=True)
class PlateDraw:
    """The numbers held for one case until `held_until`; the applicant picks one of them."""

    token: str
    kind: str
    numbers: tuple[str, ...]
    held_until: datetime


@dataclass(frozen=True)
class PlateChoice:
    """How the case gets its number: 'draw' (one of a draw's numbers), 'self' (自编), 'keep' (保留原号)."""

    mode: str
    number: str
    token: str = ""


def _insert_ignore(session: Session):
    """INSERT … ON CONFLICT DO NOTHING in the session's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(PlateNumber).on_conflict_do_nothing()
    return sqlite.insert(PlateNumber).on_conflict_do_nothing()


def plate_policy(session: Session, hall_code: str) -> plate_rules.PlatePolicy:
    """The hall's plate policy: defaults, the hall's prefix (蒙M), hold time and draw size from its settings."""
    rows = dict(session.execute(select(HallSetting.key, HallSetting.value).where(
        HallSetting.hall_code == hall_code, HallSetting.key.startswith("plate."))).all())
    policy = plate_rules.PlatePolicy()
    prefix = session.execute(select(Hall.plate_prefix).where(Hall.code == hall_code)).scalar_one_or_none()
    if prefix:
        policy = replace(policy, prefix=prefix)
    if rows.get("plate.hold_minutes", "").isdigit():
        policy = replace(policy, hold_minutes=int(rows["plate.hold_minutes"]))
    if rows.get("plate.draw_count", "").isdigit():
        policy = replace(policy, draw_count=int(rows["plate.draw_count"]))
    return policy


class PlateService(Service):
    def __init__(self, session_factory, clock: Clock = utc_now, rng=None) -> None:
        super().__init__(session_factory, clock)
        self._rng = rng or secrets.SystemRandom()  # never the random module's shared generator

    def draw(self, actor: Actor, *, energy: str = "fuel", large: bool = False) -> PlateDraw:
        """50选1: hold `draw_count` free numbers for this case, drawn at random."""
        require(actor, "vehicle.business")
        now = self._clock()
        with self._sessions() as session, session.begin():
            policy = plate_policy(session, actor.hall_code)
            kind = plate_rules.plate_kind_for(energy, large)
            token = secrets.token_hex(12)
            held_until = now + timedelta(minutes=policy.hold_minutes)
            got: list[str] = []
            for _ in range(DRAW_ROUNDS):
                need = policy.draw_count - len(got)
                if need <= 0:
                    break
                candidates = plate_rules.draw_candidates(policy, kind, min(need * 2, 4000), is_taken=set(got),
                                                         rng=self._rng, energy=energy if kind != "ordinary" else None)
                self._claim(session, actor.hall_code, kind, candidates[:need * 2], token, held_until, now)
                got = list(session.execute(select(PlateNumber.number).where(
                    PlateNumber.held_for == token).order_by(PlateNumber.number)).scalars())
                if len(got) > policy.draw_count:  # more than asked: give the extra back
                    extra = got[policy.draw_count:]
                    session.execute(delete(PlateNumber).where(PlateNumber.number.in_(extra),
                                                              PlateNumber.held_for == token))
                    got = got[:policy.draw_count]
            if len(got) < policy.draw_count:
                raise RefusedError("plate_pool_exhausted", "号牌号码资源不足，无法完成选号，请联系管理员",
                                   "Not enough free plate numbers for a draw; ask the administrator")
            audit.record(session, actor=actor, at=now, action="plate_draw", record_type="plate_draw",
                         record_id=token, detail=f"{kind} {len(got)}")
            return PlateDraw(token, kind, tuple(sorted(got)), held_until)

    def _claim(self, session: Session, hall_code: str, kind: str, numbers: list[str], token: str,
               held_until: datetime, now: datetime) -> None:
        # A lapsed hold of an abandoned draw is free again.
        session.execute(delete(PlateNumber).where(PlateNumber.number.in_(numbers), PlateNumber.state == "held",
                                                  PlateNumber.held_until < now))
        session.execute(_insert_ignore(session), [
            dict(number=n, hall_code=hall_code, kind=kind, state="held", held_for=token, held_until=held_until,
                 updated_at=now) for n in numbers])

    def release(self, actor: Actor, token: str) -> int:
        """Give back a draw's numbers (the applicant left, or the case was abandoned)."""
        require(actor, "vehicle.business")
        with self._sessions() as session, session.begin():
            n = session.execute(delete(PlateNumber).where(PlateNumber.held_for == token,
                                                          PlateNumber.state == "held")).rowcount
            if n:
                audit.record(session, actor=actor, at=self._clock(), action="plate_draw_released",
                             record_type="plate_draw", record_id=token, detail=str(n))
            return n

    def is_free(self, number: str) -> bool:
        with self._sessions() as session, session.begin():
            row = session.get(PlateNumber, number)
            return row is None or (row.state == "held" and row.held_until < self._clock())

    # -- inside a case's transaction ---------------------------------------------------------------

    def assign_in(self, session: Session, actor: Actor, choice: PlateChoice, vehicle: Vehicle, *,
                  kind: str, now: datetime) -> str:
        """Assign the chosen number to the vehicle, atomically; the draw's other numbers go back."""
        today = hall_date(now)
        policy = plate_policy(session, actor.hall_code)
        owner = dict(person_id=vehicle.owner_person_id, company_id=vehicle.owner_company_id)
        assigned = dict(state="assigned", vehicle_id=vehicle.id, held_for=None, held_until=None, since=today,
                        retained_until=None, updated_at=now, **owner)
        number = (choice.number or "").strip().upper()
        if choice.mode == "draw":
            done = session.execute(update(PlateNumber).where(
                PlateNumber.number == number, PlateNumber.state == "held", PlateNumber.held_for == choice.token,
                PlateNumber.held_until >= now).values(**assigned).returning(PlateNumber.number)).first()
            if done is None:
                raise RefusedError("plate_hold_lapsed", "所选号牌号码的保留时间已过或不属于本次选号，请重新选号",
                                   "The chosen number's hold has lapsed or it is not from this draw; draw again")
            session.execute(delete(PlateNumber).where(PlateNumber.held_for == choice.token,
                                                      PlateNumber.state == "held"))
        elif choice.mode == "self":
            plate = plate_rules.check_self_composed(number, policy, kind,
                                                    energy=vehicle.energy if kind != "ordinary" else None)
            number = plate.number
            session.execute(delete(PlateNumber).where(PlateNumber.number == number, PlateNumber.state == "held",
                                                      PlateNumber.held_until < now))
            # RETURNING, not rowcount: an ORM-level INSERT … ON CONFLICT reports no rowcount on psycopg.
            done = session.execute(_insert_ignore(session).values(
                number=number, hall_code=actor.hall_code, kind=kind, **assigned).returning(PlateNumber.number)).first()
            if done is None:
                raise RefusedError("plate_taken", f"号牌号码 {number} 已被占用，请换一个号码",
                                   f"The plate number {number} is taken; choose another")
        elif choice.mode == "keep":
            row = session.get(PlateNumber, number, with_for_update=True)
            owner_ok = row is not None and row.state == "retained" and (
                (row.person_id is not None and row.person_id == vehicle.owner_person_id)
                or (row.company_id is not None and row.company_id == vehicle.owner_company_id))
            if not owner_ok:
                raise RefusedError("plate_not_retained", f"号牌号码 {number} 不是为该所有人保留的原号牌",
                                   f"The number {number} is not retained for this owner")
            released_on = row.updated_at.astimezone(now.tzinfo).date() if row.updated_at else today
            plate_rules.check_keep_old(row.since or released_on, released_on, today, policy)
            for key, value in assigned.items():
                setattr(row, key, value)
        else:
            raise ValidationError("plate_mode", "plate_mode_unknown", "请选择选号方式", "Choose how to pick the number")
        audit.record(session, actor=actor, at=now, action="plate_assigned", record_type="vehicle",
                     record_id=vehicle.id, detail=f"{choice.mode} {number}")
        return number

    def let_go_in(self, session: Session, vehicle: Vehicle, *, now: datetime) -> None:
        """The vehicle gives up its number (注销, 转让 with a new number, 迁出): kept for its former
        owner for the retention period when it was held long enough, freed otherwise."""
        if not vehicle.plate:
            return
        today = hall_date(now)
        policy = plate_policy(session, vehicle.hall_code)
        row = session.get(PlateNumber, vehicle.plate, with_for_update=True)
        if row is None or row.vehicle_id != vehicle.id:
            return
        since = row.since or today
        if _years_between(since, today) >= policy.keep_old_min_held_years:
            row.state, row.vehicle_id, row.updated_at = "retained", None, now
            row.retained_until = _add_years(today, policy.keep_old_years)
        else:
            session.delete(row)

    def expire_retained_in(self, session: Session, today: date) -> int:
        """Retained numbers past their retention period return to the pool."""
        return session.execute(delete(PlateNumber).where(and_(
            PlateNumber.state == "retained", PlateNumber.retained_until < today))).rowcount

    def retained_for(self, actor: Actor, *, person_id: int | None = None,
                     company_id: int | None = None) -> list[tuple[str, date]]:
        """The old numbers this owner may keep (保留原号牌), with the last day to use them."""
        require(actor, "vehicle.view")
        if person_id is None and company_id is None:
            return []
        with self._sessions() as session, session.begin():
            today = hall_date(self._clock())
            rows = session.execute(select(PlateNumber.number, PlateNumber.retained_until).where(
                PlateNumber.state == "retained", PlateNumber.retained_until >= today,
                or_(and_(PlateNumber.person_id.is_not(None), PlateNumber.person_id == person_id),
                    and_(PlateNumber.company_id.is_not(None), PlateNumber.company_id == company_id)))).all()
            return [(n, d) for n, d in rows]


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _years_between(start: date, end: date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years

"""Taking tickets (取号), categories, ratings, end of day, and what the hall shows (status, board)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from desktop.domain import identifiers, masking, queue_rules
from desktop.domain.errors import NotFoundError, RefusedError, ValidationError
from desktop.domain.halls import DEFAULT_CATEGORIES
from desktop.domain.roles import Role
from desktop.domain.queueing import CounterProfile, PolicySettings, WaitingTicket, position_in_queue
from desktop.domain.wait_estimate import CounterNow, ServiceSample, estimate_wait
from desktop.services import audit
from desktop.services.base import HALL_ZONE, Actor, Clock, Service, hall_date, require, utc_now
from desktop.services.documents import DocumentService
from desktop.services.queue_views import (
    BoardState,
    CallView,
    CategoryInfo,
    CategoryLoad,
    CounterView,
    IssuedTicket,
    QueueStatus,
    TicketView,
    category_info,
    ticket_view,
)
from desktop.store.models import Counter, Hall, Person
from desktop.store.queue_models import Appointment, CallEvent, CounterState, Ticket, TicketCategory

# Per category: (SLA minutes, default service minutes) — starting values an office adjusts.
CATEGORY_DEFAULTS = {"A": (30, 8), "B": (30, 6), "C": (20, 4), "D": (15, 3)}
LIVE_STATES = ("waiting", "called", "serving", "held")
RECENT_SAMPLES = 30


class _TakeCategory(NamedTuple):
    """The category row 取号 reads (under its row lock): what numbering, caps and hours need."""

    hall_code: str
    code: str
    name: str
    prefix: str
    number_start: int
    number_end: int
    daily_cap: int
    per_person_daily_cap: int
    opens: str
    closes: str
    active: bool


# The hot path of 取号 uses statements built once, with bound parameters (as 叫号 does): building
# the select() constructs per call cost more than running them (benchmarks/bench_queue.py).
_HALL_NAME = select(Hall.name).where(Hall.code == bindparam("hall"))
_TAKE_CATEGORY = select(*(getattr(TicketCategory, f) for f in _TakeCategory._fields)).where(
    TicketCategory.hall_code == bindparam("hall"), TicketCategory.code == bindparam("code")).with_for_update()
_ISSUED_TODAY = select(func.count(Ticket.id), func.max(Ticket.number)).where(
    Ticket.hall_code == bindparam("hall"), Ticket.day == bindparam("day"), Ticket.series == bindparam("series"))
_INSERT_TICKET = insert(Ticket)
_SET_PROMISE = update(Ticket).where(Ticket.id == bindparam("ticket_id")).values(
    people_ahead=bindparam("p_ahead"), estimate_minutes=bindparam("p_estimate"))
# _promise's reads: the day's waiting tickets, the categories' targets, today's recent services,
# the open counters with what they are busy with, green-channel tickets of the last hour, bookings.
_WAITING = select(Ticket.id, Ticket.category, Ticket.sort_at, Ticket.issued_at, Ticket.priority,
                  Ticket.appointment_at, Ticket.target_counter).where(
    Ticket.hall_code == bindparam("hall"), Ticket.state == "waiting", Ticket.day == bindparam("day"))
_TARGETS = select(TicketCategory.code, TicketCategory.sla_minutes, TicketCategory.default_service_minutes).where(
    TicketCategory.hall_code == bindparam("hall"))
# Today's services only (the estimator falls back to the office defaults early in the day);
# filtering on the day keeps every query here on ix_tickets_day / ix_tickets_waiting.
_RECENT = (select(Ticket.category, Ticket.started_at, Ticket.finished_at, Ticket.counter_number).where(
    Ticket.hall_code == bindparam("hall"), Ticket.day == bindparam("day"), Ticket.state == "finished",
    Ticket.started_at.is_not(None)).order_by(Ticket.finished_at.desc()).limit(RECENT_SAMPLES * 4))
_BUSY = Ticket.__table__.alias("busy")
_OPEN_COUNTERS = (select(Counter.number, Counter.categories, CounterState.priority_streak, _BUSY.c.category,
                         _BUSY.c.called_at)
                  .join(CounterState, (CounterState.hall_code == Counter.hall_code)
                        & (CounterState.counter_number == Counter.number))
                  .outerjoin(_BUSY, _BUSY.c.id == CounterState.ticket_id)
                  .where(Counter.hall_code == bindparam("hall"), Counter.active.is_(True),
                         CounterState.state.in_(("idle", "called", "serving"))))
_GREEN = select(Ticket.category, func.count(Ticket.id)).where(
    Ticket.hall_code == bindparam("hall"), Ticket.day == bindparam("day"), Ticket.priority.is_(True),
    Ticket.issued_at >= bindparam("since"), Ticket.id != bindparam("ticket_id")).group_by(Ticket.category)
_BOOKED = select(Appointment.category, Appointment.scheduled_at).where(
    Appointment.hall_code == bindparam("hall"), Appointment.state == "booked",
    Appointment.scheduled_at >= bindparam("now"), Appointment.scheduled_at < bindparam("end"))


@lru_cache(maxsize=64)
def kiosk_actor(hall_code: str) -> Actor:
    """Taking a ticket needs no login: it is what the kiosk does. Audited as "kiosk"."""
    return Actor(username="kiosk", role=Role.CLERK, hall_code=hall_code, name="自助取号")


def day_bounds(day) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), HALL_ZONE)
    return start, start + timedelta(days=1)


def ensure_default_categories(session_factory, hall_code: str) -> None:
    """The four default categories of a 车管所 hall (DEFAULT_CATEGORIES), added where missing."""
    with session_factory() as session, session.begin():
        known = set(session.execute(select(TicketCategory.code).where(
            TicketCategory.hall_code == hall_code)).scalars())
        for code, (name, _en) in DEFAULT_CATEGORIES.items():
            if code not in known:
                sla, service = CATEGORY_DEFAULTS[code]
                session.add(TicketCategory(hall_code=hall_code, code=code, name=name, prefix=code,
                                           number_start=1, number_end=999, daily_cap=999,
                                           per_person_daily_cap=1, opens="08:30", closes="17:30",
                                           sla_minutes=sla, default_service_minutes=service, active=True))


class TicketService(Service):
    def __init__(self, session_factory, documents: DocumentService, clock: Clock = utc_now) -> None:
        super().__init__(session_factory, clock)
        self._documents = documents

    # --- categories -------------------------------------------------------------------------
    def categories(self, hall_code: str) -> list[CategoryInfo]:
        with self._sessions() as session, session.begin():
            rows = session.execute(select(TicketCategory).where(TicketCategory.hall_code == hall_code)
                                   .order_by(TicketCategory.code)).scalars()
            return [category_info(c) for c in rows]

    def set_category(self, actor: Actor, code: str, *, name: str | None = None, hours: str | None = None,
                     daily_cap: object = None, sla_minutes: object = None,
                     per_person_daily_cap: object = None) -> CategoryInfo:
        """类别设置: a supervisor or admin changes a category's name, hours, caps or SLA."""
        require(actor, "queue.configure")
        changes = []
        parsed = queue_rules.parse_hours(hours) if hours is not None else None
        if name is not None:
            name = name.strip()
            if not name or len(name) > 40:
                raise ValidationError("name", "category_name_invalid", "类别名称不能为空，且不超过40字",
                                      "A category name is 1 to 40 characters")
        cap = queue_rules.check_positive(daily_cap, "daily_cap", "每日上限", "The daily cap", 999) \
            if daily_cap is not None else None
        sla = queue_rules.check_positive(sla_minutes, "sla_minutes", "服务目标时长", "The service-level target", 600) \
            if sla_minutes is not None else None
        per_person = queue_rules.check_positive(per_person_daily_cap, "per_person_daily_cap", "每人每日取号上限",
                                                "The per-person daily cap", 20) \
            if per_person_daily_cap is not None else None
        with self._sessions() as session, session.begin():
            cat = self._category(session, actor.hall_code, code)
            if name is not None:
                changes.append(f"name {cat.name}→{name}")
                cat.name = name
            if parsed is not None:
                changes.append(f"hours {cat.opens}-{cat.closes}→{parsed.text()}")
                cat.opens, cat.closes = parsed.text().split("-")
            if cap is not None:
                changes.append(f"daily_cap {cat.daily_cap}→{cap}")
                cat.daily_cap = cap
            if sla is not None:
                changes.append(f"sla {cat.sla_minutes}→{sla}")
                cat.sla_minutes = sla
            if per_person is not None:
                changes.append(f"per_person {cat.per_person_daily_cap}→{per_person}")
                cat.per_person_daily_cap = per_person
            audit.record(session, actor=actor, at=self._clock(), action="category_changed",
                         record_type="ticket_category", record_id=cat.code, detail="; ".join(changes))
            return category_info(cat)

    def _category(self, session: Session, hall_code: str, code: str, *, lock: bool = False) -> TicketCategory:
        code = (code or "").strip().upper()
        query = select(TicketCategory).where(TicketCategory.hall_code == hall_code, TicketCategory.code == code)
        cat = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
        if cat is None:
            raise ValidationError("category", "category_unknown", f"没有业务类别 {code}",
                                  f"There is no ticket category {code}")
        return cat

    # --- taking a ticket ----------------------------------------------------------------------
    def take(self, hall_code: str, category: str, *, id_number: str | None = None, priority_reason: str = "",
             actor: Actor | None = None) -> IssuedTicket:
        """取号: one transaction — number, people ahead, estimate, and the signed slip registered."""
        actor = actor or kiosk_actor(hall_code)
        now = self._clock()
        today = hall_date(now)
        rid = identifiers.validate_resident_id(id_number, today=today) if id_number else None
        if priority_reason and priority_reason not in queue_rules.PRIORITY_REASONS:
            raise ValidationError("priority", "priority_reason_unknown", "未知的优先原因",
                                  "Unknown reason for priority")
        with self._sessions() as session, session.begin():
            # Core statements on the session's connection (the hot path); the ORM only for the
            # person and appointment of a ticket taken with an ID card.
            conn = session.connection()
            hall_name = conn.execute(_HALL_NAME, {"hall": hall_code}).scalar_one_or_none()
            if hall_name is None:
                raise NotFoundError("hall_unknown", f"大厅 {hall_code} 不存在", f"Hall {hall_code} does not exist")
            # The category row lock serialises numbering across PCs (PostgreSQL; SQLite is serial anyway).
            code = (category or "").strip().upper()
            row = conn.execute(_TAKE_CATEGORY, {"hall": hall_code, "code": code}).first()
            if row is None:
                raise ValidationError("category", "category_unknown", f"没有业务类别 {code}",
                                      f"There is no ticket category {code}")
            cat = _TakeCategory(*row)
            self._check_open(cat, now)
            count, last_number = conn.execute(_ISSUED_TODAY, {"hall": hall_code, "day": today,
                                                              "series": cat.code}).one()
            if count >= cat.daily_cap:
                raise RefusedError("daily_cap_reached", f"{cat.name}今日号票已发完（{cat.daily_cap}张），请明日再来或网上办理",
                                   f"Today's {cat.daily_cap} tickets for {cat.code} are all taken; "
                                   "come back tomorrow or apply online")
            number = (last_number or cat.number_start - 1) + 1
            if number > cat.number_end:
                raise RefusedError("number_range_exhausted", f"{cat.name}今日号段已用完",
                                   f"Today's number range for {cat.code} is used up")
            person, name_masked, appointment, digest = None, "", None, None
            reason = priority_reason
            if rid is not None:
                person = session.execute(select(Person).where(Person.id_number == rid.number)).scalar_one_or_none()
                digest = self._documents.pseudonym(hall_code, rid.number)
                self._check_person_cap(session, cat, today, digest)
                if not reason and queue_rules.is_green_channel(rid.birth_date, today):
                    reason = "age"
                appointment = self._check_in(session, hall_code, cat.code, rid.number, now)
                name = person.name if person else (appointment.name if appointment else "")
                name_masked = masking.mask_name(name) if name else ""
                session.flush()  # the check-in's state change, before the estimate reads the bookings
            on_time = appointment is not None and appointment.state == "checked_in"
            label = queue_rules.ticket_label(cat.prefix, number)
            person_id = person.id if person else None
            appointment_at = appointment.scheduled_at if on_time else None
            ticket_id = conn.execute(_INSERT_TICKET, {
                "hall_code": hall_code, "day": today, "series": cat.code, "category": cat.code, "number": number,
                "label": label, "state": "waiting", "priority": bool(reason), "priority_reason": reason,
                "person_id": person_id, "name_masked": name_masked, "id_digest": digest,
                "appointment_id": appointment.id if on_time else None, "appointment_at": appointment_at,
                "sort_at": now, "issued_at": now, "recalls": 0, "requeues": 0, "outcome": ""}).inserted_primary_key[0]
            ahead, estimate = self._promise(conn, hall_code, today, ticket_id, cat.code, now)
            conn.execute(_SET_PROMISE, {"ticket_id": ticket_id, "p_ahead": ahead, "p_estimate": estimate})
            if appointment is not None:
                appointment.ticket_id = ticket_id
            audit.record(session, actor=actor, at=now, action="ticket_taken", record_type="ticket",
                         record_id=ticket_id, detail=f"{label} ahead={ahead} est={estimate} "
                                                     f"priority={reason or '-'} appt={appointment.state if appointment else '-'}")
            slip = self._documents.issue_in(session, actor, "SL", subject=f"{label} {name_masked}".strip(),
                                            record_type="ticket", record_id=ticket_id)
            view = TicketView(ticket_id, label, cat.code, "waiting", bool(reason), reason, name_masked, now,
                              None, None, None, appointment_at, None, "", 0, "", person_id, None)
            return IssuedTicket(view, cat.name, ahead, estimate, slip.serial, slip.payload, hall_name, on_time)

    def _check_open(self, cat: TicketCategory | _TakeCategory, now: datetime) -> None:
        if not cat.active:
            raise RefusedError("category_closed", f"{cat.name}暂停取号", f"Tickets for {cat.code} are suspended")
        hours = queue_rules.parse_hours(f"{cat.opens}-{cat.closes}")
        local = now.astimezone(HALL_ZONE).time()
        if not hours.contains(local):
            raise RefusedError("outside_hours", f"{cat.name}取号时间为 {hours.text()}，现在不在取号时间内",
                               f"Tickets for {cat.code} are issued {hours.text()}; it is outside those hours")

    def _check_person_cap(self, session: Session, cat: TicketCategory | _TakeCategory, today, digest: str) -> None:
        """Per-person daily cap per category, against scalpers (QSystem's per-person limit)."""
        taken = session.execute(select(func.count(Ticket.id)).where(
            Ticket.hall_code == cat.hall_code, Ticket.day == today, Ticket.series == cat.code,
            Ticket.id_digest == digest, Ticket.state != "cancelled")).scalar_one()
        if taken >= cat.per_person_daily_cap:
            raise RefusedError("person_cap_reached",
                               f"同一身份证今日在{cat.name}最多取号{cat.per_person_daily_cap}次",
                               f"One ID number may take at most {cat.per_person_daily_cap} {cat.code} ticket(s) a day")

    def _check_in(self, session: Session, hall_code: str, category: str, id_number: str,
                  now: datetime) -> Appointment | None:
        """Appointment check-in: within the early/late window it goes first; late → an ordinary ticket."""
        start, end = day_bounds(hall_date(now))
        appt = session.execute(select(Appointment).where(
            Appointment.hall_code == hall_code, Appointment.category == category,
            Appointment.id_number == id_number, Appointment.state == "booked",
            Appointment.scheduled_at >= start, Appointment.scheduled_at < end)
            .order_by(Appointment.scheduled_at)).scalars().first()
        if appt is None:
            return None
        if now < appt.scheduled_at - queue_rules.APPOINTMENT_EARLY:
            early = appt.scheduled_at.astimezone(HALL_ZONE) - queue_rules.APPOINTMENT_EARLY
            raise RefusedError("appointment_too_early", f"您预约的时间是{appt.scheduled_at.astimezone(HALL_ZONE):%H:%M}，"
                               f"请于{early:%H:%M}后取号", f"Your appointment is at "
                               f"{appt.scheduled_at.astimezone(HALL_ZONE):%H:%M}; take a ticket after {early:%H:%M}")
        appt.state = "checked_in" if now <= appt.scheduled_at + queue_rules.APPOINTMENT_LATE else "late"
        return appt

    def promise_in(self, session: Session, hall: str, day, ticket_id: int, category: str,
                   now: datetime) -> tuple[int, int | None]:
        """People ahead and the estimated wait of a waiting ticket, inside the caller's transaction
        (the kiosk's 排队查询 asks again what 取号 promised)."""
        return self._promise(session.connection(), hall, day, ticket_id, category, now)

    def _promise(self, conn, hall: str, day, ticket_id: int, category: str, now: datetime) -> tuple[int, int | None]:
        """People ahead (by the calling policy) and the estimated wait, from the hall's recent pace,
        for a ticket already written (pending ORM changes flushed). Core reads on the transaction's
        connection with statements built once: this runs in every 取号."""
        rows = conn.execute(_WAITING, {"hall": hall, "day": day}).all()
        waiting = [WaitingTicket(*r) for r in rows]
        me = next(w for w in waiting if w.id == ticket_id)
        targets = conn.execute(_TARGETS, {"hall": hall}).all()
        settings = PolicySettings(sla_minutes={code: sla for code, sla, _ in targets})
        defaults = {code: minutes for code, _, minutes in targets}
        ahead = position_in_queue([w for w in waiting if w.category == category], ticket_id, settings=settings)
        _, end = day_bounds(day)
        recent = [ServiceSample(*r) for r in conn.execute(_RECENT, {"hall": hall, "day": day}).all()]
        counters = [CounterNow(CounterProfile(number, tuple(c for c in categories.split(",") if c)),
                               busy_category, busy_since, streak)
                    for number, categories, streak, busy_category, busy_since
                    in conn.execute(_OPEN_COUNTERS, {"hall": hall}).all()]
        green = dict(conn.execute(_GREEN, {"hall": hall, "day": day, "since": now - timedelta(hours=1),
                                           "ticket_id": ticket_id}).all())
        booked = conn.execute(_BOOKED, {"hall": hall, "now": now, "end": end}).all()
        wait = estimate_wait(ticket=me, waiting=waiting, counters=counters, now=now, recent=recent,
                             defaults_minutes=defaults, settings=settings, priority_per_hour=green,
                             booked=[tuple(b) for b in booked])
        return ahead, None if wait is None else int(wait.total_seconds() // 60)

    # --- after service ------------------------------------------------------------------------
    def rate(self, hall_code: str, ticket_id: int, rating: object, reason: str = "",
             actor: Actor | None = None) -> None:
        """满意度评价: once per finished ticket, from the rating window or recorded by the clerk."""
        value, reason = queue_rules.check_rating(rating, reason)
        actor = actor or Actor("rating-window", Role.CLERK, hall_code, "评价器")
        with self._sessions() as session, session.begin():
            ticket = session.get(Ticket, ticket_id)
            if ticket is None or ticket.hall_code != hall_code:
                raise NotFoundError("ticket_unknown", "没有这张号票", "No such ticket")
            if ticket.state != "finished":
                raise RefusedError("not_finished", "业务办结后才能评价", "A ticket can be rated once it is finished")
            if ticket.rating is not None:
                raise RefusedError("already_rated", "这张号票已经评价过了", "This ticket has been rated already")
            ticket.rating, ticket.rating_reason = value, reason
            audit.record(session, actor=actor, at=self._clock(), action="ticket_rated", record_type="ticket",
                         record_id=ticket.id, detail=f"{ticket.label} rating={value}")

    def expire(self, hall_code: str, actor: Actor | None = None) -> int:
        """End of day: tickets still live from an earlier day, or after closing time, become expired."""
        now = self._clock()
        today = hall_date(now)
        actor = actor or Actor.system(hall_code)
        with self._sessions() as session, session.begin():
            cats = {c.code: c for c in session.execute(select(TicketCategory).where(
                TicketCategory.hall_code == hall_code)).scalars()}
            live = session.execute(select(Ticket).where(Ticket.hall_code == hall_code,
                                                        Ticket.state.in_(("waiting", "held")))).scalars().all()
            expired = 0
            local = now.astimezone(HALL_ZONE).time()
            for t in live:
                cat = cats.get(t.category)
                closed = cat is not None and cat.closes not in ("24:00", "") and local >= time.fromisoformat(cat.closes)
                if t.day < today or closed:
                    t.state, t.outcome = "expired", "expired"
                    expired += 1
            if expired:
                audit.record(session, actor=actor, at=now, action="tickets_expired", record_type="hall",
                             record_id=hall_code, detail=f"{expired} tickets")
            return expired

    # --- what the hall shows ------------------------------------------------------------------
    def status(self, hall_code: str) -> QueueStatus:
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            cats = session.execute(select(TicketCategory).where(TicketCategory.hall_code == hall_code)
                                   .order_by(TicketCategory.code)).scalars().all()
            waiting = session.execute(select(Ticket.category, Ticket.issued_at).where(
                Ticket.hall_code == hall_code, Ticket.state == "waiting", Ticket.day == today)).all()
            loads = []
            for c in cats:
                waits = [(now - issued).total_seconds() / 60 for code, issued in waiting if code == c.code]
                loads.append(CategoryLoad(c.code, c.name, len(waits), int(max(waits, default=0)), c.sla_minutes,
                                          sum(1 for w in waits if w > c.sla_minutes)))
            counters = session.execute(select(Counter, CounterState).outerjoin(
                CounterState, (CounterState.hall_code == Counter.hall_code)
                & (CounterState.counter_number == Counter.number)).where(Counter.hall_code == hall_code)
                .order_by(Counter.number)).all()
            views = []
            for counter, state in counters:
                ticket = session.get(Ticket, state.ticket_id) if state and state.ticket_id else None
                views.append(CounterView(counter.number, counter.name, counter.category_list,
                                         state.state if state else "closed", state.clerk if state else "",
                                         state.pause_reason if state else "",
                                         ticket_view(ticket) if ticket else None, state.since if state else None))
            outcomes = dict(session.execute(select(Ticket.outcome, func.count(Ticket.id)).where(
                Ticket.hall_code == hall_code, Ticket.day == today).group_by(Ticket.outcome)).all())
            return QueueStatus(hall_code, now, loads, views, outcomes.get("served", 0), outcomes.get("no_show", 0))

    def board(self, hall_code: str, limit: int = 8) -> BoardState:
        """The display board's view: newest calls (today) and waiting per category. Masked names only."""
        now = self._clock()
        start, _ = day_bounds(hall_date(now))
        with self._sessions() as session, session.begin():
            hall = session.get(Hall, hall_code)
            calls = session.execute(select(CallEvent).where(CallEvent.hall_code == hall_code, CallEvent.at >= start)
                                    .order_by(CallEvent.id.desc()).limit(limit)).scalars().all()
            counts = dict(session.execute(select(Ticket.category, func.count(Ticket.id)).where(
                Ticket.hall_code == hall_code, Ticket.state == "waiting", Ticket.day == hall_date(now))
                .group_by(Ticket.category)).all())
            cats = session.execute(select(TicketCategory).where(TicketCategory.hall_code == hall_code,
                                                                TicketCategory.active.is_(True))
                                   .order_by(TicketCategory.code)).scalars().all()
            return BoardState(hall.name if hall else "",
                              [CallView(c.id, c.label, c.counter_number, c.name_masked, c.kind, c.at) for c in calls],
                              [(c.code, c.name, counts.get(c.code, 0)) for c in cats],
                              calls[0].id if calls else 0)

    def ticket(self, hall_code: str, label_or_id: str | int) -> Ticket | None:
        with self._sessions() as session, session.begin():
            return self._find(session, hall_code, label_or_id)

    def _find(self, session: Session, hall_code: str, label_or_id: str | int) -> Ticket | None:
        if isinstance(label_or_id, int):
            t = session.get(Ticket, label_or_id)
            return t if t and t.hall_code == hall_code else None
        return session.execute(select(Ticket).where(
            Ticket.hall_code == hall_code, Ticket.label == str(label_or_id).strip().upper(),
            Ticket.day == hall_date(self._clock()))).scalar_one_or_none()

    def slip_pdf(self, issued: IssuedTicket) -> bytes:
        """The 80 mm slip for a ticket just taken (pure renderer; the slip is already registered)."""
        from desktop.documents.render import SlipContent, render_slip

        t = issued.ticket
        local = t.issued_at.astimezone(HALL_ZONE)
        wait = f"约 {issued.estimate_minutes} 分钟" if issued.estimate_minutes is not None else "窗口未开放"
        fields = [("业务类别", f"{t.category} {issued.category_name}"), ("前面等候", f"{issued.people_ahead} 人"),
                  ("预计等候", wait)]
        if t.name_masked:
            fields.append(("姓名", t.name_masked))
        if issued.appointment:
            fields.append(("预约", f"{t.appointment_at.astimezone(HALL_ZONE):%H:%M} 已签到"))
        if t.priority:
            reason = queue_rules.PRIORITY_REASONS.get(t.priority_reason, ("绿色通道", ""))[0]
            fields.append(("绿色通道", reason))
        return render_slip(SlipContent(
            hall_name=issued.hall_name, title="排队号票", big_text=t.label, fields=fields,
            qr_payload=issued.slip_payload, serial=issued.slip_serial, issued_at=f"{local:%Y-%m-%d %H:%M}",
            footer_lines=["请留意叫号显示屏和语音提示", "过号请到咨询台说明情况"]))

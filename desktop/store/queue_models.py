"""Queue tables (排队叫号): categories, tickets, counter states, call events, appointments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.base import Base, UTCDateTime

# The condition of the call-next indexes, written as the queries write it (a partial index is used
# only when the query states its condition literally, not through a bound parameter).
WAITING = "state = 'waiting'"
TICKET_STATES = ("waiting", "called", "serving", "held", "finished", "no_show", "transferred", "expired",
                 "cancelled")


class TicketCategory(Base):
    """A ticket category of a hall (A 机动车业务 …): prefix, daily range and cap, hours, SLA."""

    __tablename__ = "ticket_categories"

    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), primary_key=True)
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    prefix: Mapped[str] = mapped_column(String(2))
    number_start: Mapped[int] = mapped_column(Integer, default=1)
    number_end: Mapped[int] = mapped_column(Integer, default=999)
    daily_cap: Mapped[int] = mapped_column(Integer, default=999)
    per_person_daily_cap: Mapped[int] = mapped_column(Integer, default=1)
    opens: Mapped[str] = mapped_column(String(5), default="08:30")  # HH:MM, hall time
    closes: Mapped[str] = mapped_column(String(5), default="17:30")  # HH:MM; 24:00 = all day
    sla_minutes: Mapped[int] = mapped_column(Integer, default=30)
    default_service_minutes: Mapped[int] = mapped_column(Integer, default=8)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Ticket(Base):
    """One ticket (号票). Nothing is ever deleted: the tallies read every state change from here."""

    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("hall_code", "day", "series", "number", name="uq_tickets_hall_day_number"),
        CheckConstraint("state in ('waiting','called','serving','held','finished','no_show','transferred',"
                        "'expired','cancelled')", name="state_known"),
        # Call-next reads waiting tickets of the hall in arrival order: this index serves it.
        Index("ix_tickets_waiting", "hall_code", "state", "category", "sort_at"),
        # Everything about one day (numbering, today's services, status) reads this one.
        Index("ix_tickets_day", "hall_code", "day", "state"),
        # Call-next reads only the first few candidates of each calling rule (services/calling.py):
        # the heads of each category (green channel and normal), the longest waiting (service-level
        # target), due appointments, transfers to one counter. Partial: only waiting tickets, so they
        # stay as small as today's queue (migration 0007).
        *(Index(name, *columns, sqlite_where=text(where), postgresql_where=text(where)) for name, columns, where in (
            ("ix_tickets_queue", ("hall_code", "day", "category", "priority", "sort_at", "id"), WAITING),
            ("ix_tickets_queue_issued", ("hall_code", "day", "category", "issued_at", "sort_at", "id"), WAITING),
            ("ix_tickets_queue_booked", ("hall_code", "day", "appointment_at", "sort_at", "id"),
             f"{WAITING} AND appointment_at IS NOT NULL"),
            ("ix_tickets_queue_targeted", ("hall_code", "day", "target_counter", "sort_at", "id"),
             f"{WAITING} AND target_counter IS NOT NULL"))),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    day: Mapped[date] = mapped_column(Date)
    series: Mapped[str] = mapped_column(String(2))  # the category it was issued in: numbering and caps
    category: Mapped[str] = mapped_column(String(2))  # the queue it waits in now (a transfer changes it)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(12), default="waiting")
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_reason: Mapped[str] = mapped_column(String(40), default="")
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    name_masked: Mapped[str] = mapped_column(String(40), default="")
    # HMAC of the ID number with the hall key: enough to enforce the per-person cap, not to read it back.
    id_digest: Mapped[str | None] = mapped_column(String(64))
    appointment_id: Mapped[int | None] = mapped_column(Integer)
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sort_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    first_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    counter_number: Mapped[int | None] = mapped_column(Integer)
    clerk: Mapped[str] = mapped_column(String(40), default="")
    target_counter: Mapped[int | None] = mapped_column(Integer)
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    requeues: Mapped[int] = mapped_column(Integer, default=0)
    transferred_from: Mapped[str] = mapped_column(String(8), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(12), default="")
    cases: Mapped[str] = mapped_column(String(200), default="")
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_reason: Mapped[str] = mapped_column(String(200), default="")
    estimate_minutes: Mapped[int | None] = mapped_column(Integer)
    people_ahead: Mapped[int] = mapped_column(Integer, default=0)


class CounterState(Base):
    """What a counter is doing now (closed, idle, calling, serving, paused) and its current ticket."""

    __tablename__ = "counter_states"
    __table_args__ = (
        CheckConstraint("state in ('closed','idle','called','serving','paused')", name="state_known"),
    )

    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), primary_key=True)
    counter_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(10), default="closed")
    clerk: Mapped[str] = mapped_column(String(40), default="")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    pause_reason: Mapped[str] = mapped_column(String(60), default="")
    priority_streak: Mapped[int] = mapped_column(Integer, default=0)
    since: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CallEvent(Base):
    """Each call and recall, in order: the display board and the voice read these."""

    __tablename__ = "call_events"
    __table_args__ = (Index("ix_call_events_hall_id", "hall_code", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    label: Mapped[str] = mapped_column(String(8))
    counter_number: Mapped[int] = mapped_column(Integer)
    name_masked: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(8), default="call")  # call | recall
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Appointment(Base):
    """An appointment booked online or by phone (imported) or entered by a clerk."""

    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("hall_code", "id_number", "scheduled_at", "category", name="uq_appointments_booking"),
        CheckConstraint("state in ('booked','checked_in','late','cancelled','missed')", name="state_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), index=True)
    category: Mapped[str] = mapped_column(String(2))
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(40), default="")
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(20), default="")
    state: Mapped[str] = mapped_column(String(10), default="booked")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

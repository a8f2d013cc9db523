"""Plain views of queue records, for the UI, the CLI (--json) and the display board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.store.queue_models import Ticket, TicketCategory


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    name: str
    prefix: str
    hours: str
    daily_cap: int
    per_person_daily_cap: int
    sla_minutes: int
    default_service_minutes: int
    active: bool


@dataclass(frozen=True)
class TicketView:
    id: int
    label: str
    category: str
    state: str
    priority: bool
    priority_reason: str
    name_masked: str
    issued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    appointment_at: datetime | None
    counter: int | None
    clerk: str
    recalls: int
    outcome: str
    person_id: int | None
    rating: int | None


@dataclass(frozen=True)
class IssuedTicket:
    """What the person taking a ticket gets: the number, people ahead, the estimate, the slip."""

    ticket: TicketView
    category_name: str
    people_ahead: int
    estimate_minutes: int | None
    slip_serial: str
    slip_payload: str
    hall_name: str
    appointment: bool


@dataclass(frozen=True)
class CounterView:
    number: int
    name: str
    categories: list[str]
    state: str
    clerk: str
    pause_reason: str
    ticket: TicketView | None
    since: datetime | None


@dataclass(frozen=True)
class CategoryLoad:
    code: str
    name: str
    waiting: int
    longest_wait_minutes: int
    sla_minutes: int
    breaches: int


@dataclass(frozen=True)
class QueueStatus:
    hall_code: str
    at: datetime
    categories: list[CategoryLoad]
    counters: list[CounterView]
    served_today: int
    no_show_today: int


@dataclass(frozen=True)
class CounterPanel:
    """What the clerk's queue panel shows: the counter, its ticket, who waits for it, today's counts."""

    number: int
    categories: list[str]
    state: str
    pause_reason: str
    current: TicketView | None
    waiting: list[TicketView]
    held: list[TicketView]
    served_today: int
    no_show_today: int
    waiting_by_category: dict[str, int]


@dataclass(frozen=True)
class CallView:
    id: int
    label: str
    counter: int
    name_masked: str
    kind: str
    at: datetime


@dataclass(frozen=True)
class BoardState:
    """Everything the hall display shows: newest calls first, and waiting per category."""

    hall_name: str
    calls: list[CallView]
    waiting: list[tuple[str, str, int]]  # (code, name, count)
    last_call_id: int


def category_info(c: TicketCategory) -> CategoryInfo:
    closes = "24:00" if c.closes in ("24:00", "") else c.closes
    return CategoryInfo(c.code, c.name, c.prefix, f"{c.opens}-{closes}", c.daily_cap, c.per_person_daily_cap,
                        c.sla_minutes, c.default_service_minutes, c.active)


def ticket_view(t: Ticket) -> TicketView:
    return TicketView(t.id, t.label, t.category, t.state, t.priority, t.priority_reason, t.name_masked,
                      t.issued_at, t.called_at, t.started_at, t.finished_at, t.appointment_at,
                      t.counter_number, t.clerk, t.recalls, t.outcome, t.person_id, t.rating)


"""Call-next reads a few candidates per calling rule, not the whole queue (issue 9): it must still call
exactly what the policy (domain.queueing.choose_next) chooses over every waiting ticket — with green
channel, service-level breaches, due appointments, requeued and transferred tickets mixed in, more of
each than one read of candidates holds. On SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert, select

from desktop.domain.queueing import CounterProfile, PolicySettings, WaitingTicket, choose_next
from desktop.services.base import hall_date
from desktop.services.calling import CANDIDATES
from desktop.store.queue_models import CounterState, Ticket, TicketCategory

HALL = "152900"


def _fill(hall, n: int, seed: int) -> None:
    rng = random.Random(seed)
    now = hall.clock()
    rows, numbers = [], {}
    for i in range(n):
        code = rng.choice("AABBD")
        numbers[code] = numbers.get(code, 0) + 1
        issued = now - timedelta(minutes=rng.uniform(0, 90))
        sort_at = issued
        r = rng.random()
        if r < 0.08:  # requeued a few places back, or transferred to the front
            sort_at = issued + timedelta(minutes=rng.uniform(-30, 30))
        rows.append(dict(
            hall_code=HALL, day=hall_date(now), series=code, category=code, number=numbers[code],
            label=f"{code}{numbers[code]:03d}", state="waiting", priority=rng.random() < 0.2,
            priority_reason="", name_masked="", sort_at=sort_at, issued_at=issued, recalls=0, requeues=0,
            outcome="", people_ahead=0, cases="", transferred_from="", note="", clerk="", rating_reason="",
            appointment_at=now + timedelta(minutes=rng.uniform(-20, 60)) if rng.random() < 0.1 else None,
            target_counter=rng.choice((1, 2)) if rng.random() < 0.05 else None))
    with hall.ctx.session_factory() as session, session.begin():
        session.execute(insert(Ticket.__table__), rows)


def _expected(hall, counter: int, categories: tuple[str, ...]) -> int | None:
    """choose_next over every waiting ticket of today, as call_next did before it read candidates."""
    now = hall.clock()
    with hall.ctx.session_factory() as session:
        rows = session.execute(select(
            Ticket.id, Ticket.category, Ticket.sort_at, Ticket.issued_at, Ticket.priority, Ticket.appointment_at,
            Ticket.target_counter).where(Ticket.hall_code == HALL, Ticket.state == "waiting",
                                         Ticket.day == hall_date(now))).all()
        sla = dict(session.execute(select(TicketCategory.code, TicketCategory.sla_minutes)
                                   .where(TicketCategory.hall_code == HALL)).all())
        streak = session.execute(select(CounterState.priority_streak).where(
            CounterState.hall_code == HALL, CounterState.counter_number == counter)).scalar_one()
    waiting = [WaitingTicket(*r) for r in rows]
    settings = PolicySettings(sla_minutes={r.category: sla[r.category] for r in waiting})
    choice = choose_next(waiting, CounterProfile(counter, categories), now, settings, streak)
    return choice.ticket.id if choice else None


def test_call_next_calls_what_the_policy_chooses_over_the_whole_queue(hall):
    s = hall.services
    for number, cats in ((1, "A"), (2, "A,B,D")):
        s.halls.save_counter(hall.admin, number, cats)
    s.auth.create_staff(hall.admin, "clerk", "clerk", "clerkpass1")
    clerks = {n: s.auth.login("clerk", "clerkpass1", counter=n) for n in (1, 2)}
    for actor in clerks.values():
        s.calling.open_counter(actor)
    _fill(hall, 12 * CANDIDATES, seed=9)
    reasons = set()
    for step in range(40):
        number = 1 + step % 2
        categories = ("A",) if number == 1 else ("A", "B", "D")
        expected = _expected(hall, number, categories)
        called = s.calling.call_next(clerks[number])
        assert (called.id if called else None) == expected, step
        if called is None:
            continue
        reasons.add(hall.services.audit.recent(hall.admin, limit=1)[0].detail.split()[-1])
        s.calling.finish(clerks[number])
        hall.clock.advance(minutes=3)
    assert len(reasons) >= 3  # several rules were exercised, not only first come first served


def test_the_counters_generic_plans_end_with_its_transaction(hall):
    """PostgreSQL: 叫号/办结's transaction plans once per connection (set_config(…, true) in the desk
    read); the connection goes back to the pool with the server's own choice of plans."""
    from sqlalchemy.orm import Session

    s = hall.services
    s.halls.save_counter(hall.admin, 1, "A")
    s.auth.create_staff(hall.admin, "clerk", "clerk", "clerkpass1")
    clerk = s.auth.login("clerk", "clerkpass1", counter=1)
    s.calling.open_counter(clerk)
    with hall.ctx.engine.connect() as conn:
        before = conn.exec_driver_sql("SHOW plan_cache_mode").scalar() if conn.dialect.name == "postgresql" else None
        conn.rollback()
        with Session(bind=conn) as session, session.begin():
            desk = s.calling._desk(session, clerk, None, 1)[1]
            inside = conn.exec_driver_sql("SHOW plan_cache_mode").scalar() \
                if conn.dialect.name == "postgresql" else None
        after = conn.exec_driver_sql("SHOW plan_cache_mode").scalar() if conn.dialect.name == "postgresql" else None
        conn.rollback()
    assert desk.number == 1 and desk.ticket_state is None  # no current ticket: nothing joined
    if hall.url.startswith("postgresql"):
        assert (before, inside, after) == ("auto", "force_generic_plan", "auto")

"""A year of demo tickets: simulated hall days with morning and afternoon peaks, service times per
category, about 5 % no-shows and realistic ratings. The volumes follow the seed (see demo.py)."""

from __future__ import annotations

import collections
import heapq
import math
import random
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.domain.queueing import CounterProfile, PolicySettings, WaitingTicket, choose_next
from desktop.domain.working_days import is_working_day
from desktop.services.base import HALL_ZONE
from desktop.services.demo_bulk import Staging, bare_dialect, prepare_rows
from desktop.store.engine import reading
from desktop.store.queue_models import Ticket, TicketCategory

# Yearly tickets per category at scale 1.0: A and B are the seed's vehicle and driver transactions;
# C (exam business) and D (enquiries) are our assumptions, stated here.
YEARLY = {"A": 132_847, "B": 24_363, "C": 3_600, "D": 12_000}
# Service minutes per category: lognormal (median, sigma) — vehicle cases take longest.
SERVICE = {"A": (5.5, 0.45), "B": (4.5, 0.45), "C": (3.0, 0.4), "D": (2.0, 0.5)}
NO_SHOW_RATE = 0.05
PRIORITY_RATE = 0.07
# Tickets a transaction: each copy holds SQLite's lock ~0.1 s, so the demo's main process, writing
# its vehicle cases meanwhile, seldom waits long (at 40,000 a copy it waited 0.5 s a time, 2.7 s
# in all), and a counter of the hall calling meanwhile hardly notices.
TICKET_BATCH = 10_000
LEFT_RATE = 0.01  # gave up and left before being called: expired at closing
RATINGS = [(4, 0.70), (3, 0.21), (2, 0.065), (1, 0.025)]
UNHAPPY_REASONS = ["等候时间太长", "材料要求没有一次说清", "窗口人员态度一般", "系统故障耽误时间"]
# Arrival density over the day (hall time): two peaks, quiet over lunch.
PEAKS = [(9.6, 0.75, 0.58), (15.1, 0.8, 0.42)]  # (hour, sd hours, share)
OPENS, CLOSES = 8.5, 17.25

Progress = Callable[[str, int, int], None]


def _arrival(rng: random.Random) -> float:
    while True:
        r, acc = rng.random(), 0.0
        for hour, sd, share in PEAKS:
            acc += share
            if r <= acc:
                h = rng.gauss(hour, sd)
                break
        if OPENS <= h <= CLOSES and not 12.0 <= h < 12.5 + rng.random():
            return h


def _at(day: date, hours: float) -> datetime:
    return datetime.combine(day, time(0), HALL_ZONE) + timedelta(hours=hours)


def simulate_day(rng: random.Random, day: date, counters: list[tuple[int, tuple[str, ...]]],
                 per_day: dict[str, float], hall_code: str, sla_minutes: dict[str, int]) -> list[dict]:
    """One day of a hall: arrivals, counters calling (appointments due and green channel first),
    service, no-shows, ratings. Returns rows for the tickets table."""
    arrivals = []
    for code, mean in per_day.items():
        n = max(0, int(rng.gauss(mean, math.sqrt(mean)) + 0.5))
        arrivals += [(_arrival(rng), code) for _ in range(n)]
    arrivals.sort()
    numbers = {code: 0 for code in per_day}
    tickets = []
    for hours, code in arrivals:
        numbers[code] += 1
        issued = _at(day, hours)
        tickets.append(dict(hall_code=hall_code, day=day, series=code, category=code, number=numbers[code],
                            label=f"{code}{numbers[code]:03d}", state="waiting",
                            priority=rng.random() < PRIORITY_RATE, name_masked="", sort_at=issued,
                            issued_at=issued, recalls=0, requeues=0, outcome="", cases="",
                            transferred_from="", note="", clerk="", rating_reason="", people_ahead=0,
                            called_at=None, first_called_at=None, started_at=None, finished_at=None,
                            counter_number=None, rating=None))
    for t in tickets:
        t["priority_reason"] = "age" if t["priority"] else ""
    # Counters call by the hall's own policy (domain.queueing), so the demo year is what the live
    # system would have done — and the wait estimator can be replayed against it honestly.
    settings = PolicySettings(sla_minutes=sla_minutes)
    free = [(_at(day, OPENS), number, CounterProfile(number, cats)) for number, cats in counters]
    heapq.heapify(free)
    streak = {number: 0 for number, _ in counters}
    # The waiting tickets per (category, green channel), in arrival order. Every demo ticket has
    # sort_at = issued_at, no appointment and no transfer, so the ticket choose_next takes from the
    # whole queue is always one of the heads (FCFS within each line, the longest waiting of a
    # category at one of its two heads): it is given the heads only.
    lines: dict[tuple[str, bool], collections.deque[WaitingTicket]] = {}
    heads_of = {number: [(c, p) for c in cats for p in (True, False)] for number, cats in counters}
    # A counter with nothing to call is parked until a ticket of its categories arrives; then the
    # lowest-numbered parked counter serving it wakes (the one that would call it first). Waking
    # every idle counter at every arrival, of any category, gave the same day and cost most of it.
    parked: dict[str, list[tuple[int, CounterProfile]]] = {code: [] for code in per_day}
    next_arrival = 0
    closing = _at(day, CLOSES + 0.5)
    while True:
        if next_arrival < len(tickets) and (not free or tickets[next_arrival]["issued_at"] <= free[0][0]):
            t = tickets[next_arrival]
            lines.setdefault((t["category"], t["priority"]), collections.deque()).append(
                WaitingTicket(next_arrival, t["category"], t["sort_at"], t["issued_at"], t["priority"]))
            next_arrival += 1
            idle = parked[t["category"]]
            if idle:
                number, profile = woken = min(idle)
                for code in profile.categories:
                    parked[code].remove(woken)
                heapq.heappush(free, (t["issued_at"], number, profile))
            continue
        if not free:
            break
        now, number, profile = heapq.heappop(free)
        heads = [line[0] for key in heads_of[number] if (line := lines.get(key))]
        choice = choose_next(heads, profile, now, settings, streak[number])
        if choice is None:
            if now < closing:
                for code in profile.categories:
                    parked[code].append((number, profile))
            continue
        lines[choice.ticket.category, choice.ticket.priority].popleft()
        streak[number] = choice.priority_streak
        t = tickets[choice.ticket.id]
        if rng.random() < LEFT_RATE:
            t.update(state="expired", outcome="expired")
            heapq.heappush(free, (now, number, profile))
            continue
        t.update(called_at=now, first_called_at=now, counter_number=number, clerk=f"clerk{(number - 1) % 6 + 1:02d}")
        if rng.random() < NO_SHOW_RATE:
            t.update(state="no_show", outcome="no_show", finished_at=now + timedelta(minutes=2.5),
                     recalls=rng.randint(1, 2))
            heapq.heappush(free, (now + timedelta(minutes=2.5), number, profile))
            continue
        median, sigma = SERVICE[t["category"]]
        start = now + timedelta(minutes=rng.uniform(0.3, 1.2))
        end = start + timedelta(minutes=min(median * math.exp(rng.gauss(0, sigma)), 60))
        r, acc, rating = rng.random(), 0.0, None
        if rng.random() < 0.8:
            for value, share in RATINGS:
                acc += share
                if r <= acc:
                    rating = value
                    break
        t.update(state="finished", outcome="served", started_at=start, finished_at=end, rating=rating,
                 rating_reason=rng.choice(UNHAPPY_REASONS) if rating == 1 else "")
        heapq.heappush(free, (end + timedelta(minutes=rng.uniform(0.1, 0.6)), number, profile))
    for t in tickets:
        if t["state"] == "waiting":
            t.update(state="expired", outcome="expired")
    return tickets


def add_year_of_tickets(session_factory: sessionmaker[Session], hall_code: str, year: int, scale: float,
                        counters: list[tuple[int, tuple[str, ...]]], rng: random.Random,
                        until: date | None = None, progress: Progress | None = None) -> int:
    """Simulate every working day of `year` (up to `until`, exclusive) that has no tickets yet."""
    plan = ticket_year_plan(session_factory, hall_code, year, until)
    if plan is None:
        return 0
    days, done, sla = plan
    seeded = ticket_day_seeds(rng.getstate(), days)
    for _ in days:
        rng.random()  # as the seeds were drawn: the caller's stream goes on where it would have
    return add_ticket_days(session_factory, hall_code, scale, counters, seeded, len(days), done, sla, progress)


def dialect_name(session_factory: sessionmaker[Session]) -> str:
    with session_factory() as session:
        return session.get_bind().dialect.name


def ticket_year_plan(session_factory: sessionmaker[Session], hall_code: str, year: int,
                     until: date | None) -> tuple[list[date], set[date], dict[str, int]] | None:
    """What the simulation needs from the database: the year's working days, those that have tickets
    already, and the categories' SLA minutes. None: no day to simulate."""
    days = [d for d in (date(year, 1, 1) + timedelta(n) for n in range(366))
            if d.year == year and (until is None or d < until) and is_working_day(d)]
    if not days:
        return None
    with reading(session_factory) as session:
        done = set(session.execute(select(Ticket.day).where(Ticket.hall_code == hall_code).distinct()).scalars())
        sla = dict(session.execute(select(TicketCategory.code, TicketCategory.sla_minutes).where(
            TicketCategory.hall_code == hall_code)).all())
    return days, done, sla


def ticket_day_seeds(rng_state, days: list[date]) -> list[tuple[date, float]]:
    """Each day's own stream (its seed), drawn from the demo's stream for every day, done or not: the
    same seed gives the same year, whichever days are simulated (simulate_ticket_days)."""
    rng = random.Random()
    rng.setstate(rng_state)
    return [(day, rng.random()) for day in days]


def simulate_ticket_days(hall_code: str, scale: float, counters: list[tuple[int, tuple[str, ...]]],
                         seeded: list[tuple[date, float]], days_in_year: int, done: set[date], sla: dict[str, int],
                         dialect: str) -> Iterator[tuple[date, tuple]]:
    """The days of `seeded` not done, simulated one at a time as they are taken, their rows prepared
    for `dialect` (demo_bulk.prepare_rows). Reads and writes nothing."""
    per_day = {code: n * scale / days_in_year for code, n in YEARLY.items()}
    bind = bare_dialect(dialect)
    return (_day_rows(day, seed, counters, per_day, hall_code, sla, bind) for day, seed in seeded if day not in done)


def _day_rows(day: date, seed: float, counters, per_day: dict[str, float], hall_code: str, sla: dict[str, int],
              bind) -> tuple[date, tuple]:
    """One day simulated from its own stream, its rows prepared for `bind`'s dialect."""
    return day, prepare_rows(Ticket.__table__, simulate_day(random.Random(seed), day, counters, per_day, hall_code, sla),
                             bind)


def add_ticket_days(session_factory: sessionmaker[Session], hall_code: str, scale: float,
                    counters: list[tuple[int, tuple[str, ...]]], seeded: list[tuple[date, float]], days_in_year: int,
                    done: set[date], sla: dict[str, int], progress: Progress | None = None) -> int:
    """The days of `seeded` not done, simulated and written; how many tickets. The demo year runs it
    in its helper process (demo_helper.py), on a connection of the helper's own: the tickets table is
    written by nothing else there, so its rows are the same whichever process writes them, and
    whenever. Run again after it was stopped, it writes the days not written yet: the same rows."""
    simulated = simulate_ticket_days(hall_code, scale, counters, seeded, days_in_year, done, sla,
                                     dialect_name(session_factory))
    return write_ticket_days(session_factory, hall_code, simulated, sum(day not in done for day, _ in seeded),
                             days_in_year, progress)


def write_ticket_days(session_factory: sessionmaker[Session], hall_code: str, simulated: Iterable[tuple[date, tuple]],
                      count: int, total_days: int, progress: Progress | None = None) -> int:
    """The `count` days of `simulated` staged as they come (demo_bulk.Staging: the demo's main
    process writes meanwhile, and waits for SQLite's lock only while they are copied, not while
    they are simulated and bound), and written TICKET_BATCH tickets or so a transaction, each day
    whole or not at all: the copies spread over the simulation, not bunched at its end; how many
    tickets the days have. A day that has tickets by now was written by an earlier attempt at the
    same days (a helper process that died after a commit): it is counted, not written again — the
    simulated days are all before today, so none can have the hall's own.

    Not the ORM's bulk insert: it split the rows by which columns are None (172k tickets became
    ~68,700 small executes)."""
    progress = progress or (lambda *_: None)
    with reading(session_factory) as session:
        done = set(session.execute(select(Ticket.day).where(Ticket.hall_code == hall_code).distinct()).scalars())
    added, staged = 0, 0
    with Staging(session_factory) as staging:
        def copy() -> int:
            with staging.transaction() as session:
                return staging.copy(session, Ticket.__table__)

        for k, (day, prepared) in enumerate(simulated):
            if day in done:
                added += len(prepared[-1])
            else:
                staged += staging.put(Ticket.__table__, prepared)
            if staged >= TICKET_BATCH:
                added += copy()
                staged = 0
                progress("ticket days", total_days - count + k + 1, total_days)
        if staged:
            added += copy()
    progress("ticket days", total_days, total_days)
    return added

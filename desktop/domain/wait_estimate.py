"""Estimated wait (预计等候时间) printed on a ticket slip — a promise to a person, so it is measured.

`estimate_wait` plays the hall forward from now with the real calling policy
(queueing.choose_next) and expected service times, until the ticket is called. A single
division (people ahead × service time ÷ counters) misses what decides real waits in a hall: the
2:1 green-channel interleave, appointments falling due, service-level breaches reordering shared
counters, counter preferences, the person already at each window, a counter back from lunch.
Playing the policy forward gets them all by construction and stays right when the policy changes.
The parts:

- **service time per category**: a robust mean of the recent samples of that category (finished
  in the last `WINDOW`, at most `MAX_SAMPLES` of the latest; the latest `MIN_SAMPLES`, however
  old, in a quiet hour). A mean, not a median: a queue drains at the mean rate and service times
  are right-skewed (a median under-promises by ~10 % on lognormal times). Gross errors — a ticket
  left open over lunch, a no-show closed at once — are dropped first (outside ¼…4 × the median),
  and the mean is shrunk towards the office's default with the weight of `PRIOR_SAMPLES`
  samples, so three odd services early in the morning do not swing the promise.
- **turnaround**: the minutes a counter loses between one person leaving and the next starting
  (the call, the walk), the median gap between consecutive samples of the same counter.
- **counters**: each one free after what remains of its current service (expected − elapsed, at
  least `RESIDUAL_FLOOR` of the expected time: someone over time is usually nearly done), keeping
  its stored priority streak, and calling nobody during its pauses (`away`: the lunch rota, a
  pause now with its expected end). Without the rota an estimate made before lunch is short by
  the capacity that leaves at noon — the largest error the replay found.
- **people who will still overtake**: green-channel walk-ins at the rate of the last hour, and
  booked appointments not yet checked in, arriving when due at `SHOW_RATE`.

Everything is plain data, so the same function replays recorded days (tools/replay_estimator.py
measures its error). `estimate_minutes` is the coarse fallback from summary numbers only.
Pure: `now` is passed in; nothing is read from a clock.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from desktop.domain.queueing import CounterProfile, PolicySettings, WaitingTicket, choose_next

WINDOW = timedelta(minutes=60)
MAX_SAMPLES = 30
MIN_SAMPLES = 10  # fewer in the window: take the latest ones, however old
PRIOR_SAMPLES = 3  # weight of the office's default service time, in samples
OUTLIER_FACTOR = 4.0
DEFAULT_TURNAROUND = 0.5  # minutes between one person leaving and the next starting, until measured
MAX_TURNAROUND = 5.0  # a longer gap is an idle counter, not a turnaround
RESIDUAL_FLOOR = 0.25  # a person over their expected time still needs this share of it
SHOW_RATE = 0.9  # share of booked appointments that turn up — measure it per office
HORIZON = 240.0  # minutes of future green-channel arrivals played forward
MAX_FUTURE = 300  # bound on the green-channel arrivals played forward, whatever rate is passed
MAX_STEPS = 5_000  # bound on the playback (no hall has this many people ahead)


@dataclass(frozen=True)
class ServiceSample:
    """One finished service: its category, the counter, when it started and finished."""

    category: str
    started_at: datetime
    finished_at: datetime
    counter: int


@dataclass(frozen=True)
class CounterNow:
    """A counter that is open, or paused and coming back: what it serves and what it is doing.

    Closed counters are left out. `away` lists its pauses, now or planned, as (from, until): a
    counter paused now until 13:00 is `((now, 13:00),)`; one on the 12:00–13:00 lunch rota is
    `((12:00, 13:00),)`. A person at the window is finished before the counter goes.
    """

    profile: CounterProfile
    busy_category: str | None = None  # category of the ticket called or being served now
    busy_since: datetime | None = None  # when that ticket was called
    priority_streak: int = 0  # as stored for choose_next
    away: tuple[tuple[datetime, datetime], ...] = ()  # pauses (from, until), now or planned


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def robust_mean(values: Sequence[float], default: float, prior: float = PRIOR_SAMPLES) -> float:
    """Mean after dropping values ≤ 0 or outside ¼…4 × the median, shrunk towards default."""
    values = [v for v in values if v > 0]
    if not values:
        return float(default)
    mid = median(values)
    kept = [v for v in values if mid / OUTLIER_FACTOR <= v <= mid * OUTLIER_FACTOR]
    return (sum(kept) + prior * default) / (len(kept) + prior)


def service_minutes(category: str, now: datetime, recent: Sequence[ServiceSample], default: float) -> float:
    """Expected minutes of service of one person of this category, from samples finished by now."""
    done = sorted((s for s in recent if s.category == category and s.started_at < s.finished_at <= now),
                  key=lambda s: s.finished_at)
    window = [s for s in done if s.finished_at >= now - WINDOW][-MAX_SAMPLES:]
    chosen = window if len(window) >= MIN_SAMPLES else done[-MIN_SAMPLES:]
    return robust_mean([_minutes(s.finished_at - s.started_at) for s in chosen], default)


def turnaround_minutes(now: datetime, recent: Sequence[ServiceSample]) -> float:
    """Median gap between consecutive services at the same counter in the last `WINDOW`."""
    by_counter: dict[int, list[ServiceSample]] = {}
    for s in recent:
        if now - WINDOW <= s.finished_at <= now:
            by_counter.setdefault(s.counter, []).append(s)
    gaps = []
    for samples in by_counter.values():
        samples.sort(key=lambda s: s.started_at)
        for prev, nxt in zip(samples, samples[1:]):
            gap = _minutes(nxt.started_at - prev.finished_at)
            if 0 <= gap <= MAX_TURNAROUND:
                gaps.append(gap)
    return median(gaps) if gaps else DEFAULT_TURNAROUND


def _overtakers(now: datetime, categories: set[str], priority_per_hour: Mapping[str, float],
                booked: Sequence[tuple[str, datetime]], early_minutes: int) -> list[tuple[float, WaitingTicket]]:
    """Tickets not issued yet that will join the queue: (minutes from now, ticket), negative ids."""
    future: list[tuple[float, WaitingTicket]] = []
    next_id = -1
    for category, per_hour in sorted(priority_per_hour.items()):
        if per_hour <= 0 or category not in categories:
            continue
        step = 60 / per_hour
        minute = step / 2
        while minute < HORIZON and len(future) < MAX_FUTURE:
            at = now + timedelta(minutes=minute)
            future.append((minute, WaitingTicket(next_id, category, at, at, True)))
            next_id, minute = next_id - 1, minute + step
    credit = 0.0  # expected show-ups: every booking adds SHOW_RATE, a whole one becomes a ticket
    for category, slot in sorted(booked, key=lambda b: (b[1], b[0])):
        if category not in categories:
            continue
        credit += SHOW_RATE
        if credit < 0.5:
            continue
        credit -= 1
        minute = max(_minutes(slot - now) - early_minutes, 0.0)
        at = now + timedelta(minutes=minute)
        future.append((minute, WaitingTicket(next_id, category, at, at, False, appointment_at=slot)))
        next_id -= 1
    future.sort(key=lambda f: (f[0], -f[1].id))
    return future


def estimate_wait(*, ticket: WaitingTicket, waiting: Sequence[WaitingTicket], counters: Sequence[CounterNow],
                  now: datetime, recent: Sequence[ServiceSample], defaults_minutes: Mapping[str, float],
                  settings: PolicySettings, priority_per_hour: Mapping[str, float] | None = None,
                  booked: Sequence[tuple[str, datetime]] = (), no_show_share: float = 0.0,
                  no_show_minutes: float = 2.0) -> timedelta | None:
    """Expected time from now until `ticket` is called, rounded to whole minutes.

    ticket, waiting     the ticket and every waiting ticket of the hall (with or without it)
    counters            open counters, and paused ones with their `away`; closed ones left out
    recent              finished services (a day or two is plenty; older ones are ignored)
    defaults_minutes    the office's service time per category, used until samples exist
    settings            the calling policy in force
    priority_per_hour   green-channel tickets issued per category in the last hour
    booked              (category, time) of today's appointments not yet checked in and not lapsed
    no_show_share       share of recent calls that ended as no-shows (过号); such a call costs the
                        counter only `no_show_minutes` (the wait before a no-show may be marked)
    Returns None when no counter here may call the ticket — there is no honest number to print.
    """
    if not any(c.profile.may_call(ticket) for c in counters):
        return None
    pending = [t for t in waiting if t.id != ticket.id] + [ticket]
    categories = {x for c in counters for x in c.profile.categories} | {t.category for t in pending}
    busy = {c.busy_category for c in counters if c.busy_category is not None}
    fallback = float(defaults_minutes.get(ticket.category, 5.0))
    service = {x: service_minutes(x, now, recent, float(defaults_minutes.get(x, fallback)))
               for x in categories | busy}
    gap = turnaround_minutes(now, recent)
    absent = min(max(no_show_share, 0.0), 1.0)
    per_call = {x: (1 - absent) * (m + gap) + absent * no_show_minutes for x, m in service.items()}
    future = _overtakers(now, categories, priority_per_hour or {}, booked, settings.appointment_early_minutes)

    heap: list[tuple[float, int]] = []  # (minutes from now when free, index)
    streaks = [c.priority_streak for c in counters]
    for i, c in enumerate(counters):
        free = 0.0
        if c.busy_category is not None and c.busy_since is not None:
            expected = service[c.busy_category] + gap
            elapsed = max(_minutes(now - c.busy_since), 0.0)
            free = max(expected - elapsed, RESIDUAL_FLOOR * expected)
        heap.append((free, i))
    heapq.heapify(heap)

    joined = 0
    for _ in range(MAX_STEPS):
        if not heap:
            break
        minute, i = heapq.heappop(heap)
        counter = counters[i]
        at = now + timedelta(minutes=minute)
        back = next((until for start, until in counter.away if start <= at < until), None)
        if back is not None:
            heapq.heappush(heap, (_minutes(back - now), i))
            continue
        while joined < len(future) and future[joined][0] <= minute:
            pending.append(future[joined][1])
            joined += 1
        choice = choose_next(pending, counter.profile, at, settings, streaks[i])
        if choice is None:  # idle until someone it may call joins, if anyone will
            later = next((m for m, t in future[joined:] if counter.profile.may_call(t)), None)
            if later is not None:
                heapq.heappush(heap, (later, i))
            continue
        if choice.ticket.id == ticket.id:
            return timedelta(minutes=int(minute + 0.5))
        pending.remove(choice.ticket)
        streaks[i] = choice.priority_streak
        heapq.heappush(heap, (minute + per_call[choice.ticket.category], i))
    return None  # not reached for a callable ticket: its counter calls it once the rest are served


def estimate_minutes(*, people_ahead: int, service_minutes: Sequence[float], default_service_minutes: float,
                     counter_shares: Sequence[int]) -> int | None:
    """The coarse estimate from summary numbers: durations of recent services of the category
    (minutes) and, per open counter serving it, how many categories that counter serves (it gives
    this one 1/k of its time). With nothing known about the people at the windows, each counter
    is taken as half-way through a service. None when no open counter serves the category."""
    shares = [1 / k for k in counter_shares if k and k > 0]
    if not shares:
        return None
    per_person = robust_mean(list(service_minutes), float(default_service_minutes))
    heap = [(per_person / 2, per_person / share, i) for i, share in enumerate(shares)]
    heapq.heapify(heap)
    for _ in range(max(people_ahead, 0)):
        at, per, i = heapq.heappop(heap)
        heapq.heappush(heap, (at + per, per, i))
    return int(heap[0][0] + 0.5)

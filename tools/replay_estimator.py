"""Replay the wait estimator against simulated hall days and report its error per category.

    .venv/bin/python tools/replay_estimator.py [--days 10] [--seed 2026] [--loads 1.0,1.15,1.25]

A seeded, self-contained simulation of a 车管所 hall day (08:30 until the last ticket is called;
tickets until 16:30) with a morning and an afternoon peak, a staggered lunch rota, green-channel
tickets, checked-in appointments (and booked ones that never come), no-shows at the window, a
walk to the window, and lognormal service times:

    A 机动车 ~8 min, B 驾驶证 ~6 min, C 考试 ~4 min, D 咨询 ~3 min   (mean; p90 ≈ 1.7 × median)

Counters call with the real policy (queueing.choose_next). At every issue the estimator is asked
for the wait with only what the hall knows at that moment (`Snapshot`, lunch rota included); the
real wait is the time until the ticket is first called. The report gives per category — all
tickets, and normal walk-ins only — the median and 90th-percentile absolute error and the median
signed error (+ = the slip promised a longer wait than it was), for `estimate_wait` and, for
comparison, the coarse `estimate_minutes` (people ahead ÷ counter shares). `--loads` scales the
arrival rates: 1.0 an ordinary day, 1.15 a busy one, 1.25 an overloaded one.

The snapshot is plain data: a replay against recorded tickets rebuilds it from the ticket table at
each issued_at (waiting = issued before and first called after; samples = finished before) and
calls `estimate(snapshot)`. Exit status 0 when every median error is under 5 minutes.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.domain.queueing import (  # noqa: E402
    CounterProfile,
    PolicySettings,
    WaitingTicket,
    choose_next,
    position_in_queue,
)
from desktop.domain.wait_estimate import CounterNow, ServiceSample, estimate_minutes, estimate_wait  # noqa: E402

HALL_TZ = timezone(timedelta(hours=8))
CATEGORIES = ("A", "B", "C", "D")
MEAN_SERVICE = {"A": 8.0, "B": 6.0, "C": 4.0, "D": 3.0}  # minutes
SIGMA = 0.5  # lognormal shape
DEFAULTS = {"A": 8.0, "B": 6.0, "C": 4.0, "D": 3.0}  # what the office configured (the estimator's prior)
BASE_RATE = {"A": 24.0, "B": 16.0, "C": 15.0, "D": 14.0}  # arrivals per hour at profile 1.0, load 1.0
PRIORITY_SHARE = 0.10
APPOINTMENT_SHARE = {"A": 0.15, "B": 0.10, "C": 0.35, "D": 0.0}
NO_SHOW = 0.03  # called and not there: the counter waits 2 minutes, then calls the next
APPOINTMENT_NO_SHOW = 0.10  # booked and never checked in
APPOINTMENT_LATE = timedelta(minutes=15)  # after this a booking no longer counts as coming
SETTINGS = PolicySettings(priority_ratio=2, appointment_early_minutes=15,
                          sla_minutes={"A": 30, "B": 30, "C": 20, "D": 15})
# (number, categories, weights, lunch hour start or None): A×4, B×2, B+C, C, D, one 综合窗口 preferring D
COUNTERS = [
    (1, ("A",), {}, 12.0), (2, ("A",), {}, 13.0), (3, ("A",), {}, None), (4, ("A",), {}, 12.0),
    (5, ("B",), {}, 12.0), (6, ("B",), {}, 13.0), (7, ("B", "C"), {}, None),
    (8, ("C",), {}, 12.0), (9, ("D",), {}, 13.0), (10, ("A", "B", "C", "D"), {"D": 2}, None),
]
# arrival profile (from hour, to hour, multiplier): morning peak, lunch dip, afternoon peak
PROFILE = [(8.5, 9.0, 0.8), (9.0, 11.0, 1.5), (11.0, 12.0, 1.0), (12.0, 13.5, 0.5),
           (13.5, 14.5, 0.9), (14.5, 16.0, 1.35), (16.0, 16.5, 0.6)]
OPEN, LAST_TICKET = 8.5, 16.5


@dataclass(frozen=True)
class Snapshot:
    """Everything the estimator is given at one issue: plain data."""

    ticket: WaitingTicket
    waiting: tuple[WaitingTicket, ...]
    counters: tuple[CounterNow, ...]
    now: datetime
    recent: tuple[ServiceSample, ...]
    priority_per_hour: dict[str, float]
    booked: tuple[tuple[str, datetime], ...]


@dataclass
class Observation:
    snapshot: Snapshot
    actual: float | None = None  # minutes until first called
    estimate: float | None = None
    coarse: float | None = None


@dataclass
class Counter:
    profile: CounterProfile
    lunch: float | None
    streak: int = 0
    busy_category: str | None = None
    busy_since: datetime | None = None
    idle: bool = True

    def open_at(self, hour: float) -> bool:
        return self.lunch is None or not self.lunch <= hour < self.lunch + 1.0


@dataclass(order=True)
class Event:
    at: datetime
    seq: int
    kind: str = field(compare=False)
    data: tuple = field(compare=False, default=())


def _profile(hour: float) -> float:
    return next((m for a, b, m in PROFILE if a <= hour < b), 0.0)


def simulate_day(rng: random.Random, day: datetime, load: float = 1.0) -> list[Observation]:
    """One hall day; returns an observation per ticket with the snapshot taken at its issue."""
    def at(hour: float) -> datetime:
        return day + timedelta(hours=hour)

    events: list[Event] = []
    seq = iter(range(10 ** 9))
    bookings: list[list] = []  # [category, slot, checked in]
    peak = max(m for *_, m in PROFILE)
    for category in CATEGORIES:  # non-homogeneous Poisson arrivals, by thinning
        rate = BASE_RATE[category] * load
        hour = OPEN
        while True:
            hour += rng.expovariate(rate * peak)
            if hour >= LAST_TICKET:
                break
            if rng.random() >= _profile(hour) / peak:
                continue
            slot = None
            if rng.random() < APPOINTMENT_SHARE[category]:
                slot = at(math.ceil((hour + rng.uniform(0.0, 0.4)) * 6) / 6)  # booked on a 10-min grid
                bookings.append([category, slot, False])
                if rng.random() < APPOINTMENT_NO_SHOW / (1 - APPOINTMENT_NO_SHOW):
                    bookings.append([category, slot, False])  # someone else booked it and never comes
            heapq.heappush(events, Event(at(hour), next(seq), "arrive",
                                         (category, rng.random() < PRIORITY_SHARE, slot)))
    counters = {n: Counter(CounterProfile(n, cats, w), lunch) for n, cats, w, lunch in COUNTERS}
    for c in counters.values():
        if c.lunch is not None:
            heapq.heappush(events, Event(at(c.lunch + 1.0), next(seq), "back", (c.profile.number,)))

    waiting: dict[int, WaitingTicket] = {}
    issued: list[WaitingTicket] = []
    observations: dict[int, Observation] = {}
    samples: list[ServiceSample] = []
    ids = iter(range(1, 10 ** 9))

    def hour_of(t: datetime) -> float:
        return (t - day).total_seconds() / 3600

    def call(c: Counter, now: datetime) -> None:
        c.busy_category = c.busy_since = None
        if not c.open_at(hour_of(now)):
            c.idle = True
            return
        choice = choose_next(list(waiting.values()), c.profile, now, SETTINGS, c.streak)
        if choice is None:
            c.idle = True
            return
        t = choice.ticket
        del waiting[t.id]
        observations[t.id].actual = (now - t.issued_at).total_seconds() / 60
        c.streak, c.idle, c.busy_category, c.busy_since = choice.priority_streak, False, t.category, now
        if rng.random() < NO_SHOW:
            heapq.heappush(events, Event(now + timedelta(minutes=2), next(seq), "free", (c.profile.number,)))
            return
        started = now + timedelta(minutes=rng.uniform(0.3, 1.2))
        mean = MEAN_SERVICE[t.category]
        finished = started + timedelta(minutes=rng.lognormvariate(math.log(mean) - SIGMA ** 2 / 2, SIGMA))
        heapq.heappush(events, Event(finished, next(seq), "free", (c.profile.number, t.category, started)))

    def snapshot(ticket: WaitingTicket, now: datetime) -> Snapshot:
        hour = hour_of(now)
        board = tuple(CounterNow(c.profile, c.busy_category, c.busy_since, c.streak,
                                 () if c.lunch is None else ((at(c.lunch), at(c.lunch + 1.0)),))
                      for c in counters.values())
        per_hour = {x: float(sum(1 for t in issued if t.category == x and t.priority
                                 and now - t.issued_at <= timedelta(hours=1))) for x in CATEGORIES}
        booked = tuple((x, slot) for x, slot, checked_in in bookings
                       if not checked_in and slot + APPOINTMENT_LATE > now)
        return Snapshot(ticket, tuple(waiting.values()), board, now, tuple(samples), per_hour, booked)

    while events:
        event = heapq.heappop(events)
        now = event.at
        if event.kind == "arrive":
            category, priority, slot = event.data
            ticket = WaitingTicket(next(ids), category, now, now, priority, slot)
            if slot is not None:
                next(b for b in bookings if b[0] == category and b[1] == slot and not b[2])[2] = True
            waiting[ticket.id] = ticket
            issued.append(ticket)
            observations[ticket.id] = Observation(snapshot(ticket, now))
            for c in counters.values():
                if c.idle:
                    call(c, now)
        elif event.kind == "free":
            c = counters[event.data[0]]
            if len(event.data) == 3:
                samples.append(ServiceSample(event.data[1], event.data[2], now, c.profile.number))
            call(c, now)
        elif event.kind == "back":
            c = counters[event.data[0]]
            if c.idle:
                call(c, now)
    assert not waiting, "the simulated hall left tickets uncalled"
    return list(observations.values())


def estimate(s: Snapshot) -> float | None:
    """The estimator under test, on one snapshot (minutes)."""
    wait = estimate_wait(ticket=s.ticket, waiting=s.waiting, counters=s.counters, now=s.now, recent=s.recent,
                         defaults_minutes=DEFAULTS, settings=SETTINGS, priority_per_hour=s.priority_per_hour,
                         booked=s.booked, no_show_share=NO_SHOW)
    return None if wait is None else wait.total_seconds() / 60


def coarse(s: Snapshot) -> float | None:
    """The baseline: people ahead × robust service time ÷ counter shares (open counters only)."""
    category = s.ticket.category
    durations = [(x.finished_at - x.started_at).total_seconds() / 60 for x in s.recent[-200:]
                 if x.category == category][-30:]
    shares = [len(c.profile.categories) for c in s.counters
              if category in c.profile.categories and not any(a <= s.now < b for a, b in c.away)]
    minutes = estimate_minutes(people_ahead=position_in_queue(s.waiting, s.ticket.id, settings=SETTINGS),
                               service_minutes=durations, default_service_minutes=DEFAULTS[category],
                               counter_shares=shares)
    return None if minutes is None else float(minutes)


def quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    pos = q * (len(values) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def errors(observations: list[Observation], attr: str) -> dict[str, float]:
    rows = [o for o in observations if getattr(o, attr) is not None]
    diffs = [getattr(o, attr) - o.actual for o in rows]
    return {"p50": quantile([abs(d) for d in diffs], 0.5), "p90": quantile([abs(d) for d in diffs], 0.9),
            "bias": quantile(diffs, 0.5), "none": len(observations) - len(rows)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--days", type=int, default=10, help="simulated days per load")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--loads", default="1.0,1.15,1.25", help="arrival-rate multipliers, comma-separated")
    args = parser.parse_args(argv)
    worst = 0.0
    print("minutes; |err| = |estimate − real wait|; bias = median(estimate − real wait)")
    for load in (float(x) for x in args.loads.split(",")):
        rng = random.Random(f"{args.seed}/{load}")
        observations: list[Observation] = []
        for d in range(args.days):
            observations.extend(simulate_day(rng, datetime(2026, 3, 2, tzinfo=HALL_TZ) + timedelta(days=d), load))
        for o in observations:
            o.estimate, o.coarse = estimate(o.snapshot), coarse(o.snapshot)
        print(f"\nload {load}: {args.days} days, seed {args.seed}, {len(observations)} tickets")
        print("        all tickets of the category                     |    normal walk-ins only")
        print("cat     n  wait p50  p90 | estimate_wait |err| p50  p90  bias | coarse p50  p90  bias"
              " |    n  wait p50 | estimate p50  p90 | coarse p50  p90")
        for category in CATEGORIES:
            rows = [o for o in observations if o.snapshot.ticket.category == category]
            plain = [o for o in rows if not o.snapshot.ticket.priority and o.snapshot.ticket.appointment_at is None]
            e, c = errors(rows, "estimate"), errors(rows, "coarse")
            pe, pc = errors(plain, "estimate"), errors(plain, "coarse")
            worst = max(worst, e["p50"])
            print(f"{category}  {len(rows):5d}  {quantile([o.actual for o in rows], .5):8.1f} "
                  f"{quantile([o.actual for o in rows], .9):4.0f} |"
                  f"              {e['p50']:9.1f} {e['p90']:4.1f} {e['bias']:+5.1f} |"
                  f" {c['p50']:10.1f} {c['p90']:4.1f} {c['bias']:+5.1f} |"
                  f" {len(plain):4d}  {quantile([o.actual for o in plain], .5):8.1f} |"
                  f" {pe['p50']:12.1f} {pe['p90']:4.1f} | {pc['p50']:10.1f} {pc['p90']:4.1f}")
    print(f"\nworst median error of estimate_wait: {worst:.1f} min (target < 5)")
    return 0 if worst < 5 else 1


if __name__ == "__main__":
    sys.exit(main())

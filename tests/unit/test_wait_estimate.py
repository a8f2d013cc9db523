"""Wait estimate: the arithmetic, the edge cases, and exactness when the hall is deterministic."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import ValidationError
from desktop.domain.queueing import CounterProfile, PolicySettings, WaitingTicket, choose_next
from desktop.domain.wait_estimate import (
    DEFAULT_TURNAROUND,
    CounterNow,
    ServiceSample,
    estimate_minutes,
    estimate_wait,
    robust_mean,
    service_minutes,
    turnaround_minutes,
)

HYPOTHESIS = settings(max_examples=150, deadline=None, database=None)
HALL = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=HALL)
DEFAULTS = {"A": 8.0, "B": 6.0, "C": 4.0, "D": 3.0}
POLICY = PolicySettings()
GAP = DEFAULT_TURNAROUND  # 0.5: no samples, so the default turnaround


def whole(minutes: float) -> int:
    """Rounded as the estimate is: to the nearest minute, halves up."""
    return int(minutes + 0.5)


def ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def walk_in(id: int, minutes_ago: float, cat: str = "A", prio: bool = False, appt: datetime | None = None,
            ) -> WaitingTicket:
    return WaitingTicket(id, cat, ago(minutes_ago), ago(minutes_ago), prio, appt)


def counter(number: int, *cats: str, busy: str | None = None, since: float | None = None,
            away: tuple[float, float] | None = None, weights: dict | None = None) -> CounterNow:
    pause = () if away is None else ((NOW + timedelta(minutes=away[0]), NOW + timedelta(minutes=away[1])),)
    return CounterNow(CounterProfile(number, cats or ("A",), weights or {}), busy,
                      None if since is None else ago(since), 0, pause)


def wait(ticket: WaitingTicket, waiting: list[WaitingTicket], counters: list[CounterNow], **kwargs) -> float | None:
    kwargs.setdefault("recent", [])
    result = estimate_wait(ticket=ticket, waiting=waiting, counters=counters, now=NOW, defaults_minutes=DEFAULTS,
                           settings=kwargs.pop("policy", POLICY), **kwargs)
    if result is not None:
        assert result.total_seconds() % 60 == 0  # whole minutes
        return result.total_seconds() / 60
    return None


def samples(cat: str, minutes: list[float], *, counter: int = 1, gap: float = 1.0, end: float = 0.0,
            ) -> list[ServiceSample]:
    """Back-to-back services at one counter, the last finishing `end` minutes ago."""
    out, finish = [], ago(end)
    for m in reversed(minutes):
        start = finish - timedelta(minutes=m)
        out.append(ServiceSample(cat, start, finish, counter))
        finish = start - timedelta(minutes=gap)
    return out[::-1]


# --- service time and turnaround ---------------------------------------------------------------

def test_robust_mean():
    assert robust_mean([], 8) == 8
    assert robust_mean([0, -3], 8) == 8
    assert robust_mean([6, 6, 6], 9) == pytest.approx((18 + 3 * 9) / 6)
    assert robust_mean([6, 6, 6, 180], 9) == pytest.approx((18 + 3 * 9) / 6)  # left open over lunch
    assert robust_mean([6, 6, 6, 0.5], 9) == pytest.approx((18 + 3 * 9) / 6)  # a no-show closed at once
    assert robust_mean([6] * 30, 9, prior=0) == 6


def test_service_time_from_the_last_hour():
    recent = samples("A", [5] * 11, gap=0) + samples("A", [2] * 5, end=120)  # the old fast ones are ignored
    assert service_minutes("A", NOW, recent, 8) == pytest.approx((55 + 3 * 8) / 14)


def test_service_time_in_a_quiet_hour_takes_the_latest_however_old():
    recent = samples("A", [12] * 4, end=90) + samples("A", [6] * 10, end=200)
    # fewer than 10 in the hour: the latest 10 (4 × 12 + 6 × 6), shrunk towards the default
    assert service_minutes("A", NOW, recent, 8) == pytest.approx((48 + 36 + 24) / 13)


def test_service_time_ignores_the_future_other_categories_and_broken_samples():
    recent = samples("A", [20] * 12, end=-300) + samples("B", [20] * 12) + [
        ServiceSample("A", ago(5), ago(10), 1)]  # finished before it started
    assert service_minutes("A", NOW, recent, 8) == 8


def test_turnaround():
    assert turnaround_minutes(NOW, []) == DEFAULT_TURNAROUND
    recent = samples("A", [5] * 4, gap=2.0, counter=1) + samples("B", [5] * 4, gap=1.0, counter=2)
    assert turnaround_minutes(NOW, recent) == 1.5  # median of 2, 2, 2, 1, 1, 1
    idle = samples("A", [5, 5], gap=40.0)  # an idle counter is not a turnaround
    assert turnaround_minutes(NOW, idle) == DEFAULT_TURNAROUND


# --- estimate_wait ---------------------------------------------------------------------------

def test_no_counter_may_call_it():
    me = walk_in(1, 0, "C")
    assert wait(me, [me], []) is None
    assert wait(me, [me], [counter(1, "A", "B")]) is None
    transferred = WaitingTicket(2, "A", NOW, NOW, False, None, 7)
    assert wait(transferred, [transferred], [counter(1, "A")]) is None
    assert wait(transferred, [transferred], [counter(7, "C")]) == 0


def test_an_idle_counter_and_nobody_ahead():
    me = walk_in(1, 0)
    assert wait(me, [me], [counter(1)]) == 0
    assert wait(me, [], [counter(1)]) == 0  # the ticket need not be in `waiting`


def test_people_ahead_at_one_counter():
    ahead = [walk_in(i, 10 - i) for i in range(1, 5)]
    me = walk_in(9, 0)
    assert wait(me, ahead + [me], [counter(1)]) == 4 * (8 + GAP)


def test_two_counters_share_the_line():
    ahead = [walk_in(i, 10 - i) for i in range(1, 5)]
    me = walk_in(9, 0)
    assert wait(me, ahead + [me], [counter(1), counter(2)]) == 2 * (8 + GAP)


def test_residual_of_the_person_at_the_window():
    me = walk_in(1, 0)
    assert wait(me, [me], [counter(1, busy="A", since=2)]) == 7  # 8.5 − 2 = 6.5 → 7 (half up)
    assert wait(me, [me], [counter(1, busy="B", since=1)]) == 6  # B: 6.5 − 1 = 5.5 → 6
    assert wait(me, [me], [counter(1, busy="X", since=1)]) == 8  # an unknown category: this one's default
    assert wait(me, [me], [counter(1, busy="A", since=60)]) == 2  # over time: a quarter of 8.5 is left
    assert wait(me, [me], [counter(1, busy="A", since=60), counter(2)]) == 0


def test_a_counter_back_from_lunch():
    me = walk_in(1, 0)
    assert wait(me, [me], [counter(1, away=(-30, 25))]) == 25
    assert wait(me, [me], [counter(1, away=(-30, 25)), counter(2, busy="A", since=0)]) == 9


def test_the_lunch_rota_ahead():
    ahead = [walk_in(i, 10 - i) for i in range(1, 4)]
    me = walk_in(9, 0)
    # calls at 0, 8.5 and 17; the break starts at 20, so the counter calls again at 60
    assert wait(me, ahead + [me], [counter(1, away=(20, 60))]) == 60
    assert wait(me, ahead + [me], [counter(1, away=(30, 60))]) == whole(3 * (8 + GAP))
    # the person at the window when the break starts is finished first; the break does not stretch it
    assert wait(me, [me], [counter(1, busy="A", since=0, away=(5, 40))]) == 40


def test_samples_replace_the_default():
    recent = samples("A", [10] * 12, gap=1.0)
    ahead = [walk_in(i, 10 - i) for i in range(1, 3)]
    me = walk_in(9, 0)
    per_person = (120 + 3 * 8) / 15 + 1.0  # robust mean + the measured turnaround
    assert wait(me, ahead + [me], [counter(1)], recent=recent) == round(2 * per_person)


def test_no_shows_cost_the_counter_less():
    ahead = [walk_in(i, 10 - i) for i in range(1, 3)]
    me = walk_in(9, 0)
    # half the calls end as a no-show after 2 minutes: 0.5 × 8.5 + 0.5 × 2 = 5.25 a call
    assert wait(me, ahead + [me], [counter(1)], no_show_share=0.5) == whole(2 * 5.25)
    assert wait(me, ahead + [me], [counter(1)], no_show_share=-1) == 2 * (8 + GAP)  # nonsense: clamped


def test_the_policy_decides_who_is_ahead():
    line = [walk_in(1, 20), walk_in(2, 15), walk_in(3, 1, prio=True)]
    me_normal, me_priority = walk_in(9, 0), walk_in(8, 0, prio=True)
    one = [counter(1)]
    # a normal ticket: the priority one, then the two normal ones; a priority ticket: just the priority one
    assert wait(me_normal, line + [me_normal], one) == whole(3 * (8 + GAP))
    assert wait(me_priority, line + [me_priority], one) == whole(8 + GAP)
    # a shared counter takes an earlier B ticket first; one preferring A does not
    b_first = [walk_in(5, 10, "B"), walk_in(9, 0, "A")]
    assert wait(b_first[1], b_first, [counter(1, "A", "B")]) == whole(6 + GAP)
    assert wait(b_first[1], b_first, [counter(1, "A", "B", weights={"A": 2})]) == 0


def test_green_channel_arrivals_overtake_a_normal_ticket_only():
    line = [walk_in(i, 30 - i) for i in range(1, 4)]
    me, me_priority = walk_in(9, 0), walk_in(8, 0, prio=True)
    base = wait(me, line + [me], [counter(1)])
    busy = wait(me, line + [me], [counter(1)], priority_per_hour={"A": 12})  # one every 5 minutes
    assert base == whole(3 * (8 + GAP)) and busy > base
    assert wait(me_priority, line + [me_priority], [counter(1)], priority_per_hour={"A": 12}) == 0
    assert wait(me, line + [me], [counter(1)], priority_per_hour={"B": 12}) == base  # another category


def test_booked_appointments_overtake_when_due():
    line = [walk_in(i, 30 - i) for i in range(1, 3)]
    me = walk_in(9, 0)
    base = wait(me, line + [me], [counter(1)])
    # due 15 minutes before its time: at minute 5, so it goes before the second person ahead
    assert base == 2 * (8 + GAP)
    assert wait(me, line + [me], [counter(1)], booked=[("A", NOW + timedelta(minutes=20))]) == whole(base + 8 + GAP)
    assert wait(me, line + [me], [counter(1)], booked=[("A", NOW + timedelta(hours=3))]) == base


def test_an_appointment_is_called_when_due():
    me = walk_in(1, 0, appt=NOW + timedelta(minutes=40))
    line = [walk_in(i, 30 - i) for i in range(2, 8)]  # six ahead: 51 minutes by arrival
    assert wait(me, line + [me], [counter(1)]) == whole(3 * (8 + GAP))  # due at 25, called at the next call
    assert wait(me, [me], [counter(1)]) == 0  # not due yet, but nobody else waits: called as a walk-in


def test_naive_now_is_refused():
    me = walk_in(1, 0)
    with pytest.raises(ValidationError):
        estimate_wait(ticket=me, waiting=[me], counters=[counter(1)], now=NOW.replace(tzinfo=None), recent=[],
                      defaults_minutes=DEFAULTS, settings=POLICY)


@st.composite
def quiet_halls(draw):
    """A hall where nothing random happens: services take exactly the default + the turnaround."""
    counters = [CounterProfile(i + 1, tuple(draw(st.lists(st.sampled_from("ABCD"), min_size=1, max_size=4,
                                                           unique=True))))
                for i in range(draw(st.integers(1, 4)))]
    served = sorted({x for c in counters for x in c.categories})
    rows = draw(st.lists(st.tuples(st.integers(0, 90), st.sampled_from(served), st.booleans()), max_size=25))
    waiting = [walk_in(i, minutes_ago, cat, prio) for i, (minutes_ago, cat, prio) in enumerate(rows, start=1)]
    policy = PolicySettings(priority_ratio=draw(st.integers(1, 3)),
                            sla_minutes=draw(st.dictionaries(st.sampled_from("ABCD"), st.integers(5, 60))))
    return counters, waiting, policy


@HYPOTHESIS
@given(quiet_halls())
def test_exact_when_the_hall_is_deterministic(hall):
    counters, waiting, policy = hall
    # play the hall: each counter calls when free; the earliest-free, lowest-numbered first
    free = {c.number: 0.0 for c in counters}
    streak = {c.number: 0 for c in counters}
    called: dict[int, float] = {}
    left = list(waiting)
    while left:
        number = min(free, key=lambda n: (free[n], n))
        profile = next(c for c in counters if c.number == number)
        choice = choose_next(left, profile, NOW + timedelta(minutes=free[number]), policy, streak[number])
        if choice is None:
            free[number] = float("inf")
            continue
        called[choice.ticket.id] = free[number]
        left.remove(choice.ticket)
        streak[number] = choice.priority_streak
        free[number] += DEFAULTS[choice.ticket.category] + GAP
    board = [CounterNow(c) for c in counters]
    for t in waiting:
        estimate = wait(t, waiting, board, policy=policy)
        assert abs(estimate - called[t.id]) <= 0.5
    # in a one-category hall, one more person ahead never shortens a wait (with several categories it
    # can: list scheduling's anomaly — the extra ticket changes which counter takes which)
    single = [CounterNow(CounterProfile(c.number, ("A",))) for c in counters]
    line = [WaitingTicket(t.id, "A", t.sort_at, t.issued_at, t.priority) for t in waiting]
    for t in line[:5]:
        extra = walk_in(999, 200, "A")
        assert wait(t, line + [extra], single, policy=policy) >= wait(t, line, single, policy=policy)


# --- estimate_minutes (summary numbers only) ---------------------------------------------------

def test_coarse_estimate():
    assert estimate_minutes(people_ahead=3, service_minutes=[], default_service_minutes=8, counter_shares=[]) is None
    assert estimate_minutes(people_ahead=0, service_minutes=[], default_service_minutes=8, counter_shares=[1]) == 4
    assert estimate_minutes(people_ahead=2, service_minutes=[], default_service_minutes=8, counter_shares=[1]) == 20
    # a counter serving two categories gives this one half its time
    assert estimate_minutes(people_ahead=1, service_minutes=[], default_service_minutes=8, counter_shares=[2]) == 20
    assert estimate_minutes(people_ahead=3, service_minutes=[6.0] * 30, default_service_minutes=8,
                            counter_shares=[1, 1]) == round(6.2 / 2 + 6.2)

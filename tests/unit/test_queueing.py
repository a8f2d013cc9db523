"""Calling policy: each rule, their precedence, the 2:1 starvation fix, and a simulated hall."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import NotFoundError, ValidationError
from desktop.domain.queueing import (
    REASONS,
    Choice,
    CounterProfile,
    PolicySettings,
    WaitingTicket,
    choose_next,
    position_in_queue,
    ranking,
)

HYPOTHESIS = settings(max_examples=150, deadline=None, database=None)
HALL = timezone(timedelta(hours=8))
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=HALL)
NOW = 60  # minutes after T0 in the table cases
SLA = PolicySettings(sla_minutes={"A": 30, "B": 30, "D": 15})


def at(minute: float) -> datetime:
    return T0 + timedelta(minutes=minute)


def ticket(id: int, minute: float, cat: str = "A", *, prio: bool = False, issued: float | None = None,
           appt: float | None = None, target: int | None = None) -> WaitingTicket:
    return WaitingTicket(id, cat, at(minute), at(minute if issued is None else issued), prio,
                         None if appt is None else at(appt), target)


ABD = CounterProfile(3, ("A", "B", "D"))
ONLY_A = CounterProfile(3, ("A",))
PREFERS_D = CounterProfile(3, ("A", "B", "D"), {"D": 2})

# (name, waiting, counter, settings, streak in, expected id, reason, streak out)
CASES = [
    # 4. first come first served, then id
    ("fcfs", [ticket(1, 20), ticket(2, 10), ticket(3, 30)], ABD, PolicySettings(), 0, 2, "normal", 0),
    ("fcfs across categories", [ticket(1, 20, "B"), ticket(2, 10, "D")], ABD, PolicySettings(), 0, 2, "normal", 0),
    ("same sort_at: lower id", [ticket(7, 10), ticket(5, 10)], ABD, PolicySettings(), 0, 5, "normal", 0),
    ("counter weight beats arrival", [ticket(1, 10, "A"), ticket(2, 50, "D")], PREFERS_D, PolicySettings(), 0,
     2, "normal", 0),
    ("category not served is skipped", [ticket(1, 10, "C"), ticket(2, 20, "A")], ABD, PolicySettings(), 0,
     2, "normal", 0),
    # 0. transferred to this counter goes first, whatever else waits
    ("transferred first", [ticket(1, 5, prio=True), ticket(2, 40, appt=NOW), ticket(3, 50, target=3),
                           ticket(4, 0, issued=-60)], ABD, SLA, 0, 3, "transferred", 0),
    ("transferred to another counter is not ours", [ticket(1, 5, target=9), ticket(2, 20)], ABD,
     PolicySettings(), 0, 2, "normal", 0),
    ("transferred regardless of category", [ticket(1, 5, "C", target=3), ticket(2, 1)], ABD,
     PolicySettings(), 0, 1, "transferred", 0),
    ("two transfers: first come first", [ticket(1, 30, target=3), ticket(2, 20, target=3)], ABD,
     PolicySettings(), 0, 2, "transferred", 0),
    # 1. due appointments, earliest booked time first
    ("due appointment before sla breach and priority", [ticket(1, 0, issued=-60), ticket(2, 1, prio=True),
                                                        ticket(3, 50, appt=NOW + 10)], ABD, SLA, 0,
     3, "appointment", 0),
    ("appointment exactly at the early edge is due", [ticket(1, 0), ticket(2, 50, appt=NOW + 15)], ABD,
     PolicySettings(), 0, 2, "appointment", 0),
    ("appointment not yet due waits like a walk-in", [ticket(1, 40), ticket(2, 30, appt=NOW + 16)], ABD,
     PolicySettings(), 0, 2, "normal", 0),
    ("not-yet-due appointment after a walk-in", [ticket(1, 20), ticket(2, 30, appt=NOW + 16)], ABD,
     PolicySettings(), 0, 1, "normal", 0),
    ("earliest appointment first, not earliest check-in", [ticket(1, 10, appt=NOW + 5), ticket(2, 40, appt=NOW)],
     ABD, PolicySettings(), 0, 2, "appointment", 0),
    ("late appointment is still due", [ticket(1, 10), ticket(2, 40, appt=NOW - 20)], ABD, PolicySettings(), 0,
     2, "appointment", 0),
    ("priority appointment extends the streak", [ticket(1, 10), ticket(2, 40, prio=True, appt=NOW)], ABD,
     PolicySettings(), 2, 2, "appointment", 3),
    # 2. service-level breach, furthest over first, on the real issue time
    ("sla breach beats priority", [ticket(1, 45, prio=True), ticket(2, 50, issued=29)], ABD, SLA, 0,
     2, "sla_breach", 0),
    # A waited 40 of 30 (10 over), D waited 30 of 15 (15 over): the later D is further over
    ("furthest over first across categories", [ticket(1, 20, "A"), ticket(2, 30, "D")], ABD, SLA, 0,
     2, "sla_breach", 0),
    ("furthest over first beats counter weight", [ticket(1, 20, "A"), ticket(2, 40, "D")], PREFERS_D, SLA, 0,
     1, "sla_breach", 0),
    ("exactly at the target is not a breach", [ticket(1, 35, prio=True), ticket(2, 30)], ABD, SLA, 0,
     1, "priority", 1),
    ("an earlier sort_at does not make a breach", [ticket(1, 40, prio=True), ticket(2, 0, issued=55)],
     ABD, SLA, 0, 1, "priority", 1),
    ("a transfer to the front keeps its real issue time", [ticket(1, 10), ticket(2, 50, issued=0)],
     ABD, SLA, 0, 2, "sla_breach", 0),
    ("no target for the category, no breach", [ticket(1, 5, "C", prio=True), ticket(2, 0, "C")],
     CounterProfile(3, ("C",)), SLA, 0, 1, "priority", 1),
    # 3. priority / normal interleave
    ("priority before normal", [ticket(1, 10), ticket(2, 20, prio=True)], ABD, PolicySettings(), 0,
     2, "priority", 1),
    ("second priority in a row", [ticket(1, 10), ticket(2, 20, prio=True)], ABD, PolicySettings(), 1,
     2, "priority", 2),
    ("ratio reached: a normal ticket", [ticket(1, 10), ticket(2, 20, prio=True)], ABD, PolicySettings(), 2,
     1, "normal", 0),
    ("ratio 1 alternates", [ticket(1, 10), ticket(2, 20, prio=True)], ABD, PolicySettings(priority_ratio=1), 1,
     1, "normal", 0),
    ("ratio 3", [ticket(1, 10), ticket(2, 20, prio=True)], ABD, PolicySettings(priority_ratio=3), 2,
     2, "priority", 3),
    ("no normal waiting: priority, streak does not grow", [ticket(2, 20, prio=True), ticket(3, 25, prio=True)],
     ABD, PolicySettings(), 2, 2, "priority", 0),
    ("a normal ticket of a category not served does not count", [ticket(1, 10, "C"), ticket(2, 20, prio=True)],
     ABD, PolicySettings(), 0, 2, "priority", 0),
    ("a normal ticket transferred elsewhere does not count", [ticket(1, 10, target=8), ticket(2, 20, prio=True)],
     ABD, PolicySettings(), 5, 2, "priority", 0),
    ("a garbage streak counts as 0", [ticket(1, 10), ticket(2, 20, prio=True)], ABD, PolicySettings(), -4,
     2, "priority", 1),
    ("priority among priority: weight, then arrival", [ticket(1, 10, "A", prio=True), ticket(2, 20, "D", prio=True)],
     PREFERS_D, PolicySettings(), 0, 2, "priority", 0),
]


@pytest.mark.parametrize(("name", "waiting", "counter", "policy", "streak", "expected", "reason", "streak_out"),
                         CASES, ids=[c[0] for c in CASES])
def test_rule(name, waiting, counter, policy, streak, expected, reason, streak_out):
    choice = choose_next(waiting, counter, at(NOW), policy, streak)
    assert choice == Choice(next(t for t in waiting if t.id == expected), reason, streak_out)


def test_nothing_to_call():
    assert choose_next([], ABD, at(NOW), PolicySettings(), 0) is None
    assert choose_next([ticket(1, 10, "C"), ticket(2, 10, target=4)], ABD, at(NOW), PolicySettings(), 0) is None


def test_naive_time_is_refused():
    with pytest.raises(ValidationError) as err:
        choose_next([ticket(1, 10)], ABD, datetime(2026, 3, 2, 10, 0), PolicySettings(), 0)
    assert err.value.field == "now"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"priority_ratio": 0}, "priority_ratio"),
    ({"priority_ratio": 1.5}, "priority_ratio"),
    ({"appointment_early_minutes": -1}, "appointment_early_minutes"),
    ({"sla_minutes": {"A": 0}}, "sla_minutes"),
])
def test_settings_are_checked(kwargs, field):
    with pytest.raises(ValidationError) as err:
        PolicySettings(**kwargs)
    assert err.value.field == field
    assert err.value.message_zh and err.value.message_en


def test_profiles_and_settings_are_read_only():
    weights = {"D": 2}
    profile = CounterProfile(3, ["A", "D"], weights)
    weights["D"] = 9
    assert profile.categories == ("A", "D") and profile.weight("D") == 2 and profile.weight("A") == 1
    with pytest.raises(TypeError):
        profile.weights["A"] = 5  # type: ignore[index]


# --- position in the queue -------------------------------------------------------------------

def test_position_of_a_normal_ticket_counts_the_interleave():
    waiting = [ticket(i, i) for i in range(1, 4)] + [ticket(10 + i, 50 + i, prio=True) for i in range(10)]
    waiting.append(ticket(99, 40))
    # 3 normal before it, and 2 × (3 + 1) = 8 of the 10 priority tickets
    assert position_in_queue(waiting, 99) == 11
    assert position_in_queue(waiting, 99, settings=PolicySettings(priority_ratio=1)) == 7


def test_position_of_a_priority_ticket():
    waiting = [ticket(i, i) for i in range(1, 6)] + [ticket(10 + i, 10 + i, prio=True) for i in range(3)]
    waiting.append(ticket(99, 40, prio=True))
    assert position_in_queue(waiting, 99) == 3 + 1  # 3 priority before it, one normal let in after two
    assert position_in_queue(waiting, 10) == 0


def test_position_counts_appointments_and_transfers_ahead_and_ignores_other_categories():
    waiting = [ticket(1, 10, appt=NOW + 30), ticket(2, 20, appt=NOW), ticket(3, 5, target=4),
               ticket(4, 1, "B"), ticket(5, 2, "B", prio=True), ticket(6, 30)]
    assert position_in_queue(waiting, 6) == 3  # two appointments and the transfer
    assert position_in_queue(waiting, 1) == 2  # the transfer and the earlier booking
    assert position_in_queue(waiting, 2) == 1
    assert position_in_queue(waiting, 3) == 0
    assert position_in_queue(waiting, 4) == 1  # the green-channel B ticket goes first
    assert position_in_queue(waiting, 5) == 0


def test_position_of_an_unknown_ticket():
    with pytest.raises(NotFoundError):
        position_in_queue([ticket(1, 1)], 2)


# --- a simulated hall ------------------------------------------------------------------------

@dataclass(frozen=True)
class Call:
    minute: float
    counter: int
    choice: Choice
    waiting: tuple[WaitingTicket, ...]  # as it was just before the call


def run_hall(arrivals: list[tuple[float, WaitingTicket]], counters: list[CounterProfile], policy: PolicySettings,
             seed: int) -> list[Call]:
    """Counters call with choose_next until every ticket is called; service takes 1–12 minutes."""
    rng = random.Random(seed)
    pending = sorted(arrivals, key=lambda a: (a[0], a[1].id))
    waiting: list[WaitingTicket] = []
    free_at = {c.number: 0.0 for c in counters}
    streaks = {c.number: 0 for c in counters}
    calls: list[Call] = []
    for _ in range(20 * (len(arrivals) + 1) * len(counters)):  # a finite bound: no livelock
        if not pending and not waiting:
            return calls
        number = min(free_at, key=lambda n: (free_at[n], n))
        minute = free_at[number]
        next_arrival = pending[0][0] if pending else float("inf")
        if next_arrival <= minute:
            while pending and pending[0][0] <= next_arrival:
                waiting.append(pending.pop(0)[1])
            continue
        assert minute != float("inf"), f"stuck: nobody may call {waiting}"
        profile = next(c for c in counters if c.number == number)
        choice = choose_next(waiting, profile, T0 + timedelta(minutes=minute), policy, streaks[number])
        if choice is None:
            free_at[number] = next_arrival
            continue
        calls.append(Call(minute, number, choice, tuple(waiting)))
        waiting.remove(choice.ticket)
        streaks[number] = choice.priority_streak
        free_at[number] = minute + rng.randint(1, 12)
    raise AssertionError("the hall did not empty in finite steps")


CATS = ("A", "B", "C", "D")


@st.composite
def halls(draw, *, one_counter: bool = False):
    """Counters (or one counter serving A) and a stream of arrivals: priority, appointments, transfers.

    Hypothesis draws the shape (sizes, mix, settings, a seed); a seeded generator fills it in —
    much cheaper than drawing every ticket, and shrinking still reduces the size and the mix."""
    rng = random.Random(draw(st.integers(0, 2 ** 32)))
    if one_counter:
        counters = [CounterProfile(1, ("A",))]
    else:
        counters = [CounterProfile(n, tuple(rng.sample(CATS, rng.randint(1, 4))),
                                   {x: rng.randint(1, 3) for x in rng.sample(CATS, rng.randint(0, 2))})
                    for n in range(1, draw(st.integers(1, 4)) + 1)]
    plain = one_counter and draw(st.booleans())  # walk-ins only: the setting of the plain ratio guarantee
    served = sorted({x for c in counters for x in c.categories})
    size = draw(st.integers(0, 40))
    share_priority, share_appt, share_transfer = (draw(st.sampled_from([0.0, 0.2, 0.5, 0.9])) for _ in range(3))
    arrivals = []
    for i in range(1, size + 1):
        minute = rng.randint(0, 120)
        appt = target = None
        if not plain and rng.random() < share_appt:
            appt = at(minute + rng.randint(-10, 40))
        if not plain and rng.random() < share_transfer:
            target = rng.choice(counters).number
        sort_at = at(minute - rng.randint(0, 30)) if target is not None else at(minute)
        arrivals.append((float(minute), WaitingTicket(i, rng.choice(served), sort_at, at(minute),
                                                      rng.random() < share_priority, appt, target)))
    sla = {} if plain or not draw(st.booleans()) else {x: rng.randint(5, 60) for x in rng.sample(CATS, 3)}
    policy = PolicySettings(priority_ratio=draw(st.integers(1, 3)),
                            appointment_early_minutes=draw(st.sampled_from([0, 15, 30])), sla_minutes=sla)
    return arrivals, counters, policy, rng.randint(0, 2 ** 32), plain


def _expected_reason(call: Call, profile: CounterProfile, policy: PolicySettings) -> str:
    """The rule that must have fired, read off the waiting tickets independently of the code."""
    now = T0 + timedelta(minutes=call.minute)
    mine = [t for t in call.waiting if t.target_counter == profile.number
            or (t.target_counter is None and t.category in profile.categories)]
    if any(t.target_counter is not None for t in mine):
        return "transferred"
    if any(t.appointment_at is not None
           and t.appointment_at - timedelta(minutes=policy.appointment_early_minutes) <= now for t in mine):
        return "appointment"
    if any(t.category in policy.sla_minutes
           and now - t.issued_at > timedelta(minutes=policy.sla_minutes[t.category]) for t in mine):
        return "sla_breach"
    return "priority" if call.choice.ticket.priority else "normal"


@HYPOTHESIS
@given(halls(), st.randoms(use_true_random=False))
def test_a_hall_day(hall, shuffler):
    arrivals, counters, policy, seed, _ = hall
    calls = run_hall(arrivals, counters, policy, seed)
    # (a) no starvation: everyone is called, once, in finite steps (run_hall bounds them)
    assert sorted(c.choice.ticket.id for c in calls) == sorted(t.id for _, t in arrivals)
    profiles = {c.number: c for c in counters}
    for call in calls:
        t, profile = call.choice.ticket, profiles[call.counter]
        # (c) never a category it does not serve (unless transferred to it), never another counter's transfer
        if t.target_counter is None:
            assert t.category in profile.categories
        else:
            assert t.target_counter == call.counter
        assert call.choice.reason in REASONS
        assert call.choice.reason == _expected_reason(call, profile, policy)
        assert call.choice.priority_streak >= 0
    # (d) deterministic, and independent of the order the store returns the waiting tickets in
    assert run_hall(arrivals, counters, policy, seed) == calls
    for call in calls[::5]:
        shuffled = list(call.waiting)
        shuffler.shuffle(shuffled)
        now = T0 + timedelta(minutes=call.minute)
        for streak in (0, policy.priority_ratio):
            assert choose_next(shuffled, profiles[call.counter], now, policy, streak) == \
                choose_next(list(call.waiting), profiles[call.counter], now, policy, streak)


def _priority_runs_seen_by_normal_tickets(calls: list[Call]) -> list[list[Call]]:
    """For each normal ticket, the runs of consecutive priority calls made while it waited."""
    runs = []
    for i, call in enumerate(calls):
        if call.choice.ticket.priority:
            continue
        run: list[Call] = []
        for earlier in calls[:i]:
            if call.choice.ticket not in earlier.waiting:
                continue  # it had not arrived yet
            if earlier.choice.ticket.priority:
                run.append(earlier)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    return runs


@HYPOTHESIS
@given(halls(one_counter=True))
def test_one_counter_the_ratio_holds(hall):
    arrivals, counters, policy, seed, plain = hall
    calls = run_hall(arrivals, counters, policy, seed)
    for run in _priority_runs_seen_by_normal_tickets(calls):
        # (b) walk-ins only: no normal ticket sees more than `priority_ratio` priority calls in a row;
        # with appointments and transfers, only those can stretch a run — green-channel calls stay within it
        assert sum(1 for c in run if c.choice.reason == "priority") <= policy.priority_ratio
        if plain:
            assert len(run) <= policy.priority_ratio
    if plain:
        # everyone already waiting: position_in_queue is exactly the number of calls before the ticket
        waiting = [t for _, t in arrivals]
        order, left, streak = [], list(waiting), 0
        while left:
            choice = choose_next(left, counters[0], at(0), policy, streak)
            order.append(choice.ticket.id)
            left.remove(choice.ticket)
            streak = choice.priority_streak
        for t in waiting:
            assert position_in_queue(waiting, t.id, settings=policy) == order.index(t.id)


def _chosen_one_by_one(waiting, counter, now, policy, streak) -> list[Choice]:
    """choose_next again and again, each time without the ticket it chose: what ranking promises."""
    left, chosen = list(waiting), []
    while (choice := choose_next(left, counter, now, policy, streak)) is not None:
        chosen.append(choice)
        left = [t for t in left if t.id != choice.ticket.id]
    return chosen


@HYPOTHESIS
@given(halls(), st.integers(-1, 4), st.integers(0, 160), st.randoms(use_true_random=False))
def test_ranking_is_choose_next_again_and_again(hall, streak, minute, shuffler):
    arrivals, counters, policy, _, _ = hall
    waiting = [t for _, t in arrivals]
    shuffler.shuffle(waiting)  # (the order given changes nothing)
    for counter in counters:
        expected = _chosen_one_by_one(waiting, counter, at(minute), policy, streak)
        assert list(ranking(waiting, counter, at(minute), policy, streak)) == expected


def test_ranking_in_the_table_cases():
    for _, waiting, counter, policy, streak, *_ in CASES:
        assert list(ranking(waiting, counter, at(NOW), policy, streak)) == \
            _chosen_one_by_one(waiting, counter, at(NOW), policy, streak)


def test_ranking_refuses_a_naive_time():
    with pytest.raises(ValidationError):
        next(ranking([ticket(1, 5)], ABD, datetime(2026, 3, 2, 9), PolicySettings(), 0))

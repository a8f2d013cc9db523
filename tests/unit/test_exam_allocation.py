"""考试预约排序分配: seats go earliest session first, best rank first, never past capacity, and every
request that gets none is told why."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.exams import Allocation, Refusal, RequestView, SlotView, allocate, fits, slot_order

MON = date(2026, 6, 8)
DAY = timedelta(days=1)
HYPOTHESIS = settings(max_examples=200, deadline=None, database=None)
ALWAYS = lambda req, slot: None  # noqa: E731


def slot(id: int, day: date = MON, half: str = "am", *, site: str = "A", subject: str = "2",
         classes=("C1", "C2"), capacity: int = 2, booked: int = 0) -> SlotView:
    return SlotView(id, site, day, half, subject, frozenset(classes), capacity, booked)


def req(id: int, rank: int = 0, *, candidate: int | None = None, subject: str = "2", cls: str = "C1",
        sites: tuple[str, ...] = (), first: date = MON, last: date = MON + 6 * DAY) -> RequestView:
    return RequestView(id, id if candidate is None else candidate, subject, cls, sites, first, last, (rank,))


def test_best_rank_gets_the_earliest_session():
    slots = [slot(2, MON + DAY, capacity=1), slot(1, MON, "pm", capacity=1), slot(3, MON, "am", capacity=1)]
    out = allocate(slots, [req(10, 3), req(11, 1), req(12, 2), req(13, 4)], ALWAYS)
    assert out.assigned == {11: 3, 12: 1, 10: 2}
    assert out.refused[13].code == "sessions_full"
    assert out.refused[13].zh and out.refused[13].en


def test_ties_go_to_the_lower_request_id_and_booked_seats_count():
    out = allocate([slot(1, capacity=3, booked=1)], [req(7, 0), req(5, 0), req(6, 0)], ALWAYS)
    assert out.assigned == {5: 1, 6: 1}
    assert out.refused[7].code == "sessions_full"


def test_overbooked_session_takes_nobody():
    out = allocate([slot(1, capacity=2, booked=3)], [req(1)], ALWAYS)
    assert out.assigned == {} and out.refused[1].code == "sessions_full"


@pytest.mark.parametrize("request_", [
    req(1, subject="3"), req(1, cls="B2"), req(1, sites=("B",)), req(1, first=MON + DAY),
    req(1, last=MON - DAY)])
def test_no_session_when_nothing_fits(request_):
    out = allocate([slot(1)], [request_], ALWAYS)
    assert out.assigned == {} and out.refused[1].code == "no_session"


def test_sites_filter_and_empty_means_any():
    slots = [slot(1, site="A", capacity=1), slot(2, site="B", capacity=1)]
    out = allocate(slots, [req(1, 0, sites=("B",)), req(2, 1)], ALWAYS)
    assert out.assigned == {1: 2, 2: 1}


def test_eligibility_refusal_is_reported_when_every_fitting_session_refuses():
    too_late = Refusal("booking_closed", "预约已截止", "Booking is closed")
    waiting = Refusal("wait_not_over", "未满", "Wait")
    slots = [slot(1, MON), slot(2, MON + DAY)]

    def eligible(r: RequestView, s: SlotView) -> Refusal | None:
        if r.id == 1:
            return too_late if s.id == 1 else waiting
        return too_late if s.id == 1 else None

    out = allocate(slots, [req(1), req(2)], eligible)
    assert out.assigned == {2: 2}
    assert out.refused == {1: too_late}  # the first session's reason


def test_refused_by_an_early_session_but_seated_in_a_later_one():
    slots = [slot(1, MON, capacity=1), slot(2, MON + DAY, capacity=1)]
    out = allocate(slots, [req(1, 0), req(2, 1)], lambda r, s: Refusal("x", "x", "x") if r.id == 1 and s.id == 1
                   else None)
    assert out.assigned == {2: 1, 1: 2}


def test_full_beats_a_refusal_when_one_session_was_possible():
    slots = [slot(1, MON, capacity=1), slot(2, MON + DAY, capacity=1)]
    out = allocate(slots, [req(1, 0), req(2, 1), req(3, 2)],
                   lambda r, s: Refusal("x", "x", "x") if r.id == 3 and s.id == 2 else None)
    assert out.refused[3].code == "sessions_full"


def test_one_seat_per_candidate_and_subject():
    slots = [slot(1, site="A"), slot(2, site="B"), slot(3, subject="3", classes=("C1",))]
    requests = [req(1, 0, candidate=9, sites=("A",)), req(2, 1, candidate=9, sites=("B",)),
                req(3, 2, candidate=9, subject="3")]
    out = allocate(slots, requests, ALWAYS)
    assert out.assigned == {1: 1, 3: 3}
    assert out.refused[2].code == "candidate_seated"


def test_eligible_is_asked_once_per_pair():
    calls: list[tuple[int, int]] = []

    def eligible(r: RequestView, s: SlotView) -> Refusal | None:
        calls.append((r.id, s.id))
        return Refusal("x", "x", "x") if r.id == 2 else None

    allocate([slot(1, capacity=1), slot(2, MON + DAY, capacity=1)], [req(1), req(2), req(3)], eligible)
    assert len(calls) == len(set(calls))


def test_empty_inputs():
    assert allocate([], [], ALWAYS) == Allocation({}, {})
    assert allocate([slot(1)], [], ALWAYS) == Allocation({}, {})
    assert allocate([], [req(1)], ALWAYS).refused[1].code == "no_session"


def test_five_thousand_requests_over_sixty_sessions():
    """Scale, not speed (the figure is in tests/benchmarks/bench_exams.py): every request answered."""
    rng = random.Random(7)
    subjects = ("1", "2", "3", "3s")
    slots = [SlotView(i, f"S{i % 3}", MON + (i // 8) * DAY, ("am", "pm")[i % 2], subjects[i % 4],
                      frozenset({"C1", "C2", "B2"}), 80, rng.randrange(10)) for i in range(60)]
    requests = [RequestView(i, i, rng.choice(subjects), rng.choice(("C1", "C2", "B2")),
                            () if rng.random() < .5 else (f"S{rng.randrange(3)}",),
                            MON + rng.randrange(5) * DAY, MON + rng.randrange(5, 10) * DAY,
                            (rng.randrange(100_000),)) for i in range(5000)]
    out = allocate(slots, requests, lambda r, s: None if (r.id + s.id) % 7 else Refusal("x", "x", "x"))
    assert len(out.assigned) + len(out.refused) == 5000
    assert 0 < len(out.assigned) <= sum(s.capacity - s.booked for s in slots)


# -- properties -----------------------------------------------------------------------------------

@st.composite
def problems(draw):
    """Hypothesis draws the shape (sizes, how crowded, how strict); a seeded generator fills it in —
    far cheaper than drawing every field, and the seed still replays a failure."""
    n_slots, n_requests = draw(st.integers(0, 6)), draw(st.integers(0, 14))
    candidates, density = draw(st.integers(1, 6)), draw(st.sampled_from((0.0, 0.2, 0.5, 0.9)))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    slots = [SlotView(i + 1, rng.choice("AB"), MON + rng.randrange(4) * DAY, rng.choice(("am", "pm")),
                      rng.choice(("1", "2")), frozenset(rng.sample(("C1", "B2"), rng.randint(1, 2))),
                      rng.randint(1, 3), rng.randint(0, 4)) for i in range(n_slots)]
    requests = []
    for i in range(n_requests):
        first = MON + rng.randrange(4) * DAY
        requests.append(RequestView(
            100 + i, rng.randint(1, candidates), rng.choice(("1", "2")), rng.choice(("C1", "B2")),
            tuple(rng.sample("AB", rng.randint(0, 2))), first, first + rng.randint(-1, 3) * DAY,
            (rng.randint(0, 4),)))
    refused = frozenset((r.id, s.id) for r in requests for s in slots if rng.random() < density)
    return slots, requests, refused


def eligibility(refused: frozenset[tuple[int, int]]):
    def eligible(r: RequestView, s: SlotView) -> Refusal | None:
        return Refusal(f"no_{r.id}_{s.id}", "不符合", "not eligible") if (r.id, s.id) in refused else None
    return eligible


def key(r: RequestView) -> tuple:
    return r.rank, r.id


@HYPOTHESIS
@given(problems())
def test_allocation_properties(problem):
    slots, requests, refused = problem
    eligible = eligibility(refused)
    out = allocate(slots, requests, eligible)
    by_id = {s.id: s for s in slots}
    reqs = {r.id: r for r in requests}

    # every request is either seated or told why, never both
    assert set(out.assigned) | set(out.refused) == set(reqs)
    assert not set(out.assigned) & set(out.refused)
    # capacity is never exceeded, a seat fits the request and was not refused
    for s in slots:
        assert sum(1 for v in out.assigned.values() if v == s.id) <= max(0, s.capacity - s.booked)
    for rid, sid in out.assigned.items():
        assert fits(reqs[rid], by_id[sid]) and (rid, sid) not in refused
    # one seat per candidate and subject
    seated = [(reqs[rid].candidate, reqs[rid].subject) for rid in out.assigned]
    assert len(seated) == len(set(seated))
    # nobody left out ranks above someone seated in a session the left-out one could sit
    left_out = [r for r in requests if r.id in out.refused and (r.candidate, r.subject) not in set(seated)]
    for rid, sid in out.assigned.items():
        s = by_id[sid]
        for u in left_out:
            if fits(u, s) and (u.id, s.id) not in refused:
                assert key(u) > key(reqs[rid])
    # the reasons are right
    for u in requests:
        if u.id not in out.refused:
            continue
        why = out.refused[u.id]
        fitting = [s for s in sorted(slots, key=slot_order) if fits(u, s)]
        if (u.candidate, u.subject) in set(seated):
            assert why.code == "candidate_seated"
        elif not fitting:
            assert why.code == "no_session"
        elif any((u.id, s.id) not in refused for s in fitting):
            assert why.code == "sessions_full"
        else:
            assert why == eligible(u, fitting[0])

    # deterministic, whatever the input order
    rng = random.Random(len(requests) * 31 + len(slots))
    shuffled_slots, shuffled_requests = slots[:], requests[:]
    rng.shuffle(shuffled_slots)
    rng.shuffle(shuffled_requests)
    assert allocate(shuffled_slots, shuffled_requests, eligible) == out

    # applying the result and running again seats nobody new (a seated candidate now has a booking)
    taken = {s.id: sum(1 for v in out.assigned.values() if v == s.id) for s in slots}
    again_slots = [replace(s, booked=s.booked + taken[s.id]) for s in slots]
    again_requests = [r for r in requests if r.id not in out.assigned]
    booked = set(seated)

    def eligible_again(r: RequestView, s: SlotView) -> Refusal | None:
        if (r.candidate, r.subject) in booked:
            return Refusal("already_booked", "已预约", "already booked")
        return eligible(r, s)

    assert allocate(again_slots, again_requests, eligible_again).assigned == {}

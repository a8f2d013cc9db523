"""Demo exams: sites, the plan and its sessions, candidates on their road through the exams (SQLite
only: the volumes and the rules, not the dialect, are what is tested here). Every booking is replayed
against the domain's eligibility rules on the day it was made."""

from __future__ import annotations

import io
import random
import shutil
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone

import pytest
from PIL import Image
from sqlalchemy import func, insert, select

from desktop.context import open_store
from desktop.domain import exams as exam_rules
from desktop.domain.identifiers import age_on, make_resident_id
from desktop.domain.licence_terms import DEFAULT_POLICY as LICENCE_POLICY
from desktop.domain.working_days import is_working_day
from desktop.services.base import HALL_ZONE
from desktop.services.demo_exams import (
    CANDIDATES_PER_YEAR,
    CODE_ALPHABET,
    FUTURE_DAYS,
    READY_DAYS,
    WEEKLY,
    add_year_of_exams,
)
from desktop.services.setup import initialise
from desktop.store.driver_models import DrivingLicence, ExamResult
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamPlan, ExamRequest, ExamSession, ExamSite
from desktop.store.models import Person
from tests.conftest import DEMO_SCALE, DEMO_YEAR, HALL

TODAY = date(2026, 11, 26)  # the fake clock's hall day (a Thursday, a working day)
NOW = datetime(2026, 11, 26, 1, 30, tzinfo=timezone.utc)
LIVE = ("booked", "checked_in", "sat", "no_show")


@pytest.fixture
def demo(demo_hall):
    """The session's demo hall (scale 0.01, 2026, seed 7; see tests/conftest.py), copied for this test."""
    return demo_hall


def _rows(factory, model):
    with factory() as session:
        return session.execute(select(model)).scalars().all()


class Snapshot:
    """The exam tables of a database, read once."""

    def __init__(self, factory) -> None:
        self.sites = _rows(factory, ExamSite)
        self.plans = _rows(factory, ExamPlan)
        self.sessions = {s.id: s for s in _rows(factory, ExamSession)}
        self.bookings = _rows(factory, ExamBooking)
        self.cands = {c.id: c for c in _rows(factory, ExamCandidate)}
        self.results = [r for r in _rows(factory, ExamResult) if r.candidate_id is not None]
        self.requests = _rows(factory, ExamRequest)
        with factory() as session:
            self.births = dict(session.execute(select(Person.id, Person.birth_date)).all())
            self.photos = dict(session.execute(select(Person.id, Person.photo).where(Person.photo.is_not(None))).all())
            self.licensed = set(session.execute(select(DrivingLicence.person_id)).scalars())

    def day(self, b: ExamBooking) -> date:
        return self.sessions[b.session_id].day


def _check_consistent(x: Snapshot, today: date) -> None:
    """What every demo database must hold, whatever the years and the scale."""
    by_session = defaultdict(list)
    for b in x.bookings:
        by_session[b.session_id].append(b)
    sites = {s.id: s.code for s in x.sites}
    for s in x.sessions.values():
        assert is_working_day(s.day), s.day
        assert (s.half, s.subject) in {(h, subj) for wds, h, subj in WEEKLY[sites[s.site_id]] if s.day.weekday() in wds}
        live = [b for b in by_session[s.id] if b.state in LIVE]
        assert s.booked == len(live) <= s.capacity, (s.id, s.booked, len(live), s.capacity)
        assert sorted(b.order_no for b in live) == list(range(1, len(live) + 1))
        assert len({b.order_no for b in by_session[s.id]}) == len(by_session[s.id])
    assert len({b.code for b in x.bookings}) == len(x.bookings)
    assert all(len(b.code) == 8 and set(b.code) <= set(CODE_ALPHABET) and b.ticket_serial == "" for b in x.bookings)
    # every sitting has its result, with the same candidate, and no result is without its sitting
    results = Counter((r.candidate_id, r.subject, r.exam_date) for r in x.results)
    assert max(results.values(), default=1) == 1
    by_key = {(r.candidate_id, r.subject, r.exam_date): r for r in x.results}
    sittings = [b for b in x.bookings if b.state in ("sat", "no_show")]
    assert len(sittings) == len(x.results)
    for b in sittings:
        r = by_key[(b.candidate_id, b.subject, x.day(b))]
        cand = x.cands[b.candidate_id]
        assert (r.person_id, r.cls, r.passed, r.used) == (cand.person_id, cand.cls, b.passed,
                                                         bool(b.passed) and cand.state == "done")
        if b.state == "no_show":
            assert (r.source, r.score, b.passed, b.score, b.checked_in_at) == ("no_show", None, False, None, None)
        else:
            assert r.source == "demo" and b.checked_in_at is not None and b.result_at is not None
            assert r.score == max(b.score, b.retake_score or 0)
            assert b.passed == exam_rules.sitting_passed(b.subject, cand.cls, b.score, b.retake_score)
    for b in x.bookings:
        if b.state in ("sat", "no_show"):
            assert x.day(b) < today
        elif b.state == "booked":
            assert x.day(b) >= today
        assert b.state != "checked_in"
        assert b.booked_at < NOW
        if b.state == "cancelled":  # 提前一日 (a working day) — and not counted as a sitting
            assert b.booked_at < b.cancelled_at
            assert not exam_rules.check_cancel(x.day(b), b.cancelled_at.astimezone(HALL_ZONE).date()).refusals


def _check_every_booking_allowed(x: Snapshot) -> None:
    """Each booking passes check_eligibility on the day it was made, with what had happened by then;
    the permit, the fifth failure and the states follow from the sittings."""
    per_cand = defaultdict(list)
    for b in x.bookings:
        per_cand[b.candidate_id].append(b)
    for cid, bookings in per_cand.items():
        cand = x.cands[cid]
        birth = x.births[cand.person_id]
        bookings.sort(key=lambda b: b.booked_at)
        sat = [b for b in bookings if b.state in ("sat", "no_show")]
        for b in bookings:
            on = b.booked_at.astimezone(HALL_ZONE).date()
            before = [s for s in sat if s.result_at < b.booked_at]
            permit = min((x.day(s) for s in before if s.subject == "1" and s.passed), default=None)
            facts = exam_rules.CandidateFacts(
                cls=cand.cls, birth_date=birth, accepted_at=cand.accepted_at, permit_from=permit,
                sittings=tuple(exam_rules.Sitting(s.subject, x.day(s), bool(s.passed), s.state == "no_show")
                               for s in before),
                cancellations=tuple(o.cancelled_at for o in bookings if o.state == "cancelled"
                                    and o.cancelled_at < b.booked_at),
                subjects=LICENCE_POLICY.subjects_for(cand.cls))
            outcome = exam_rules.check_eligibility(facts, b.subject, x.day(b), on)
            assert not outcome.refusals, (cand.application_no, b.subject, x.day(b), on, outcome.refusals)
            if b.subject == "2":  # the waits, spelled out (令162 Art.43)
                assert x.day(b) >= permit + timedelta(days=exam_rules.DEFAULT_EXAM_POLICY.subject2_wait_days[cand.cls])
        passes = {}
        for s in sorted(sat, key=lambda s: x.day(s)):
            if s.passed:
                passes.setdefault(s.subject, x.day(s))
        assert cand.permit_from == passes.get("1")
        if cand.permit_from:
            assert cand.permit_until == exam_rules.permit_until(cand.permit_from, birth, cand.cls)
        fails = Counter(s.subject for s in sat if not s.passed)
        assert (cand.state == "voided") == (max(fails["2"], fails["3"]) >= 5), cand.application_no


def _check_candidates(x: Snapshot, reference: date) -> None:
    for cand in x.cands.values():
        assert cand.source == "demo" and cand.application_no.startswith("DS") and cand.school
        accepted = cand.accepted_at.astimezone(HALL_ZONE)
        assert is_working_day(accepted.date()) and 9 <= accepted.hour < 17
        assert accepted.date() < reference
        assert 18 <= age_on(x.births[cand.person_id], accepted.date()) <= 60
        assert cand.person_id not in x.licensed
    assert len({c.application_no for c in x.cands.values()}) == len(x.cands)
    assert len({c.person_id for c in x.cands.values()}) == len(x.cands)
    passed = defaultdict(dict)
    for r in x.results:
        if r.passed:
            passed[r.candidate_id][r.subject] = r.exam_date
    for cand in x.cands.values():
        done = LICENCE_POLICY.subjects_for(cand.cls) <= set(passed[cand.id])
        if cand.state == "done":
            assert done and max(passed[cand.id].values()) < reference - timedelta(days=READY_DAYS)
        elif cand.state == "active" and done:  # ready: waits for the licence
            assert max(passed[cand.id].values()) >= reference - timedelta(days=READY_DAYS)


def test_sites_plans_and_sessions(demo):
    hall, summary = demo
    x = Snapshot(hall.ctx.session_factory)
    assert {(s.code, s.subjects) for s in x.sites} == {("KC01", "1"), ("KC02", "2"), ("KC03", "3 3s")}
    assert all("巴彦浩特镇" in s.address and {"C1", "C2"} <= set(s.classes.split()) for s in x.sites)
    assert len(x.plans) == 3
    for plan in x.plans:
        mine = [s for s in x.sessions.values() if s.plan_id == plan.id]
        assert plan.sessions == len(mine) and not plan.late
        assert plan.first_day == date(DEMO_YEAR, 1, 1) and plan.last_day == TODAY + timedelta(days=FUTURE_DAYS)
        assert (plan.first_day - plan.published_at.astimezone(HALL_ZONE).date()).days >= 10
        assert min(s.day for s in mine) < date(DEMO_YEAR, 1, 10)
        assert TODAY + timedelta(days=FUTURE_DAYS - 7) < max(s.day for s in mine) <= plan.last_day
    assert all(s.capacity >= 2 for s in x.sessions.values())
    assert summary.exams == len(x.bookings) > 0
    _check_consistent(x, TODAY)


def test_every_booking_was_allowed_and_the_states_follow(demo):
    hall, _ = demo
    x = Snapshot(hall.ctx.session_factory)
    _check_every_booking_allowed(x)
    _check_candidates(x, TODAY)
    expected = CANDIDATES_PER_YEAR * DEMO_SCALE * 0.9  # about 10.8 of 12 months are behind the clock
    assert 0.6 * expected < len(x.cands) < 1.4 * expected


def test_today_and_the_weeks_ahead(demo):
    hall, _ = demo
    x = Snapshot(hall.ctx.session_factory)
    today = [b for b in x.bookings if x.day(b) == TODAY and b.state == "booked"]
    ahead = [b for b in x.bookings if x.day(b) > TODAY and b.state == "booked"]
    assert today and ahead
    # the photos: exactly today's candidates, as a 358 x 441 JPEG
    people = {x.cands[b.candidate_id].person_id for b in today}
    assert set(x.photos) == people
    for photo in x.photos.values():
        image = Image.open(io.BytesIO(photo))
        assert (image.format, image.size) == ("JPEG", (358, 441))
    # the officer prints today's ticket and scans it at the site: the check-in view shows the photo
    s = hall.services
    booking = today[0]
    site = next(site.code for site in x.sites if site.id == x.sessions[booking.session_id].site_id)
    assert s.exam_bookings.ticket(hall.admin, booking.id)[:4] == b"%PDF"
    with hall.ctx.session_factory() as session:
        serial = session.get(ExamBooking, booking.id).ticket_serial
    payload = s.documents.payload_for(HALL, "AT", serial, TODAY)
    check = s.exam_day.scan(hall.admin, payload, site)
    assert check.booking_id == booking.id and check.photo == x.photos[x.cands[booking.candidate_id].person_id]
    # the services read the demo: the calendar, the ready list, a candidate's history
    assert {v.id for v in s.exam_plans.calendar(hall.admin, TODAY, TODAY)} == {
        sid for sid, ss in x.sessions.items() if ss.day == TODAY}
    ready = s.exam_candidates.ready(hall.admin)
    assert all(v.ready for v in ready)
    assert s.exam_candidates.history(hall.admin, booking.candidate_id)


def test_second_run_adds_nothing(demo):
    hall, _ = demo
    before = Snapshot(hall.ctx.session_factory)
    again = add_year_of_exams(hall.ctx.session_factory, HALL, DEMO_YEAR, DEMO_SCALE,
                              random.Random(f"7/exams/{DEMO_YEAR}"), until=TODAY, today=TODAY)
    assert again == 0  # (test_demo_drivers runs the whole demo a second time)
    after = Snapshot(hall.ctx.session_factory)
    assert (len(after.sites), len(after.plans), len(after.sessions), len(after.bookings), len(after.cands),
            len(after.results)) == (3, 3, len(before.sessions), len(before.bookings), len(before.cands),
                                    len(before.results))


# -- a hall of persons only: the exam part alone, at a larger scale and over two years -------------

@pytest.fixture(scope="module")
def persons_template(tmp_path_factory):
    """An initialised hall with 1,500 persons aged 18-45 in 2026 and nothing else."""
    path = tmp_path_factory.mktemp("exams") / "persons.sqlite3"
    _, engine, factory = open_store(f"sqlite:///{path}")
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所")
    rng, count = random.Random(1), 1500
    rows, seen = [], set()
    while len(rows) < count:
        birth = date(1981, 1, 1) + timedelta(days=rng.randint(0, 27 * 365))
        number = make_resident_id("152921", birth, rng.randint(0, 999))
        if number not in seen:
            seen.add(number)
            rows.append(dict(id_number=number, name="测试", sex="M" if int(number[16]) % 2 else "F", birth_date=birth,
                             phone="", address="", photo=None, hall_code=HALL, created_at=NOW))
    with factory() as session, session.begin():
        session.execute(insert(Person.__table__), rows)
    engine.dispose()
    return path


def _persons_hall(template, path):
    shutil.copyfile(template, path)
    _, engine, factory = open_store(f"sqlite:///{path}")
    return engine, factory


@pytest.fixture(scope="module")
def tenth(persons_template, tmp_path_factory):
    """The exam part alone at scale 0.1 (about 500 candidates)."""
    engine, factory = _persons_hall(persons_template, tmp_path_factory.mktemp("exams") / "tenth.sqlite3")
    added = add_year_of_exams(factory, HALL, 2026, 0.1, random.Random("7/exams/2026"), until=TODAY, today=TODAY)
    yield factory, added
    engine.dispose()


def test_rates_at_a_tenth(tenth):
    factory, added = tenth
    x = Snapshot(factory)
    assert added == len(x.bookings)
    sat = defaultdict(list)
    for b in x.bookings:
        if b.state == "sat":
            sat[b.subject].append(b.passed)
    rate = {k: sum(v) / len(v) for k, v in sat.items()}
    assert 0.62 < rate["1"] < 0.78 and 0.57 < rate["2"] < 0.73 and 0.66 < rate["3"] < 0.84 and rate["3s"] > 0.84
    states = Counter(b.state for b in x.bookings)
    assert 0.01 < states["no_show"] / len(x.bookings) < 0.06
    assert 0.015 < states["cancelled"] / len(x.bookings) < 0.07
    expected = CANDIDATES_PER_YEAR * 0.1 * 0.9
    assert 0.8 * expected < len(x.cands) < 1.2 * expected
    classes = Counter(c.cls for c in x.cands.values())
    assert 0.7 < classes["C1"] / len(x.cands) < 0.9 and 0.08 < classes["C2"] / len(x.cands) < 0.22
    # the weeks ahead: the next week mostly taken, fewer seats further out (as far as the candidates
    # due then go); open requests for ~1.5 %
    week = [s for s in x.sessions.values() if TODAY < s.day <= TODAY + timedelta(days=7)]
    ahead = [s for s in x.sessions.values() if s.day > TODAY]
    assert 0.5 < sum(s.booked for s in week) / sum(s.capacity for s in week) < 0.95
    assert 0.15 < sum(s.booked for s in ahead) / sum(s.capacity for s in ahead) < 0.7
    assert all(r.state == "open" and r.first_day >= TODAY + timedelta(days=6)
               and r.last_day == r.first_day + timedelta(days=21) for r in x.requests)
    assert 0.005 * len(x.cands) < len(x.requests) < 0.03 * len(x.cands)
    live = {(b.candidate_id, b.subject) for b in x.bookings if b.state == "booked"}
    assert not live & {(r.candidate_id, r.subject) for r in x.requests}
    ready = [c for c in x.cands.values() if c.state == "active"
             and {"1", "2", "3", "3s"} <= {r.subject for r in x.results if r.candidate_id == c.id and r.passed}]
    assert 5 <= len(ready) <= 60
    _check_consistent(x, TODAY)
    _check_every_booking_allowed(x)
    _check_candidates(x, TODAY)


def test_two_years_on_one_database(persons_template, tmp_path):
    """demo-data --year 2025, then --year 2026: the second adds its year and leaves the first's rows;
    the candidates still on their way at the end of 2025 carry on in 2026."""
    engine, factory = _persons_hall(persons_template, tmp_path / "two.sqlite3")
    first = add_year_of_exams(factory, HALL, 2025, 0.01, random.Random("7/exams/2025"), until=None, today=TODAY)
    x1 = Snapshot(factory)
    _check_consistent(x1, date(2026, 1, 1))
    _check_every_booking_allowed(x1)
    assert first == len(x1.bookings) > 0 and len(x1.plans) == 3
    second = add_year_of_exams(factory, HALL, 2026, 0.01, random.Random("7/exams/2026"), until=TODAY, today=TODAY)
    x2 = Snapshot(factory)
    assert second == len(x2.bookings) - len(x1.bookings) > 0
    assert len(x2.sites) == 3 and len(x2.plans) == 6
    assert {(p.site_id, p.first_day.year) for p in x2.plans} == {(s.id, y) for s in x2.sites for y in (2025, 2026)}
    # the first year's sessions, bookings and results are as they were
    key = lambda b: (b.id, b.session_id, b.candidate_id, b.state, b.order_no, b.code, b.score)  # noqa: E731
    assert [key(b) for b in x2.bookings if b.id in {o.id for o in x1.bookings}] == [key(b) for b in x1.bookings]
    assert all(x2.sessions[i].booked == s.booked for i, s in x1.sessions.items())
    assert len([r for r in x2.results if r.exam_date.year == 2025]) == len(x1.results)
    carried = {b.candidate_id for b in x2.bookings if x2.day(b).year == 2026} & set(x1.cands)
    assert carried  # late-2025 candidates sit their next subjects in 2026
    _check_consistent(x2, TODAY)
    _check_every_booking_allowed(x2)
    assert add_year_of_exams(factory, HALL, 2025, 0.01, random.Random("7/exams/2025"), until=None, today=TODAY) == 0
    assert add_year_of_exams(factory, HALL, 2026, 0.01, random.Random("7/exams/2026"), until=TODAY, today=TODAY) == 0
    with factory() as session:
        assert session.execute(select(func.count()).select_from(ExamBooking)).scalar_one() == len(x2.bookings)
    # a year still to come gets its plans only; the first days of 2027 (planned with 2026) are kept
    assert add_year_of_exams(factory, HALL, 2027, 0.01, random.Random("7/exams/2027"), until=None, today=TODAY) == 0
    x3 = Snapshot(factory)
    assert len(x3.plans) == 9 and len(x3.bookings) == len(x2.bookings) and len(x3.cands) == len(x2.cands)
    assert all(x3.sessions[i].plan_id == s.plan_id for i, s in x2.sessions.items())
    assert date(2027, 12, 20) < max(s.day for s in x3.sessions.values()) <= date(2027, 12, 31)
    _check_consistent(x3, TODAY)
    engine.dispose()


def test_the_year_is_drawn_without_the_write_lock(persons_template, tmp_path, monkeypatch):
    """While the candidates walk their roads, another connection writes at once (SQLite's lock is
    free: the demo's helper process copies its rows meanwhile); the year then goes in whole."""
    import sqlite3

    import desktop.services.demo_exams as demo_exams

    path = tmp_path / "lock.sqlite3"
    engine, factory = _persons_hall(persons_template, path)
    walk, writes = demo_exams._walk, []

    def walk_and_write(*args):
        if not writes:
            other = sqlite3.connect(path, timeout=0)  # no waiting: a held lock fails at once
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("UPDATE persons SET phone = '13900000000' WHERE id = 1")
                other.execute("COMMIT")
                writes.append("written")
            finally:
                other.close()
        return walk(*args)

    monkeypatch.setattr(demo_exams, "_walk", walk_and_write)
    added = add_year_of_exams(factory, HALL, 2026, 0.01, random.Random("7/exams/2026"), until=TODAY, today=TODAY)
    assert writes == ["written"]
    x = Snapshot(factory)
    assert added == len(x.bookings) > 0 and len(x.plans) == 3
    _check_consistent(x, TODAY)
    engine.dispose()


def test_a_year_planned_while_it_was_drawn_is_not_written_twice(persons_template, tmp_path, monkeypatch):
    import desktop.services.demo_exams as demo_exams

    engine, factory = _persons_hall(persons_template, tmp_path / "twice.sqlite3")
    walk, runs = demo_exams._walk, []

    def walk_while_another_run_writes(*args):
        if not runs:  # another run of the same year gets in first, while this one draws
            runs.append(None)
            runs[0] = add_year_of_exams(factory, HALL, 2026, 0.01, random.Random("7/exams/2026"),
                                        until=TODAY, today=TODAY)
        return walk(*args)

    monkeypatch.setattr(demo_exams, "_walk", walk_while_another_run_writes)
    added = add_year_of_exams(factory, HALL, 2026, 0.01, random.Random("7/exams/2026"), until=TODAY, today=TODAY)
    x = Snapshot(factory)
    assert added == 0 and runs[0] == len(x.bookings) > 0 and len(x.plans) == 3
    engine.dispose()

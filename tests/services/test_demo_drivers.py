"""Demo drivers: the licence register and a year of driver cases at a small scale (SQLite only: the
volumes, not the dialect, are what is tested here)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop.domain.identifiers import age_on
from desktop.domain.licence_terms import PROFESSIONAL_CLASSES, add_years
from desktop.services.demo import DemoDataService
from desktop.services.demo_drivers import DRIVER_CASES_PER_YEAR
from desktop.store.driver_models import DriverCase, DrivingLicence, ExamResult, LicenceClass, PointCycle
from desktop.store.models import AuditEntry, DocumentSequence, Person
from desktop.store.vehicle_models import CaseFee, CaseMaterial, Deferral
from tests.conftest import DEMO_SCALE, DEMO_YEAR, HALL

# The fake clock stands on 2026-11-26: the demo year's cases run up to the day before.
SCALE, YEAR = DEMO_SCALE, DEMO_YEAR
TODAY = date(2026, 11, 26)


@pytest.fixture
def demo(demo_hall):
    """The session's demo hall (SCALE, YEAR, seed 7; see tests/conftest.py), copied for this test."""
    hall, first = demo_hall
    return hall, DemoDataService(hall.ctx.session_factory, hall.clock), first


def _all(hall, stmt):
    with hall.ctx.session_factory() as session:
        return session.execute(stmt).all()


def test_counts_follow_the_scale(demo):
    hall, _, summary = demo
    births = [b for (b,) in _all(hall, select(Person.birth_date))]
    adults = sum(age_on(b, TODAY) >= 18 for b in births)
    register = summary.licences
    assert 0.45 * adults < register < 0.7 * adults
    expected = DRIVER_CASES_PER_YEAR * SCALE * 0.9  # about 10.8 of 12 months are behind the clock
    assert 0.8 * expected < summary.driver_cases < 1.2 * expected
    (n,), = _all(hall, select(func.count()).select_from(DriverCase))
    assert n == summary.driver_cases
    (licences,), = _all(hall, select(func.count()).select_from(DrivingLicence))
    new = Counter(c.business for (c,) in _all(hall, select(DriverCase)) if c.state == "completed")
    assert licences == register + new["first_licence"] + new["transfer_in"]


def test_register_is_consistent(demo):
    hall, _, _ = demo
    births = dict(_all(hall, select(Person.id, Person.birth_date)))
    classes: dict[int, list] = {}
    for lid, cls, got in _all(hall, select(LicenceClass.licence_id, LicenceClass.cls, LicenceClass.first_obtained)):
        classes.setdefault(lid, []).append((cls, got))
    licences = [lic for (lic,) in _all(hall, select(DrivingLicence))]
    assert len({lic.person_id for lic in licences}) == len(licences)
    for lic in licences:
        held = classes[lic.id]
        assert held, lic.id
        assert len({c for c, _ in held}) == len(held)
        birth = births[lic.person_id]
        for cls, got in held:
            assert age_on(birth, got) >= (22 if cls in ("A1", "A2") else 20 if cls in PROFESSIONAL_CLASSES else 18)
            assert got < TODAY
        assert lic.valid_until is None or lic.valid_until > lic.valid_from
        assert lic.valid_from >= min(got for _, got in held)
        if lic.valid_until is not None:  # 6 or 10 years (a 长期 one has no end)
            assert lic.valid_until in (add_years(lic.valid_from - timedelta(days=1 if lic.renewals else 0), n)
                                       for n in (6, 10)), (lic.valid_from, lic.valid_until, lic.renewals)
        assert 0 <= lic.points <= 12
        if age_on(birth, TODAY) >= 71 and lic.status != "G":
            assert lic.health_due is not None
        if lic.review_due is not None:
            assert {c for c, _ in held} & PROFESSIONAL_CLASSES and lic.points > 0
    mix = Counter(c for v in classes.values() for c, _ in v)
    assert mix.most_common(1)[0][0] == "C1"
    status = Counter(lic.status for lic in licences)
    assert status["A"] > 0.85 * len(licences)
    open_ = [lic for lic in licences if lic.status != "G" and lic.valid_until is not None]
    due = sum(lic.valid_until < TODAY + timedelta(days=90) for lic in open_)
    assert 0.005 < due / len(licences) < 0.12  # in the renewal window or overdue: a few %
    assert sum(lic.valid_until is None for lic in licences) > 0  # 长期 after 6 + 10 years
    cycles = _all(hall, select(PointCycle.licence_id, PointCycle.points))
    assert all(points == 12 for _, points in cycles)


def test_cases_fees_and_deferrals_are_consistent(demo):
    hall, _, _ = demo
    fees = dict(_all(hall, select(CaseFee.case_id, func.sum(CaseFee.amount)).where(CaseFee.case_type == "driver")
                     .group_by(CaseFee.case_id)))
    cases = [c for (c,) in _all(hall, select(DriverCase))]
    licences = {lic.id: lic for (lic,) in _all(hall, select(DrivingLicence))}
    states = Counter(c.state for c in cases)
    for c in cases:
        assert Decimal(fees.get(c.id, 0)) == c.fee_total, c.case_no
        assert c.case_no.startswith(f"DC{c.day:%y%m%d}") and len(c.case_no) == 13
        assert c.accepted_by in {f"clerk{n:02d}" for n in range(1, 7)}
        assert c.counter in (10, 11, 12, 14)
        assert c.day < TODAY
        if c.state == "refused":
            assert c.fee_total == 0 and "refused_reason" in json.loads(c.detail)
        if c.licence_id is not None:
            assert licences[c.licence_id].person_id == c.person_id
        if c.state == "completed" and c.business in ("first_licence", "transfer_in", "renewal", "replacement"):
            assert c.licence_id is not None and c.classes and c.fee_total == Decimal("10.00")
    assert len({c.case_no for c in cases}) == len(cases)
    assert states["completed"] > 0.9 * len(cases)
    assert states["refused"] / len(cases) < 0.05
    business = Counter(c.business for c in cases)
    assert {"first_licence", "replacement", "renewal"} <= set(business)
    assert sum(business[b] for b in ("first_licence", "replacement", "renewal")) > 0.6 * len(cases)
    # 初次申领: the licence is issued on the day, with its four subjects passed and used
    exams = _all(hall, select(ExamResult.person_id, ExamResult.subject, ExamResult.exam_date, ExamResult.passed,
                              ExamResult.used))
    for c in cases:
        if c.business == "first_licence" and c.state == "completed":
            lic = licences[c.licence_id]
            assert lic.valid_from == c.completed_at.date() or lic.valid_from >= c.day
            mine = {s for p, s, d, passed, used in exams if p == c.person_id and passed and used and d < c.day}
            assert mine == {"1", "2", "3", "3s"}
    deferrals = [d for (d,) in _all(hall, select(Deferral).where(Deferral.case_type == "driver"))]
    by_id = {c.id: c for c in cases}
    for d in deferrals:
        case = by_id[d.case_id]
        assert d.case_no == case.case_no and d.deadline > d.accepted_on
        assert {"supplied": "completed", "terminated": "terminated", "pending": "deferred"}[d.state] == case.state
    material_cases = {i for (i,) in _all(hall, select(CaseMaterial.case_id).where(CaseMaterial.case_type == "driver")
                                         .distinct())}
    assert material_cases == {d.case_id for d in deferrals}
    seq = dict(_all(hall, select(DocumentSequence.day, DocumentSequence.last_value).where(
        DocumentSequence.kind == "DC")))
    assert seq == dict(Counter(c.day for c in cases))


def test_second_run_adds_nothing_and_the_audit_chain_holds(demo):
    hall, service, _ = demo
    again = service.generate(HALL, year=YEAR, scale=SCALE, seed=7)
    assert (again.persons, again.licences, again.driver_cases, again.vehicle_cases) == (0, 0, 0, 0)
    (detail,), = _all(hall, select(AuditEntry.detail).where(AuditEntry.action == "demo_data")
                      .order_by(AuditEntry.id.desc()).limit(1))
    assert "licences+=0 driver_cases+=0" in detail
    assert hall.services.audit.verify(hall.admin).ok


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_fresh_halls(request, tmp_path, clock):
    """Two initialised, empty halls on the same kind of store."""
    from desktop.context import open_store
    from desktop.services.setup import initialise
    from tests.conftest import ADMIN_PASSWORD, FAST_HASHER

    if request.param == "sqlite":
        urls = [f"sqlite:///{tmp_path / f'{n}.sqlite3'}" for n in ("a", "b")]
    else:
        dbs = request.getfixturevalue("pg_databases")
        urls = [dbs.create(), dbs.create()]
    factories, engines = [], []
    for url in urls:
        _, engine, factory = open_store(url)
        initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
                   admin_password=ADMIN_PASSWORD, clock=clock, hasher=FAST_HASHER)
        factories.append(factory)
        engines.append(engine)
    yield factories
    for engine in engines:
        engine.dispose()
    if request.param == "postgresql":
        for url in urls:
            dbs.drop(url)


def _driver_year(factory) -> list[tuple]:
    """The driver cases by what they are, not by database ids."""
    from sqlalchemy.orm import aliased

    agent = aliased(Person)
    with factory() as session:
        return session.execute(select(
            DriverCase.case_no, DriverCase.business, DriverCase.state, DriverCase.classes, DriverCase.fee_total,
            DriverCase.accepted_at, Person.id_number, agent.id_number)
            .join(Person, Person.id == DriverCase.person_id)
            .outerjoin(agent, agent.id == DriverCase.agent_person_id).order_by(DriverCase.case_no)).all()


def test_a_rerun_after_an_interrupted_year_writes_what_one_run_writes(two_fresh_halls, clock, monkeypatch):
    """Crash campaign (issue 9): demo-data killed in the middle of the driver cases and run again gives
    the hall an uninterrupted run gives — on PostgreSQL too, where the rolled-back transaction has
    spent sequence values (the events were drawn from licence ids)."""
    import desktop.services.auth as auth
    from desktop.services import demo_drivers
    from tests.conftest import FAST_HASHER

    monkeypatch.setattr(auth, "default_hasher", lambda: FAST_HASHER)
    monkeypatch.setattr(demo_drivers, "BATCH", 15)  # several transactions in the driver year
    whole, interrupted = two_fresh_halls
    DemoDataService(whole, clock).generate(HALL, year=YEAR, scale=0.002, seed=7)

    real_insert, calls = demo_drivers.insert_rows, []

    def killed_in_the_third_batch(session, table, rows):
        if table is DriverCase.__table__:
            calls.append(len(rows))
            if len(calls) == 3:
                raise KeyboardInterrupt("killed")
        real_insert(session, table, rows)

    monkeypatch.setattr(demo_drivers, "insert_rows", killed_in_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        DemoDataService(interrupted, clock).generate(HALL, year=YEAR, scale=0.002, seed=7)
    monkeypatch.setattr(demo_drivers, "insert_rows", real_insert)
    partial = _driver_year(interrupted)
    again = DemoDataService(interrupted, clock).generate(HALL, year=YEAR, scale=0.002, seed=7)
    assert 0 < len(partial) < len(_driver_year(whole))
    assert again.driver_cases == len(_driver_year(whole)) - len(partial)
    assert _driver_year(interrupted) == _driver_year(whole)
    assert DemoDataService(interrupted, clock).generate(HALL, year=YEAR, scale=0.002, seed=7).driver_cases == 0

"""Demo vehicles: the register and a year of vehicle cases at a small scale (SQLite only: the
volumes, not the dialect, are what is tested here)."""

from __future__ import annotations

import json
from collections import Counter
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop.domain.identifiers import validate_vin
from desktop.domain.plates import PlatePolicy, check_self_composed, validate_plate
from desktop.services.demo import DemoDataService
from desktop.services.demo_vehicles import VEHICLE_CASES_PER_YEAR, VEHICLES_AT_SCALE_1
from desktop.store.models import AuditEntry, DocumentSequence
from desktop.store.vehicle_models import CaseFee, CaseMaterial, Deferral, PlateNumber, Vehicle, VehicleCase
from tests.conftest import DEMO_SCALE, DEMO_YEAR, HALL
from tests.services import test_demo_drivers

# The fake clock stands on 2026-11-26: the demo year's cases run up to the day before.
SCALE, YEAR = DEMO_SCALE, DEMO_YEAR


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
    assert summary.vehicles == round(VEHICLES_AT_SCALE_1 * SCALE)
    # 2026-11-26: about 10.8 of 12 months of working days are behind the clock
    expected = VEHICLE_CASES_PER_YEAR * SCALE * 0.9
    assert 0.85 * expected < summary.vehicle_cases < 1.15 * expected
    (n,), = _all(hall, select(func.count()).select_from(VehicleCase))
    assert n == summary.vehicle_cases


def test_register_is_valid(demo):
    hall, _, _ = demo
    vehicles = _all(hall, select(Vehicle))
    vehicles = [v for (v,) in vehicles]
    plates = [v.plate for v in vehicles]
    assert len(set(plates)) == len(plates)
    assert len({v.vin for v in vehicles}) == len(vehicles)
    policy = PlatePolicy()
    for v in vehicles:
        validate_vin(v.vin)
        plate = validate_plate(v.plate)
        assert plate.number.startswith("蒙M")
        if v.hpzl in ("51", "52"):
            assert plate.kind == ("nev_large" if v.hpzl == "51" else "nev_small") and v.energy != "fuel"
        elif v.hpzl == "15":
            assert plate.number.endswith("挂")
        else:
            check_self_composed(plate.number, policy, "ordinary")  # ≤ 2 letters, not withheld
        assert (v.owner_person_id is None) != (v.owner_company_id is None)
        assert v.first_registered <= date(2026, 11, 25)
        assert v.inspection_valid_until > v.first_registered
    share = Counter(v.energy != "fuel" for v in vehicles)[True] / len(vehicles)
    assert 0.04 < share < 0.14
    overdue = sum(v.inspection_valid_until < date(2026, 11, 26) for v in vehicles if not v.cancelled)
    assert 0.01 < overdue / len(vehicles) < 0.12
    assert 0.02 < sum(v.mortgaged for v in vehicles) / len(vehicles) < 0.12
    operating = [v for v in vehicles if v.syxz in ("B", "E", "F", "R")]
    assert sum(v.owner_company_id is not None for v in operating) > 0.6 * len(operating)
    assert all(v.scrap_date for v in operating)


def test_every_vehicle_on_the_register_holds_its_plate(demo):
    hall, _, _ = demo
    numbers = {n.number: n for (n,) in _all(hall, select(PlateNumber))}
    for (v,) in _all(hall, select(Vehicle)):
        if v.cancelled or v.moved_out:
            assert v.plate not in numbers
        else:
            row = numbers[v.plate]
            assert (row.state, row.vehicle_id, row.since) == ("assigned", v.id, v.plate_since)


def test_cases_fees_and_deferrals_are_consistent(demo):
    hall, _, _ = demo
    fees = dict(_all(hall, select(CaseFee.case_id, func.sum(CaseFee.amount)).where(
        CaseFee.case_type == "vehicle").group_by(CaseFee.case_id)))
    cases = [c for (c,) in _all(hall, select(VehicleCase))]
    states = Counter(c.state for c in cases)
    for c in cases:
        assert Decimal(fees.get(c.id, 0)) == c.fee_total, c.case_no
        assert c.case_no.startswith(f"VC{c.day:%y%m%d}") and len(c.case_no) == 13
        assert c.accepted_by in {f"clerk{n:02d}" for n in range(1, 7)}
        if c.state == "refused":
            assert c.fee_total == 0 and "refused_reason" in json.loads(c.detail)
    assert len({c.case_no for c in cases}) == len(cases)
    assert states["completed"] > 0.9 * len(cases)
    assert 0.003 < states["refused"] / len(cases) < 0.04
    business = Counter(c.business for c in cases)
    assert business.most_common(1)[0][0] == "inspection_label"
    registered = {v.id: v.first_registered for (v,) in _all(hall, select(Vehicle))}
    assert all(registered[c.vehicle_id] == c.day for c in cases if c.business == "register")
    assert all(registered[c.vehicle_id] < c.day for c in cases if c.vehicle_id and c.business != "register")
    deferrals = [d for (d,) in _all(hall, select(Deferral).where(Deferral.case_type == "vehicle"))]
    assert 0.005 < len(deferrals) / len(cases) < 0.05
    by_id = {c.id: c for c in cases}
    for d in deferrals:
        case = by_id[d.case_id]
        assert d.case_no == case.case_no and d.deadline > d.accepted_on
        assert {"supplied": "completed", "terminated": "terminated", "pending": "deferred"}[d.state] == case.state
        assert (d.barred_until is not None) == (d.state == "terminated")
    vehicle_materials = select(CaseMaterial.case_id).where(CaseMaterial.case_type == "vehicle").distinct()
    material_cases = {case_id for (case_id,) in _all(hall, vehicle_materials)}
    assert material_cases == {d.case_id for d in deferrals}
    statuses = Counter(s for (s,) in _all(hall, select(CaseMaterial.status).where(CaseMaterial.case_type == "vehicle")))
    assert statuses["received"] > 0 and statuses["supplied"] > 0
    # The live numbering goes on after the demo's: one VC sequence per demo day
    seq = dict(_all(hall, select(DocumentSequence.day, DocumentSequence.last_value).where(
        DocumentSequence.kind == "VC")))
    assert seq == dict(Counter(c.day for c in cases))


def test_second_run_adds_nothing_and_the_audit_chain_holds(demo):
    hall, service, _ = demo
    again = service.generate(HALL, year=YEAR, scale=SCALE, seed=7)
    assert (again.persons, again.companies, again.tickets, again.vehicles, again.vehicle_cases) == (0, 0, 0, 0, 0)
    (detail,), = _all(hall, select(AuditEntry.detail).where(AuditEntry.action == "demo_data")
                      .order_by(AuditEntry.id.desc()).limit(1))
    assert "vehicles+=0 vehicle_cases+=0" in detail
    assert hall.services.audit.verify(hall.admin).ok


two_fresh_halls = test_demo_drivers.two_fresh_halls  # the fixture: two empty halls on one kind of store


def _vehicle_year(factory) -> tuple:
    """The vehicle cases by what they are, not by database ids (the vehicle by its VIN), and how many
    fees and 容缺 commitments they have."""
    with factory() as session:
        cases = session.execute(select(
            VehicleCase.case_no, VehicleCase.business, VehicleCase.state, VehicleCase.fee_total,
            VehicleCase.accepted_at, Vehicle.vin).outerjoin(Vehicle, Vehicle.id == VehicleCase.vehicle_id)
            .order_by(VehicleCase.case_no)).all()
        fees = session.execute(select(func.count()).select_from(CaseFee).where(
            CaseFee.case_type == "vehicle")).scalar_one()
        deferrals = session.execute(select(func.count()).select_from(Deferral).where(
            Deferral.case_type == "vehicle")).scalar_one()
    return cases, fees, deferrals


@contextmanager
def _killed_at_copy(monkeypatch, table, n: int):
    """The demo "killed" (KeyboardInterrupt) in its n-th staged copy into `table`, inside the
    transaction: what the earlier copies committed stays, the rest is rolled back."""
    from desktop.services.demo_bulk import Staging

    real_copy, calls = Staging.copy, []

    def copy(staging, session, into, *args, **kwargs):
        if into is table:
            calls.append(1)
            if len(calls) == n:
                raise KeyboardInterrupt("killed")
        return real_copy(staging, session, into, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(Staging, "copy", copy)
        yield


def test_a_rerun_after_an_interrupted_vehicle_year_writes_what_one_run_writes(two_fresh_halls, clock, monkeypatch):
    """Crash campaign (issue 9, on PostgreSQL): demo-data killed in the middle of the vehicle cases and
    run again gave other 注销 / 迁出 cases (their pools were shuffled without the vehicles the written
    days had taken, so in another order) and so other fees. The written days are replayed now."""
    import desktop.services.auth as auth
    from desktop.services import demo_vehicles
    from tests.conftest import FAST_HASHER

    monkeypatch.setattr(auth, "default_hasher", lambda: FAST_HASHER)
    monkeypatch.setattr(demo_vehicles, "BATCH", 15)  # many transactions in the vehicle year
    whole, interrupted = two_fresh_halls
    DemoDataService(whole, clock).generate(HALL, year=YEAR, scale=0.005, seed=7)

    with _killed_at_copy(monkeypatch, VehicleCase.__table__, 8), pytest.raises(KeyboardInterrupt):
        DemoDataService(interrupted, clock).generate(HALL, year=YEAR, scale=0.005, seed=7)
    partial = _vehicle_year(interrupted)
    again = DemoDataService(interrupted, clock).generate(HALL, year=YEAR, scale=0.005, seed=7)
    assert 0 < len(partial[0]) < len(_vehicle_year(whole)[0])
    assert again.vehicle_cases == len(_vehicle_year(whole)[0]) - len(partial[0])
    assert _vehicle_year(interrupted) == _vehicle_year(whole)


def test_a_register_written_again_after_an_interrupted_copy_is_the_register_of_one_run(two_fresh_halls, clock,
                                                                                        monkeypatch):
    """The helper process writes the register in staged copies (REGISTER_COPY vehicles each); one that
    died after some of them is redone from the same snapshot: the batches written are found and
    skipped, the others written — with every plate number on its own vehicle."""
    import random

    import desktop.services.auth as auth
    from desktop.services import demo_vehicles
    from desktop.services.catalogs import Catalogs
    from tests.conftest import FAST_HASHER

    monkeypatch.setattr(auth, "default_hasher", lambda: FAST_HASHER)
    monkeypatch.setattr(demo_vehicles, "BATCH", 15)
    monkeypatch.setattr(demo_vehicles, "REGISTER_COPY", 40)  # three batches a copy
    inspection, today = Catalogs.load().inspection, date(2026, 11, 26)

    def register(factory) -> list[tuple]:
        with factory() as session:
            return [tuple(r) for r in session.execute(
                select(Vehicle.vin, Vehicle.plate, Vehicle.owner_person_id, PlateNumber.number, PlateNumber.since)
                .outerjoin(PlateNumber, PlateNumber.vehicle_id == Vehicle.id).order_by(Vehicle.id))]

    def persons(factory) -> None:  # the register is drawn for the hall's persons and companies
        from desktop.store.models import Company, Person

        demo = DemoDataService(factory, clock)
        for model, rows in ((Person, demo._draw_persons(factory, HALL, 2026, 200, random.Random(3))),
                            (Company, demo._draw_companies(factory, HALL, 20, random.Random(4)))):
            demo._write_batches(factory, model, rows, model.__tablename__, lambda *_: None)

    whole, interrupted = two_fresh_halls
    for factory in (whole, interrupted):
        persons(factory)
    snapshot = demo_vehicles.vehicle_register_snapshot(whole, HALL, 0.0025)  # 150 vehicles
    assert snapshot[1] == 150
    demo_vehicles.add_drawn_register(whole, snapshot, random.Random(8), today, inspection)

    with _killed_at_copy(monkeypatch, Vehicle.__table__, 2), pytest.raises(KeyboardInterrupt):
        demo_vehicles.add_drawn_register(interrupted, snapshot, random.Random(8), today, inspection)
    assert len({vin for vin, *_ in register(interrupted)}) == 45  # the first copy: three batches
    assert demo_vehicles.add_drawn_register(interrupted, snapshot, random.Random(8), today, inspection) == 150
    assert register(interrupted) == register(whole)
    assert sum(1 for *_, number, _ in register(whole) if number) > 100

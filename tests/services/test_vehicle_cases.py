"""The vehicle window end to end on the services: register with 50选1, refusals that change nothing,
transfer with the old number retained, 容缺 supplied and terminated, documents that verify."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop.domain.errors import RefusedError, ValidationError
from desktop.domain.identifiers import make_resident_id, make_vin
from desktop.domain.plates import validate_plate
from desktop.services.plates import PlateChoice
from desktop.services.vehicle_cases import CaseRequest, NewVehicleInput, PartyInput
from desktop.store.vehicle_models import Deferral, PlateNumber, Vehicle, VehicleCase

OWNER = make_resident_id("152921", date(1980, 3, 4), 11)
BUYER = make_resident_id("152922", date(1991, 7, 8), 22)
AGENT = make_resident_id("152923", date(1975, 1, 2), 33)


@pytest.fixture
def v(hall):
    s = hall.services
    s.auth.create_staff(hall.admin, "clerk", "clerk", "clerkpass1")
    hall.clerk = s.auth.login("clerk", "clerkpass1")
    return hall


def vin(n: int) -> str:
    return make_vin(f"LSVAM4187C{n:06d}"[:16])


def count(hall, model) -> int:
    with hall.ctx.session_factory() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def register(hall, number: int, *, owner=OWNER, deferred=(), energy="fuel", choose=0, not_applicable=(), **kw):
    s = hall.services
    draw = s.plates.draw(hall.clerk, energy=energy)
    request = CaseRequest(
        "register", new_vehicle=NewVehicleInput(vin(number), cllx="K33", syxz="A", seats=5, colour="A",
                                                brand="大众", model="SVW71612", engine_no=f"E{number:06d}",
                                                energy=energy, insurance_until=date(2027, 11, 1)),
        owner=PartyInput(owner, "张三明" if owner == OWNER else "李四"), deferred=tuple(deferred),
        commitment_signed=bool(deferred), not_applicable=tuple(not_applicable),
        plate=PlateChoice("draw", draw.numbers[choose], draw.token), **kw)
    return draw, s.vehicle_cases.submit(hall.clerk, request)


def test_register_with_a_draw_of_50(v):
    draw, result = register(v, 1)
    assert len(draw.numbers) == len(set(draw.numbers)) == 50
    assert all(validate_plate(n).kind == "ordinary" and n.startswith("蒙M") for n in draw.numbers)
    assert result.state == "completed" and result.plate == draw.numbers[0]
    assert result.fee_total == 120  # 号牌 100 + 行驶证 10 + 登记证书 10
    assert [d.kind for d in result.documents] == ["AN", "RC"]
    assert all(d.pdf.startswith(b"%PDF") for d in result.documents)
    # the other 49 numbers went back to the pool; the chosen one is the vehicle's
    with v.ctx.session_factory() as session:
        rows = session.execute(select(PlateNumber)).scalars().all()
        assert [(r.number, r.state) for r in rows] == [(draw.numbers[0], "assigned")]
        car = session.execute(select(Vehicle)).scalar_one()
        assert car.registered and car.plate == draw.numbers[0] and car.first_registered == date(2026, 11, 26)
        assert car.inspection_valid_until and car.inspection_valid_until > date(2028, 1, 1)
    assert v.services.audit.verify(v.admin).ok


def test_new_energy_vehicle_gets_a_new_energy_number(v):
    draw, result = register(v, 2, energy="pure_electric")
    assert all(len(n) == 8 and validate_plate(n).kind == "nev_small" for n in draw.numbers)
    with v.ctx.session_factory() as session:
        assert session.execute(select(Vehicle.hpzl)).scalar_one() == "52"


def test_a_lapsed_hold_is_refused_and_nothing_is_written(v):
    draw = v.services.plates.draw(v.clerk)
    v.clock.advance(minutes=11)
    before = (v.services.audit.count(), count(v, VehicleCase), count(v, Vehicle))
    with pytest.raises(RefusedError) as exc:
        v.services.vehicle_cases.submit(v.clerk, CaseRequest(
            "register", new_vehicle=NewVehicleInput(vin(3)), owner=PartyInput(OWNER, "张三明"),
            plate=PlateChoice("draw", draw.numbers[0], draw.token)))
    assert exc.value.code == "plate_hold_lapsed"
    assert (v.services.audit.count(), count(v, VehicleCase), count(v, Vehicle)) == before


def test_self_composed_number_must_be_free(v):
    _, first = register(v, 4)
    with pytest.raises(RefusedError) as exc:
        v.services.vehicle_cases.submit(v.clerk, CaseRequest(
            "register", new_vehicle=NewVehicleInput(vin(5)), owner=PartyInput(OWNER),
            plate=PlateChoice("self", first.plate)))
    assert exc.value.code == "plate_taken"
    ok = v.services.vehicle_cases.submit(v.clerk, CaseRequest(
        "register", new_vehicle=NewVehicleInput(vin(5)), owner=PartyInput(OWNER),
        plate=PlateChoice("self", "蒙M3A7K9")))
    assert ok.plate == "蒙M3A7K9"


def _vehicle_id(hall, plate: str) -> int:
    with hall.ctx.session_factory() as session:
        return session.execute(select(Vehicle.id).where(Vehicle.plate == plate)).scalar_one()


def _set(hall, vehicle_id: int, **values) -> None:
    with hall.ctx.session_factory() as session, session.begin():
        car = session.get(Vehicle, vehicle_id)
        for k, val in values.items():
            setattr(car, k, val)


def test_cancelling_a_mortgaged_car_is_refused_with_the_reason(v):
    _, reg = register(v, 6)
    car = _vehicle_id(v, reg.plate)
    v.services.vehicle_cases.submit(v.clerk, CaseRequest("mortgage", vehicle_id=car,
                                                         changes={"mortgagee": "内蒙古银行"}))
    before = v.services.audit.count()
    with pytest.raises(RefusedError) as exc:
        v.services.vehicle_cases.submit(v.clerk, CaseRequest("cancel_scrap", vehicle_id=car))
    assert "抵押" in exc.value.message_zh
    assert v.services.audit.count() == before
    v.services.vehicle_cases.submit(v.clerk, CaseRequest("mortgage_release", vehicle_id=car))
    done = v.services.vehicle_cases.submit(v.clerk, CaseRequest("cancel_scrap", vehicle_id=car))
    assert done.state == "completed"


def test_transfer_refusals_then_transfer_and_the_seller_keeps_the_number(v):
    _, reg = register(v, 7)
    car = _vehicle_id(v, reg.plate)
    _set(v, car, violations_pending=True)
    with pytest.raises(RefusedError) as exc:
        v.services.vehicle_cases.submit(v.clerk, CaseRequest("transfer", vehicle_id=car,
                                                             owner=PartyInput(BUYER, "李四")))
    assert "违法" in exc.value.message_zh
    _set(v, car, violations_pending=False)
    v.clock.advance(days=400)  # held more than a year: the seller may keep the number
    draw = v.services.plates.draw(v.clerk)
    result = v.services.vehicle_cases.submit(v.clerk, CaseRequest(
        "transfer", vehicle_id=car, owner=PartyInput(BUYER, "李四"), event_date=date(2027, 12, 28),
        plate=PlateChoice("draw", draw.numbers[0], draw.token)))
    assert result.state == "completed" and result.plate == draw.numbers[0]
    with v.ctx.session_factory() as session:
        old = session.get(PlateNumber, reg.plate)
        assert old.state == "retained" and old.retained_until == date(2029, 12, 31)
    seller = v.services.persons.find(v.admin, OWNER)[0]
    assert v.services.plates.retained_for(v.clerk, person_id=seller.id) == [(reg.plate, date(2029, 12, 31))]
    # the seller's next car takes the old number back
    again = v.services.vehicle_cases.submit(v.clerk, CaseRequest(
        "register", new_vehicle=NewVehicleInput(vin(8)), owner=PartyInput(OWNER),
        plate=PlateChoice("keep", reg.plate)))
    assert again.plate == reg.plate
    # someone else cannot
    with pytest.raises(RefusedError):
        v.services.vehicle_cases.submit(v.clerk, CaseRequest(
            "register", new_vehicle=NewVehicleInput(vin(9)), owner=PartyInput(BUYER),
            plate=PlateChoice("keep", draw.numbers[0])))


def test_agent_refused_where_article_86_refuses_it(v):
    _, reg = register(v, 10)
    car = _vehicle_id(v, reg.plate)
    with pytest.raises(RefusedError):
        v.services.vehicle_cases.submit(v.clerk, CaseRequest("cancel_lost", vehicle_id=car,
                                                             agent=PartyInput(AGENT, "王五")))
    ok = v.services.vehicle_cases.submit(v.clerk, CaseRequest("replace_licence", vehicle_id=car,
                                                              agent=PartyInput(AGENT, "王五")))
    assert ok.fee_total == 10


def test_deferral_supplied_in_time(v):
    draw, result = register(v, 11, deferred=["vessel_tax"])
    assert result.state == "deferred"
    assert [d.kind for d in result.documents] == ["AN", "RC", "RN"]
    assert result.deferral_deadline == date(2026, 12, 3)  # 5 working days after Thursday 26 November
    with v.ctx.session_factory() as session:  # not registered until the material is in
        car = session.execute(select(Vehicle)).scalar_one()
        assert not car.registered and car.plate is None
    pending = v.services.deferrals.list(v.clerk)
    assert [(p.case_no, p.missing, p.overdue) for p in pending] == [(result.case_no, "车船税纳税或免税证明", False)]
    v.clock.advance(days=5)
    v.services.deferrals.supply(v.clerk, result.case_no)
    with v.ctx.session_factory() as session:
        car = session.execute(select(Vehicle)).scalar_one()
        assert car.registered and car.plate == result.plate
        assert session.execute(select(VehicleCase.state)).scalar_one() == "completed"
    assert v.services.deferrals.list(v.clerk) == []


def test_deferral_overdue_is_terminated_and_the_person_barred(v):
    _, result = register(v, 12, deferred=["purchase_tax"])
    v.clock.advance(days=8)
    assert v.services.deferrals.list(v.clerk)[0].overdue
    with pytest.raises(RefusedError):
        v.services.deferrals.supply(v.clerk, result.case_no)
    assert v.services.deferrals.terminate_overdue(v.clerk) == [result.case_no]
    with v.ctx.session_factory() as session:
        assert session.execute(select(VehicleCase.state)).scalar_one() == "terminated"
        assert session.get(PlateNumber, result.plate) is None  # the number went back
        assert session.execute(select(Deferral.barred_until)).scalar_one() > date(2026, 12, 4)
    with pytest.raises(RefusedError) as exc:
        register(v, 13, deferred=["purchase_tax"])
    assert exc.value.code.startswith("deferral")


def test_key_materials_cannot_be_deferred(v):
    with pytest.raises(RefusedError):
        register(v, 14, deferred=["compulsory_insurance"])
    with pytest.raises(ValidationError) as exc:
        register(v, 15, deferred=["no_such_material"])
    assert exc.value.field == "materials"


def test_deferral_needs_the_signed_commitment(v):
    draw = v.services.plates.draw(v.clerk)
    with pytest.raises(ValidationError) as exc:
        v.services.vehicle_cases.submit(v.clerk, CaseRequest(
            "register", new_vehicle=NewVehicleInput(vin(16)), owner=PartyInput(OWNER, "张三明"),
            deferred=("vessel_tax",), plate=PlateChoice("draw", draw.numbers[0], draw.token)))
    assert exc.value.field == "commitment"


def test_documents_verify_and_reprint_is_identical_in_serials(v):
    _, result = register(v, 17)
    import pypdfium2 as pdfium
    import zxingcpp

    for doc in result.documents:
        page = pdfium.PdfDocument(doc.pdf)[0]
        text = page.get_textpage().get_text_range()
        assert ("受理凭证" in text) if doc.kind == "AN" else ("收费收据" in text)
        codes = zxingcpp.read_barcodes(page.render(scale=3).to_pil())
        assert codes, doc.kind
        check = v.services.documents.verify(codes[0].text)
        assert check.ok and check.serial == doc.serial
    again = v.services.vehicle_cases.reprint(v.clerk, result.case_no)
    assert [(d.kind, d.serial) for d in again] == [(d.kind, d.serial) for d in result.documents]


def test_bad_input_changes_nothing(v):
    before = (v.services.audit.count(), count(v, VehicleCase), count(v, Vehicle))
    bad = [
        CaseRequest("register", new_vehicle=NewVehicleInput("LSVAM4187C0000001"), owner=PartyInput(OWNER)),
        CaseRequest("register", new_vehicle=NewVehicleInput(vin(18)), owner=PartyInput("152921198001011234")),
        CaseRequest("register", new_vehicle=NewVehicleInput(vin(18), cllx="飞机"), owner=PartyInput(OWNER)),
        CaseRequest("register", new_vehicle=NewVehicleInput(vin(18)), owner=PartyInput(OWNER)),  # no plate
        CaseRequest("transfer"),  # no vehicle
        CaseRequest("no_such_business"),
    ]
    for request in bad:
        with pytest.raises((ValidationError, RefusedError)):
            v.services.vehicle_cases.submit(v.clerk, request)
    assert (v.services.audit.count(), count(v, VehicleCase), count(v, Vehicle)) == before


def test_today_lists_cases_and_search_finds_the_car(v):
    _, result = register(v, 19)
    rows = v.services.vehicle_cases.today(v.clerk)
    assert [(r.case_no, r.plate, r.applicant_masked) for r in rows] == [(result.case_no, result.plate, "张*明")]
    found = v.services.vehicles.search(v.clerk, result.plate)
    assert [f.plate for f in found] == [result.plate] and found[0].owner_masked == "张*明"
    assert v.services.vehicles.search(v.clerk, result.plate[2:])[0].plate == result.plate
    card = v.services.vehicles.card(v.clerk, found[0].id)
    assert card.inspection is not None and card.recent_cases[0][0] == result.case_no


def test_plate_swap_once_a_year(v):
    _, a = register(v, 20)
    _, b = register(v, 21)
    car_a = _vehicle_id(v, a.plate)
    v.services.vehicle_cases.submit(v.clerk, CaseRequest("plate_swap", vehicle_id=car_a,
                                                         changes={"swap_plate": b.plate}))
    assert _vehicle_id(v, b.plate) == car_a
    with pytest.raises(RefusedError):
        v.services.vehicle_cases.submit(v.clerk, CaseRequest("plate_swap", vehicle_id=car_a,
                                                             changes={"swap_plate": a.plate}))
    v.clock.advance(days=366)
    v.services.vehicle_cases.submit(v.clerk, CaseRequest("plate_swap", vehicle_id=car_a,
                                                         changes={"swap_plate": a.plate}))
    assert _vehicle_id(v, a.plate) == car_a


def test_inspection_label_only_in_its_window(v):
    _, reg = register(v, 22)
    car = _vehicle_id(v, reg.plate)
    with pytest.raises(RefusedError):
        v.services.vehicle_cases.submit(v.clerk, CaseRequest("inspection_label", vehicle_id=car))
    due = v.services.vehicles.inspection_due(v.clerk, car)
    v.clock.advance(days=(due.due - date(2026, 11, 26)).days - 30)
    done = v.services.vehicle_cases.submit(v.clerk, CaseRequest("inspection_label", vehicle_id=car))
    assert done.state == "completed"
    after = v.services.vehicles.inspection_due(v.clerk, car)
    assert after.due > due.due + timedelta(days=300)


def test_conditional_materials_may_be_not_applicable_others_may_not(v):
    _, result = register(v, 23, not_applicable=("inspection_cert", "residence_proof"))
    assert result.state == "completed"
    with v.ctx.session_factory() as session:
        from desktop.store.vehicle_models import CaseMaterial

        states = dict(session.execute(select(CaseMaterial.code, CaseMaterial.status)).all())
    assert states["inspection_cert"] == states["residence_proof"] == "not_applicable"
    assert states["identity"] == "received"
    with pytest.raises(ValidationError) as exc:
        register(v, 24, not_applicable=("identity",))
    assert exc.value.code == "material_not_conditional"
    with pytest.raises(ValidationError):
        register(v, 25, deferred=["residence_proof"], not_applicable=("residence_proof",))

"""Bad business at the vehicle and driver windows: vehicle_cases.submit (bad VINs, owners, vehicle
details, plate choices — self-composed numbers checked by plates), driver_cases.submit (bad classes,
applicants, agents, materials, dates). Each request is a valid one with one thing wrong (and odd
free text beside it); it must be refused with a clear message, leaving no person, vehicle, plate,
case, document or audit entry behind."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import licensing, vehicle_codes
from desktop.domain import plates as plate_rules
from desktop.domain.errors import ValidationError
from desktop.domain.identifiers import make_resident_id, validate_mobile
from desktop.services.case_records import PartyInput
from desktop.services.driver_cases import DriverCaseRequest
from desktop.services.plates import PlateChoice
from desktop.services.vehicle_cases import CaseRequest, NewVehicleInput
from tests.property import support
from tests.property.support import (
    TODAY,
    bad_ids,
    bad_party_ids,
    bad_vins,
    campaign,
    junk,
    noise,
    refused,
    valid_ids,
    valid_usccs,
    valid_vins,
)

pytestmark = support.QUIET


def _raises(fn, *args, **kw) -> bool:
    try:
        fn(*args, **kw)
    except ValidationError:
        return True
    return False


def _not_valid(fn):
    return st.one_of(junk, st.text(alphabet="ABCDEFGHJKMZ0123456789白黑 /", min_size=1, max_size=5)).filter(
        lambda t: bool(t) and (len(t) > 200 or _raises(fn, t)))


# -- plates: self-composed numbers ---------------------------------------------------------------------

POLICY = plate_rules.PlatePolicy()


def _self_composed_refused(text: str) -> bool:
    return _raises(plate_rules.check_self_composed, (text or "").strip().upper(), POLICY, "ordinary")


bad_self_numbers = st.one_of(
    st.sampled_from(["蒙M11111", "蒙M00001", "蒙MAB1C2", "蒙MABC12", "蒙M1234挂", "蒙M1234学", "京A12345", "蒙A12345",
                     "蒙MD12345", "蒙M12345678", "蒙M1234", "蒙MI2345", "蒙M1O345", "", "   "]),
    st.tuples(st.sampled_from(["蒙M", "蒙m", "京A", "蒙A", "蒙 M", "M", "蒙"]),
              st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ挂学警·- ", min_size=0, max_size=7)
              ).map("".join),
    junk,
).filter(lambda t: len(t) > 70 or _self_composed_refused(t))


@given(number=bad_self_numbers, name=noise)
@campaign(40)
def test_self_composed_plate_numbers_out_of_the_rules(phall, number, name):
    """自编号牌 through a 注册登记: the vehicle, the owner and the number are all rolled back."""
    request = CaseRequest("register", new_vehicle=NewVehicleInput(make_vin_for(number)),
                          owner=PartyInput(OWNER, "张三明"), plate=PlateChoice("self", number))
    refused(phall.watch, "plates.self_composed", phall.services.vehicle_cases.submit, phall.clerk, request)


OWNER = make_resident_id("152921", date(1980, 3, 4), 11)


def make_vin_for(seed: str) -> str:
    from desktop.domain.identifiers import make_vin

    digits = f"{abs(hash(seed)) % 10**6:06d}"
    return make_vin(f"LSVAM4187C{digits}")


# -- vehicle cases ---------------------------------------------------------------------------------------

VEHICLE_FAULTS = ["vin", "owner_id", "owner_missing", "owner_no_name", "owner_phone", "plate_self", "plate_none",
                  "plate_mode", "plate_draw_token", "plate_keep", "business", "cllx", "syxz", "colour", "seats",
                  "energy", "deferred_unknown", "not_applicable_required", "vehicle_unknown", "vehicle_required",
                  "agent_company"]


@given(data=st.data(), fault=st.sampled_from(VEHICLE_FAULTS))
@campaign(80)
def test_vehicle_case_with_one_thing_wrong(phall, data, fault):
    draw = data.draw
    nv = dict(vin=draw(valid_vins), cllx="K33", syxz="A", seats=5, colour="A", brand=draw(noise), model=draw(noise),
              engine_no=draw(noise), energy="fuel", insurance_until=date(2027, 11, 1))
    owner = PartyInput(draw(valid_ids), draw(st.sampled_from(["张三明", "O'Brien", "巴特尔·其其格"])),
                       address=draw(noise))
    request = dict(business="register", owner=owner, plate=PlateChoice("self", "蒙M3A7K9"))
    if fault == "vin":
        nv["vin"] = draw(bad_vins())
    elif fault == "owner_id":
        request["owner"] = PartyInput(draw(bad_party_ids()), "张三明")
    elif fault == "owner_missing":
        request["owner"] = None
    elif fault == "owner_no_name":
        request["owner"] = PartyInput(owner.id_number, draw(st.sampled_from(["", "   ", None])))
    elif fault == "owner_phone":
        request["owner"] = PartyInput(owner.id_number, "张三明", phone=draw(_not_valid(validate_mobile)))
    elif fault == "plate_self":
        request["plate"] = PlateChoice("self", draw(bad_self_numbers))
    elif fault == "plate_none":
        request["plate"] = None
    elif fault == "plate_mode":
        request["plate"] = PlateChoice(draw(junk.filter(lambda t: t not in ("draw", "self", "keep"))), "蒙M3A7K9")
    elif fault == "plate_draw_token":
        request["plate"] = PlateChoice("draw", draw(st.sampled_from(["蒙M3A7K9", "", "%"])), draw(junk))
    elif fault == "plate_keep":
        request["plate"] = PlateChoice("keep", draw(st.sampled_from(["蒙M3A7K9", "蒙M12345", "%", "_", ""])))
    elif fault == "business":
        request["business"] = draw(junk.filter(lambda t: t not in phall.services.catalogs.vehicle.businesses))
    elif fault in ("cllx", "syxz", "colour"):
        fn = {"cllx": vehicle_codes.normalize_cllx, "syxz": vehicle_codes.normalize_syxz,
              "colour": vehicle_codes.normalize_csys}[fault]
        nv[fault] = draw(_not_valid(fn))
    elif fault == "seats":
        nv["seats"] = draw(st.one_of(st.integers(-2**62, 0), st.integers(1000, 2**62)))
    elif fault == "energy":
        nv["energy"] = draw(junk.filter(lambda t: t not in plate_rules.ENERGY_NAMES))
    elif fault == "deferred_unknown":
        request["deferred"] = (draw(junk.filter(lambda t: t not in ("inspection_cert", "purchase_tax", "vessel_tax",
                                                                     "residence_proof", "identity", "origin_proof",
                                                                     "conformity_cert", "compulsory_insurance",
                                                                     "vehicle_check"))),)
        request["commitment_signed"] = True
    elif fault == "not_applicable_required":
        request["not_applicable"] = (draw(st.sampled_from(["identity", "origin_proof", "conformity_cert",
                                                            "compulsory_insurance", "vehicle_check"])),)
    elif fault == "vehicle_unknown":
        request = dict(business=draw(st.sampled_from(["transfer", "mortgage", "change_colour", "replace_plate"])),
                       vehicle_id=draw(st.integers(10**6, 2**62)), changes={"colour": "B", "mortgagee": draw(noise)})
    elif fault == "vehicle_required":
        request = dict(business=draw(st.sampled_from(["transfer", "mortgage", "cancel_scrap", "inspection_label"])))
    elif fault == "agent_company":
        request["agent"] = PartyInput(draw(valid_usccs), "阿拉善运输有限公司")
    if "vehicle_id" not in request and request["business"] == "register" or fault == "business":
        request["new_vehicle"] = NewVehicleInput(**nv)
    refused(phall.watch, "vehicle_cases.submit", phall.services.vehicle_cases.submit, phall.clerk,
            CaseRequest(**request))


# -- driver cases ----------------------------------------------------------------------------------------

DRIVER_FAULTS = ["business", "class_unknown", "applicant_id", "no_applicant", "person_unknown", "applicant_company",
                 "agent_company", "deferred_unknown", "not_applicable_required", "first_licence_by_agent",
                 "first_licence_no_class", "first_licence_not_first_class", "medical_in_future",
                 "needs_a_licence"]
NOT_FIRST = sorted(set(licensing.CLASSES) - set(licensing.FIRST_LICENCE_CLASSES))


@given(data=st.data(), fault=st.sampled_from(DRIVER_FAULTS))
@campaign(50)
def test_driver_case_with_one_thing_wrong(phall, data, fault):
    draw = data.draw
    applicant = PartyInput(draw(valid_ids.filter(lambda n: "1950" < n[6:10] < "2004")),
                           draw(st.sampled_from(["王小明", "巴特尔·其其格"])), address=draw(noise))
    request = dict(business="first_licence", applicant=applicant, requested_class="C1",
                   medical_on=TODAY - timedelta(days=draw(st.integers(0, 100))), changes={"note": draw(noise)})
    if fault == "business":
        request["business"] = draw(junk.filter(lambda t: t not in phall.services.catalogs.driver.businesses))
    elif fault == "class_unknown":
        request["requested_class"] = draw(junk.filter(
            lambda t: (t or "").strip() and (t or "").strip().upper() not in licensing.CLASSES))
    elif fault == "applicant_id":
        request["applicant"] = PartyInput(draw(bad_ids), "王小明")
    elif fault == "no_applicant":
        request["applicant"] = None
    elif fault == "person_unknown":
        request["applicant"] = None
        request["person_id"] = draw(st.integers(10**6, 2**62))
    elif fault == "applicant_company":
        request["applicant"] = PartyInput(draw(valid_usccs), "阿拉善运输有限公司")
    elif fault == "agent_company":
        request.update(business="renewal", agent=PartyInput(draw(valid_usccs), "阿拉善运输有限公司"))
    elif fault == "deferred_unknown":
        request.update(deferred=(draw(junk.filter(lambda t: t not in ("identity", "medical_cert", "residence_proof",
                                                                       "photo"))),), commitment_signed=True)
    elif fault == "not_applicable_required":
        request["not_applicable"] = ("identity",)
    elif fault == "first_licence_by_agent":
        request["agent"] = PartyInput(draw(valid_ids), "李四")
    elif fault == "first_licence_no_class":
        request["requested_class"] = draw(st.sampled_from([None, "", "  "]))
    elif fault == "first_licence_not_first_class":
        request["requested_class"] = draw(st.sampled_from(NOT_FIRST))
    elif fault == "medical_in_future":
        request["medical_on"] = TODAY + timedelta(days=draw(st.integers(1, 3650)))
    elif fault == "needs_a_licence":  # the applicant holds no licence here
        request["business"] = draw(st.sampled_from(["add_class", "renewal", "review", "downgrade", "restore",
                                                    "replacement", "cancel", "extension"]))
    refused(phall.watch, "driver_cases.submit", phall.services.driver_cases.submit, phall.clerk,
            DriverCaseRequest(**request))

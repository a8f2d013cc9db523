"""The acceptance rules of 令164, one sentence per rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import RefusedError, ValidationError
from desktop.domain.vehicle_rules import (
    BUSINESSES,
    DEFAULT_POLICY,
    Application,
    Outcome,
    Refusal,
    VehicleFacts,
    add_months,
    check_application,
)

ON = date(2026, 11, 26)  # a Thursday
CAR = VehicleFacts(first_registered=date(2020, 5, 1), scrap_date=None, inspection_valid_until=date(2027, 5, 31),
                   insurance_until=date(2027, 5, 1))
NEW = VehicleFacts(registered=False, insurance_until=date(2027, 11, 1))
PARTNER = VehicleFacts(insurance_until=date(2027, 5, 1))


def codes(app: Application, vehicle: VehicleFacts | None = CAR, on: date = ON) -> list[str]:
    return [r.code for r in check_application(app, vehicle, on).refusals]


def warnings(app: Application, vehicle: VehicleFacts | None = CAR, on: date = ON) -> list[str]:
    return [r.code for r in check_application(app, vehicle, on).warnings]


def temp(purpose: str | None, days: int | None, vehicle: VehicleFacts | None = NEW, on: date = ON) -> list[str]:
    return codes(Application("temp_plate", temp_plate_purpose=purpose, temp_plate_days=days), vehicle, on)


# (sentence, application, vehicle, expected refusal codes)
REFUSALS = [
    ("注销 is refused while mortgaged", Application("cancel_scrap"), replace(CAR, mortgaged=True),
     ["cancel_while_secured"]),
    ("注销 is refused while pledged", Application("cancel_export"), replace(CAR, pledged=True),
     ["cancel_while_secured"]),
    ("a plain 注销 is accepted", Application("cancel_scrap"), CAR, []),
    ("transfer is refused while seized", Application("transfer"), replace(CAR, seized=True), ["vehicle_seized"]),
    ("transfer is refused for a stolen vehicle", Application("transfer"), replace(CAR, stolen=True),
     ["vehicle_stolen"]),
    ("transfer is refused with violations pending", Application("transfer"),
     replace(CAR, violations_pending=True), ["transfer_pending_records"]),
    ("transfer is refused with accidents pending", Application("transfer"),
     replace(CAR, accidents_pending=True), ["transfer_pending_records"]),
    ("transfer is refused within one year of the scrap date", Application("transfer"),
     replace(CAR, scrap_date=ON + timedelta(days=364)), ["transfer_near_scrap"]),
    ("transfer is refused exactly one year before the scrap date", Application("transfer"),
     replace(CAR, scrap_date=date(2027, 11, 26)), ["transfer_near_scrap"]),
    ("transfer is accepted more than a year before the scrap date", Application("transfer"),
     replace(CAR, scrap_date=date(2027, 11, 27)), []),
    ("a cancelled vehicle refuses everything", Application("replace_licence"), replace(CAR, cancelled=True),
     ["vehicle_closed"]),
    ("a moved-out vehicle refuses everything", Application("mortgage"), replace(CAR, moved_out=True),
     ["vehicle_closed"]),
    ("an unregistered vehicle cannot transfer", Application("transfer"), NEW, ["vehicle_unregistered"]),
    ("no vehicle at all cannot mortgage", Application("mortgage"), None, ["vehicle_unregistered"]),
    ("an unregistered vehicle may register", Application("register"), NEW, []),
    ("no vehicle may move in", Application("move_in"), None, []),
    ("a registered vehicle cannot register again", Application("register"), CAR, ["vehicle_already_registered"]),
    ("a registered vehicle cannot move in again", Application("move_in"), CAR, ["vehicle_already_registered"]),
    ("an agent cannot do 共同所有人变更", Application("co_owner_change", by_agent=True), CAR, ["agent_not_allowed"]),
    ("an agent cannot do 补领登记证书", Application("replace_certificate", by_agent=True), CAR,
     ["agent_not_allowed"]),
    ("an agent cannot do 灭失注销", Application("cancel_lost", by_agent=True), CAR, ["agent_not_allowed"]),
    ("an agent may replace a 行驶证", Application("replace_licence", by_agent=True), CAR, []),
    ("a stolen vehicle refuses a licence replacement", Application("replace_licence"), replace(CAR, stolen=True),
     ["vehicle_stolen"]),
    ("a stolen vehicle may still be cancelled as lost", Application("cancel_lost"), replace(CAR, stolen=True), []),
    ("a seized vehicle refuses 注销", Application("cancel_scrap"), replace(CAR, seized=True), ["vehicle_seized"]),
    ("a seized vehicle refuses a mortgage", Application("mortgage"), replace(CAR, seized=True), ["vehicle_seized"]),
    ("a seized vehicle refuses a pledge", Application("pledge"), replace(CAR, seized=True), ["vehicle_seized"]),
    ("a seized vehicle may still replace its licence", Application("replace_licence"), replace(CAR, seized=True),
     []),
    ("a mortgage release needs a mortgage", Application("mortgage_release"), CAR, ["not_mortgaged"]),
    ("a pledge release needs a pledge", Application("pledge_release"), CAR, ["not_pledged"]),
    ("a second pledge waits for the first to be released", Application("pledge"), replace(CAR, pledged=True),
     ["already_pledged"]),
    ("several reasons are all given", Application("transfer"),
     replace(CAR, seized=True, violations_pending=True), ["vehicle_seized", "transfer_pending_records"]),
]


@pytest.mark.parametrize(("app", "vehicle", "expected"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refusals(app, vehicle, expected):
    assert codes(app, vehicle) == expected


def test_cancel_refusal_tells_the_applicant_to_release_the_mortgage():
    with pytest.raises(RefusedError) as exc:
        check_application(Application("cancel_scrap"), replace(CAR, mortgaged=True), ON).raise_if_refused()
    assert exc.value.code == "cancel_while_secured" and "抵押" in exc.value.message_zh


def test_raise_joins_every_reason_in_both_languages():
    outcome = Outcome((Refusal("a", "甲", "A"), Refusal("b", "乙", "B")))
    with pytest.raises(RefusedError) as exc:
        outcome.raise_if_refused()
    assert (exc.value.code, exc.value.message_zh, exc.value.message_en) == ("a", "甲；乙", "A; B")
    assert not outcome.ok
    assert Outcome().ok and Outcome().raise_if_refused() is None


# -- late applications: warnings, still accepted -----------------------------------------------------

def test_transfer_30_calendar_days_after_delivery_is_in_time_31_is_late():
    assert warnings(Application("transfer", event_date=ON - timedelta(days=30))) == []
    assert warnings(Application("transfer", event_date=ON - timedelta(days=31))) == ["transfer_late"]
    assert codes(Application("transfer", event_date=ON - timedelta(days=200))) == []


def test_colour_change_10_working_days_then_late():
    # changed Thursday 12 Nov: ten working days end on Thursday 26 Nov (calendar 14 days)
    assert warnings(Application("change_colour", event_date=date(2026, 11, 12))) == []
    assert warnings(Application("change_colour", event_date=date(2026, 11, 11))) == ["change_late"]
    outcome = check_application(Application("change_engine", event_date=date(2026, 11, 1)), CAR, ON)
    assert outcome.ok and "逾期申请" in outcome.warnings[0].zh


def test_colour_change_deadline_moves_with_a_closed_day():
    app = Application("change_body", event_date=date(2026, 11, 11))
    assert check_application(app, CAR, ON, closed={date(2026, 11, 16)}).warnings == ()


def test_move_in_more_than_30_days_after_arrival_warns():
    assert warnings(Application("move_in", event_date=ON - timedelta(days=30)), None) == []
    assert warnings(Application("move_in", event_date=ON - timedelta(days=31)), None) == ["move_in_late"]


def test_transfer_past_inspection_validity_warns_for_the_extra_materials():
    lapsed = replace(CAR, inspection_valid_until=ON - timedelta(days=1))
    assert warnings(Application("transfer"), lapsed) == ["transfer_inspection_lapsed"]


def test_a_future_event_date_is_a_bad_field():
    with pytest.raises(ValidationError) as exc:
        check_application(Application("transfer", event_date=ON + timedelta(days=1)), CAR, ON)
    assert exc.value.field == "event_date"


def test_an_unknown_business_is_a_bad_field():
    with pytest.raises(ValidationError) as exc:
        check_application(Application("fly"), CAR, ON)
    assert exc.value.field == "business"


# -- temporary plates (Art.46-47, calendar days, issue day counted) ---------------------------------

TEMP = [
    ("unregistered: 30 days is the limit", "unregistered", 30, NEW, []),
    ("unregistered: 31 days is too long", "unregistered", 31, NEW, ["temp_plate_too_long"]),
    ("unregistered: the 4th issue is refused", "unregistered", 10, replace(NEW, temp_plates_issued=3),
     ["temp_plate_issues_used"]),
    ("unregistered: the 3rd issue is allowed", "unregistered", 10, replace(NEW, temp_plates_issued=2), []),
    ("export: one issue only", "export", 10, replace(NEW, temp_plates_issued=1), ["temp_plate_issues_used"]),
    ("research: 6 months", "research", 183, replace(NEW, insurance_until=date(2027, 12, 31)), []),
    ("research: not 184 days", "research", 184, replace(NEW, insurance_until=date(2027, 12, 31)),
     ["temp_plate_too_long"]),
    ("oversize: 90 days", "oversize", 90, NEW, []),
    ("oversize: not 91", "oversize", 91, NEW, ["temp_plate_too_long"]),
    ("used-car export: 60 days", "used_export", 60, NEW, []),
    ("used-car export: not 61", "used_export", 61, NEW, ["temp_plate_too_long"]),
    ("plate delay: 15 days for a registered car", "plate_delay", 15, CAR, []),
    ("plate delay: not 16", "plate_delay", 16, CAR, ["temp_plate_too_long"]),
    ("plate delay is not for an unregistered car", "plate_delay", 10, NEW, ["temp_plate_purpose_mismatch"]),
    ("a registered car needs no 未注册 plate", "unregistered", 10, CAR, ["temp_plate_purpose_mismatch"]),
    ("never beyond the 交强险: last day = insurance end is fine", "unregistered", 30,
     replace(NEW, insurance_until=ON + timedelta(days=29)), []),
    ("never beyond the 交强险: one day over is refused", "unregistered", 30,
     replace(NEW, insurance_until=ON + timedelta(days=28)), ["temp_plate_beyond_insurance"]),
    ("the 交强险 end date must be known", "unregistered", 10, replace(NEW, insurance_until=None),
     ["temp_plate_insurance_required"]),
    ("no purpose: asked for", None, 10, NEW, ["temp_plate_details_required"]),
    ("no days: asked for", "unregistered", None, NEW, ["temp_plate_details_required"]),
]


@pytest.mark.parametrize(("purpose", "days", "vehicle", "expected"), [t[1:] for t in TEMP], ids=[t[0] for t in TEMP])
def test_temp_plates(purpose, days, vehicle, expected):
    assert temp(purpose, days, vehicle) == expected


def test_temp_plate_without_any_vehicle_record_still_needs_insurance():
    assert temp("unregistered", 10, None) == ["temp_plate_insurance_required"]


def test_unknown_temp_plate_purpose_is_a_bad_field():
    with pytest.raises(ValidationError) as exc:
        temp("holiday", 10)
    assert exc.value.field == "temp_plate_purpose"


@given(st.sampled_from(["unregistered", "export", "research", "oversize", "used_export"]), st.integers(1, 400))
def test_temp_plate_days_within_the_limit_are_accepted(purpose, days):
    vehicle = replace(NEW, insurance_until=date(2030, 1, 1))
    refused = "temp_plate_too_long" in temp(purpose, days, vehicle)
    assert refused == (days > DEFAULT_POLICY.temp_days_limit(purpose))


# -- plate swap (Art.20) ----------------------------------------------------------------------------

SWAP = [
    ("the partner is required", None, CAR, ["swap_partner_required"]),
    ("two clean cars may swap", PARTNER, CAR, []),
    ("this car swapped 364 days ago", PARTNER, replace(CAR, last_plate_swap=ON - timedelta(days=364)),
     ["swap_once_a_year"]),
    ("this car swapped a year ago to the day", PARTNER, replace(CAR, last_plate_swap=date(2025, 11, 26)), []),
    ("the other car swapped this year", replace(PARTNER, last_plate_swap=ON - timedelta(days=10)), CAR,
     ["swap_once_a_year"]),
    ("this car is mortgaged", PARTNER, replace(CAR, mortgaged=True), ["swap_mortgaged"]),
    ("the other car is mortgaged", replace(PARTNER, mortgaged=True), CAR, ["swap_partner_held"]),
    ("the other car is seized", replace(PARTNER, seized=True), CAR, ["swap_partner_held"]),
    ("the other car is stolen", replace(PARTNER, stolen=True), CAR, ["swap_partner_held"]),
    ("this car is seized", PARTNER, replace(CAR, seized=True), ["vehicle_seized"]),
    ("the other car is cancelled", replace(PARTNER, cancelled=True), CAR, ["swap_partner_unregistered"]),
]


@pytest.mark.parametrize(("partner", "vehicle", "expected"), [s[1:] for s in SWAP], ids=[s[0] for s in SWAP])
def test_plate_swap(partner, vehicle, expected):
    assert codes(Application("plate_swap", swap_partner=partner), vehicle) == expected


# -- inspection label (Art.54-57) -----------------------------------------------------------------

DUE = date(2027, 2, 26)  # three months after ON
LABEL = [
    ("on the first day of the 3-month window", DUE, CAR, []),
    ("a day before the window opens", date(2027, 2, 27), CAR, ["label_too_early"]),
    ("on the expiry day itself", ON, CAR, []),
    ("violations pending", DUE, replace(CAR, violations_pending=True), ["label_pending_records"]),
    ("accidents pending", DUE, replace(CAR, accidents_pending=True), ["label_pending_records"]),
    ("no due date anywhere", None, replace(CAR, inspection_valid_until=None), ["inspection_due_unknown"]),
]


@pytest.mark.parametrize(("due", "vehicle", "expected"), [x[1:] for x in LABEL], ids=[x[0] for x in LABEL])
def test_inspection_label(due, vehicle, expected):
    assert codes(Application("inspection_label", inspection_due=due), vehicle) == expected


def test_overdue_label_is_accepted_with_a_warning_to_check_the_inspection_certificate():
    outcome = check_application(Application("inspection_label", inspection_due=ON - timedelta(days=1)), CAR, ON)
    assert outcome.ok and [w.code for w in outcome.warnings] == ["inspection_overdue"]
    assert "上线" in outcome.warnings[0].zh and "inspection" in outcome.warnings[0].en


def test_label_falls_back_to_the_recorded_validity():
    assert codes(Application("inspection_label"), replace(CAR, inspection_valid_until=DUE)) == []


def test_label_with_a_lapsed_insurance_record_warns_or_refuses_by_policy():
    lapsed = replace(CAR, insurance_until=ON - timedelta(days=1))
    app = Application("inspection_label", inspection_due=DUE)
    outcome = check_application(app, lapsed, ON)
    assert outcome.ok and [w.code for w in outcome.warnings] == ["label_insurance_lapsed"]
    strict = replace(DEFAULT_POLICY, label_refuse_on_lapsed_insurance_record=True)
    assert [r.code for r in check_application(app, lapsed, ON, strict).refusals] == ["label_insurance_lapsed"]


# -- properties -------------------------------------------------------------------------------------

@given(st.sampled_from(sorted(BUSINESSES)), st.booleans())
def test_closed_vehicles_refuse_every_business(business, cancelled):
    vehicle = replace(CAR, cancelled=cancelled, moved_out=not cancelled)
    assert codes(Application(business), vehicle) == ["vehicle_closed"]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(-240, 240))
def test_add_months_keeps_the_day_or_the_month_end(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day and (moved + timedelta(days=1)).day == 1


def test_add_months_29_february():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)

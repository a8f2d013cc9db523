"""The driver-licence rules of 令162 as amended by 令172, one sentence per rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import RefusedError, ValidationError
from desktop.domain.licensing import (
    BUSINESSES,
    CLASS_NAMES,
    CLASSES,
    DEFAULT_POLICY,
    FIRST_LICENCE_CLASSES,
    LICENCE_STATUS,
    DriverApplication,
    HeldClass,
    LicenceFacts,
    check_driver_application,
    classes_after_downgrade,
    downgrade_classes,
    first_validity,
    health_cert_due,
    implied_classes,
    licence_warnings,
    parse_licence_status,
    probation_end,
    renewal_window,
    validity_after_renewal,
)
from desktop.domain.vehicle_rules import add_months

ON = date(2026, 6, 15)
DAY = timedelta(days=1)
ALL = frozenset({"1", "2", "3", "3s"})
ADULT = date(1990, 3, 10)


def years_ago(n: int, day: date = ON) -> date:
    return add_months(day, -12 * n)


def turns(age: int) -> date:
    """Born so that `age` is reached exactly on ON."""
    return years_ago(age)


def turns_tomorrow(age: int) -> date:
    return years_ago(age) + DAY


def lic(*held: tuple[str, date], **kw) -> LicenceFacts:
    base = {"valid_from": date(2024, 9, 1), "valid_until": date(2030, 9, 1)}
    base.update(kw)
    return LicenceFacts(classes=tuple(HeldClass(c, d) for c, d in held), **base)


C1 = lic(("C1", date(2015, 1, 5)))


def check(app: DriverApplication, birth: date = ADULT, licence: LicenceFacts | None = C1, on: date = ON,
          policy=DEFAULT_POLICY):
    return check_driver_application(app, birth, licence, on, policy)


def codes(*args, **kw) -> list[str]:
    return [r.code for r in check(*args, **kw).refusals]


def warns(*args, **kw) -> list[str]:
    return [r.code for r in check(*args, **kw).warnings]


def first(cls: str, exams=ALL, **kw) -> DriverApplication:
    return DriverApplication("first_licence", requested_class=cls, exams_passed=exams, **kw)


# -- classes and statuses ------------------------------------------------------------------------------

def test_the_seventeen_classes_have_names_and_first_licence_classes_are_among_them():
    assert len(CLASSES) == 17 and set(CLASS_NAMES) == set(CLASSES)
    assert FIRST_LICENCE_CLASSES == set(CLASSES) - {"A1", "A2", "B1", "C6"}


@pytest.mark.parametrize(("cls", "implied"), [
    ("C1", {"C2", "C3", "C4"}), ("C2", set()), ("C3", {"C4"}), ("A3", {"C1", "C2", "C3", "C4"}),
    ("B2", {"C1", "C2", "C3", "C4", "M"}), ("B1", {"C1", "C2", "C3", "C4", "M"}),
    ("A1", {"A3", "B1", "B2", "C1", "C2", "C3", "C4", "M"}),
    ("A2", {"B1", "B2", "C1", "C2", "C3", "C4", "C6", "M"}),
    ("D", {"E", "F"}), ("E", {"F"}), ("F", set()), ("C5", set()), ("C6", set()), ("N", set()),
])
def test_implied_classes(cls, implied):
    assert implied_classes(cls) == implied


def test_status_letters_parse_and_unknown_letters_name_the_field():
    assert parse_licence_status("hm") == {"H", "M"} and parse_licence_status("") == {"A"}
    assert LICENCE_STATUS["D"] == "暂扣"
    with pytest.raises(ValidationError) as exc:
        parse_licence_status("AQ")
    assert exc.value.field == "status"


# -- first licence: classes, ages at the boundary day, exams, agents -----------------------------------

FIRST = [
    ("C1 on the 18th birthday", "C1", turns(18), ALL, []),
    ("C1 the day before the 18th birthday", "C1", turns_tomorrow(18), ALL, ["age_too_young"]),
    ("C1 has no upper age (with 三力)", "C1", turns(90), ALL, None),
    ("C1 the day before 70 needs no 三力", "C1", turns_tomorrow(70), ALL, []),
    ("C1 on the 70th birthday needs 三力", "C1", turns(70), ALL, ["three_abilities_required"]),
    ("C5 at 75 needs 三力", "C5", turns(75), ALL, ["three_abilities_required"]),
    ("F on the 18th birthday", "F", turns(18), ALL, []),
    ("D at 70 (70周岁以下 includes 70)", "D", turns_tomorrow(71), ALL, []),
    ("D on the 71st birthday is too old", "D", turns(71), ALL, ["age_too_old"]),
    ("D at 70 needs no 三力", "D", turns(70), ALL, []),
    ("C3 up to 63", "C3", turns_tomorrow(64), ALL, []),
    ("C3 on the 64th birthday is too old", "C3", turns(64), ALL, ["age_too_old"]),
    ("M the day before 18", "M", turns_tomorrow(18), ALL, ["age_too_young"]),
    ("A3 on the 20th birthday", "A3", turns(20), ALL, []),
    ("A3 the day before the 20th birthday", "A3", turns_tomorrow(20), ALL, ["age_too_young"]),
    ("B2 on the 64th birthday is too old", "B2", turns(64), ALL, ["age_too_old"]),
    ("N at 20", "N", turns(20), ALL, []),
    ("C6 is never a first licence", "C6", turns(30), ALL, ["not_first_licence_class"]),
    ("C6 is never a first licence, nor under 20", "C6", turns(19), ALL,
     ["not_first_licence_class", "age_too_young"]),
    ("B1 is never a first licence", "B1", turns(30), ALL, ["not_first_licence_class"]),
    ("A1 is never a first licence", "A1", turns(30), ALL, ["not_first_licence_class"]),
    ("A2 is never a first licence", "A2", turns(30), ALL, ["not_first_licence_class"]),
    ("all four subjects are needed", "C1", turns(30), frozenset({"1", "2", "3"}), ["exams_incomplete"]),
    ("a motorcycle needs all four subjects too [M]", "E", turns(30), frozenset({"1", "2"}), ["exams_incomplete"]),
    ("no exams at all", "C2", turns(30), frozenset(), ["exams_incomplete"]),
]


@pytest.mark.parametrize(("cls", "birth", "exams", "expected"), [r[1:] for r in FIRST], ids=[r[0] for r in FIRST])
def test_first_licence(cls, birth, exams, expected):
    got = codes(first(cls, exams), birth, None)
    if expected is None:  # no upper age: only the 三力 test stands between
        assert got == ["three_abilities_required"]
        assert codes(first(cls, exams, three_abilities_passed=True), birth, None) == []
    else:
        assert got == expected


def test_missing_subjects_are_named_for_the_applicant():
    outcome = check(first("C1", frozenset({"1", "2"})), licence=None)
    assert "科目三道路驾驶技能" in outcome.refusals[0].zh and "科目三安全文明驾驶常识" in outcome.refusals[0].zh


def test_vocational_students_may_apply_for_a1_a2_from_19():
    vocational = replace(DEFAULT_POLICY, vocational_students=True)
    assert codes(first("A1"), turns(19), None, policy=vocational) == []
    assert codes(first("A2"), turns_tomorrow(19), None, policy=vocational) == ["age_too_young"]
    assert codes(first("A1"), turns(21), None) == ["not_first_licence_class", "age_too_young"]


def test_an_agent_cannot_apply_for_a_first_licence():
    assert codes(first("C1", by_agent=True), licence=None) == ["agent_not_allowed"]


def test_a_licence_holder_applies_for_a_class_not_a_first_licence():
    assert codes(first("D")) == ["already_licensed"]
    assert codes(DriverApplication("first_licence"), licence=None) == ["class_required"]


def test_after_a_revocation_a_new_first_licence_is_accepted_with_a_warning():
    revoked = replace(C1, status=frozenset("F"))
    assert codes(first("C1"), licence=revoked) == [] and warns(first("C1"), licence=revoked) == [
        "previous_licence_closed"]


# -- 增驾 -------------------------------------------------------------------------------------------------

def add(cls: str, exams=ALL, **kw) -> DriverApplication:
    return DriverApplication("add_class", requested_class=cls, exams_passed=exams, **kw)


C6_EXAMS = frozenset({"2", "3s"})
ADD = [
    ("C6 after exactly 1 year of C1", "C6", lic(("C1", years_ago(1))), C6_EXAMS, []),
    ("C6 a day short of 1 year of C1", "C6", lic(("C1", years_ago(1) + DAY)), C6_EXAMS, ["add_class_prerequisite"]),
    ("C6 after 1 year of B2 (B2 covers C1)", "C6", lic(("B2", years_ago(1))), C6_EXAMS, []),
    ("C6 needs only 科目二 and 安全文明", "C6", lic(("C2", years_ago(3))), frozenset({"2"}), ["exams_incomplete"]),
    ("C6 after D only is refused", "C6", lic(("D", years_ago(5))), C6_EXAMS, ["add_class_prerequisite"]),
    ("B1 after exactly 2 years of C1", "B1", lic(("C1", years_ago(2))), ALL, []),
    ("B1 a day short of 2 years", "B1", lic(("C1", years_ago(2) + DAY)), ALL, ["add_class_prerequisite"]),
    ("B1 after 2 years of C4", "B1", lic(("C4", years_ago(2))), ALL, []),
    ("A2 after 2 years of B2", "A2", lic(("B2", years_ago(2))), ALL, []),
    ("A2 a day short of 2 years of B2", "A2", lic(("B2", years_ago(2) + DAY)), ALL, ["add_class_prerequisite"]),
    ("A2 after 1 year of A1", "A2", lic(("A1", years_ago(1))), ALL, []),
    ("A2 after 5 years of C1 only", "A2", lic(("C1", years_ago(5))), ALL, ["add_class_prerequisite"]),
    ("A1 after 2 years of A3", "A1", lic(("A3", years_ago(2))), ALL, []),
    ("A1 after 2 years of B1", "A1", lic(("B1", years_ago(2))), ALL, []),
    ("A1 after 3 years of B2", "A1", lic(("B2", years_ago(3))), ALL, []),
    ("A1 a day short of 3 years of B2", "A1", lic(("B2", years_ago(3) + DAY)), ALL, ["add_class_prerequisite"]),
    ("A1 after 1 year of A2", "A1", lic(("A2", years_ago(1))), ALL, []),
    ("B2 may be added to C1 without waiting", "B2", lic(("C1", years_ago(0))), ALL, []),
    ("D may be added to C1", "D", C1, ALL, []),
    ("C2 is already covered by C1", "C2", C1, ALL, ["class_already_held"]),
    ("a 增驾 needs its exams", "B2", C1, frozenset({"1"}), ["exams_incomplete"]),
    ("not while the licence is seized", "D", replace(C1, status=frozenset("D")), ALL, ["licence_held"]),
    ("not while 超分", "D", replace(C1, status=frozenset("B")), ALL, ["points_full"]),
    ("not with violations pending", "D", replace(C1, status=frozenset("H")), ALL, ["records_pending"]),
    ("not on a revoked licence", "D", replace(C1, status=frozenset("F")), ALL, ["licence_closed"]),
]


@pytest.mark.parametrize(("cls", "licence", "exams", "expected"), [r[1:] for r in ADD], ids=[r[0] for r in ADD])
def test_add_class(cls, licence, exams, expected):
    assert codes(add(cls, exams), date(1985, 1, 1), licence) == expected


CYCLE = add_months(ON, -3)  # the current 记分周期 began three months ago
FULL = [
    ("B1: a 12-point cycle in the last 2 cycles", "B1", CYCLE - DAY - timedelta(days=365), ["add_class_full_cycle"]),
    ("B1: 3 cycles ago is fine", "B1", add_months(CYCLE, -24) - DAY, []),
    ("A1: 3 cycles are looked at", "A1", add_months(CYCLE, -24) - DAY, ["add_class_full_cycle"]),
    ("A1: 4 cycles ago is fine", "A1", add_months(CYCLE, -36) - DAY, []),
    ("C6: the last cycle only", "C6", CYCLE - DAY, ["add_class_full_cycle"]),
    ("C6: the cycle before is fine", "C6", add_months(CYCLE, -12) - DAY, []),
]


@pytest.mark.parametrize(("cls", "cycle_end", "expected"), [r[1:] for r in FULL], ids=[r[0] for r in FULL])
def test_add_class_needs_cycles_without_12_points(cls, cycle_end, expected):
    held = lic(("B2", years_ago(10)), ("A3", years_ago(10)), cycle_start=CYCLE, twelve_point_cycles=(cycle_end,))
    exams = C6_EXAMS if cls == "C6" else ALL
    assert codes(add(cls, exams), date(1985, 1, 1), held) == expected


def test_12_points_in_the_current_cycle_refuse_a_class():
    held = lic(("B2", years_ago(10)), points=12, cycle_start=CYCLE)
    assert codes(add("B1"), date(1985, 1, 1), held) == ["add_class_full_cycle"]


def test_add_class_ages_and_agents():
    b2 = lic(("B2", years_ago(10)))
    assert codes(add("A1"), turns_tomorrow(64), b2) == []
    assert codes(add("A1"), turns(64), b2) == ["age_too_old"]
    assert codes(add("C6", C6_EXAMS), turns_tomorrow(20), lic(("C1", years_ago(1)))) == ["age_too_young"]
    assert codes(add("D", by_agent=True)) == ["agent_not_allowed"]
    assert codes(add("D"), turns(70), C1) == []  # D needs no 三力
    assert codes(add("D"), turns(72), C1) == ["age_too_old"]
    assert codes(add("C5"), turns(72), C1) == ["three_abilities_required"]


def test_add_class_in_probation_can_be_made_a_refusal():
    fresh = lic(("C1", years_ago(3)), ("D", ON - timedelta(days=30)))
    strict = replace(DEFAULT_POLICY, add_class_blocked_in_any_probation=True)
    assert codes(add("B2"), licence=fresh) == []
    assert codes(add("B2"), licence=fresh, policy=strict) == ["add_class_in_probation"]


# -- validity ---------------------------------------------------------------------------------------------

def test_first_validity_is_six_years_to_the_anniversary():
    assert first_validity(date(2020, 3, 15)) == (date(2020, 3, 15), date(2026, 3, 15))
    assert first_validity(date(2024, 2, 29)) == (date(2024, 2, 29), date(2030, 2, 28))


SIX = LicenceFacts((HeldClass("C1", date(2020, 3, 15)),), date(2020, 3, 15), date(2026, 3, 15))
TEN = replace(SIX, valid_from=date(2026, 3, 16), valid_until=date(2036, 3, 15), renewals=1)
VALIDITY = [
    ("6 years clean → 10 years", SIX, (date(2026, 3, 16), date(2036, 3, 15))),
    ("10 years clean → 长期", TEN, (date(2036, 3, 16), None)),
    ("a 12-point cycle keeps 6", replace(SIX, twelve_point_cycles=(date(2023, 3, 14),)),
     (date(2026, 3, 16), date(2032, 3, 15))),
    ("a 12-point cycle keeps 10", replace(TEN, twelve_point_cycles=(date(2030, 3, 14),)),
     (date(2036, 3, 16), date(2046, 3, 15))),
    ("12 points in the current cycle keep 6", replace(SIX, points=12), (date(2026, 3, 16), date(2032, 3, 15))),
    ("a 12-point cycle before the period does not count", replace(SIX, valid_from=date(2020, 3, 15),
                                                                  twelve_point_cycles=(date(2019, 1, 1),)),
     (date(2026, 3, 16), date(2036, 3, 15))),
    ("长期 stays 长期", replace(SIX, valid_until=None), (date(2020, 3, 15), None)),
]


@pytest.mark.parametrize(("licence", "expected"), [r[1:] for r in VALIDITY], ids=[r[0] for r in VALIDITY])
def test_validity_after_renewal(licence, expected):
    assert validity_after_renewal(licence, date(2026, 2, 1) if licence.valid_until is None else
                                  licence.valid_until - timedelta(days=30)) == expected


def test_a_renewal_period_may_start_on_the_old_expiry_day_instead():
    printed = replace(DEFAULT_POLICY, renewal_from_day_after_expiry=False)
    assert validity_after_renewal(SIX, date(2026, 1, 1), printed) == (date(2026, 3, 15), date(2036, 3, 15))


def test_a_late_renewal_still_continues_the_old_period():
    assert validity_after_renewal(SIX, date(2026, 9, 1)) == (date(2026, 3, 16), date(2036, 3, 15))


@given(start=st.dates(date(1990, 1, 1), date(2040, 12, 31)), ten=st.booleans(),
       cycles=st.lists(st.integers(0, 4000), max_size=3), late=st.integers(-90, 365))
def test_renewal_never_shortens_and_ends_after_it_starts(start, ten, cycles, late):
    years = 10 if ten else 6
    licence = LicenceFacts((HeldClass("C1", start),), start, add_months(start, 12 * years),
                           twelve_point_cycles=tuple(start + timedelta(days=d) for d in cycles))
    assert licence.valid_until is not None
    new_from, new_until = validity_after_renewal(licence, licence.valid_until + timedelta(days=late))
    assert new_from > licence.valid_until
    if new_until is not None:
        assert new_until > new_from
        assert new_until >= add_months(licence.valid_until, 12 * years)  # as many years again, or more


def test_two_clean_renewals_reach_long_term():
    from_, until = validity_after_renewal(SIX, date(2026, 3, 1))
    second = LicenceFacts(SIX.classes, from_, until)
    assert validity_after_renewal(second, date(2036, 3, 1))[1] is None


# -- renewal window, overdue, cancellation, restoration ------------------------------------------------

def test_renewal_window_edges():
    assert renewal_window(date(2026, 3, 15)) == (date(2025, 12, 15), date(2027, 3, 15))


def renew(**kw) -> DriverApplication:
    return DriverApplication("renewal", **kw)


RENEWAL = [
    ("91 days before expiry is too early", ON + timedelta(days=91), ["renewal_too_early"], []),
    ("90 days before expiry is in the window", ON + timedelta(days=90), [], []),
    ("on the expiry day", ON, [], []),
    ("the day after expiry: late, accepted", ON - DAY, [], ["renewal_late"]),
    ("a year overdue to the day: late, accepted", years_ago(1), [], ["renewal_late"]),
    ("more than a year overdue: to be cancelled", years_ago(1) - DAY, ["licence_overdue_cancel"], []),
]


@pytest.mark.parametrize(("until", "refused", "warned"), [r[1:] for r in RENEWAL], ids=[r[0] for r in RENEWAL])
def test_renewal_window(until, refused, warned):
    licence = replace(C1, valid_from=years_ago(6, until), valid_until=until)
    assert (codes(renew(), licence=licence), warns(renew(), licence=licence)) == (refused, warned)


def test_renewal_of_a_long_term_licence_is_refused():
    assert codes(renew(), licence=replace(C1, valid_until=None)) == ["renewal_long_term"]


def test_renewal_at_70_needs_three_abilities_and_at_63_warns_of_the_downgrade():
    due = replace(C1, valid_until=ON + timedelta(days=10))
    assert codes(renew(), turns(70), due) == ["three_abilities_required"]
    assert codes(renew(three_abilities_passed=True), turns(70), due) == []
    b2 = lic(("B2", date(2000, 1, 1)), valid_until=ON + timedelta(days=10))
    assert warns(renew(), turns(63), b2) == ["downgrade_due"]
    assert warns(renew(), turns_tomorrow(63), b2) == []


def test_an_agent_may_renew_and_a_stale_medical_is_refused():
    due = replace(C1, valid_until=ON + timedelta(days=10))
    assert codes(renew(by_agent=True, medical_on=add_months(ON, -6)), licence=due) == []
    assert codes(renew(medical_on=add_months(ON, -6) - DAY), licence=due) == ["medical_stale"]


def restore(**kw) -> DriverApplication:
    return DriverApplication("restore", **kw)


RESTORE = [
    ("cancel-eligible a year ago, 科目一 passed", years_ago(2), None, ON - timedelta(days=10), []),
    ("without 科目一", years_ago(2), None, None, ["restore_subject1_required"]),
    ("科目一 passed before the cancellation does not count", years_ago(2), None, years_ago(2),
     ["restore_subject1_required"]),
    ("two years after cancellation to the day", years_ago(3) - DAY, None, ON, []),
    ("more than two years after cancellation", years_ago(3) - 2 * DAY, None, ON, ["restore_too_late"]),
    ("cancelled on a recorded day", years_ago(5), years_ago(2), ON, []),
    ("a recorded day more than two years ago", years_ago(5), years_ago(2) - DAY, ON, ["restore_too_late"]),
    ("a valid licence has nothing to restore", ON + timedelta(days=100), None, ON, ["restore_not_cancelled"]),
]


@pytest.mark.parametrize(("until", "cancelled_on", "subject1", "expected"), [r[1:] for r in RESTORE],
                         ids=[r[0] for r in RESTORE])
def test_restore(until, cancelled_on, subject1, expected):
    licence = replace(C1, valid_until=until, status=frozenset("G") if cancelled_on else frozenset("A"))
    assert codes(restore(event_date=cancelled_on, subject1_passed_on=subject1), licence=licence) == expected


def test_restore_is_refused_for_a_revoked_licence_and_for_an_agent():
    assert codes(restore(subject1_passed_on=ON), licence=replace(C1, status=frozenset("F"))) == ["licence_closed"]
    overdue = replace(C1, valid_until=years_ago(2))
    assert codes(restore(subject1_passed_on=ON, by_agent=True), licence=overdue) == ["agent_not_allowed"]


def test_other_business_on_a_long_overdue_licence_is_refused_and_on_an_expired_one_warned():
    assert codes(DriverApplication("replacement"), licence=replace(C1, valid_until=years_ago(2))) == [
        "licence_overdue_cancel"]
    assert warns(DriverApplication("replacement"), licence=replace(C1, valid_until=ON - DAY)) == ["licence_expired"]
    assert warns(DriverApplication("extension"), licence=replace(C1, valid_until=ON - DAY)) == []


# -- 补证, 信息变更, 损毁, agents --------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "expected"), [
    ("A", []), ("D", ["licence_held"]), ("K", ["licence_held"]), ("U", ["licence_held"]),
    ("F", ["licence_closed"]), ("G", ["licence_closed"]), ("E", ["licence_closed"]), ("H", []), ("M", []),
])
def test_replacement_is_refused_while_seized_suspended_revoked_or_cancelled(status, expected):
    assert codes(DriverApplication("replacement"), licence=replace(C1, status=frozenset(status))) == expected


def test_replacement_refusal_reads_out_the_status():
    outcome = check(DriverApplication("replacement"), licence=replace(C1, status=frozenset("D")))
    with pytest.raises(RefusedError) as exc:
        outcome.raise_if_refused()
    assert "暂扣" in exc.value.message_zh and "补证" in exc.value.message_zh


@pytest.mark.parametrize("biz", ["info_change", "damaged"])
def test_change_and_damage_within_30_days_then_warned(biz):
    assert warns(DriverApplication(biz, event_date=ON - timedelta(days=30))) == []
    assert warns(DriverApplication(biz, event_date=ON - timedelta(days=31))) == ["change_late"]
    assert codes(DriverApplication(biz, event_date=ON - timedelta(days=300))) == []


@pytest.mark.parametrize(("biz", "allowed"), [
    ("renewal", True), ("replacement", True), ("health_cert", True), ("extension", True), ("cancel", True),
    ("info_change", True), ("damaged", True), ("first_licence", False), ("add_class", False),
    ("review", False), ("restore", False),
])
def test_agents(biz, allowed):
    got = codes(DriverApplication(biz, by_agent=True), licence=lic(("A1", date(2000, 1, 1))))
    assert ("agent_not_allowed" not in got) is allowed


def test_no_licence_on_record():
    assert codes(DriverApplication("replacement"), licence=None) == ["licence_not_found"]
    assert codes(DriverApplication("transfer_in"), licence=None) == []


def test_bad_input_names_the_field():
    for app, field in ((DriverApplication("nothing"), "business"),
                       (DriverApplication("add_class", requested_class="X9"), "requested_class"),
                       (DriverApplication("info_change", event_date=ON + DAY), "event_date"),
                       (DriverApplication("first_licence", exams_passed=frozenset({"4"})), "exams_passed")):
        with pytest.raises(ValidationError) as exc:
            check(app)
        assert exc.value.field == field


def test_every_business_has_a_chinese_name():
    assert BUSINESSES["health_cert"] == "提交身体条件证明" and len(BUSINESSES) == 13


# -- 身体条件证明, 审验 -----------------------------------------------------------------------------------

HEALTH = [
    ("69 with C1: none", turns(69), ("C1",), None, None),
    ("70 today, none on record: a year from the birthday", turns(70), ("C1",), None, add_months(ON, 12)),
    ("75: a year after the last", turns(75), ("C1",), date(2026, 1, 10), date(2027, 1, 10)),
    ("C5 at 40: three years after the last", turns(40), ("C5",), date(2025, 5, 1), date(2028, 5, 1)),
    ("C5 at 40, none: three years from obtaining it", turns(40), (HeldClass("C5", date(2024, 2, 1)),), None,
     date(2027, 2, 1)),
    ("C5 at 72: yearly wins", turns(72), ("C5",), date(2026, 1, 10), date(2027, 1, 10)),
    ("A1 at 40: none by default [M]", turns(40), ("A1",), date(2026, 1, 10), None),
]


@pytest.mark.parametrize(("birth", "classes", "last", "expected"), [r[1:] for r in HEALTH], ids=[r[0] for r in HEALTH])
def test_health_cert_due(birth, classes, last, expected):
    assert health_cert_due(birth, classes, last, ON) == expected


def test_professional_yearly_medical_is_a_policy():
    yearly = replace(DEFAULT_POLICY, professional_yearly_medical=True)
    assert health_cert_due(turns(40), ["A1"], date(2026, 1, 10), ON, yearly) == date(2027, 1, 10)


def health(**kw) -> DriverApplication:
    return DriverApplication("health_cert", medical_on=ON - timedelta(days=5), three_abilities_passed=True, **kw)


def test_health_cert_business():
    old = lic(("C1", date(1980, 1, 1)), health_due=ON + timedelta(days=20))
    assert codes(health(), turns(75), old) == [] and warns(health(), turns(75), old) == []
    late = replace(old, health_due=ON - DAY)
    assert warns(health(), turns(75), late) == ["health_cert_late"]
    gone = replace(old, health_due=years_ago(1) - DAY)
    assert codes(health(), turns(75), gone) == ["health_overdue_cancel"]
    assert codes(DriverApplication("health_cert", three_abilities_passed=True), turns(75), old) == ["medical_required"]
    assert codes(DriverApplication("health_cert", medical_on=ON), turns(75), old) == ["three_abilities_required"]
    assert warns(health(), turns(40), C1) == ["health_cert_not_required"]


REVIEW = [
    ("within 30 days after the cycle", ON + timedelta(days=10), [], []),
    ("on the last day of the cycle it is too early", ON + timedelta(days=30), ["review_too_early"], []),
    ("the day after the 30 days: late, accepted", ON - DAY, [], ["review_late"]),
]


@pytest.mark.parametrize(("due", "refused", "warned"), [r[1:] for r in REVIEW], ids=[r[0] for r in REVIEW])
def test_review(due, refused, warned):
    a1 = lic(("A1", date(2010, 1, 1)), review_due=due, points=3)
    app = DriverApplication("review")
    assert (codes(app, licence=a1), warns(app, licence=a1)) == (refused, warned)


def test_review_is_for_a_and_b_holders_with_points_only():
    assert codes(DriverApplication("review"), licence=C1) == ["review_not_required"]
    assert codes(DriverApplication("review"), licence=lic(("B2", date(2010, 1, 1)))) == ["review_not_due"]


# -- 实习期, 降级, the holder card --------------------------------------------------------------------------

def test_probation_ends_a_year_after_the_class_was_obtained():
    assert probation_end(HeldClass("C1", date(2025, 6, 15))) == date(2026, 6, 15)
    assert probation_end(HeldClass("D", date(2024, 2, 29))) == date(2025, 2, 28)


DOWNGRADE = [
    ("A1 at 63 becomes C1", ("A1",), turns(63), ("A1",), ("C1",)),
    ("A1 the day before 63 stays", ("A1",), turns_tomorrow(63), (), ("A1",)),
    ("B2 and D at 63", ("D", "B2"), turns(63), ("B2",), ("C1", "D")),
    ("A2 and C6 at 65", ("A2", "C6"), turns(65), ("A2",), ("C1", "C6")),
    ("B1 and C2 at 63: C2 is implied by C1", ("B1", "C2"), turns(63), ("B1",), ("C1",)),
    ("N lapses at 63 [M]", ("N", "C2"), turns(63), ("N",), ("C2",)),
    ("C1 alone stays", ("C1",), turns(80), (), ("C1",)),
]


@pytest.mark.parametrize(("classes", "birth", "dropped", "after"), [r[1:] for r in DOWNGRADE],
                         ids=[r[0] for r in DOWNGRADE])
def test_downgrade_classes(classes, birth, dropped, after):
    assert downgrade_classes(classes, birth, ON) == dropped
    assert classes_after_downgrade([HeldClass(c, date(2000, 1, 1)) for c in classes], birth, ON) == after


def test_downgrade_business():
    a1 = lic(("A1", date(2000, 1, 1)))
    app = DriverApplication("downgrade")
    assert codes(app, turns(63), a1) == [] and warns(app, turns(63), a1) == []
    assert warns(app, turns(50), a1) == ["downgrade_voluntary"]
    assert codes(app, turns(63), C1) == ["downgrade_nothing"]
    assert codes(DriverApplication("downgrade", requested_class="B2"), turns(63), a1) == []
    assert codes(DriverApplication("downgrade", requested_class="C1"), turns(63),
                 lic(("C2", date(2000, 1, 1)))) == ["downgrade_target_not_lower"]


def card(licence: LicenceFacts, birth: date = ADULT) -> list[str]:
    return [w.code for w in licence_warnings(licence, birth, ON)]


CARD = [
    ("nothing to say", C1, ADULT, []),
    ("the renewal window is open", replace(C1, valid_until=ON + timedelta(days=90)), ADULT, ["renewal_window_open"]),
    ("not yet open", replace(C1, valid_until=ON + timedelta(days=91)), ADULT, []),
    ("overdue", replace(C1, valid_until=ON - DAY), ADULT, ["renewal_overdue"]),
    ("overdue a year and more", replace(C1, valid_until=years_ago(1) - DAY), ADULT, ["renewal_overdue_cancel"]),
    ("medical overdue", replace(C1, health_due=ON - DAY), turns(75), ["health_cert_overdue"]),
    ("审验 due", lic(("B2", date(2000, 1, 1)), review_due=ON + timedelta(days=5)), ADULT, ["review_due"]),
    ("审验 overdue", lic(("B2", date(2000, 1, 1)), review_due=ON - DAY), ADULT, ["review_overdue"]),
    ("实习期", lic(("C1", date(2015, 1, 5)), ("D", ON - timedelta(days=100))), ADULT, ["probation"]),
    ("降级 at 63", lic(("B2", date(2000, 1, 1))), turns(63), ["downgrade_due"]),
    ("seized", replace(C1, status=frozenset("D")), ADULT, ["licence_held"]),
    ("12 points", replace(C1, points=12), ADULT, ["points_full"]),
]


@pytest.mark.parametrize(("licence", "birth", "expected"), [r[1:] for r in CARD], ids=[r[0] for r in CARD])
def test_card_warnings(licence, birth, expected):
    assert card(licence, birth) == expected


def test_card_texts_read_as_the_clerk_says_them():
    texts = [w.zh for w in licence_warnings(lic(("D", date(2026, 1, 20)), valid_until=ON + timedelta(days=30)),
                                            ADULT, ON)]
    assert texts == ["换证窗口已开放（有效期止2026年7月15日）", "D实习期至2027年1月20日"]
    assert "年满63周岁应降级" in licence_warnings(lic(("A1", date(2000, 1, 1))), turns(64), ON)[0].zh

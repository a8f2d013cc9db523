"""The exam rules of 令162 (Arts.38-47): marks, the learner permit, who may sit what when, priority,
cancellation and the weekly plan — every boundary on both sides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from desktop.domain.errors import ValidationError
from desktop.domain.exams import (
    DEFAULT_EXAM_POLICY,
    HALVES,
    SUBJECTS,
    CandidateFacts,
    ExamPolicy,
    PlannedSession,
    Sitting,
    WeeklySlot,
    bookings_used,
    check_cancel,
    check_eligibility,
    check_site_change,
    earliest_day,
    fifth_failure,
    pass_mark,
    permit_until,
    plan_is_late,
    plan_sessions,
    priority_time,
    rank_key,
    score_passes,
    sitting_passed,
    subjects_passed,
)
from desktop.domain.identifiers import age_on
from desktop.domain.licence_terms import CLASSES, DEFAULT_POLICY
from desktop.domain.licensing import SUBJECT_NAMES

DAY = timedelta(days=1)
ACCEPTED = datetime(2026, 3, 2, 9, 30)
PERMIT = date(2026, 3, 10)  # 科目一 passed, 学习驾驶证明 issued
BIRTH = date(1995, 5, 20)

# DOMAIN.md §5, written out independently of ExamPolicy.
SUBJECT2_WAIT = {"C1": 10, "C2": 10, "C3": 10, "C4": 10, "C5": 10, "M": 10, "N": 10, "P": 10,
                 "A1": 20, "A2": 20, "A3": 20, "B1": 20, "B2": 20, "C6": 20, "D": 0, "E": 0, "F": 0}
SUBJECT3_WAIT = {"C2": 20, "C3": 20, "C4": 20, "C5": 20, "C1": 30, "M": 30, "N": 30, "P": 30,
                 "A1": 40, "A2": 40, "A3": 40, "B1": 40, "B2": 40, "D": 0, "E": 0, "F": 0}


def facts(cls: str = "C1", *, permit: date | None = PERMIT, **kw) -> CandidateFacts:
    """A candidate who passed 科目一 on PERMIT (C6 has no 科目一: the permit comes at acceptance)."""
    subjects = DEFAULT_POLICY.subjects_for(cls)
    sittings = (Sitting("1", permit, True),) if permit is not None and "1" in subjects else ()
    base = dict(cls=cls, birth_date=BIRTH, accepted_at=ACCEPTED, permit_from=permit, sittings=sittings,
                subjects=subjects)
    base.update(kw)
    return CandidateFacts(**base)


def codes(f: CandidateFacts, subject: str, day: date, today: date | None = None, **kw) -> set[str]:
    out = check_eligibility(f, subject, day, today if today is not None else day - 10 * DAY, **kw)
    return {r.code for r in out.refusals}


def refusal(f: CandidateFacts, subject: str, day: date, code: str, today: date | None = None):
    out = check_eligibility(f, subject, day, today if today is not None else day - 10 * DAY)
    return next(r for r in out.refusals if r.code == code)


def test_the_tables_cover_every_class():
    assert set(SUBJECT2_WAIT) == set(CLASSES)
    assert set(SUBJECT3_WAIT) | {"C6"} == set(CLASSES)
    assert SUBJECTS == ("1", "2", "3", "3s") and set(SUBJECTS) == set(SUBJECT_NAMES)
    assert dict(HALVES) == {"am": "上午", "pm": "下午"}


# -- marks ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("cls", CLASSES)
def test_pass_marks_per_class(cls):
    high = cls in {"A1", "A2", "A3", "B1", "B2", "C6"}
    assert pass_mark("2", cls) == (90 if high else 80)
    for subject in ("1", "3", "3s"):
        assert pass_mark(subject, cls) == 90


@pytest.mark.parametrize(("subject", "cls", "score", "passes"), [
    ("2", "C1", 79, False), ("2", "C1", 80, True), ("2", "C2", 100, True), ("2", "C1", 0, False),
    ("2", "B2", 89, False), ("2", "B2", 90, True), ("2", "C6", 89, False), ("2", "C6", 90, True),
    ("1", "C1", 89, False), ("1", "C1", 90, True), ("3", "C1", 89, False), ("3", "A1", 90, True),
    ("3s", "C1", 89, False), ("3s", "C1", 90, True),
])
def test_score_passes(subject, cls, score, passes):
    assert score_passes(subject, cls, score) is passes


@pytest.mark.parametrize("score", [-1, 101, 90.0, 89.5, True, "90", None])
def test_score_must_be_a_whole_number_in_range(score):
    with pytest.raises(ValidationError) as err:
        score_passes("1", "C1", score)
    assert (err.value.field, err.value.code) == ("score", "score_range")
    assert "0至100" in err.value.message_zh


def test_marks_reject_unknown_subject_and_class():
    with pytest.raises(ValidationError, match="subject"):
        pass_mark("4", "C1")
    with pytest.raises(ValidationError) as err:
        pass_mark("1", "Z9")
    assert err.value.code == "licence_class_unknown"


@pytest.mark.parametrize(("subject", "cls", "first", "retake", "passed"), [
    ("1", "C1", 95, None, True),
    ("1", "C1", 80, None, False),      # failed, retake skipped
    ("1", "C1", 80, 90, True),         # failed, retake passed
    ("1", "C1", 80, 89, False),        # both failed
    ("2", "C1", 70, 80, True),         # 科目二 C1 passes at 80
    ("2", "B2", 80, 85, False),        # 科目二 B2 needs 90
    ("3", "C1", None, None, False),    # no-show
])
def test_sitting_passed(subject, cls, first, retake, passed):
    assert sitting_passed(subject, cls, first, retake) is passed


@pytest.mark.parametrize(("first", "retake", "code"), [
    (90, 95, "retake_not_needed"), (None, 95, "retake_after_no_show"), (80, 120, "score_range")])
def test_sitting_passed_rejects(first, retake, code):
    with pytest.raises(ValidationError) as err:
        sitting_passed("1", "C1", first, retake)
    assert err.value.code == code


# -- the learner permit ---------------------------------------------------------------------------

@pytest.mark.parametrize(("issued", "birth", "cls", "until"), [
    (date(2026, 3, 10), BIRTH, "C1", date(2029, 3, 9)),                  # three years, the day before
    (date(2026, 1, 1), BIRTH, "B2", date(2028, 12, 31)),
    (date(2028, 2, 29), BIRTH, "C1", date(2031, 2, 27)),                 # 29 Feb + 3y → 28 Feb, minus a day
    (date(2027, 1, 1), date(1965, 6, 1), "C3", date(2029, 5, 31)),       # 63 limit: day before the 64th birthday
    (date(2027, 1, 1), date(1965, 6, 1), "C1", date(2029, 12, 31)),      # C1 has no upper age
    (date(2026, 1, 1), date(1956, 2, 29), "D", date(2027, 2, 28)),       # 70 limit, born 29 Feb: 71 on 1 March
    (date(2026, 1, 1), date(1957, 7, 1), "C6", date(2028, 6, 30)),       # C6 up to 70
])
def test_permit_until(issued, birth, cls, until):
    assert permit_until(issued, birth, cls) == until


@pytest.mark.parametrize("birth", [date(1965, 6, 1), date(1964, 2, 29), date(1966, 12, 31), date(1967, 3, 1)])
def test_permit_until_stops_at_the_last_day_within_the_age_limit(birth):
    last = permit_until(date(2028, 6, 1), birth, "B2")
    assert age_on(birth, last) == 63 and age_on(birth, last + DAY) == 64


# -- eligibility ----------------------------------------------------------------------------------

@pytest.mark.parametrize("cls", CLASSES)
def test_subject2_wait_day_before_and_day_of(cls):
    f = facts(cls)
    first = PERMIT + SUBJECT2_WAIT[cls] * DAY
    assert codes(f, "2", first) == set()
    assert codes(f, "2", first - DAY) == {"wait_not_over"}
    assert f"{first.year}年{first.month}月{first.day}日" in refusal(f, "2", first - DAY, "wait_not_over").zh
    assert earliest_day(f, "2") == first


@pytest.mark.parametrize("cls", sorted(SUBJECT3_WAIT))
@pytest.mark.parametrize("car", [False, True])
def test_subject3_wait_day_before_and_day_of(cls, car):
    wait = SUBJECT3_WAIT[cls]
    if car and cls in {"A1", "A2", "A3", "B1", "B2"}:
        wait = 30  # Art.44: already holding a car licence
    f = facts(cls, holds_car_licence=car)
    first = PERMIT + wait * DAY
    assert codes(f, "3", first) == set()
    assert codes(f, "3", first - DAY) == {"wait_not_over"}
    assert earliest_day(f, "3") == first


def test_subject3_wait_message_names_the_day():
    r = refusal(facts("C1"), "3", date(2026, 4, 8), "wait_not_over")
    assert "满30日" in r.zh and "2026年4月9日" in r.zh and "2026-04-09" in r.en


@pytest.mark.parametrize(("cls", "subject"), [("C6", "1"), ("C6", "3")])
def test_subject_not_needed(cls, subject):
    assert codes(facts(cls), subject, date(2026, 6, 1)) == {"subject_not_needed"}
    assert earliest_day(facts(cls), subject) is None


def test_subject_unknown():
    assert codes(facts(), "4", date(2026, 6, 1)) == {"subject_unknown"}
    with pytest.raises(ValidationError):
        earliest_day(facts(), "4")


def test_subject1_needs_only_the_application():
    f = facts(permit=None)
    assert codes(f, "1", date(2026, 3, 20)) == set()
    assert earliest_day(f, "1") == ACCEPTED.date()
    assert codes(facts(), "1", date(2026, 6, 1)) == {"already_passed"}
    assert earliest_day(facts(), "1") is None


@pytest.mark.parametrize("subject", ["2", "3", "3s"])
def test_permit_missing_before_subject1(subject):
    f = facts(permit=None)
    assert "permit_missing" in codes(f, subject, date(2026, 6, 1))
    assert "科目一" in refusal(f, subject, date(2026, 6, 1), "permit_missing").zh
    assert earliest_day(f, subject) is None


def test_c6_permit_missing_is_worded_without_subject1():
    r = refusal(facts("C6", permit=None), "2", date(2026, 6, 1), "permit_missing")
    assert "科目一" not in r.zh and "学习驾驶证明" in r.zh


@pytest.mark.parametrize(("kw", "last"), [
    ({}, date(2029, 3, 9)),                                   # computed: three years
    ({"permit_until": date(2028, 12, 31)}, date(2028, 12, 31)),  # the stored date wins
])
def test_permit_expiry_day_and_day_after(kw, last):
    f = facts(**kw)
    assert codes(f, "2", last) == set()
    assert codes(f, "2", last + DAY) == {"permit_expired"}
    assert "有效期至" in refusal(f, "2", last + DAY, "permit_expired").zh


FAILED = date(2026, 5, 4)


@pytest.mark.parametrize(("subject", "failed_subject", "waits"), [
    ("2", "2", True), ("3", "3", True), ("3s", "3s", True),
    ("1", "1", False),  # Art.47 names 科目二、科目三 only
    ("3", "2", False),  # the wait is per subject
])
def test_retake_wait_nine_and_ten_days(subject, failed_subject, waits):
    if subject == "1":
        f = facts(permit=None, sittings=(Sitting("1", FAILED, False),))
    else:
        passed = SKILLS if subject == "3s" else ()
        f = facts(sittings=facts().sittings + passed + (Sitting(failed_subject, FAILED, False),))
    assert codes(f, subject, FAILED + 10 * DAY) == set()
    assert codes(f, subject, FAILED + 9 * DAY) == ({"retake_wait"} if waits else set())
    if waits:
        assert "2026年5月14日" in refusal(f, subject, FAILED + 9 * DAY, "retake_wait").zh
        assert earliest_day(f, subject) == FAILED + 10 * DAY


def test_no_show_counts_as_a_failed_sitting():
    f = facts(sittings=facts().sittings + (Sitting("2", date(2026, 5, 4), False, no_show=True),))
    assert codes(f, "2", date(2026, 5, 13)) == {"retake_wait"}
    assert bookings_used(f, "2") == 1
    with pytest.raises(ValidationError):
        Sitting("2", date(2026, 5, 4), True, no_show=True)


def _fails(subject: str, n: int, no_shows: int = 0) -> tuple[Sitting, ...]:
    return tuple(Sitting(subject, date(2026, 4, 1) + 15 * i * DAY, False, no_show=i < no_shows) for i in range(n))


@pytest.mark.parametrize("subject", ["2", "3"])
def test_fifth_booking_allowed_sixth_refused(subject):
    day = date(2026, 8, 3)
    four = facts(sittings=facts().sittings + _fails(subject, 4))
    assert bookings_used(four, subject) == 4
    assert codes(four, subject, day) == set()
    five = replace(four, booked=((subject, day),))
    assert bookings_used(five, subject) == 5
    assert codes(five, subject, day + 14 * DAY) == {"already_booked", "bookings_exhausted"}
    assert earliest_day(five, subject) is None
    other = "3" if subject == "2" else "2"
    assert codes(five, other, day) == set()  # counted per subject


def test_subject1_and_3s_bookings_are_not_limited():
    f = facts(permit=None, sittings=_fails("1", 7))
    assert codes(f, "1", date(2026, 8, 3)) == set()


@pytest.mark.parametrize(("sittings", "subject", "fifth"), [
    (_fails("2", 4), "2", False),
    (_fails("2", 5), "2", True),
    (_fails("3", 5, no_shows=2), "3", True),
    (_fails("3", 4) + _fails("2", 1), "3", False),
    (_fails("1", 9), "1", False),
    (_fails("3s", 5), "3s", False),
])
def test_fifth_failure(sittings, subject, fifth):
    f = facts(sittings=facts().sittings + sittings)
    assert fifth_failure(f, subject) is fifth
    if fifth:
        assert codes(f, "3s", date(2026, 12, 1)) == {"voided"}
        assert earliest_day(f, "2") is None


def test_voided_refuses_everything_else():
    f = facts(voided=True)
    assert codes(f, "2", date(2026, 6, 1)) == {"voided"}
    assert "作废" in refusal(f, "2", date(2026, 6, 1), "voided").zh


def test_already_booked_names_the_day():
    f = facts(booked=(("2", date(2026, 6, 8)),))
    assert codes(f, "2", date(2026, 6, 15)) == {"already_booked"}
    assert "2026年6月8日" in refusal(f, "2", date(2026, 6, 15), "already_booked").zh
    assert codes(f, "3", date(2026, 6, 15)) == set()


def test_already_passed():
    f = facts(sittings=facts().sittings + (Sitting("2", date(2026, 4, 1), True),))
    assert codes(f, "2", date(2026, 6, 1)) == {"already_passed"}
    assert subjects_passed(f) == {"1", "2"}


SKILLS = (Sitting("2", date(2026, 4, 1), True), Sitting("3", date(2026, 4, 20), True))


@pytest.mark.parametrize(("cls", "sittings", "refused"), [
    ("C1", (), True),
    ("C1", SKILLS[:1], True),
    ("C1", SKILLS[1:], True),
    ("C1", SKILLS, False),
    ("C6", SKILLS[:1], False),  # C6 needs 科目二 only before 安全文明
])
def test_safety_test_after_both_skills(cls, sittings, refused):
    f = facts(cls, sittings=facts(cls).sittings + sittings)
    assert ("skills_first" in codes(f, "3s", date(2026, 6, 1))) is refused
    assert (earliest_day(f, "3s") is None) is refused


def test_safety_test_on_the_day_of_the_road_test():
    f = facts(sittings=facts().sittings + SKILLS)
    on = date(2026, 4, 20)
    assert codes(f, "3s", on, today=on) == set()
    assert earliest_day(f, "3s") == on
    assert codes(f, "3s", on, today=on, policy=replace(DEFAULT_EXAM_POLICY, safety_same_day=False)) == {"day_past"}
    assert codes(f, "3s", on - DAY, today=on - DAY) == {"day_past"}  # the same-day rule is not a back door
    assert "skills_first" in codes(facts(), "3s", on, today=on)


@pytest.mark.parametrize(("today_offset", "expected"), [
    (-6, set()), (-5, set()), (-4, {"booking_closed"}), (-1, {"booking_closed"}), (0, {"day_past"}),
    (1, {"day_past"})])
def test_booking_closes_five_days_before(today_offset, expected):
    day = date(2026, 6, 15)
    assert codes(facts(), "2", day, today=day + today_offset * DAY) == expected


def test_booking_closed_names_the_last_day_and_is_configurable():
    r = refusal(facts(), "2", date(2026, 6, 15), "booking_closed", today=date(2026, 6, 11))
    assert "预约已截止" in r.zh and "2026年6月10日" in r.zh
    three = replace(DEFAULT_EXAM_POLICY, booking_close_days=3)
    assert codes(facts(), "2", date(2026, 6, 15), today=date(2026, 6, 12), policy=three) == set()


@pytest.mark.parametrize(("cls", "birth", "limited"), [
    ("C3", date(1962, 7, 1), True), ("B2", date(1962, 7, 1), True), ("C1", date(1962, 7, 1), False),
    ("D", date(1955, 7, 1), True), ("C6", date(1955, 7, 1), True), ("C2", date(1950, 7, 1), False)])
def test_age_limit_at_the_birthday(cls, birth, limited):
    high = DEFAULT_POLICY.max_age[cls] or 200
    f = facts(cls, permit=None, birth_date=birth)
    subject = "1" if cls != "C6" else "2"
    if cls == "C6":
        f = replace(f, permit_from=date(2026, 1, 5), permit_until=date(2030, 1, 1))
    birthday = date(birth.year + high + 1, birth.month, birth.day) if limited else date(2026, 7, 1)
    before = codes(f, subject, birthday - DAY)
    assert "age_limit" not in before
    assert ("age_limit" in codes(f, subject, birthday)) is limited


def test_earliest_day_passes_and_the_day_before_does_not():
    cases = [(facts("B2", holds_car_licence=True), "3"), (facts("C2"), "2"),
             (facts(sittings=facts().sittings + SKILLS + (Sitting("3s", date(2026, 5, 1), False),)), "3s"),
             (facts(sittings=facts().sittings + (Sitting("2", date(2026, 3, 25), False),)), "2")]
    for f, subject in cases:
        first = earliest_day(f, subject)
        assert first is not None
        assert codes(f, subject, first) == set(), (f, subject)
        assert codes(f, subject, first - DAY) & {"wait_not_over", "retake_wait", "skills_first"}


def test_earliest_day_none_past_the_permit():
    f = facts(permit_until=PERMIT + 5 * DAY)
    assert earliest_day(f, "2") is None


# -- priority -------------------------------------------------------------------------------------

def test_priority_first_subject1_by_acceptance():
    f = facts(permit=None)
    assert priority_time(f, "1") == ACCEPTED


def test_priority_otherwise_the_most_recent_of_exam_and_cancellation():
    f = facts()  # passed 科目一 on PERMIT
    assert priority_time(f, "2") == datetime(2026, 3, 10, 0, 0)
    later = replace(f, cancellations=(datetime(2026, 3, 10, 15, 0), datetime(2026, 3, 5, 8, 0)))
    assert priority_time(later, "2") == datetime(2026, 3, 10, 15, 0)
    no_show = replace(later, sittings=later.sittings + (Sitting("2", date(2026, 4, 1), False, no_show=True),))
    assert priority_time(no_show, "2") == datetime(2026, 4, 1, 0, 0)
    retry = facts(permit=None, sittings=(Sitting("1", date(2026, 3, 20), False),))
    assert priority_time(retry, "1") == datetime(2026, 3, 20)


def test_rank_key_orders_earlier_first_then_acceptance_then_tie_break():
    a = facts(permit=None, accepted_at=datetime(2026, 3, 1, 9))
    b = facts(permit=None, accepted_at=datetime(2026, 3, 1, 10))
    assert rank_key(a, "1", "z") < rank_key(b, "1", "a")
    assert rank_key(a, "1", "a") < rank_key(a, "1", "b")
    # a candidate who sat an exam more recently waits behind one who did not
    c = replace(a, sittings=(Sitting("1", date(2026, 3, 20), False),))
    assert rank_key(b, "1", "x") < rank_key(c, "1", "x")


# -- cancellation ---------------------------------------------------------------------------------

def test_the_2026_calendar_is_as_the_tests_assume():
    assert all(not chinese_calendar.is_workday(date(2026, 10, d)) for d in range(1, 8))
    assert chinese_calendar.is_workday(date(2026, 9, 30)) and chinese_calendar.is_workday(date(2026, 10, 10))
    assert chinese_calendar.is_workday(date(2026, 9, 20)) and not chinese_calendar.is_workday(date(2026, 9, 25))
    assert all(not chinese_calendar.is_workday(date(2026, 2, d)) for d in range(15, 24))
    assert chinese_calendar.is_workday(date(2026, 2, 14)) and chinese_calendar.is_workday(date(2026, 2, 28))


@pytest.mark.parametrize(("exam", "today", "ok"), [
    (date(2026, 6, 8), date(2026, 6, 5), True),     # Monday exam, cancelled Friday
    (date(2026, 6, 8), date(2026, 6, 6), False),    # … Saturday: too late
    (date(2026, 6, 8), date(2026, 6, 7), False),
    (date(2026, 6, 8), date(2026, 6, 8), False),
    (date(2026, 6, 10), date(2026, 6, 9), True),    # Wednesday exam, Tuesday
    (date(2026, 10, 8), date(2026, 9, 30), True),   # after the National Day week: the last day before it
    (date(2026, 10, 8), date(2026, 10, 1), False),
    (date(2026, 10, 12), date(2026, 10, 10), True),  # the make-up Saturday is a working day
    (date(2026, 10, 12), date(2026, 10, 11), False),
    (date(2026, 9, 28), date(2026, 9, 24), True),   # 中秋 (Fri 25 Sep) and the weekend
    (date(2026, 9, 28), date(2026, 9, 25), False),
    (date(2026, 2, 24), date(2026, 2, 14), True),   # Spring Festival 15-23 Feb; Sat 14 Feb works
    (date(2026, 2, 24), date(2026, 2, 15), False),
])
def test_cancel_at_least_one_working_day_before(exam, today, ok):
    out = check_cancel(exam, today)
    assert out.ok is ok
    if not ok:
        assert out.refusals[0].code == "cancel_too_late"


def test_cancel_message_names_the_last_day_and_the_halls_closed_days_count():
    out = check_cancel(date(2026, 10, 8), date(2026, 10, 1))
    assert "2026年9月30日" in out.refusals[0].zh and "2026-09-30" in out.refusals[0].en
    closed = {date(2026, 6, 5)}
    assert not check_cancel(date(2026, 6, 8), date(2026, 6, 5), closed).ok
    assert check_cancel(date(2026, 6, 8), date(2026, 6, 4), closed).ok
    two = replace(DEFAULT_EXAM_POLICY, cancel_working_days=2)
    assert check_cancel(date(2026, 6, 8), date(2026, 6, 4), policy=two).ok
    assert not check_cancel(date(2026, 6, 8), date(2026, 6, 5), policy=two).ok


@pytest.mark.parametrize(("cls", "changes", "ok"), [
    ("C1", 0, True), ("C1", 2, True), ("C1", 3, False), ("C5", 3, False), ("B2", 3, True), ("A1", 10, True)])
def test_site_changes(cls, changes, ok):
    out = check_site_change(cls, changes)
    assert out.ok is ok
    if not ok:
        assert out.refusals[0].code == "site_changes_exhausted"


# -- the plan -------------------------------------------------------------------------------------

WEEKDAYS_AM = [WeeklySlot(d, "am", "1", 100, frozenset({"C1", "C2"})) for d in range(5)]


def test_plan_skips_the_national_day_week():
    planned = plan_sessions(WEEKDAYS_AM, date(2026, 9, 28), date(2026, 10, 11))
    assert [p.day for p in planned] == [date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30),
                                        date(2026, 10, 8), date(2026, 10, 9)]
    assert planned[0] == PlannedSession(date(2026, 9, 28), "am", "1", 100, frozenset({"C1", "C2"}))


def test_plan_make_up_saturday_uses_saturday_slots_and_closed_days_drop_out():
    weekly = [*WEEKDAYS_AM, WeeklySlot(5, "pm", "2", 20, frozenset({"C1"})),
              WeeklySlot(5, "am", "3", 10, frozenset({"C1"}))]
    planned = plan_sessions(weekly, date(2026, 10, 8), date(2026, 10, 17), closed={date(2026, 10, 9)})
    assert [(p.day, p.half, p.subject) for p in planned] == [
        (date(2026, 10, 8), "am", "1"),
        (date(2026, 10, 10), "am", "3"), (date(2026, 10, 10), "pm", "2"),  # 调休 Saturday; am before pm
        (date(2026, 10, 12), "am", "1"), (date(2026, 10, 13), "am", "1"), (date(2026, 10, 14), "am", "1"),
        (date(2026, 10, 15), "am", "1"), (date(2026, 10, 16), "am", "1")]


def test_plan_spring_festival():
    planned = plan_sessions(WEEKDAYS_AM, date(2026, 2, 9), date(2026, 2, 27))
    assert [p.day.day for p in planned] == [9, 10, 11, 12, 13, 24, 25, 26, 27]


@pytest.mark.parametrize(("slot", "field", "code"), [
    (WeeklySlot(0, "am", "1", 0, frozenset({"C1"})), "capacity", "capacity_range"),
    (WeeklySlot(0, "am", "1", 501, frozenset({"C1"})), "capacity", "capacity_range"),
    (WeeklySlot(0, "eve", "1", 10, frozenset({"C1"})), "half", "half_unknown"),
    (WeeklySlot(0, "am", "4", 10, frozenset({"C1"})), "subject", "subject_unknown"),
    (WeeklySlot(0, "am", "1", 10, frozenset({"Z1"})), "classes", "licence_class_unknown"),
    (WeeklySlot(0, "am", "1", 10, frozenset()), "classes", "classes_empty"),
    (WeeklySlot(7, "am", "1", 10, frozenset({"C1"})), "weekday", "weekday_range"),
])
def test_plan_validates_slots(slot, field, code):
    with pytest.raises(ValidationError) as err:
        plan_sessions([slot], date(2026, 6, 1), date(2026, 6, 30))
    assert (err.value.field, err.value.code) == (field, code)
    assert err.value.message_zh and err.value.message_en


@pytest.mark.parametrize(("first", "last", "code"), [
    (date(2026, 6, 2), date(2026, 6, 1), "plan_range"), (date(2026, 1, 1), date(2027, 1, 2), "plan_too_long")])
def test_plan_validates_the_range(first, last, code):
    with pytest.raises(ValidationError) as err:
        plan_sessions(WEEKDAYS_AM, first, last)
    assert err.value.code == code


def test_plan_limits_are_inclusive():
    assert plan_sessions([WeeklySlot(0, "am", "1", 500, frozenset({"C1"}))], date(2028, 1, 1), date(2028, 12, 31))
    assert plan_sessions([WeeklySlot(0, "am", "1", 1, frozenset({"C1"}))], date(2026, 6, 1), date(2026, 6, 1))


def test_plan_rejects_a_duplicate_slot():
    with pytest.raises(ValidationError) as err:
        plan_sessions([WEEKDAYS_AM[0], replace(WEEKDAYS_AM[0], capacity=5)], date(2026, 6, 1), date(2026, 6, 7))
    assert err.value.code == "slot_duplicate"


@pytest.mark.parametrize(("published", "first", "late"), [
    (date(2026, 6, 1), date(2026, 6, 11), False), (date(2026, 6, 1), date(2026, 6, 10), True),
    (date(2026, 6, 1), date(2026, 7, 1), False)])
def test_plan_is_late(published, first, late):
    assert plan_is_late(published, first) is late


def test_policy_defaults_are_the_numbers_of_the_brief():
    p = ExamPolicy()
    assert (p.full_marks, p.pass_mark, p.subject3_wait_with_car_licence, p.retake_wait_days, p.max_bookings,
            p.permit_years, p.cancel_working_days, p.booking_close_days, p.plan_notice_days, p.max_site_changes,
            p.lock_after_failed_checks, p.retakes_per_sitting) == (100, 90, 30, 10, 5, 3, 1, 5, 10, 3, 3, 1)
    assert dict(p.subject2_wait_days) == SUBJECT2_WAIT
    assert dict(p.subject3_wait_days) == {**SUBJECT3_WAIT, "C6": 0}
    assert p.small_classes == {"C1", "C2", "C3", "C4", "C5"}

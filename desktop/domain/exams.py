"""机动车驾驶人考试 (令162 Arts.38-47): pass marks, the 学习驾驶证明, who may sit which subject on
which day (约考资格), priority (排序), cancellation and the weekly 考试计划.

Pure rules: every date is an argument, no clock, no database. A candidate is described by
`CandidateFacts`; `check_eligibility` gives an `Outcome` whose refusals a clerk can read out.

Day counting (令162 Art.110): 一日 is a WORKING day (cancel 提前一日); the waits (十日, 二十日 …) are
CALENDAR days counted from the day the 学习驾驶证明 was issued: 满十日 — the exam may be on the
tenth day after it (issued 1 March → 11 March). Article numbers are as quoted by secondary copies
of 令162 [V-sec]; what is hall practice rather than law is marked [M].
The sessions (subjects, halves, the weekly plan, the seat allocation) live in
`desktop.domain.exam_allocation` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import MappingProxyType

from desktop.domain import licence_terms
from desktop.domain.errors import ValidationError
from desktop.domain.exam_allocation import (
    HALF_ORDER,
    HALVES,
    SUBJECTS,
    Allocation,
    PlannedSession,
    RequestView,
    SlotView,
    WeeklySlot,
    allocate,
    check_plan_dates,
    check_subject,
    fits,
    plan_sessions,
    slot_order,
)
from desktop.domain.identifiers import age_on
from desktop.domain.licence_card import Reasons
from desktop.domain.licence_terms import CLASSES, LicencePolicy, add_years, check_class, ymd
from desktop.domain.licensing import SUBJECT_NAMES
from desktop.domain.vehicle_rules import Outcome, Refusal
from desktop.domain.working_days import is_working_day

__all__ = [
    "DEFAULT_EXAM_POLICY", "HALF_ORDER", "HALVES", "SUBJECTS", "Allocation", "CandidateFacts", "ExamPolicy",
    "Outcome", "PlannedSession", "Refusal", "RequestView", "Sitting", "SlotView", "WeeklySlot", "allocate",
    "bookings_used", "check_cancel", "check_plan_dates", "check_eligibility", "check_site_change", "earliest_day", "fifth_failure",
    "fits", "pass_mark", "permit_until", "plan_is_late", "plan_sessions", "priority_time", "rank_key",
    "score_passes", "sitting_passed", "slot_order", "subjects_passed",
]


def _by_class(**groups: int) -> Mapping[str, int]:
    """C1_C2=10, … → one entry per class; every class must be given."""
    table = {cls: days for classes, days in groups.items() for cls in classes.split("_")}
    if set(table) != set(CLASSES):
        raise ValueError(f"classes missing or unknown: {sorted(set(CLASSES) ^ set(table))}")
    return MappingProxyType(table)


@dataclass(frozen=True)
class ExamPolicy:
    """The exam numbers of 令162; an office may override them."""

    full_marks: int = 100  # Art.42 满分100分
    pass_mark: int = 90  # Art.42: 科目一, 科目三道路驾驶技能 and 安全文明驾驶常识 90分合格
    # Art.42: 科目二 is 90 for 大型客车、重型牵引挂车、城市公交车、中型客车、大型货车、轻型牵引挂车, 80 others.
    subject2_high_mark_classes: frozenset[str] = frozenset({"A1", "A2", "A3", "B1", "B2", "C6"})
    subject2_other_mark: int = 80
    # Art.43: 科目二 from 满十日 after the 学习驾驶证明 (20 for A/B and C6; D/E/F none).
    subject2_wait_days: Mapping[str, int] = field(default_factory=lambda: _by_class(
        C1_C2_C3_C4_C5_M_N_P=10, A1_A2_A3_B1_B2_C6=20, D_E_F=0))
    # Art.44: 科目三 from 满二十/三十/四十日 (C6 and D/E/F: no wait).
    subject3_wait_days: Mapping[str, int] = field(default_factory=lambda: _by_class(
        C2_C3_C4_C5=20, C1_M_N_P=30, A1_A2_A3_B1_B2=40, C6_D_E_F=0))
    # Art.44 (三): 已经持有汽车类驾驶证 applying for A/B — 满三十日.
    subject3_wait_with_car_licence: int = 30
    subject3_car_licence_classes: frozenset[str] = frozenset({"A1", "A2", "A3", "B1", "B2"})
    # Art.47: after a failed (or skipped) retake, 科目二、科目三 are booked again only 十日后. 科目三
    # covers 安全文明驾驶常识; 科目一 has no statutory wait.
    retake_wait_days: int = 10
    retake_wait_subjects: frozenset[str] = frozenset({"2", "3", "3s"})
    # Art.47: within the 学习驾驶证明, 科目二 and 科目三道路驾驶技能 are booked at most 五次 each; the
    # fifth failure voids the subjects already passed.
    max_bookings: int = 5
    booking_limited_subjects: frozenset[str] = frozenset({"2", "3"})
    permit_years: int = 3  # Art.38: 学习驾驶证明 valid 三年, not past the age limit of the class
    cancel_working_days: int = 1  # Art.46: 提前一日申请取消预约 (一日 = working day, Art.110)
    booking_close_days: int = 5  # local practice: closes 5 days before, may be 3 [V-sec][M]
    plan_notice_days: int = 10  # exam work norms: the plan is published ≥10 days ahead [V-sec]
    max_site_changes: int = 3  # small cars may change 考场 3 times [M]
    small_classes: frozenset[str] = frozenset({"C1", "C2", "C3", "C4", "C5"})  # [M]
    lock_after_failed_checks: int = 3  # identity check at 候考 locks after 3 failures [M]
    retakes_per_sitting: int = 1  # Art.47: 可以补考一次 (the same day: hall practice [M])
    # Hall practice (DOMAIN §5): 安全文明驾驶常识 is sat the same day, right after the last skill
    # test is passed, so it may be booked for today then. [M]
    safety_same_day: bool = True


DEFAULT_EXAM_POLICY = ExamPolicy()


# -- marks ----------------------------------------------------------------------------------------

def pass_mark(subject: str, cls: str, policy: ExamPolicy = DEFAULT_EXAM_POLICY) -> int:
    """合格分数 of `subject` for class `cls` (Art.42)."""
    check_subject(subject)
    check_class(cls, "cls")
    if subject == "2" and cls not in policy.subject2_high_mark_classes:
        return policy.subject2_other_mark
    return policy.pass_mark


def score_passes(subject: str, cls: str, score: int, policy: ExamPolicy = DEFAULT_EXAM_POLICY) -> bool:
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= policy.full_marks:
        raise ValidationError("score", "score_range", f"成绩应为0至{policy.full_marks}之间的整数",
                              f"The score must be a whole number from 0 to {policy.full_marks}")
    return score >= pass_mark(subject, cls, policy)


def sitting_passed(subject: str, cls: str, first: int | None, retake: int | None,
                   policy: ExamPolicy = DEFAULT_EXAM_POLICY) -> bool:
    """One sitting (考试一次, 补考一次 — Art.47): passed when either attempt passes. `first` None is a
    缺考, a fail (Art.46); a retake is only taken after a failed first attempt."""
    if first is None:
        if retake is not None:
            raise ValidationError("retake", "retake_after_no_show", "缺考的不能补考",
                                  "A candidate who did not show up cannot retake")
        return False
    if score_passes(subject, cls, first, policy):
        if retake is not None:
            raise ValidationError("retake", "retake_not_needed", "首次考试已合格，不需要补考",
                                  "The first attempt passed: no retake")
        return True
    return retake is not None and score_passes(subject, cls, retake, policy)


# -- the learner permit ---------------------------------------------------------------------------

def _birthday(birth: date, age: int) -> date:
    """The day `age` is reached (age_on's reading: born 29 February → 1 March in common years)."""
    day = add_years(birth, age)
    return day if day.day == birth.day else day + timedelta(days=1)


def permit_until(permit_from: date, birth_date: date, cls: str, policy: ExamPolicy = DEFAULT_EXAM_POLICY,
                 licence_policy: LicencePolicy = licence_terms.DEFAULT_POLICY) -> date:
    """学习驾驶证明有效期止 (Art.38): three years — the day before the same date three years later —
    but not past the age limit: with 63周岁以下, the day before the 64th birthday."""
    check_class(cls, "cls")
    last = add_years(permit_from, policy.permit_years) - timedelta(days=1)
    high = licence_policy.max_age[cls]
    if high is not None:
        last = min(last, _birthday(birth_date, high + 1) - timedelta(days=1))
    return last


# -- the candidate --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sitting:
    """One booked exam day already held (the retake folded in, see `sitting_passed`); a no-show is a
    fail (Art.46)."""

    subject: str
    day: date
    passed: bool
    no_show: bool = False

    def __post_init__(self) -> None:
        check_subject(self.subject)
        if self.passed and self.no_show:
            raise ValidationError("passed", "no_show_passed", "缺考不能记为合格", "A no-show cannot pass")


@dataclass(frozen=True)
class CandidateFacts:
    """What the rules know about one 考生 (one accepted application). `booked`: live bookings not
    yet sat; `cancellations`: when bookings were cancelled; `voided`: the fifth failure happened;
    `locked`: identity check locked (check-in only); `subjects`: what the class needs
    (LicencePolicy.subjects_for). For a class without 科目一 (C6 增驾) the service sets `permit_from`
    when the application is accepted."""

    cls: str
    birth_date: date
    accepted_at: datetime
    permit_from: date | None = None
    permit_until: date | None = None
    holds_car_licence: bool = False
    sittings: tuple[Sitting, ...] = ()
    booked: tuple[tuple[str, date], ...] = ()
    cancellations: tuple[datetime, ...] = ()
    voided: bool = False
    locked: bool = False
    subjects: frozenset[str] = frozenset(SUBJECTS)


def subjects_passed(facts: CandidateFacts) -> frozenset[str]:
    """The subjects with a passed sitting on record (even when `voided`: the record stays)."""
    return frozenset(s.subject for s in facts.sittings if s.passed)


def bookings_used(facts: CandidateFacts, subject: str) -> int:
    """预约次数 (Art.47): the sittings of `subject`, no-shows included, plus its live bookings."""
    return sum(s.subject == subject for s in facts.sittings) + sum(s == subject for s, _ in facts.booked)


def fifth_failure(facts: CandidateFacts, subject: str, policy: ExamPolicy = DEFAULT_EXAM_POLICY) -> bool:
    """第五次预约考试仍不合格 (Art.47): the caller voids the candidate's results."""
    return (subject in policy.booking_limited_subjects
            and sum(s.subject == subject and not s.passed for s in facts.sittings) >= policy.max_bookings)


def _passed_on(facts: CandidateFacts, subject: str) -> date | None:
    days = [s.day for s in facts.sittings if s.subject == subject and s.passed]
    return min(days) if days else None


def _skills(facts: CandidateFacts) -> frozenset[str]:
    """What 安全文明驾驶常识 waits for: the skill tests the class needs (C6: 科目二 only)."""
    return frozenset({"2", "3"}) & facts.subjects


def _skills_passed_on(facts: CandidateFacts) -> date | None:
    """The day the last needed skill test was passed; None while one is still missing."""
    days = [_passed_on(facts, s) for s in _skills(facts)]
    return None if None in days else max(days, default=None)  # type: ignore[type-var]


def _permit_wait(facts: CandidateFacts, subject: str, policy: ExamPolicy) -> int:
    if subject == "2":
        return policy.subject2_wait_days[facts.cls]
    if subject == "3":
        wait = policy.subject3_wait_days[facts.cls]
        if facts.holds_car_licence and facts.cls in policy.subject3_car_licence_classes:
            wait = min(wait, policy.subject3_wait_with_car_licence)
        return wait
    return 0  # 3s follows the skills; 1 needs no permit


def _retake_from(facts: CandidateFacts, subject: str, policy: ExamPolicy) -> date | None:
    fails = [s.day for s in facts.sittings if s.subject == subject and not s.passed]
    if subject not in policy.retake_wait_subjects or not fails:
        return None
    return max(fails) + timedelta(days=policy.retake_wait_days)


def _permit_last(facts: CandidateFacts, policy: ExamPolicy, licence_policy: LicencePolicy) -> date | None:
    if facts.permit_from is None:
        return None
    return facts.permit_until or permit_until(facts.permit_from, facts.birth_date, facts.cls, policy,
                                              licence_policy)


def _is_void(facts: CandidateFacts, policy: ExamPolicy) -> bool:
    return facts.voided or any(fifth_failure(facts, s, policy) for s in policy.booking_limited_subjects)


def earliest_day(facts: CandidateFacts, subject: str, policy: ExamPolicy = DEFAULT_EXAM_POLICY,
                 licence_policy: LicencePolicy = licence_terms.DEFAULT_POLICY) -> date | None:
    """The first day an exam of `subject` may be held for this candidate as far as the waits go
    (acceptance, 学习驾驶证明 wait, 十日 after a failed sitting, the skills before 安全文明).
    None when it cannot be booked at all now: not needed, passed, voided, no permit yet, skills not
    passed (3s), bookings used up, or the first day would be past the permit. Today, the booking
    deadline and the age limit are `check_eligibility`'s business."""
    check_subject(subject)
    if (subject not in facts.subjects or subject in subjects_passed(facts) or _is_void(facts, policy)
            or (subject in policy.booking_limited_subjects and bookings_used(facts, subject) >= policy.max_bookings)):
        return None
    first = facts.accepted_at.date()
    if subject != "1":
        if facts.permit_from is None:
            return None
        first = max(first, facts.permit_from + timedelta(days=_permit_wait(facts, subject, policy)))
    if subject == "3s":
        skills = _skills_passed_on(facts)
        if skills is None:
            return None
        first = max(first, skills)
    retake = _retake_from(facts, subject, policy)
    if retake is not None:
        first = max(first, retake)
    last = _permit_last(facts, policy, licence_policy) if subject != "1" else None
    return None if last is not None and first > last else first


def check_eligibility(facts: CandidateFacts, subject: str, day: date, today: date,
                      policy: ExamPolicy = DEFAULT_EXAM_POLICY,
                      licence_policy: LicencePolicy = licence_terms.DEFAULT_POLICY) -> Outcome:
    """约考资格: may this candidate be booked for `subject` on `day`, asked on `today`?"""
    check_class(facts.cls, "cls")
    out = Reasons()
    if subject not in SUBJECTS:
        out.refuse("subject_unknown", f"没有“{subject}”这个考试科目", f"There is no exam subject {subject!r}")
        return out.outcome()
    name = SUBJECT_NAMES[subject]
    if subject not in facts.subjects:
        out.refuse("subject_not_needed", f"申请{facts.cls}不需要考{name}",
                   f"Class {facts.cls} does not take subject {subject}")
        return out.outcome()
    if _is_void(facts, policy):
        out.refuse("voided", f"科目二或科目三第{policy.max_bookings}次预约考试不合格，已考试合格的科目成绩作废，"
                             "须重新申请", f"Failed at the {policy.max_bookings}th booking of subject 2 or 3: "
                                        "all results are void, a new application is needed")
        return out.outcome()
    if subject in subjects_passed(facts):
        out.refuse("already_passed", f"{name}已考试合格，不需要再考", f"Subject {subject} is already passed")
        return out.outcome()
    live = sorted(d for s, d in facts.booked if s == subject)
    if live:
        out.refuse("already_booked", f"已预约{ymd(live[0])}的{name}考试，不能重复预约",
                   f"Subject {subject} is already booked for {live[0]}")
    skills_on = _skills_passed_on(facts) if subject == "3s" else None
    same_day = policy.safety_same_day and skills_on is not None and day == today == skills_on
    if not same_day:
        _timing(day, today, policy, out)
    high = licence_policy.max_age[facts.cls]
    if high is not None and day >= facts.birth_date and age_on(facts.birth_date, day) > high:
        out.refuse("age_limit", f"考试当日申请人已超过{facts.cls}的年龄上限{high}周岁",
                   f"On {day} the applicant is older than {high}, the age limit of class {facts.cls}")
    if subject != "1":
        _permit(facts, subject, day, name, policy, licence_policy, out)
    if subject == "3s" and skills_on is None:
        missing = "、".join(SUBJECT_NAMES[s] for s in sorted(_skills(facts) - subjects_passed(facts)))
        out.refuse("skills_first", f"须先通过{missing}考试，才能考{name}",
                   f"Subject 3s comes after the skill tests: {missing} not yet passed")
    retake = _retake_from(facts, subject, policy)
    if retake is not None and day < retake:
        out.refuse("retake_wait", f"{name}考试不合格后须间隔{policy.retake_wait_days}日再考，{ymd(retake)}起方可考试",
                   f"After a failed sitting subject {subject} can be taken again from {retake}")
    used = bookings_used(facts, subject)
    if subject in policy.booking_limited_subjects and used >= policy.max_bookings:
        out.refuse("bookings_exhausted", f"学习驾驶证明有效期内{name}已预约考试{used}次，不能超过{policy.max_bookings}次",
                   f"Subject {subject} has been booked {used} times; at most {policy.max_bookings} within the permit")
    return out.outcome()


def _timing(day: date, today: date, policy: ExamPolicy, out: Reasons) -> None:
    if day <= today:
        out.refuse("day_past", f"只能预约{ymd(today + timedelta(days=1))}及以后的考试",
                   f"Only exams from {today + timedelta(days=1)} on can be booked")
        return
    last = day - timedelta(days=policy.booking_close_days)
    if today > last:
        out.refuse("booking_closed", f"预约已截止：{ymd(day)}的考试最迟应在{ymd(last)}预约",
                   f"Booking is closed: the exam of {day} had to be booked by {last}")


def _permit(facts: CandidateFacts, subject: str, day: date, name: str, policy: ExamPolicy,
            licence_policy: LicencePolicy, out: Reasons) -> None:
    """学习驾驶证明 (Art.38) and its waits (Arts.43-44)."""
    if facts.permit_from is None:
        first = "须先通过科目一考试、取得学习驾驶证明" if "1" in facts.subjects else "尚未核发学习驾驶证明，须先取得"
        out.refuse("permit_missing", f"{first}，才能预约{name}",
                   f"Subject {subject} needs the learner permit (学习驾驶证明) first")
        return
    last = _permit_last(facts, policy, licence_policy)
    if last is not None and day > last:
        out.refuse("permit_expired", f"学习驾驶证明有效期至{ymd(last)}，不能预约此后的考试",
                   f"The learner permit is valid until {last}: no exam after that day")
    wait = _permit_wait(facts, subject, policy)
    first_day = facts.permit_from + timedelta(days=wait)
    if day < first_day:
        after = f"取得学习驾驶证明满{wait}日后" if wait else "学习驾驶证明核发后"
        out.refuse("wait_not_over", f"{after}方可考{name}，最早可安排{ymd(first_day)}的考试",
                   f"Subject {subject} comes {wait} days after the learner permit: from {first_day}")


# -- priority -------------------------------------------------------------------------------------

def priority_time(facts: CandidateFacts, subject: str) -> datetime:
    """排序时间 (exam work norms as quoted, DOMAIN §5 — not in 令162): the first 科目一 by the
    acceptance time; otherwise the most recent of acceptance, the last sitting (any subject, no-shows
    included) and the last cancellation — earlier is served first. A sitting has no time of day and
    counts from 00:00 of its day, so a cancellation later that day is the more recent."""
    if subject == "1" and not any(s.subject == "1" for s in facts.sittings):
        return facts.accepted_at
    times = [facts.accepted_at, *facts.cancellations]
    times += [datetime.combine(s.day, time(0), tzinfo=facts.accepted_at.tzinfo) for s in facts.sittings]
    return max(times)


def rank_key(facts: CandidateFacts, subject: str, tie_break: str) -> tuple:
    """The allocation rank: smaller is served first."""
    return priority_time(facts, subject), facts.accepted_at, tie_break


# -- cancellation, site changes -------------------------------------------------------------------

def check_cancel(session_day: date, today: date, closed: Collection[date] = (),
                 policy: ExamPolicy = DEFAULT_EXAM_POLICY) -> Outcome:
    """取消预约 (Art.46): at least `cancel_working_days` working days before — up to the last working
    day before the exam (an exam on the Monday: until Friday, not on the weekend)."""
    last, left = session_day, policy.cancel_working_days
    while left > 0 and (session_day - last).days <= 366:
        last -= timedelta(days=1)
        if is_working_day(last, closed):
            left -= 1
    out = Reasons()
    if today > last:
        out.refuse("cancel_too_late", f"取消预约须在考试前{policy.cancel_working_days}个工作日提出，"
                                      f"{ymd(session_day)}的考试最迟{ymd(last)}可以取消；不参加考试按不合格处理",
                   f"The exam of {session_day} could be cancelled until {last}; a no-show counts as a fail")
    return out.outcome()


def check_site_change(cls: str, changes_so_far: int, policy: ExamPolicy = DEFAULT_EXAM_POLICY) -> Outcome:
    """变更考场: small cars at most `max_site_changes` times; other classes are not limited."""
    check_class(cls, "cls")
    out = Reasons()
    if cls in policy.small_classes and changes_so_far >= policy.max_site_changes:
        out.refuse("site_changes_exhausted", f"{cls}考生最多变更考场{policy.max_site_changes}次，已变更{changes_so_far}次",
                   f"Class {cls} may change the exam site at most {policy.max_site_changes} times")
    return out.outcome()


# -- the plan (plan_sessions: exam_allocation) ----------------------------------------------------

def plan_is_late(published_on: date, first_session: date, policy: ExamPolicy = DEFAULT_EXAM_POLICY) -> bool:
    """The plan came out fewer than `plan_notice_days` calendar days before its first session."""
    return (first_session - published_on).days < policy.plan_notice_days

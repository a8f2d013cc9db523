"""考试场次: the subjects and halves, the weekly 考试计划 (`plan_sessions`) and 考试预约排序分配
(`allocate`): which waiting requests get a seat in which exam session, in priority order.

Pure: for the allocation the service reads the sessions and the open requests, passes an `eligible`
callback (usually `exams.check_eligibility` for the request's candidate on the session's day) and
stores the result. `desktop.domain.exams` re-exports everything here.

Order: sessions are filled one after the other, earliest first (day, 上午 before 下午, site, id); each
takes its free seats from the requests that fit it, best rank first (`exams.rank_key`, then request
id). A request gets at most one seat and a candidate at most one seat per subject, so a candidate who
asked twice for the same subject (two sites, say) is seated once.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from desktop.domain.errors import ValidationError
from desktop.domain.licence_terms import check_class
from desktop.domain.vehicle_rules import Refusal
from desktop.domain.working_days import is_working_day

SUBJECTS: tuple[str, ...] = ("1", "2", "3", "3s")  # names: licensing.SUBJECT_NAMES
HALVES: Mapping[str, str] = MappingProxyType({"am": "上午", "pm": "下午"})
HALF_ORDER: Mapping[str, int] = MappingProxyType({half: i for i, half in enumerate(HALVES)})

NO_SESSION = Refusal("no_session", "所选考场和日期内没有适合该准驾车型的考试场次",
                     "No exam session matches the chosen sites, dates and licence class")
SESSIONS_FULL = Refusal("sessions_full", "所选日期内的考试场次已约满，请另选日期或考场",
                        "Every matching exam session is full: choose other dates or sites")
CANDIDATE_SEATED = Refusal("candidate_seated", "该考生本科目已在本轮分配中安排了考试场次",
                           "The candidate already got a session for this subject in this allocation")


def check_subject(subject: str, field_name: str = "subject") -> str:
    if subject not in SUBJECTS:
        raise ValidationError(field_name, "subject_unknown", f"没有“{subject}”这个考试科目",
                              f"There is no exam subject {subject!r}")
    return subject


# -- the plan -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WeeklySlot:
    """One line of a weekly 考试计划: every `weekday` (0 = Monday) `half`, `capacity` seats."""

    weekday: int
    half: str
    subject: str
    capacity: int
    classes: frozenset[str]


@dataclass(frozen=True)
class PlannedSession:
    day: date
    half: str
    subject: str
    capacity: int
    classes: frozenset[str]


MAX_PLAN_DAYS = 366
MAX_PLAN_AHEAD_DAYS = 366  # a plan is published for the coming year at most [M]
MAX_CAPACITY = 500


def _check_slot(slot: WeeklySlot) -> None:
    if isinstance(slot.weekday, bool) or slot.weekday not in range(7):
        raise ValidationError("weekday", "weekday_range", "星期应为星期一至星期日", "The weekday must be 0 (Monday) to 6")
    if slot.half not in HALVES:
        raise ValidationError("half", "half_unknown", "场次应为上午或下午", "The half must be am or pm")
    check_subject(slot.subject)
    if isinstance(slot.capacity, bool) or not isinstance(slot.capacity, int) or not 1 <= slot.capacity <= MAX_CAPACITY:
        raise ValidationError("capacity", "capacity_range", f"每场考试人数应为1至{MAX_CAPACITY}人",
                              f"The capacity must be 1 to {MAX_CAPACITY}")
    if not slot.classes:
        raise ValidationError("classes", "classes_empty", "请选择该场次考试的准驾车型",
                              "Choose the licence classes of the session")
    for cls in sorted(slot.classes):
        check_class(cls, "classes")


def check_plan_dates(first_day: date, last_day: date, today: date) -> None:
    """A plan covers days from tomorrow on, starting within MAX_PLAN_AHEAD_DAYS (no plan for the
    year 9999: a mistyped year is refused, not planned)."""
    if first_day <= today:
        raise ValidationError("first_day", "plan_in_past", "考试计划只能安排明天及以后的日期",
                              "A plan can only cover days from tomorrow on")
    if (first_day - today).days > MAX_PLAN_AHEAD_DAYS:
        raise ValidationError("first_day", "plan_too_far", f"考试计划的开始日期最远为{MAX_PLAN_AHEAD_DAYS}天之后",
                              f"A plan starts at most {MAX_PLAN_AHEAD_DAYS} days ahead")
    _check_range(first_day, last_day)


def _check_range(first_day: date, last_day: date) -> None:
    if first_day > last_day:
        raise ValidationError("last_day", "plan_range", "结束日期不能早于开始日期",
                              "The last day cannot be before the first day")
    if (last_day - first_day).days + 1 > MAX_PLAN_DAYS:
        raise ValidationError("last_day", "plan_too_long", f"考试计划最长{MAX_PLAN_DAYS}天",
                              f"A plan covers at most {MAX_PLAN_DAYS} days")


def plan_sessions(weekly: Sequence[WeeklySlot], first_day: date, last_day: date,
                  closed: Collection[date] = ()) -> list[PlannedSession]:
    """The sessions of a weekly plan from first_day to last_day (both in): every working day
    (national holidays and the hall's `closed` days out) gets the slots of its weekday. A make-up
    working Saturday gets the Saturday slots — none unless the plan has some — not those of the
    weekday it stands in for. Ordered by day, 上午 before 下午, then the order of `weekly`."""
    _check_range(first_day, last_day)
    seen: set[tuple[int, str, str]] = set()
    for slot in weekly:
        _check_slot(slot)
        key = (slot.weekday, slot.half, slot.subject)
        if key in seen:
            raise ValidationError("weekly", "slot_duplicate", "同一星期、同一半天、同一科目只能安排一个场次",
                                  "One session per weekday, half and subject")
        seen.add(key)
    slots = sorted(enumerate(weekly), key=lambda p: (HALF_ORDER[p[1].half], p[0]))
    out: list[PlannedSession] = []
    for n in range((last_day - first_day).days + 1):  # counted, not stepped: never a day past date.max
        day = first_day + timedelta(days=n)
        if is_working_day(day, closed):
            out += [PlannedSession(day, s.half, s.subject, s.capacity, frozenset(s.classes))
                    for _, s in slots if s.weekday == day.weekday()]
    return out


# -- the allocation -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SlotView:
    """One 考试场次 as the allocator sees it; `booked`: seats already taken."""

    id: int
    site: str
    day: date
    half: str
    subject: str
    classes: frozenset[str]
    capacity: int
    booked: int


@dataclass(frozen=True)
class RequestView:
    """One 预约申请: the candidate wants `subject` on a day in [first_day, last_day] at one of `sites`
    (empty: any site). `rank`: smaller is served first (`exams.rank_key`)."""

    id: int
    candidate: int
    subject: str
    cls: str
    sites: tuple[str, ...]
    first_day: date
    last_day: date
    rank: tuple


@dataclass(frozen=True)
class Allocation:
    """assigned: request id → slot id; refused: request id → why it got no seat."""

    assigned: Mapping[int, int]
    refused: Mapping[int, Refusal]


def slot_order(slot: SlotView) -> tuple:
    return slot.day, HALF_ORDER.get(slot.half, len(HALF_ORDER)), slot.site, slot.id


def fits(request: RequestView, slot: SlotView) -> bool:
    """The session is one the request asked for (subject, class, site, dates); seats and the
    candidate's eligibility aside."""
    return (request.subject == slot.subject and request.cls in slot.classes
            and (not request.sites or slot.site in request.sites)
            and request.first_day <= slot.day <= request.last_day)


def allocate(slots: Sequence[SlotView], requests: Sequence[RequestView],
             eligible: Callable[[RequestView, SlotView], Refusal | None]) -> Allocation:
    """排序分配: seat the requests in the sessions (see the module docstring for the order).

    `eligible(request, slot)` returns None when the candidate may sit that session, else the
    refusal; it is called at most once per (request, session) pair. Every request that gets no
    seat is explained: the eligibility refusal when every session it fits refused it,
    "sessions_full" when one it could sit was full (or went to better-ranked candidates),
    "no_session" when no session fits its sites, dates and class, "candidate_seated" when the
    candidate got a seat for the subject through another request.
    Cost: sorting plus, per session, a walk down that subject's ranked requests until its seats are
    gone; the explanations look only at the sessions inside each request's dates."""
    ordered = sorted(slots, key=slot_order)
    by_subject: dict[str, list[RequestView]] = {}
    for req in sorted(requests, key=lambda r: (r.rank, r.id)):
        by_subject.setdefault(req.subject, []).append(req)
    verdicts: dict[tuple[int, int], Refusal | None] = {}

    def verdict(req: RequestView, slot: SlotView) -> Refusal | None:
        key = (req.id, slot.id)
        if key not in verdicts:
            verdicts[key] = eligible(req, slot)
        return verdicts[key]

    assigned: dict[int, int] = {}
    seated: set[tuple[int, str]] = set()  # (candidate, subject)
    for slot in ordered:
        free = slot.capacity - slot.booked
        queue = by_subject.get(slot.subject)
        if free <= 0 or not queue:
            continue
        taken = 0
        for req in queue:
            if taken == free:
                break
            if req.id in assigned or (req.candidate, req.subject) in seated or not fits(req, slot):
                continue
            if verdict(req, slot) is None:
                assigned[req.id] = slot.id
                seated.add((req.candidate, req.subject))
                taken += 1
        if taken:  # drop the seated so that later walks stay short
            by_subject[slot.subject] = [r for r in queue if r.id not in assigned]

    slots_by_subject: dict[str, list[SlotView]] = {}
    for slot in ordered:
        slots_by_subject.setdefault(slot.subject, []).append(slot)
    days_by_subject = {s: [x.day for x in xs] for s, xs in slots_by_subject.items()}
    refused: dict[int, Refusal] = {}
    for req in requests:
        if req.id in assigned:
            continue
        if (req.candidate, req.subject) in seated:
            refused[req.id] = CANDIDATE_SEATED
            continue
        subject_slots = slots_by_subject.get(req.subject, [])
        days = days_by_subject.get(req.subject, [])
        lo, hi = bisect.bisect_left(days, req.first_day), bisect.bisect_right(days, req.last_day)
        first_refusal: Refusal | None = None
        reason = NO_SESSION
        for slot in subject_slots[lo:hi]:
            if not fits(req, slot):
                continue
            why = verdict(req, slot)
            if why is None:
                reason = SESSIONS_FULL
                break
            first_refusal = first_refusal or why
        else:
            if first_refusal is not None:
                reason = first_refusal
        refused[req.id] = reason
    return Allocation(assigned, refused)

"""Demo exams (考试演示数据): the demo hall's three 考场, the year's published 考试计划 with its sessions,
and a year of 初次申领 candidates (考生) on their road 科目一 → 科目二 → 科目三 → 安全文明驾驶常识.

Volumes: the candidates are the 初次申领 share of the seed's driver transactions (22 % of 24,363, as in
demo_drivers.BUSINESS_MIX): about 5,400 a year at scale 1.0. The pass, no-show and cancellation rates
are assumptions (PASS_RATE below). Waits, pass marks and the 学习驾驶证明 come from
desktop.domain.exams, so every booking passes `check_eligibility` on the day it was made, and the rows
look like those the exam services write: a no-show is booking 'no_show' plus a failed ExamResult with
source 'no_show'; passing 科目一 issues the permit; the fifth failure of 科目二/三 voids the application.

The year: the plans come out 20 days before it and make the sessions on its working days; each
candidate walks through the sessions before `until` (booked at least 5 days ahead, the next session
when one is full). For the current year the road stops at today: today's sessions and those of the
next six weeks hold the 'booked' seats of the candidates due then (today's and next week's mostly
full, fewer further out: at scale 1.0 about a quarter of the six weeks' seats), a few candidates wait
with an open request for the allocation run, and today's candidates get a demo photo for the
check-in view. A year after today's gets its plans and sessions only. Candidates
still on their way at the end of an earlier demo year carry on in this year's sessions. A year whose
plans exist is done: a second run adds nothing. The year is drawn from a read transaction's view of
the database and goes in with bulk Core inserts, in one transaction.
"""

from __future__ import annotations

import bisect
import io
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, time, timedelta

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from desktop.domain import exams as exam_rules
from desktop.domain.identifiers import age_on
from desktop.domain.licence_terms import CLASSES, FIRST_LICENCE_CLASSES
from desktop.domain.licence_terms import DEFAULT_POLICY as LICENCE_POLICY
from desktop.domain.working_days import is_working_day
from desktop.services.base import HALL_ZONE
from desktop.services.case_documents import hall_closed_days
from desktop.services.demo_bulk import insert_rows
from desktop.services.demo_drivers import BUSINESS_MIX, DRIVER_CASES_PER_YEAR
from desktop.store.driver_models import DrivingLicence, ExamResult
from desktop.store.engine import reading
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamPlan, ExamRequest, ExamSession, ExamSite
from desktop.store.models import Person

Progress = Callable[[str, int, int], None]
POLICY = exam_rules.DEFAULT_EXAM_POLICY

CANDIDATES_PER_YEAR = DRIVER_CASES_PER_YEAR * BUSINESS_MIX["first_licence"] / 100  # ≈ 5,360 at scale 1.0
TOWN = "内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇"
SKILL_CLASSES = ("C1", "C2", "C5", "B2", "A3", "D", "E")
SITES = (  # code, name, address, subjects, classes
    ("KC01", "阿拉善盟机动车驾驶人考试中心（科目一）", TOWN + "额鲁特大街车管所考试中心", ("1",),
     tuple(c for c in CLASSES if c in FIRST_LICENCE_CLASSES)),
    ("KC02", "巴彦浩特场地驾驶技能考场", TOWN + "土尔扈特路西段", ("2",), SKILL_CLASSES),
    ("KC03", "巴彦浩特道路驾驶技能考场", TOWN + "安德街南端", ("3", "3s"), SKILL_CLASSES),
)
WEEKLY = {  # site → (weekdays, half, subject): 科目一 every weekday, 科目二 Tue–Fri, 科目三 Mon/Wed/Fri
    "KC01": (((0, 1, 2, 3, 4), "am", "1"), ((0, 1, 2, 3, 4), "pm", "1")),
    "KC02": (((1, 2, 3, 4), "am", "2"), ((1, 2, 3, 4), "pm", "2")),
    "KC03": (((0, 2, 4), "am", "3"), ((0, 2, 4), "pm", "3s")),  # 安全文明 the afternoon after the road test
}
SITE_OF = {"1": "KC01", "2": "KC02", "3": "KC03", "3s": "KC03"}
# Sittings per candidate (retakes and no-shows in; measured at scale 1.0 on the roads of January to
# May) and how full the plan expects a session on average: the capacity follows from the volume.
SITTINGS_PER_CANDIDATE = {"1": 1.48, "2": 1.57, "3": 1.39, "3s": 1.1}
PLANNED_FILL = 0.85
PUBLISHED_DAYS_BEFORE = 20
FUTURE_DAYS = 42  # the current year: sessions (and bookings) for six weeks after today
READY_DAYS = 14  # passed everything longer ago than this: the licence is issued (state done)

CLASS_MIX = (("C1", 0.80), ("C2", 0.15), ("E", 0.02), ("D", 0.01), ("B2", 0.01), ("C5", 0.005), ("A3", 0.005))
SCHOOLS = ("阿拉善盟驼峰机动车驾驶员培训有限公司", "阿拉善左旗贺兰山驾驶员培训学校", "巴彦浩特腾格里机动车驾驶培训有限公司",
           "阿拉善盟天骄驾校", "阿拉善左旗安达机动车驾驶员培训中心")
CLERKS = ("clerk01", "clerk02", "clerk03", "clerk04", "clerk05", "clerk06")
EXAMINERS = ("exam01", "exam02")
# A sitting passes (its same-day retake included) at these rates — assumptions near the published
# national figures; a quarter of the passes come at the retake, which 90 % of those who fail take.
PASS_RATE = {"1": 0.70, "2": 0.65, "3": 0.75, "3s": 0.92}
FIRST_ATTEMPT_SHARE = 0.75
RETAKE_TAKEN = 0.9
NO_SHOW_RATE = 0.03
CANCEL_RATE = 0.04
REQUEST_SHARE = 0.015  # of the candidates: an open request waiting for the allocation run
MAX_PHOTOS = 200


@lru_cache(maxsize=4096)
def _working(day: date, closed: frozenset[date]) -> bool:
    return is_working_day(day, closed)


def _at(day: date, hours: float) -> datetime:
    return datetime.combine(day, time(0), HALL_ZONE) + timedelta(hours=hours)


def _hall_day(moment: datetime) -> date:
    return moment.astimezone(HALL_ZONE).date()


class _Days:
    """The working days of a span, for snapping drawn dates."""

    def __init__(self, first: date, last: date, closed: frozenset[date]) -> None:
        self.days = [d for d in (first + timedelta(n) for n in range((last - first).days + 1))
                     if _working(d, closed)]

    def before(self, day: date) -> date:
        """The last working day before `day` (提前一日: the last day to cancel)."""
        k = bisect.bisect_left(self.days, day)
        return self.days[k - 1] if k > 0 else day - timedelta(days=1)

    def on_or_before(self, day: date) -> date:
        k = bisect.bisect_right(self.days, day)
        return self.days[k - 1] if k > 0 else day

    def pick(self, lo: date, hi: date, want: date) -> date:
        """The working day in [lo, hi] nearest below `want`; lo..hi itself when it has none."""
        k = bisect.bisect_right(self.days, min(want, hi)) - 1
        if k >= 0 and self.days[k] >= lo:
            return self.days[k]
        k = bisect.bisect_left(self.days, lo)
        if k < len(self.days) and self.days[k] <= hi:
            return self.days[k]
        return max(lo, min(want, hi))


@dataclass(eq=False)
class _Seat:
    """One session in memory: its seats are counted while the roads are walked."""

    site_id: int
    site: str
    plan_id: int | None  # (filled in when the plans are written)
    day: date
    half: str
    subject: str
    classes: frozenset[str]
    capacity: int
    live: int = 0  # bookings not cancelled
    bookings: list[dict] = field(default_factory=list)
    id: int | None = None


class _Calendar:
    def __init__(self, seats: list[_Seat]) -> None:
        order = {"am": 0, "pm": 1}
        self.by_subject: dict[str, list[_Seat]] = {}
        for s in sorted(seats, key=lambda s: (s.day, order[s.half], s.site)):
            self.by_subject.setdefault(s.subject, []).append(s)
        self.days = {k: [s.day for s in v] for k, v in self.by_subject.items()}

    def find(self, subject: str, cls: str, first: date, before: date, rng: random.Random) -> _Seat | None:
        """The first session from `first` (before `before`) with a free seat for `cls`; of a day's two
        halves, the afternoon now and then."""
        seats = self.by_subject.get(subject, [])
        k = bisect.bisect_left(self.days.get(subject, []), first)
        while k < len(seats) and seats[k].day < before:
            s = seats[k]
            if s.live < s.capacity and cls in s.classes:
                if k + 1 < len(seats) and rng.random() < 0.4:
                    t = seats[k + 1]
                    if t.day == s.day and t.live < t.capacity and cls in t.classes:
                        return t
                return s
            k += 1
        return None

    def on(self, subject: str, cls: str, day: date) -> _Seat | None:
        seats = self.by_subject.get(subject, [])
        k = bisect.bisect_left(self.days.get(subject, []), day)
        while k < len(seats) and seats[k].day == day:
            if seats[k].live < seats[k].capacity and cls in seats[k].classes:
                return seats[k]
            k += 1
        return None


@dataclass(eq=False)
class _Cand:
    """One candidate on the road; `due` is where it stopped: (subject, earliest day, target day)."""

    person_id: int
    birth: date
    cls: str
    accepted: datetime
    rng: random.Random
    application_no: str = ""
    school: str = ""
    clerk: str = ""
    id: int | None = None
    permit_from: date | None = None
    permit_until: date | None = None
    state: str = "active"
    passed: dict[str, date] = field(default_factory=dict)
    fails: dict[str, int] = field(default_factory=dict)  # failed sittings, no-shows in
    last_fail: dict[str, date] = field(default_factory=dict)
    lo: date | None = None  # the first day a booking may be made (after the last result)
    hold: date | None = None  # after a cancellation: the next sitting not before this day
    same_day: datetime | None = None  # 科目三 passed at this moment: 安全文明 that afternoon
    due: tuple | None = None
    placed: bool = False
    stored: tuple | None = None  # a carried-over candidate's (state, permit_from) as stored

    @property
    def row_changed(self) -> bool:
        return self.stored is not None and self.stored != (self.state, self.permit_from)

    @property
    def needed(self) -> frozenset[str]:
        return LICENCE_POLICY.subjects_for(self.cls)


def _mix(rng: random.Random, mix) -> str:
    r, acc = rng.random(), 0.0
    for value, share in mix:
        acc += share
        if r < acc:
            return value
    return mix[0][0]


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


# -- the plan -------------------------------------------------------------------------------------

def _slots(site: str) -> list[tuple[int, str, str]]:
    return [(wd, half, subject) for weekdays, half, subject in WEEKLY[site] for wd in weekdays]


def _capacities(year: int, scale: float, closed) -> dict[str, int]:
    """Seats per session: the year's expected sittings over its sessions, PLANNED_FILL full."""
    n: dict[str, int] = {}
    day = date(year, 1, 1)
    while day.year == year:
        if _working(day, closed):
            for site in WEEKLY:
                for wd, _, subject in _slots(site):
                    n[subject] = n.get(subject, 0) + (wd == day.weekday())
        day += timedelta(days=1)
    volume = CANDIDATES_PER_YEAR * scale
    cap = {s: max(2, math.ceil(volume * SITTINGS_PER_CANDIDATE[s] / max(1, n.get(s, 0)) / PLANNED_FILL))
           for s in exam_rules.SUBJECTS}
    cap["3s"] = max(cap["3s"], cap["3"])  # the morning's road-test passes sit it the same afternoon
    return cap


def _ensure_sites(session: Session, hall_code: str) -> dict[str, int]:
    have = dict(session.execute(select(ExamSite.code, ExamSite.id).where(ExamSite.hall_code == hall_code)).all())
    missing = [dict(hall_code=hall_code, code=code, name=name, address=address, subjects=" ".join(subjects),
                    classes=" ".join(classes), active=True)
               for code, name, address, subjects, classes in SITES if code not in have]
    if missing:
        insert_rows(session, ExamSite.__table__, missing)
        have = dict(session.execute(select(ExamSite.code, ExamSite.id).where(ExamSite.hall_code == hall_code)).all())
    return {code: have[code] for code, *_ in SITES}


def _plans(session: Session, hall_code: str, year: int, sites: dict[str, int], skip: set[int],
           capacity: dict[str, int], last_day: date, days: _Days, closed) -> tuple[dict[int, ExamPlan], list[_Seat]]:
    """One plan per site (published 20 days before the year) and its sessions, in memory: the plans
    (by site) are added, and the sessions inserted, once the roads have counted their seats; each
    seat's plan_id is filled in then. A session that already exists (the end of the year before
    reaches into this one) is left alone."""
    start = date(year, 1, 1)
    published = _at(days.on_or_before(start - timedelta(days=PUBLISHED_DAYS_BEFORE)), 10.0)
    classes = {code: frozenset(cls) for code, _, _, _, cls in SITES}
    seats: list[_Seat] = []
    plans: dict[int, ExamPlan] = {}
    for code, site_id in sites.items():
        if site_id in skip:
            continue
        slots = _slots(code)
        weekly = [dict(weekday=wd, half=half, subject=subject, capacity=capacity[subject],
                       classes=sorted(classes[code])) for wd, half, subject in slots]
        plan = ExamPlan(hall_code=hall_code, site_id=site_id, first_day=start, last_day=last_day,
                        weekly=json.dumps(weekly), late=False, sessions=0, published_by="exam01",
                        published_at=published)
        plans[site_id] = plan
        existing = set(session.execute(select(ExamSession.day, ExamSession.half, ExamSession.subject).where(
            ExamSession.site_id == site_id, ExamSession.day >= start, ExamSession.day <= last_day)).all())
        day, made = start, 0
        while day <= last_day:
            if _working(day, closed):
                for half in ("am", "pm"):
                    for wd, h, subject in slots:
                        if wd == day.weekday() and h == half and (day, half, subject) not in existing:
                            seats.append(_Seat(site_id, code, None, day, half, subject, classes[code],
                                               capacity[subject]))
                            made += 1
            day += timedelta(days=1)
        plan.sessions = made
    return plans, seats


# -- the candidates -------------------------------------------------------------------------------

def _years_before(day: date, years: int) -> date:
    """The latest birth date that is `years` full years old on `day` (identifiers.age_on: born 29
    February, the year is full on 1 March in common years — so on 28 February, counting back)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, `years` back is a common year
        return day.replace(year=day.year - years, day=28)


def _draft(persons: list, year: int, days: list[date], cutoff: date, scale: float,
           rng: random.Random) -> list[_Cand]:
    """The year's candidates, accepted on its working days before `cutoff`, from persons without a
    licence (18-30 mostly, up to 60). Every day draws its stream whether or not it is before cutoff."""
    mid = date(year, 7, 1)
    # those who are 18 to 60 at some time of the year: the bounded scan below finds one quickly
    pool = [p for p in persons if 17 <= age_on(p[1], date(year, 1, 1)) <= 60]
    random.Random(rng.random()).shuffle(pool)
    young = [p for p in pool if age_on(p[1], mid) <= 30]
    older = [p for p in pool if age_on(p[1], mid) > 30]
    per_day = CANDIDATES_PER_YEAR * scale / max(1, len(days))

    def take(day: date, day_rng: random.Random, min_age: int):
        # max(18, min_age) <= age_on(birth, day) <= 60, as births: born on or before `latest`, after
        # `earliest` (the comparison is hot: ~160 persons looked at a candidate)
        latest, earliest = _years_before(day, max(18, min_age)), _years_before(day, 61)
        for group in ((young, older) if day_rng.random() < 0.75 else (older, young)):
            for j in range(len(group) - 1, max(-1, len(group) - 200), -1):  # a bounded scan
                if earliest < group[j][1] <= latest:
                    return group.pop(j)
        return None

    out: list[_Cand] = []
    for day in days:
        day_rng = random.Random(rng.random())
        if day >= cutoff:
            continue
        todays = []
        for _ in range(_poisson(day_rng, per_day)):
            cls = _mix(day_rng, CLASS_MIX)
            person = take(day, day_rng, LICENCE_POLICY.min_age[cls] or 18)
            if person is None:
                continue
            todays.append(_Cand(person[0], person[1], cls, _at(day, day_rng.uniform(9, 17)),
                                random.Random(day_rng.random()), school=day_rng.choice(SCHOOLS),
                                clerk=day_rng.choice(CLERKS), lo=day))
        todays.sort(key=lambda c: c.accepted)
        for seq, c in enumerate(todays, 1):
            c.application_no = f"DS{day:%y%m%d}{seq:05d}"  # DS: never a real 受理编号 (KS, DC)
        out += todays
    return out


def _carried(session: Session, hall_code: str, year: int) -> list[_Cand]:
    """Demo candidates of earlier years still on their way (active, nothing booked, no sitting in this
    year or later, and no licence since): they carry on in this year's sessions."""
    begin = _at(date(year, 1, 1), 0)
    who = (ExamCandidate.hall_code == hall_code, ExamCandidate.source == "demo", ExamCandidate.state == "active",
           ExamCandidate.accepted_at < begin)
    rows = session.execute(select(ExamCandidate, Person.birth_date).join(Person, Person.id == ExamCandidate.person_id)
                           .where(*who).order_by(ExamCandidate.accepted_at, ExamCandidate.id)).all()
    if not rows:
        return []
    busy = set(session.execute(
        select(ExamBooking.candidate_id).join(ExamSession, ExamSession.id == ExamBooking.session_id)
        .where(ExamBooking.hall_code == hall_code, or_(ExamBooking.state.in_(("booked", "checked_in")),
                                                       ExamSession.day >= date(year, 1, 1)))).scalars())
    licensed = set(session.execute(select(DrivingLicence.person_id)).scalars())
    sittings: dict[int, list] = {}
    for cid, subject, day, passed in session.execute(
            select(ExamResult.candidate_id, ExamResult.subject, ExamResult.exam_date, ExamResult.passed)
            .join(ExamCandidate, ExamCandidate.id == ExamResult.candidate_id).where(*who)
            .order_by(ExamResult.exam_date)):
        sittings.setdefault(cid, []).append((subject, day, passed))
    out = []
    for cand, birth in rows:
        if cand.id in busy or cand.person_id in licensed:
            continue
        c = _Cand(cand.person_id, birth, cand.cls, cand.accepted_at, random.Random(f"{cand.application_no}/{year}"),
                  application_no=cand.application_no, id=cand.id, permit_from=cand.permit_from,
                  permit_until=cand.permit_until, lo=_hall_day(cand.accepted_at),
                  stored=(cand.state, cand.permit_from))
        for subject, day, passed in sittings.get(cand.id, []):
            if passed:
                c.passed.setdefault(subject, day)
            else:
                c.fails[subject] = c.fails.get(subject, 0) + 1
                c.last_fail[subject] = day
            c.lo = max(c.lo, day + timedelta(days=1))
        out.append(c)
    return out


# -- the road -------------------------------------------------------------------------------------

def _score(subject: str, mark: int, ok: bool, rng: random.Random) -> int:
    if subject == "1":  # 100 questions, a point each
        return rng.randint(mark, 100) if ok else rng.randint(60, mark - 1)
    if subject == "3s":  # 50 questions, two points each
        return rng.randrange(mark, 101, 2) if ok else rng.randrange(60, mark, 2)
    # the skill tests deduct in tens, and a serious fault fails outright (0)
    return rng.choice((100, 100, *range(mark, 100, 10))) if ok else rng.choice((0, 0, *range(mark - 30, mark, 10)))


def _sitting(subject: str, cls: str, rng: random.Random) -> tuple[int, int | None, bool]:
    """The first attempt, the same-day retake (None: passed first time, or not taken) and the result."""
    mark = exam_rules.pass_mark(subject, cls)
    first_p = PASS_RATE[subject] * FIRST_ATTEMPT_SHARE
    if rng.random() < first_p:
        return _score(subject, mark, True, rng), None, True
    first = _score(subject, mark, False, rng)
    if rng.random() >= RETAKE_TAKEN:
        return first, None, False
    ok = rng.random() < (PASS_RATE[subject] - first_p) / ((1 - first_p) * RETAKE_TAKEN)
    return first, _score(subject, mark, ok, rng), ok


def _due(c: _Cand, subject: str) -> tuple[date, date] | None:
    """The first day the rules allow (令162 Arts.43-47) and the day the candidate aims at (learning
    at the school takes longer than the waits)."""
    rng = c.rng
    accepted = _hall_day(c.accepted)
    if subject == "1":  # booked at the acceptance, for one to three weeks later
        earliest, target = accepted, accepted + timedelta(days=rng.randint(7, 21))
    elif c.permit_from is None:
        return None
    elif subject == "2":
        earliest = c.permit_from + timedelta(days=POLICY.subject2_wait_days[c.cls])
        target = earliest + timedelta(days=rng.randint(5, 45))
    elif subject == "3":
        earliest = c.permit_from + timedelta(days=POLICY.subject3_wait_days[c.cls])
        if "2" in c.needed:
            earliest = max(earliest, c.passed["2"] + timedelta(days=1))
        target = max(earliest, c.passed.get("2", earliest) + timedelta(days=rng.randint(7, 30)))
    else:
        earliest = max(c.passed[s] for s in ("2", "3") if s in c.needed)
        target = earliest + timedelta(days=rng.randint(6, 15))
    if c.fails.get(subject):  # 十日后 after a failed sitting (科目一 too, by hall practice)
        earliest = max(earliest, c.last_fail[subject] + timedelta(days=POLICY.retake_wait_days))
        target = c.last_fail[subject] + timedelta(days=rng.randint(POLICY.retake_wait_days, 28))
    target = max(target, earliest, c.lo + timedelta(days=POLICY.booking_close_days), c.hold or target)
    return earliest, target


def _booking(c: _Cand, seat: _Seat, booked_at: datetime, channel: str) -> dict:
    return dict(_cand=c, _seat=seat, subject=seat.subject, state="booked", channel=channel, booked_at=booked_at,
                cancelled_at=None, checked_in_at=None, checked_in_by="", score=None, retake_score=None, passed=None,
                result_at=None, result_by="")


def _channel(subject: str, rng: random.Random) -> str:
    if subject == "1":
        return "window" if rng.random() < 0.55 else "kiosk"
    return _mix(rng, (("school", 0.6), ("kiosk", 0.25), ("window", 0.15)))


def _walk(c: _Cand, cal: _Calendar, days: _Days, horizon: date) -> None:
    """The candidate's sittings in the sessions before `horizon`; stops where the next one is later."""
    rng = c.rng
    while c.state == "active":
        subject = next((s for s in exam_rules.SUBJECTS if s in c.needed and s not in c.passed), None)
        if subject is None:
            return
        seat, booked_at, channel = None, None, "window"
        if subject == "3s" and c.same_day is not None:  # the afternoon of the road test (DOMAIN §5)
            seat = cal.on("3s", c.cls, _hall_day(c.same_day))
            booked_at = c.same_day + timedelta(minutes=rng.randint(5, 40))
            c.same_day = None
        if seat is None:
            due = _due(c, subject)
            if due is None:
                return
            earliest, target = due
            if subject != "1" and c.permit_until is not None and target > c.permit_until:
                c.state = "expired"
                return
            seat = cal.find(subject, c.cls, target, horizon, rng)
            if seat is None:
                c.due = (subject, earliest, target)
                return
            lead = POLICY.booking_close_days + int(40 * rng.random() ** 1.5)
            booked_on = days.pick(c.lo, seat.day - timedelta(days=POLICY.booking_close_days),
                                  seat.day - timedelta(days=lead))
            booked_at, channel = _at(booked_on, rng.uniform(8.5, 17.5)), _channel(subject, rng)
            last = days.before(seat.day)
            if rng.random() < CANCEL_RATE and last >= booked_on:  # 取消预约, by the working day before
                cancel_on = days.pick(booked_on, last,
                                      booked_on + timedelta(days=rng.randint(0, (last - booked_on).days)))
                cancelled_at = max(_at(cancel_on, rng.uniform(8.5, 17.5)), booked_at + timedelta(minutes=10))
                seat.bookings.append(dict(_booking(c, seat, booked_at, channel), state="cancelled",
                                          cancelled_at=cancelled_at))
                c.lo = _hall_day(cancelled_at) + timedelta(days=1)
                c.hold = seat.day + timedelta(days=rng.randint(1, 10))
                continue
        _sit(c, seat, _booking(c, seat, booked_at, channel))


def _sit(c: _Cand, seat: _Seat, row: dict) -> None:
    rng = c.rng
    seat.live += 1
    seat.bookings.append(row)
    start = 8.0 if seat.half == "am" else 13.5
    examiner = rng.choice(EXAMINERS)
    subject = seat.subject
    if rng.random() < NO_SHOW_RATE:  # 缺考: a fail (Art.46)
        row.update(state="no_show", passed=False, result_at=_at(seat.day, start + 4.0), result_by=examiner)
        passed = False
    else:
        first, retake, passed = _sitting(subject, c.cls, rng)
        result_at = _at(seat.day, start + rng.uniform(2.5, 3.5))
        row.update(state="sat", checked_in_at=_at(seat.day, start + rng.uniform(0, 0.6)), checked_in_by=examiner,
                   score=first, retake_score=retake, passed=passed, result_at=result_at, result_by=examiner)
        if passed and subject == "3" and seat.half == "am":
            c.same_day = result_at
    c.lo, c.hold = seat.day + timedelta(days=1), None
    if passed:
        c.passed[subject] = seat.day
        if subject == "1" and c.permit_from is None:  # 学习驾驶证明
            c.permit_from = seat.day
            c.permit_until = exam_rules.permit_until(seat.day, c.birth, c.cls)
        return
    c.fails[subject] = c.fails.get(subject, 0) + 1
    c.last_fail[subject] = seat.day
    if subject in POLICY.booking_limited_subjects and c.fails[subject] >= POLICY.max_bookings:
        c.state = "voided"  # 第五次预约考试不合格 (Art.47)


def _ahead(cands: list[_Cand], seats: list[_Seat], until: date, days: _Days, rng: random.Random) -> None:
    """Today's and the next six weeks' sessions: seats booked (before today) by the candidates due
    for them, most ready first — today's sessions nearly full, then fewer the further ahead."""
    order = {"am": 0, "pm": 1}
    waiting: dict[str, list[_Cand]] = {}
    for c in cands:
        if c.state == "active" and c.due is not None and c.lo < until:
            waiting.setdefault(c.due[0], []).append(c)
    for group in waiting.values():
        group.sort(key=lambda c: (c.due[2], c.accepted))
    for seat in sorted(seats, key=lambda s: (s.day, order[s.half], s.site)):
        ahead = (seat.day - until).days
        fill = rng.uniform(0.75, 0.95) if ahead == 0 else \
            max(0.1, 0.85 - 0.7 * (ahead - 1) / (FUTURE_DAYS - 1)) * rng.uniform(0.85, 1.15)
        want = min(seat.capacity, round(seat.capacity * fill))
        for c in waiting.get(seat.subject, []):
            if seat.live >= want or c.due[2] > seat.day + timedelta(days=14):
                break
            if c.placed or c.cls not in seat.classes or seat.day < max(
                    c.due[1], c.lo + timedelta(days=POLICY.booking_close_days)) or (
                    c.permit_until is not None and seat.day > c.permit_until):
                continue
            lead = POLICY.booking_close_days + int(40 * c.rng.random() ** 1.5)
            booked_on = days.pick(c.lo, min(seat.day - timedelta(days=POLICY.booking_close_days),
                                            until - timedelta(days=1)), seat.day - timedelta(days=lead))
            seat.live += 1
            seat.bookings.append(_booking(c, seat, _at(booked_on, c.rng.uniform(8.5, 17.5)),
                                          _channel(seat.subject, c.rng)))
            c.placed = True


def _requests(cands: list[_Cand], hall_code: str, until: date, days: _Days, rng: random.Random) -> list[dict]:
    """A few candidates due soon have asked for their next subject (自主排考) instead of booking a
    seat: their requests wait for the allocation run."""
    free = [c for c in cands if c.state == "active" and c.due is not None and not c.placed and c.lo < until
            and c.due[1] <= until + timedelta(days=21)]
    rows = []
    for c in rng.sample(free, min(len(free), round(REQUEST_SHARE * len(cands)))):
        subject, earliest, _ = c.due
        first = max(until + timedelta(days=POLICY.booking_close_days + 1), earliest)
        made = days.pick(max(c.lo, until - timedelta(days=7)), until - timedelta(days=1),
                         until - timedelta(days=rng.randint(1, 5)))
        c.placed = True
        rows.append(dict(_cand=c, hall_code=hall_code, subject=subject,
                         sites="" if rng.random() < 0.5 else SITE_OF[subject], first_day=first,
                         last_day=first + timedelta(days=21), channel=_mix(rng, (("window", 0.4), ("kiosk", 0.3),
                                                                                  ("school", 0.3))),
                         state="open", reason_code="", reason="", created_at=_at(made, rng.uniform(9, 17)),
                         decided_at=None))
    return rows


# -- the demo photo -------------------------------------------------------------------------------

BACKGROUNDS = ((255, 255, 255), (67, 142, 219), (70, 130, 200), (200, 35, 45), (236, 238, 240))
SHADES = ((88, 92, 100), (110, 104, 98), (72, 78, 90), (128, 124, 120), (96, 86, 80))


def demo_photo(rng: random.Random) -> bytes:
    """A 358 × 441 JPEG (the 二代证 photo's proportions): a plain background and a neutral
    head-and-shoulders silhouette — a stand-in for the check-in view, not a face."""
    from PIL import Image, ImageDraw

    w, h = 358, 441
    image = Image.new("RGB", (w, h), rng.choice(BACKGROUNDS))
    draw = ImageDraw.Draw(image)
    shade = rng.choice(SHADES)
    cx = w // 2 + rng.randint(-8, 8)
    head_w = rng.randint(120, 142)
    head_h = int(head_w * rng.uniform(1.22, 1.34))
    top = rng.randint(64, 92)
    chin = top + head_h
    draw.ellipse((cx - rng.randint(165, 190), chin + 32, cx + rng.randint(165, 190), h + 260), fill=shade)
    draw.rectangle((cx - 30, chin - 24, cx + 30, chin + 60), fill=shade)
    draw.ellipse((cx - head_w // 2, top, cx + head_w // 2, chin), fill=shade)
    hair = tuple(max(0, v - 40) for v in shade)
    draw.chord((cx - head_w // 2, top, cx + head_w // 2, top + int(head_h * rng.uniform(0.45, 0.6))), 180, 360,
               fill=hair)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


# -- the year -------------------------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as exam_bookings: no 0/O, 1/I


def add_year_of_exams(session_factory: sessionmaker[Session], hall_code: str, year: int, scale: float,
                      rng: random.Random, *, until: date | None, today: date,
                      progress: Progress | None = None) -> int:
    """Sites, the year's plans and sessions, candidates and their bookings and results (see the
    module docstring). `until`: the current year's today (nothing sat from it on); None for a whole
    year (a year after `today`'s: the plans and sessions only). Returns the bookings added (0 when
    the year's plans exist already)."""
    progress = progress or (lambda *_: None)
    start = date(year, 1, 1)
    end = date(year + 1, 1, 1)
    # nothing is sat (or accepted) from `until` on; a year still to come only gets its plan
    horizon = min(until, end) if until else end if start <= today else start
    last_day = until + timedelta(days=FUTURE_DAYS) if until else end - timedelta(days=1)
    with session_factory() as session, session.begin():  # (a first run adds the three sites)
        sites = _ensure_sites(session, hall_code)
    # The year is drawn from what a read transaction sees (SQLite: no write lock meanwhile, so the
    # demo's helper process goes on copying its rows), then written in one transaction. Nothing else
    # writes the exam tables, the licences or the persons during the demo; should the year have been
    # planned in between all the same, nothing is written (as when it was planned before).
    with reading(session_factory) as session:
        planned = _planned(session, hall_code, start)
        if planned >= set(sites.values()):
            return 0
        closed = hall_closed_days(session, hall_code)
        days = _Days(start - timedelta(days=60), max(last_day, end) + timedelta(days=10), closed)
        plans, seats = _plans(session, hall_code, year, sites, planned, _capacities(year, scale, closed), last_day,
                              days, closed)
        persons, carried = [], []
        if not planned:  # a year half-planned before (a site added since) only gets its missing plans
            licensed = set(session.execute(select(DrivingLicence.person_id)).scalars())
            examined = set(session.execute(select(ExamResult.person_id).distinct()).scalars())
            applied = set(session.execute(select(ExamCandidate.person_id)).scalars())
            persons = [(pid, birth) for pid, birth in session.execute(
                select(Person.id, Person.birth_date).where(Person.hall_code == hall_code,
                                                           Person.birth_date.is_not(None)).order_by(Person.id))
                       if pid not in licensed and pid not in examined and pid not in applied]
            carried = _carried(session, hall_code, year)
    cands: list[_Cand] = []
    requests: list[dict] = []
    if not planned:
        year_days = [d for d in days.days if start <= d < end]
        cands = carried + _draft(persons, year, year_days, horizon, scale, random.Random(rng.random()))
        past = _Calendar([s for s in seats if s.day < horizon])
        for i, c in enumerate(cands):
            _walk(c, past, days, horizon)
            if i % 1000 == 999:
                progress("exam candidates", i + 1, len(cands))
        progress("exam candidates", len(cands), len(cands))
        if until is not None:
            ahead_rng, request_rng = random.Random(rng.random()), random.Random(rng.random())
            requests = _requests(cands, hall_code, until, days, request_rng)
            _ahead(cands, [s for s in seats if s.day >= until], until, days, ahead_rng)
        reference = until or today
        for c in cands:
            if c.state == "active" and c.needed <= set(c.passed) and \
                    max(c.passed.values()) < reference - timedelta(days=READY_DAYS):
                c.state = "done"  # the licence was issued (not created by the demo)
    with session_factory() as session, session.begin():
        if _planned(session, hall_code, start) != planned:
            return 0
        session.add_all(plans.values())
        session.flush()
        for seat in seats:
            seat.plan_id = plans[seat.site_id].id
        return _store(session, hall_code, seats, cands, requests, today, until, rng, progress)


def _planned(session: Session, hall_code: str, first_day: date) -> set[int]:
    """The sites that have a plan from `first_day`."""
    return set(session.execute(select(ExamPlan.site_id).where(ExamPlan.hall_code == hall_code,
                                                               ExamPlan.first_day == first_day)).scalars())


def _store(session: Session, hall_code: str, seats: list[_Seat], cands: list[_Cand], requests: list[dict],
           today: date, until: date | None, rng: random.Random, progress: Progress) -> int:
    """Sessions, candidates, bookings, results, requests and today's photos; carried-over candidates
    get their new permit and state."""
    new = [c for c in cands if c.id is None]
    old = [dict(b_id=c.id, b_state=c.state, b_from=c.permit_from, b_until=c.permit_until)
           for c in cands if c.row_changed]
    rows = [dict(hall_code=hall_code, person_id=c.person_id, cls=c.cls, application_no=c.application_no,
                 accepted_at=c.accepted, school=c.school, source="demo", state=c.state, permit_from=c.permit_from,
                 permit_until=c.permit_until, site_changes=0, failed_checks=0, locked=False, created_by=c.clerk)
            for c in new]
    for k in range(0, len(rows), 5000):
        insert_rows(session, ExamCandidate.__table__, rows[k:k + 5000])
    if new:
        prefixes = {c.application_no[:4] for c in new}
        ids = dict(session.execute(select(ExamCandidate.application_no, ExamCandidate.id).where(
            ExamCandidate.hall_code == hall_code, or_(*(ExamCandidate.application_no.startswith(p)
                                                        for p in prefixes)))).all())
        for c in new:
            c.id = ids[c.application_no]
    if old:
        t = ExamCandidate.__table__
        session.execute(update(t).where(t.c.id == bindparam("b_id")).values(
            state=bindparam("b_state"), permit_from=bindparam("b_from"), permit_until=bindparam("b_until")), old)
    # sessions with their seat counts, then the bookings in seat order (cancelled ones after)
    if seats:
        insert_rows(session, ExamSession.__table__, [
            dict(hall_code=hall_code, site_id=s.site_id, plan_id=s.plan_id, day=s.day, half=s.half, subject=s.subject,
                 classes=" ".join(sorted(s.classes)), capacity=s.capacity, booked=s.live,
                 issued=len(s.bookings)) for s in seats])
        plan_ids = {s.plan_id for s in seats}
        by_slot = {(site, day, half, subject): sid for sid, site, day, half, subject in session.execute(
            select(ExamSession.id, ExamSession.site_id, ExamSession.day, ExamSession.half, ExamSession.subject)
            .where(ExamSession.plan_id.in_(plan_ids)))}
        for s in seats:
            s.id = by_slot[(s.site_id, s.day, s.half, s.subject)]
    codes = set(session.execute(select(ExamBooking.code).where(ExamBooking.hall_code == hall_code)).scalars())
    code_rng = random.Random(rng.random())
    bookings, results = [], []
    for s in seats:
        live = sorted((b for b in s.bookings if b["state"] != "cancelled"), key=lambda b: b["booked_at"])
        gone = sorted((b for b in s.bookings if b["state"] == "cancelled"), key=lambda b: b["booked_at"])
        for n, b in enumerate(live + gone, 1):
            c = b.pop("_cand")
            b.pop("_seat")
            code = "".join(code_rng.choices(CODE_ALPHABET, k=8))
            while code in codes:
                code = "".join(code_rng.choices(CODE_ALPHABET, k=8))
            codes.add(code)
            bookings.append(dict(b, hall_code=hall_code, candidate_id=c.id, session_id=s.id, request_id=None,
                                 code=code, order_no=n, ticket_serial=""))
            if b["state"] in ("sat", "no_show"):
                best = None if b["score"] is None else max(b["score"], b["retake_score"] or 0)
                results.append(dict(hall_code=hall_code, person_id=c.person_id, subject=s.subject, cls=c.cls,
                                    exam_date=s.day, score=best, passed=b["passed"],
                                    used=bool(b["passed"]) and c.state == "done",  # spent on the licence
                                    source="demo" if b["state"] == "sat" else "no_show", created_at=b["result_at"],
                                    candidate_id=c.id))
    for k in range(0, len(bookings), 5000):
        insert_rows(session, ExamBooking.__table__, bookings[k:k + 5000])
        progress("exam bookings", min(k + 5000, len(bookings)), len(bookings))
    for k in range(0, len(results), 5000):
        insert_rows(session, ExamResult.__table__, results[k:k + 5000])
    if requests:
        insert_rows(session, ExamRequest.__table__, [
            dict({k: v for k, v in r.items() if k != "_cand"}, candidate_id=r["_cand"].id) for r in requests])
    done = [c.id for c in cands if c.state == "done"]
    r = ExamResult.__table__
    for k in range(0, len(done), 900):  # a licence was issued: its passes are spent (carried-over ones too)
        session.execute(update(r).where(r.c.candidate_id.in_(done[k:k + 900]), r.c.passed.is_(True))
                        .values(used=True))
    if until is not None and until == today:
        _photos(session, [s for s in seats if s.day == today], rng)
    if not bookings:
        progress("exam bookings", 0, 0)
    return len(bookings)


def _photos(session: Session, seats: list[_Seat], rng: random.Random) -> None:
    """A demo photo for the persons booked in today's sessions (those without one)."""
    wanted = list(dict.fromkeys(session.execute(
        select(ExamCandidate.person_id).join(ExamBooking, ExamBooking.candidate_id == ExamCandidate.id)
        .where(ExamBooking.session_id.in_([s.id for s in seats]), ExamBooking.state == "booked")
        .order_by(ExamBooking.session_id, ExamBooking.order_no)).scalars()))[:MAX_PHOTOS]
    if not wanted:
        return
    photo_rng = random.Random(rng.random())
    t = Person.__table__
    session.execute(update(t).where(t.c.id == bindparam("p_id"), t.c.photo.is_(None))
                    .values(photo=bindparam("p_photo")), [dict(p_id=pid, p_photo=demo_photo(photo_rng))
                                                          for pid in wanted])

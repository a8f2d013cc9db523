"""Demo drivers (驾驶证业务演示数据): a licence register for the demo's persons, and a year of driver
cases at the windows with their fees and 容缺 commitments.

Volumes: the register holds a licence for about 60 % of the demo's adults (our assumption: the seed
gives no number of licence holders; at scale 1.0 that is about 40,000 holders, capped at 70,000 ×
scale). The cases follow the seed: 24,363 driver transactions a year (shared/seed, the office's 2022
review). Validity periods, 身体条件证明 and 审验 dates come from the domain modules (licence_terms), so
the demo register passes the checks the driver window applies. Rows go in with bulk Core inserts; a
second run with the same seed adds nothing.

How the cases and the register agree (the "simpler consistent option"): the register is the state as
of today, holding licences first obtained up to the end of last year. Every event the register
already records and that falls on a working day of the demo year gets its case that day — 期满换证
(the day of the last renewal, kept in updated_at), 恢复驾驶资格, 注销 on application, 增驾 of a class
first obtained that day (for a past demo year), 提交身体条件证明 at the hall (last_medical) and 审验
(after a 记分周期 of a professional holder). Those are never refused nor 容缺. 初次申领 and 转入换证
take persons without a licence and create their licence (with its classes; for 初次申领 the four exam
subjects, passed and used), and a drawn 增驾 adds its class (exams too) to a holder's licence, so this
year's changes come from the cases. 补证, 损毁换证 and 信息变更 act on any holder and change nothing the
register shows.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.domain.catalog import Catalog
from desktop.domain.deferral import DeferralPolicy, bar_until, commitment_text
from desktop.domain.identifiers import age_on
from desktop.domain.licence_terms import (
    PROFESSIONAL_CLASSES,
    LicenceFacts,
    first_validity,
    health_cert_due,
    validity_after_renewal,
)
from desktop.domain.working_days import is_working_day
from desktop.services.base import HALL_ZONE, hall_date
from desktop.services.demo_bulk import ids_of, insert_rows, last_id
from desktop.services.demo_queue import _arrival
from desktop.services.demo_vehicles import case_rows
from desktop.services.licences import class_order
from desktop.store.driver_models import DriverCase, DrivingLicence, ExamResult, LicenceClass, PointCycle
from desktop.store.engine import reading
from desktop.store.models import DocumentSequence, Person
from desktop.store.vehicle_models import CaseFee, CaseMaterial, Deferral

Progress = Callable[[str, int, int], None]

DRIVER_CASES_PER_YEAR = 24_363  # the seed: 驾驶证业务 24,363 笔 in 2022
HOLDERS_CAP_AT_SCALE_1 = 70_000  # never more holders than this × scale
# Share of the persons of an age band (today) who hold a licence (assumption): ~60 % of the adults
# overall; fewer of the old (and a licence obtained by the young only recently).
HOLDER_SHARE = ((25, 0.55), (60, 0.70), (70, 0.50), (200, 0.25))  # (age below, share)
FIRST_DATE = date(1990, 1, 1)  # no licence of the register is older (the digital archive starts here)
LICENCE_GROWTH = 1.09  # first licences per year grew ~9 % a year (assumption: the car boom of 2005-2020)
BATCH = 5_000

FULL_CYCLE_RATE = 0.006  # a 记分周期 reaching 12 points, per holder and cycle
SUSPENDED_RATE = 0.004  # status D 暂扣
FULL_POINTS_RATE = 0.003  # status B 超分, the current cycle at 12 points
CANCELLED_ON_REQUEST = 0.006  # status G: 注销 on the holder's application (the others: 逾期 > 1 year)
RENEW_IN_WINDOW = 0.75  # renewed in the 90 days before expiry, most in the last weeks
NEVER_RENEWED = 0.04  # the rest renew late (within the year after expiry) or never (注销 after a year)
RESTORE_RATE = 0.3  # of the licences cancelled for 逾期未换证: 恢复驾驶资格 within two years
HEALTH_AT_HALL = 0.45  # 提交身体条件证明 made at the hall (the rest by 12123 or the hospital's upload)
REVIEW_WITH_POINTS = 0.4  # a professional holder's 记分周期 ended with points → 审验


def _at(day: date, hours: float) -> datetime:
    return datetime.combine(day, time(0), HALL_ZONE) + timedelta(hours=hours)


def _working_days(start: date, end: date) -> list[date]:
    """Working days in [start, end)."""
    return [d for d in (start + timedelta(n) for n in range((end - start).days)) if is_working_day(d)]


class _WorkDays:
    """The working days from FIRST_DATE on, for snapping drawn dates (it is hot)."""

    def __init__(self, until: date) -> None:
        self.days = _working_days(FIRST_DATE - timedelta(days=400), until)

    def on_or_after(self, day: date) -> date:
        k = bisect.bisect_left(self.days, day)
        return self.days[k] if k < len(self.days) else day

    def before(self, day: date) -> date:
        k = bisect.bisect_left(self.days, day)
        return self.days[k - 1] if k > 0 else day - timedelta(days=1)

    def after(self, day: date, n: int) -> date:
        k = bisect.bisect_right(self.days, day) + n - 1
        return self.days[k] if k < len(self.days) else day + timedelta(days=n + n // 2)


def _plus_years(day: date, years: int) -> date:
    """licence_terms.add_years without the month arithmetic (29 February → 28 February); it is hot."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


_GROWTH = [LICENCE_GROWTH ** k for k in range(200)]
_YOUTH = [math.exp(-k / 12) for k in range(200)]


@lru_cache(maxsize=None)
def _first_years(first: int, last: int, born: int) -> tuple[range, list[float]]:
    """The years a first licence may be from, and their cumulative weights (as random.choices sums
    them: the same draws), once per birth year rather than once per person."""
    years = range(first, last + 1)
    return years, list(itertools.accumulate(_GROWTH[y - FIRST_DATE.year] * _YOUTH[max(0, y - born - 18)]
                                            for y in years))


def _holder_share(age: int) -> float:
    return next(share for below, share in HOLDER_SHARE if age < below)


def _base_class(rng: random.Random, first: date, age_at_first: int) -> str:
    r = rng.random()
    if first.year >= 2010:
        mix = (("C1", 0.75), ("C2", 0.17), ("E", 0.04), ("D", 0.02), ("C5", 0.005), ("B2", 0.015))
    else:
        mix = (("C1", 0.90), ("E", 0.05), ("D", 0.04), ("B2", 0.01))
    acc = 0.0
    for cls, share in mix:
        acc += share
        if r < acc:
            break
    else:
        cls = "C1"
    if cls == "B2" and age_at_first < 20:
        cls = "C1"
    return cls


def _licence(rng: random.Random, birth: date, sex: str, today: date, latest_first: date,
             wd: _WorkDays) -> dict | None:
    """One holder's licence as of `today`, first obtained no later than `latest_first`; None when the
    person cannot have one (under 18 then). Returns the row (without ids) and its classes and cycles."""
    lo = max(_plus_years(birth, 18), FIRST_DATE)
    if lo > latest_first:
        return None
    # The year of the first licence: licences grew ~9 % a year, and most are obtained young.
    years, cum_weights = _first_years(lo.year, latest_first.year, birth.year)
    year = rng.choices(years, cum_weights=cum_weights)[0]
    first = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
    first = wd.on_or_after(min(max(first, lo), latest_first))
    if first > latest_first:
        first = wd.before(latest_first + timedelta(days=1))
    if first < lo:
        return None
    age_today = age_on(birth, today)
    base = _base_class(rng, first, age_on(birth, first))
    classes = [(base, first)]

    def later(years_min: float, years_max: float, min_age: int) -> date | None:
        day = first + timedelta(days=int(rng.uniform(years_min, years_max) * 365.25))
        day = max(day, _plus_years(birth, min_age))
        day = wd.on_or_after(day)
        return day if day <= latest_first and age_on(birth, day) < 60 else None

    professional = age_today < 63 and rng.random() < (0.10 if sex == "M" else 0.008)
    if base in ("C1", "B2") and professional:
        b2 = first if base == "B2" else later(1, 8, 20)
        if b2 is not None:
            if base != "B2":
                classes.append(("B2", b2))
            r = rng.random()
            if r < 0.35:
                a2 = wd.on_or_after(max(_plus_years(b2, 2) + timedelta(days=rng.randint(0, 1500)),
                                         _plus_years(birth, 22)))
                if a2 <= latest_first and age_on(birth, a2) < 60:
                    classes.append(("A2", a2))
            elif r < 0.47:
                a1 = wd.on_or_after(max(_plus_years(b2, 3) + timedelta(days=rng.randint(0, 1500)),
                                         _plus_years(birth, 22)))
                if a1 <= latest_first and age_on(birth, a1) < 60:
                    classes.append(("A1", a1))
    elif base == "C1" and age_today < 63 and rng.random() < 0.01:
        b1 = later(2, 10, 20)
        if b1 is not None:
            classes.append(("B1", b1))
    if base in ("C1", "C2") and rng.random() < 0.05:
        moto = later(0.5, 15, 18)
        if moto is not None:
            classes.append((rng.choice(("E", "E", "D")), moto))

    # 12-point cycles: the 记分周期 runs from each anniversary of the first licence.
    k = age_on(first, today) + 1  # the current cycle's number: k - 1 cycles have ended
    cycles = [_plus_years(first, n) - timedelta(days=1) for n in range(1, k) if rng.random() < FULL_CYCLE_RATE]
    cycle_start = _plus_years(first, k - 1)

    # The validity ladder 6 → 10 → 长期, renewed in the 90 days before expiry (some late, a few never).
    valid_from, valid_until = first_validity(first)
    renewals, last_event, status = 0, first, "A"
    last_medical = wd.before(first - timedelta(days=rng.randint(3, 60)))
    while valid_until is not None:
        r = rng.random()
        renew = (valid_until - timedelta(days=int(89 * rng.random() ** 2)) if r < RENEW_IN_WINDOW else
                 valid_until + timedelta(days=rng.randint(1, 330)) if r < 1 - NEVER_RENEWED else None)
        if renew is not None:
            renew = wd.on_or_after(renew)
        if renew is not None and renew < today:
            facts = LicenceFacts(classes=(), valid_from=valid_from, valid_until=valid_until,
                                 twelve_point_cycles=tuple(cycles))
            valid_from, valid_until = validity_after_renewal(facts, renew)
            renewals += 1
            last_event = renew
            last_medical = wd.before(renew - timedelta(days=rng.randint(0, 20)))
            continue
        if today > _plus_years(valid_until, 1):  # 超过有效期一年以上: 注销 by the office (no case)
            cancelled = wd.on_or_after(_plus_years(valid_until, 1) + timedelta(days=1))
            room = min(2 * 365 - 1, (today - cancelled).days - 1)
            if room > 1 and rng.random() < RESTORE_RATE:
                again = wd.on_or_after(cancelled + timedelta(days=rng.randint(1, room)))
                if again < today:
                    valid_from, valid_until = first_validity(again)  # 恢复驾驶资格
                    renewals, last_event = 0, again
                    last_medical = wd.before(again - timedelta(days=rng.randint(0, 20)))
                    continue
            status, last_event = "G", cancelled
        elif today > valid_until:
            status = "M"  # 逾期未换证
        break

    points = 0
    if status == "A":
        r = rng.random()
        if r < SUSPENDED_RATE:
            status = "D"
        elif r < SUSPENDED_RATE + FULL_POINTS_RATE:
            status, points = "B", 12
        elif r < SUSPENDED_RATE + FULL_POINTS_RATE + CANCELLED_ON_REQUEST:
            day = wd.on_or_after(max(last_event + timedelta(days=1), today - timedelta(days=rng.randint(1, 1000))))
            if day < today:
                status, last_event = "G", day
    if status in ("A", "D", "M") and rng.random() < 0.3:
        points = rng.choice((1, 1, 2, 2, 3, 3, 3, 6, 6, 9))

    codes = {c for c, _ in classes}
    health_due = None
    seventy = _plus_years(birth, 70)
    if age_today >= 71:  # yearly 身体条件证明 since the 70th birthday
        if rng.random() < 0.92:
            last_medical = wd.before(today - timedelta(days=rng.randint(5, 360)))
        else:  # overdue
            last_medical = max(last_medical, wd.before(today - timedelta(days=rng.randint(370, 700))))
        last_medical = max(last_medical, _plus_years(seventy, 1) - timedelta(days=30))
    elif "C5" in codes:  # every three years since C5 was obtained
        c5 = next(d for c, d in classes if c == "C5")
        last = c5
        while _plus_years(last, 3) < today:
            last = _plus_years(last, 3)
        if last != c5:
            last_medical = wd.before(last + timedelta(days=rng.randint(0, 25)))
            if last_medical >= today:
                last_medical = wd.before(last)
    if age_today >= 70 or "C5" in codes:
        health_due = health_cert_due(birth, sorted(codes), last_medical if age_today >= 71 or "C5" in codes else None,
                                     today)
    review_due = None
    if codes & PROFESSIONAL_CLASSES and points:
        review_due = _plus_years(first, k) + timedelta(days=30)  # 30 days after the current cycle ends
    return dict(
        classes=classes, cycles=cycles,
        row=dict(valid_from=valid_from, valid_until=valid_until, renewals=renewals, status=status, points=points,
                 cycle_start=cycle_start, health_due=health_due, review_due=review_due, last_medical=last_medical,
                 created_at=_at(first, rng.uniform(9, 16.5)), updated_at=_at(last_event, rng.uniform(9, 16.5))))


def add_licence_register(session_factory: sessionmaker[Session], hall_code: str, rng: random.Random, scale: float,
                         today: date, progress: Progress | None = None) -> int:
    """Licences for about 60 % of the hall's adult persons, first obtained 1990 … last year. Every
    person draws the same random numbers whether or not he gets a licence, and persons who already
    hold one are skipped: a second run adds nothing, and a later run only adds the new persons."""
    persons, holding, have = licence_register_plan(session_factory, hall_code)
    return write_licences(session_factory, draw_licences(hall_code, persons, holding, have, rng, scale, today),
                          progress)


def licence_register_plan(session_factory: sessionmaker[Session],
                          hall_code: str) -> tuple[list[tuple], set[int], int]:
    """What the register is drawn from: the hall's persons (id, birth, sex), those holding a licence,
    and the hall's demo licences so far."""
    with reading(session_factory) as session:
        persons = [tuple(p) for p in session.execute(select(Person.id, Person.birth_date, Person.sex).where(
            Person.hall_code == hall_code).order_by(Person.id))]
        holding = set(session.execute(select(DrivingLicence.person_id)).scalars())
        have = session.execute(select(func.count()).select_from(DrivingLicence).where(
            DrivingLicence.hall_code == hall_code, DrivingLicence.source == "demo")).scalar_one()
    return persons, holding, have


def draw_licences(hall_code: str, persons: list[tuple], holding: set[int], have: int, rng: random.Random,
                  scale: float, today: date) -> list[dict]:
    """The licences (rows with their classes and cycles) for `persons`; reads and writes nothing."""
    latest_first = date(today.year, 1, 1) - timedelta(days=1)
    cap = round(HOLDERS_CAP_AT_SCALE_1 * scale)
    wd = _WorkDays(today + timedelta(days=60))
    rows = []
    for person_id, birth, sex in persons:
        chosen, stream = rng.random(), rng.random()  # drawn for every person, holder or not
        if person_id in holding or birth is None or have + len(rows) >= cap:
            continue
        if birth > today or chosen >= _holder_share(age_on(birth, today)):
            continue
        got = _licence(random.Random(stream), birth, sex or "M", today, latest_first, wd)
        if got is None:
            continue
        got["row"].update(hall_code=hall_code, person_id=person_id, source="demo",
                          archive_no=f"1529{random.Random(stream + 1).randint(0, 99_999_999):08d}")
        rows.append(got)
    return rows


def write_licences(session_factory: sessionmaker[Session], items: list[dict], progress: Progress | None = None) -> int:
    """BATCH licences a transaction."""
    progress = progress or (lambda *_: None)
    added = 0
    for k in range(0, len(items), BATCH):
        added += _flush_licences(session_factory, items[k:k + BATCH])
        progress("licences", added, len(items))
    progress("licences", len(items), len(items))
    return added


def _flush_licences(session_factory: sessionmaker[Session], items: list[dict]) -> int:
    """Insert licences with their classes and 12-point cycles."""
    if not items:
        return 0
    with session_factory() as session, session.begin():
        _insert_licences(session, items)
    n = len(items)
    items.clear()
    return n


def _insert_licences(session: Session, items: list[dict]) -> None:
    """Licences, then their classes and cycles; sets "id" on each item."""
    # Plain executemany, then the ids by person (see demo_vehicles.write_vehicle_register on RETURNING).
    after = last_id(session, DrivingLicence.__table__)
    insert_rows(session, DrivingLicence.__table__, [it["row"] for it in items])
    ids = ids_of(session, DrivingLicence.__table__, "person_id", [it["row"]["person_id"] for it in items], after)
    classes, cycles = [], []
    for it, lid in zip(items, ids):
        it["id"] = lid
        classes.extend(dict(licence_id=lid, cls=c, first_obtained=d) for c, d in it["classes"])
        cycles.extend(dict(licence_id=lid, cycle_end=d, points=12) for d in it["cycles"])
    for model, batch in ((LicenceClass, classes), (PointCycle, cycles)):
        for k in range(0, len(batch), BATCH):
            insert_rows(session, model.__table__, batch[k:k + BATCH])


# ---------------------------------------------------------------------------------------------
# A year of driver cases

# Business mix (assumption, no published breakdown for the office), share in % of all driver cases.
# "register" rows are not drawn: their count follows the register (each recorded event of the year
# gets its case that day); the shares given for them are what the register yields at scale 1.0
# (measured, ±). The drawn ones fill the rest of each day's volume in these proportions.
BUSINESS_MIX: dict[str, float] = {
    "first_licence": 22.0,  # 初次申领 (after the exams; creates the licence)
    "replacement": 22.0,  # 补领驾驶证
    "info_change": 6.0,  # 信息变更换证
    "damaged": 3.0,  # 损毁换证
    "transfer_in": 3.0,  # 转入换证 (creates the licence)
    "add_class": 2.5,  # 增驾 (adds the class to a holder's licence)
}
REGISTER_DRIVEN = {  # measured share of all cases at scale 1.0 (2026 up to 26 November)
    "renewal": "11 %", "health_cert": "4 %", "review": "2.5 %", "cancel": "0.4 %", "restore": "0.3 %",
    "add_class": "0 % in the current year (the register's classes predate it; this year's come drawn)",
}
REFUSED_RATE = 0.015  # of all cases; drawn among the drawn businesses (the register's events happened)
DEFERRED_RATE = 0.01  # of all cases; among the drawn businesses with a deferrable material
DEFERRAL_TERMINATED = 0.08
DEFERRAL_POLICY = DeferralPolicy()
AGENT_RATE = 0.06  # where the catalogue allows an agent
SERVICE_MINUTES = (7.0, 0.45)  # lognormal (median, sigma)
REFUSED_REASONS = {
    "replacement": ["驾驶证处于暂扣状态，不能补领", "有未处理的交通违法记录", "申请材料不齐全且不符合容缺条件"],
    "first_licence": ["身体条件证明已超过有效期", "考试合格记录与申请的准驾车型不符", "申请材料不齐全且不符合容缺条件"],
    "transfer_in": ["原核发地驾驶证档案未迁出", "驾驶证已超过有效期", "申请材料不齐全且不符合容缺条件"],
    "info_change": ["身份证明号码变更证明不符合要求", "申请材料不齐全且不符合容缺条件"],
    "damaged": ["驾驶证处于暂扣状态，不能换证", "申请材料不齐全且不符合容缺条件"],
}
FIRST_CLASSES = (("C1", 0.78), ("C2", 0.17), ("E", 0.025), ("D", 0.01), ("B2", 0.01), ("C5", 0.005))
SUBJECTS = (("1", 90, 100, (40, 120)), ("2", 80, 100, (15, 40)), ("3", 90, 100, (1, 12)), ("3s", 90, 100, None))


def _exam_rows(rng: random.Random, hall_code: str, person_id: int, cls: str, day: date, used: bool,
               wd: _WorkDays) -> list[dict]:
    """The four subjects passed before `day` (科目三 and 安全文明 the same sitting); some failed
    sittings before them."""
    rows, sitting3 = [], None
    for subject, lo, hi, before in SUBJECTS:
        on = sitting3 if before is None else wd.before(day - timedelta(days=rng.randint(*before) - 1))
        if subject == "3":
            sitting3 = on
        at = _at(on, rng.uniform(9, 16))
        rows.append(dict(hall_code=hall_code, person_id=person_id, subject=subject, cls=cls, exam_date=on,
                         score=rng.randint(lo, hi), passed=True, used=used, source="demo", created_at=at))
        if subject in ("1", "2") and rng.random() < 0.2:  # an earlier failed sitting
            failed = wd.before(on - timedelta(days=rng.randint(7, 20)))
            rows.append(dict(hall_code=hall_code, person_id=person_id, subject=subject, cls=cls, exam_date=failed,
                             score=rng.randint(40, lo - 1), passed=False, used=False, source="demo",
                             created_at=_at(failed, rng.uniform(9, 16))))
    return rows


def _mix_draw(rng: random.Random, mix) -> str:
    r, acc = rng.random(), 0.0
    for cls, share in mix:
        acc += share
        if r < acc:
            return cls
    return mix[0][0]


def _register_events(session: Session, hall_code: str, year: int, cutoff: date,
                     wd: _WorkDays) -> tuple[dict[date, list[tuple]], dict[int, dict], set[int]]:
    """The register's events of `year` before `cutoff`: day → [(business, licence id, class)], per
    licence what the cases need (person, birth, classes with dates, status), and the persons whose
    licence this year's cases created (left out: the year is replayed without them)."""
    lic = session.execute(select(
        DrivingLicence.id, DrivingLicence.person_id, DrivingLicence.valid_from, DrivingLicence.valid_until,
        DrivingLicence.renewals, DrivingLicence.status, DrivingLicence.updated_at, DrivingLicence.last_medical,
        Person.birth_date).join(Person, Person.id == DrivingLicence.person_id).where(
        DrivingLicence.hall_code == hall_code).order_by(DrivingLicence.id)).all()
    held: dict[int, list] = {}
    for lid, cls, got in session.execute(select(LicenceClass.licence_id, LicenceClass.cls, LicenceClass.first_obtained)
                                         .join(DrivingLicence, DrivingLicence.id == LicenceClass.licence_id)
                                         .where(DrivingLicence.hall_code == hall_code)):
        held.setdefault(lid, []).append((cls, got))
    # What the demo's own cases put on the register is not an event of the register: their licences
    # (初次申领, 转入换证) and the classes of their 增驾 have their case already. What this year's
    # cases put there is left out altogether: the year is replayed from the register as it was before
    # them (a rerun after an interruption then writes the days left exactly as one run would have).
    start, end = date(year, 1, 1), min(date(year + 1, 1, 1), cutoff)
    from_cases, added, replayed, replayed_classes = set(), set(), set(), set()
    for business, lid, day, detail in session.execute(
            select(DriverCase.business, DriverCase.licence_id, DriverCase.day, DriverCase.detail)
            .where(DriverCase.hall_code == hall_code, DriverCase.licence_id.is_not(None),
                   DriverCase.business.in_(("first_licence", "transfer_in", "add_class")))):
        this_year = day.year == year
        if business == "add_class":
            facts = json.loads(detail or "{}")
            if not this_year:
                added.add((lid, facts.get("requested_class")))
            elif facts.get("adds_class"):  # a drawn 增驾 that put its class on the licence
                replayed_classes.add((lid, facts.get("requested_class")))
        else:
            (replayed if this_year else from_cases).add(lid)
    for lid in held:
        if any((lid, cls) in replayed_classes for cls, _ in held[lid]):
            held[lid] = [(cls, got) for cls, got in held[lid] if (lid, cls) not in replayed_classes]
    events: dict[date, list[tuple]] = {}
    info: dict[int, dict] = {}

    def add(day: date, business: str, lid: int, cls: str | None = None) -> None:
        if start <= day < end and is_working_day(day):
            events.setdefault(day, []).append((business, lid, cls))

    replayed_persons = {r.person_id for r in lic if r.id in replayed}
    # Drawn from the licence's place in the register (its ordinal), never from its id: ids depend on
    # the database (PostgreSQL spends sequence values in a transaction that is rolled back).
    ordinal = -1
    for r in lic:
        if r.id in replayed:
            continue
        ordinal += 1
        classes = sorted(held.get(r.id, []), key=lambda c: c[1])
        if not classes or r.id in from_cases:
            if classes:
                info[r.id] = dict(person_id=r.person_id, birth=r.birth_date, classes=classes, status=r.status)
            continue
        info[r.id] = dict(person_id=r.person_id, birth=r.birth_date, classes=classes, status=r.status)
        first = classes[0][1]
        updated = hall_date(r.updated_at) if r.updated_at.tzinfo else r.updated_at.date()
        if r.status == "G":
            if r.valid_until is None or updated <= _plus_years(r.valid_until, 1):
                add(updated, "cancel", r.id)  # on application; later than that the office cancelled it
        elif r.renewals >= 1:
            add(updated, "renewal", r.id)
        elif r.valid_from > first:
            add(r.valid_from, "restore", r.id)
        for cls, got in classes[1:]:
            if (r.id, cls) not in added:
                add(got, "add_class", r.id, cls)
        if r.last_medical is not None and start <= r.last_medical < end and r.status != "G" \
                and (age_on(r.birth_date, r.last_medical) >= 70 or any(c == "C5" for c, _ in classes)) \
                and (ordinal * 2_654_435_761) % 1000 < HEALTH_AT_HALL * 1000:
            add(r.last_medical, "health_cert", r.id)
        pro = [got for cls, got in classes if cls in PROFESSIONAL_CLASSES and (r.id, cls) not in added]
        if pro and r.status != "G":
            k = max(1, year - first.year - 1)
            while (ended := _plus_years(first, k)) < end:
                if ended >= start and ended > min(pro) and (ordinal * 7919 + k * 104_729) % 100 < REVIEW_WITH_POINTS * 100:
                    add(wd.on_or_after(ended + timedelta(days=(ordinal + k) % 25)), "review", r.id)
                k += 1
    return events, info, replayed_persons


def add_year_of_driver_cases(session_factory: sessionmaker[Session], hall_code: str, year: int, scale: float,
                             rng: random.Random, catalog: Catalog, until: date | None = None,
                             progress: Progress | None = None) -> int:
    """24,363 × scale cases over the working days of `year` (up to `until`, exclusive), acting on the
    licence register (see the module docstring). Each day draws its own random stream. The whole year
    is played from the register as it was before this year's cases; days that already have cases (or
    DC numbers) are played, for what they take from the pools, but not written again — so a second
    run adds nothing, and a run after an interrupted one writes what an uninterrupted run would have.
    CaseMaterial rows only for 容缺 cases, as for vehicles."""
    from desktop.services.demo import DEMO_COUNTERS

    progress = progress or (lambda *_: None)
    days = _working_days(date(year, 1, 1), date(year + 1, 1, 1))
    if not days:
        return 0
    counters = [n for n, cats, _ in DEMO_COUNTERS if "B" in cats.split(",")]
    cutoff = until or date.max
    wd = _WorkDays(date(year + 1, 3, 1))
    with session_factory() as session:
        done = set(session.execute(select(DriverCase.day).where(DriverCase.hall_code == hall_code)
                                   .distinct()).scalars())
        done |= set(session.execute(select(DocumentSequence.day).where(
            DocumentSequence.hall_code == hall_code, DocumentSequence.kind == "DC")).scalars())
        events, info, replayed_persons = _register_events(session, hall_code, year, cutoff, wd)
        holding = set(session.execute(select(DrivingLicence.person_id)).scalars()) - replayed_persons
        persons = session.execute(select(Person.id, Person.birth_date, Person.sex).where(
            Person.hall_code == hall_code, Person.birth_date.is_not(None)).order_by(Person.id)).all()
    holders = sorted(lid for lid, x in info.items() if x["status"] != "G")
    # Persons without a licence: those 初次申领 and 转入换证 draw from (the younger first).
    pool = [p for p in persons if p.id not in holding and p.birth_date.year <= year - 18]
    random.Random(len(pool)).shuffle(pool)
    # (not those who turn 18 during the year, nor the over-70s: they would clog the bounded scan)
    pools = {"young": [p for p in pool if year - 40 <= p.birth_date.year < year - 18],
             "older": [p for p in pool if year - 69 <= p.birth_date.year < year - 40]}

    codes = list(BUSINESS_MIX)
    shares = [BUSINESS_MIX[c] for c in codes]
    deferrable = {c: [m for m in catalog.business(c).materials if not m.key] for c in codes}
    per_day = DRIVER_CASES_PER_YEAR * scale / len(days)
    derived = sum(len(v) for v in events.values())
    open_days = [d for d in days if d < cutoff]
    drawn_share = max(0.3, 1 - derived / max(1.0, per_day * len(open_days)))
    refused_p = min(0.2, REFUSED_RATE / drawn_share)
    eligible = sum(BUSINESS_MIX[c] for c in codes if deferrable[c]) / sum(shares)
    deferred_p = min(0.3, DEFERRED_RATE / drawn_share / max(eligible, 0.01))

    @lru_cache(maxsize=None)
    def fees(code: str):
        lines = catalog.fees_for(code, None)
        return lines, catalog.total(lines)

    def take_person(day: date, day_rng: random.Random, min_age: int) -> tuple | None:
        """A person without a licence: 18-40 mostly, older some (the pool is shuffled)."""
        for group in ((pools["young"], pools["older"]) if day_rng.random() < 0.85 else
                      (pools["older"], pools["young"])):
            for j in range(len(group) - 1, max(-1, len(group) - 200), -1):  # a bounded scan
                p = group[j]
                if p.birth_date < day and 18 <= age_on(p.birth_date, day) < 70 and age_on(p.birth_date, day) >= min_age:
                    return group.pop(j)
        return None

    def new_class(lid: int, day: date, day_rng: random.Random) -> str | None:
        """A class a holder may add (增驾): B2 or a motorcycle after C1/C2, A2 after B2 — never one the
        licence has at any date (a past demo year runs against a register that reaches today)."""
        cls = _new_class(lid, day, day_rng)
        return None if cls is None or any(c == cls for c, _ in info[lid]["classes"]) else cls

    def _new_class(lid: int, day: date, day_rng: random.Random) -> str | None:
        x = info[lid]
        if x["status"] != "A" or not x["classes"] or x["classes"][0][1] > _plus_years(day, -1):
            return None
        held = {c: got for c, got in x["classes"] if got < day}
        age = age_on(x["birth"], day)
        if "B2" in held and "A2" not in held and "A1" not in held and 22 <= age <= 55 \
                and held["B2"] <= _plus_years(day, -2):
            return "A2"
        if held.keys() & {"C1", "C2"} and not held.keys() & {"D", "E"} and age < 60 and day_rng.random() < 0.45:
            return "E" if day_rng.random() < 0.75 else "D"
        if "C1" in held and not held.keys() & PROFESSIONAL_CLASSES and 20 <= age <= 50:
            return "B2"
        return None

    cases, extras, seqs = [], [], []
    added = 0

    def flush() -> int:
        if not cases:
            return 0
        with session_factory() as session, session.begin():
            new = [x["licence"] for x in extras if x["licence"] is not None]
            if new:
                _insert_licences(session, new)
            exams = [e for x in extras for e in x["exams"]]
            added_classes = [x["added_class"] for x in extras if x["added_class"]]
            if added_classes:
                insert_rows(session, LicenceClass.__table__, added_classes)
            for k in range(0, len(exams), BATCH):
                insert_rows(session, ExamResult.__table__, exams[k:k + BATCH])
            for case, extra in zip(cases, extras):
                if extra["licence"] is not None:
                    case["licence_id"] = extra["licence"]["id"]
            insert_rows(session, DriverCase.__table__, cases)  # no RETURNING: see demo_vehicles
            by_no = dict(session.execute(select(DriverCase.case_no, DriverCase.id).where(
                DriverCase.hall_code == hall_code, DriverCase.case_no.in_([c["case_no"] for c in cases]))).all())
            fee_rows, material_rows, deferral_rows = case_rows("driver", hall_code, cases, extras,
                                                               [by_no[c["case_no"]] for c in cases])
            for model, batch in ((CaseFee, fee_rows), (CaseMaterial, material_rows), (Deferral, deferral_rows),
                                 (DocumentSequence, seqs)):
                for k in range(0, len(batch), BATCH):
                    insert_rows(session, model.__table__, batch[k:k + BATCH])
        n = len(cases)
        cases.clear()
        extras.clear()
        seqs.clear()
        return n

    for i, day in enumerate(days):
        day_rng = random.Random(rng.random())  # drawn for every day: skipped days do not shift the others
        if day >= cutoff:
            continue
        n_day = max(0, int(day_rng.gauss(per_day, math.sqrt(per_day)) + 0.5))
        todays = [(code, lid, cls) for code, lid, cls in events.get(day, [])]
        plan = todays + [(c, None, None) for c in day_rng.choices(codes, shares, k=max(0, n_day - len(todays)))]
        day_cases = []
        for code, lid, cls in plan:
            drawn = lid is None
            biz = catalog.business(code)
            person, licence, exams, added_class = None, None, [], None
            if code in ("first_licence", "transfer_in"):
                cls = _mix_draw(day_rng, FIRST_CLASSES) if code == "first_licence" else None
                person = take_person(day, day_rng, 20 if cls == "B2" else 18)
                if person is None:
                    code, biz = "replacement", catalog.business("replacement")  # the pool ran out
            if code not in ("first_licence", "transfer_in"):
                if lid is None:
                    if not holders:
                        continue
                    for _ in range(30 if code == "add_class" else 1):
                        lid = holders[day_rng.randrange(len(holders))]
                        if code != "add_class" or (cls := new_class(lid, day, day_rng)):
                            break
                    else:
                        code, biz = "replacement", catalog.business("replacement")
                    if info[lid]["classes"][0][1] >= day:
                        continue  # not yet a holder on that day
            accepted = _at(day, _arrival(day_rng))
            counter = day_rng.choice(counters)
            state, completed = "completed", accepted + timedelta(
                minutes=min(SERVICE_MINUTES[0] * math.exp(day_rng.gauss(0, SERVICE_MINUTES[1])), 60))
            lines, total = fees(code)
            detail: dict = {"source": "demo", "warnings": []}
            materials, deferral = [], None
            r = day_rng.random()
            person_id = person.id if person is not None else info[lid]["person_id"]
            if drawn and r < refused_p:
                state, completed, lines, total = "refused", None, [], total * 0
                detail["refused_reason"] = day_rng.choice(REFUSED_REASONS.get(code, REFUSED_REASONS["damaged"]))
            elif drawn and r < refused_p + deferred_p and deferrable[code]:
                missing = day_rng.sample(deferrable[code], 1)
                deadline = wd.after(day, DEFERRAL_POLICY.deadline_working_days)
                supplied_day = wd.after(day, day_rng.choice((1, 1, 2, 2, 3, 4, 5)))
                terminated = day_rng.random() < DEFERRAL_TERMINATED
                if terminated and deadline < cutoff - timedelta(days=1):
                    ended = deadline + timedelta(days=1)
                    d_state, closed, barred = "terminated", _at(ended, 8.5), bar_until(ended, DEFERRAL_POLICY)
                    state, completed = "terminated", None
                elif not terminated and supplied_day < cutoff:
                    closed = _at(supplied_day, _arrival(day_rng))
                    d_state, barred = "supplied", None
                    completed = closed
                else:
                    d_state, closed, barred = "pending", None, None
                    state, completed = "deferred", None
                names = [m.name for m in missing]
                missing_codes = {m.code for m in missing}
                materials = [dict(code=m.code, name=m.name, key=m.key,
                                  status=("supplied" if d_state == "supplied" else "deferred")
                                  if m.code in missing_codes else "received",
                                  supplied_at=closed if d_state == "supplied" and m.code in missing_codes else None)
                             for m in biz.materials]
                deferral = dict(hall_code=hall_code, case_type="driver", business_name=biz.name, person_id=person_id,
                                company_id=None, missing="、".join(names),
                                commitment=commitment_text(biz.name, names, deadline), accepted_on=day,
                                deadline=deadline, state=d_state, closed_at=closed, barred_until=barred,
                                notice_serial="")
            # The register side of the case
            if code == "first_licence":
                done_day = hall_date(completed) if completed else None
                exams = _exam_rows(day_rng, hall_code, person.id, cls, day, done_day is not None, wd)
                if done_day is not None:
                    valid_from, valid_until = first_validity(done_day)
                    licence = dict(classes=[(cls, done_day)], cycles=[], row=dict(
                        hall_code=hall_code, person_id=person.id,
                        archive_no=f"1529{day_rng.randint(0, 99_999_999):08d}",
                        valid_from=valid_from, valid_until=valid_until, renewals=0, status="A", points=0,
                        cycle_start=done_day, health_due=_plus_years(done_day, 3) if cls == "C5" else None,
                        review_due=None, last_medical=wd.before(day - timedelta(days=day_rng.randint(1, 60))),
                        source="demo", created_at=completed, updated_at=completed))
                classes = [cls] if done_day else []
                detail.update(requested_class=cls, medical_on=(day - timedelta(days=5)).isoformat())
            elif code == "transfer_in":
                done_day = hall_date(completed) if completed else None
                got = _licence(day_rng, person.birth_date, person.sex or "M", done_day or day,
                               (done_day or day) - timedelta(days=365), wd)
                if got is None or got["row"]["status"] != "A" or (
                        got["row"]["valid_until"] is not None and got["row"]["valid_until"] < (done_day or day)):
                    pools["young" if person.birth_date.year >= year - 40 else "older"].insert(0, person)  # not today
                    continue
                cls = class_order(c for c, _ in got["classes"])[0]
                classes = class_order(c for c, _ in got["classes"]) if done_day else []
                if done_day is not None:
                    got["row"].update(hall_code=hall_code, person_id=person.id, source="demo",
                                      archive_no=f"1529{day_rng.randint(0, 99_999_999):08d}",
                                      updated_at=completed)
                    licence = got
                detail.update(requested_class=cls, origin_office=day_rng.choice(
                    ("宁夏银川市车管所", "甘肃武威市车管所", "内蒙古呼和浩特市车管所", "内蒙古巴彦淖尔市车管所",
                     "内蒙古乌海市车管所", "陕西榆林市车管所")))
            else:
                classes = [c for c, got in info[lid]["classes"] if got <= day]
                if code == "add_class":
                    detail.update(requested_class=cls, medical_on=(day - timedelta(days=5)).isoformat())
                    exams = _exam_rows(day_rng, hall_code, person_id, cls, day, completed is not None, wd)
                    if drawn and completed is not None:  # the register's own 增驾 are on the licence already
                        detail["adds_class"] = True
                        done_day = hall_date(completed)
                        added_class = dict(licence_id=lid, cls=cls, first_obtained=done_day)
                        info[lid]["classes"].append((cls, done_day))
                        classes.append(cls)
                elif code in ("renewal", "health_cert", "restore"):
                    detail["medical_on"] = (day - timedelta(days=day_rng.randint(0, 20))).isoformat()
            agent = None
            if biz.agent_allowed and day_rng.random() < AGENT_RATE and persons:
                agent = persons[day_rng.randrange(len(persons))].id
                if agent == person_id:
                    agent = None
            day_cases.append((accepted, dict(
                hall_code=hall_code, day=day, business=code, business_name=biz.name,
                licence_id=None if code in ("first_licence", "transfer_in") else lid, person_id=person_id,
                agent_person_id=agent, ticket_id=None, counter=counter, state=state,
                classes=" ".join(class_order(classes)), fee_total=total,
                due_on=wd.after(day, biz.time_limit_days) if biz.time_limit_days else day,
                detail=json.dumps(detail, ensure_ascii=False), accepted_by=f"clerk{(counter - 1) % 6 + 1:02d}",
                accepted_at=accepted, completed_at=completed, notice_serial="", receipt_serial="", pickup_serial=""),
                dict(fees=lines, materials=materials, deferral=deferral, licence=licence, exams=exams,
                     added_class=added_class)))
        day_cases.sort(key=lambda t: t[0])
        if day in done:  # written by an earlier run: replayed for what it did to the pools, not written
            continue
        for seq, (_, case, extra) in enumerate(day_cases, 1):
            case["case_no"] = f"DC{day:%y%m%d}{seq:05d}"
            if extra["deferral"]:
                extra["deferral"]["case_no"] = case["case_no"]
            cases.append(case)
            extras.append(extra)
        if day_cases:
            seqs.append(dict(hall_code=hall_code, kind="DC", day=day, last_value=len(day_cases)))
        if len(cases) >= BATCH:
            added += flush()
            progress("driver case days", i + 1, len(days))
    added += flush()
    progress("driver case days", len(days), len(days))
    return added

"""`counterdesk import candidates FILE`: a driving school's candidate list (驾校考生名单), CSV in UTF-8
or GBK, or XLSX — the same contract as `import licences`. Each row registers an accepted 初次申领 /
增驾 application as a candidate (考生, 受理编号 KS…) and, when it names a subject (申请科目), asks for
that exam within its dates (自主排考 request, channel "school"). A row is all or nothing: a bad one
is reported with its spreadsheet row (header = row 1), the field and the message, and leaves
nothing behind; importing the same file twice changes nothing.

The acceptance time (受理日期) ranks the first 科目一 at allocation: a date alone counts from 09:00
hall time (an XLSX date cell arrives as 00:00 and is read as a date alone). The eligibility of a
request is checked exactly as `ExamBookingService.request` checks it, and again at allocation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import exams as exam_rules
from desktop.domain import identifiers, licence_terms, masking
from desktop.domain.errors import ValidationError
from desktop.domain.licensing import SUBJECT_NAMES
from desktop.services import audit
from desktop.services.base import HALL_ZONE, Actor, Clock, Service, hall_date, require, utc_now
from desktop.services.documents import next_serial
from desktop.services.exam_bookings import MAX_REQUEST_DAYS
from desktop.services.exam_candidates import LIVE, accept_in, candidate_facts
from desktop.services.imports import (
    Columns,
    ImportReport,
    Pick,
    RowError,
    import_each,
    read_table,
    record_import,
)
from desktop.store.driver_models import DrivingLicence, LicenceClass
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamRequest, ExamSite
from desktop.store.models import Person

# Our column → the headers accepted for it (compared without case, full-width folded): Chinese, the
# national platform's field names where there is one, and English.
COLUMNS: dict[str, tuple[str, ...]] = {
    "school": ("驾校", "驾校名称", "培训机构", "jxmc", "school"),
    "id_number": ("身份证明号码", "身份证号", "身份证号码", "sfzmhm", "id_number", "id"),
    "name": ("姓名", "xm", "name"),
    "licence_class": ("准驾车型", "申请准驾车型", "zjcx", "class", "licence_class"),
    "accepted_at": ("受理日期", "受理时间", "slrq", "accepted_at", "accepted"),
    "subject": ("申请科目", "考试科目", "科目", "kskm", "subject"),
    "first_day": ("开始日期", "first_day", "start", "from"),
    "last_day": ("结束日期", "last_day", "end", "to"),
    "sites": ("考场", "考场代码", "kcdm", "sites", "site"),
}
REQUIRED = ("school", "id_number", "name", "licence_class", "accepted_at")
FIELD_NAMES = {"school": "驾校", "id_number": "身份证明号码", "name": "姓名", "licence_class": "准驾车型",
               "accepted_at": "受理日期", "subject": "申请科目", "first_day": "开始日期", "last_day": "结束日期",
               "sites": "考场"}
FIELD_EN = {"school": "driving school", "id_number": "ID number", "name": "name", "licence_class": "licence class",
            "accepted_at": "acceptance date", "subject": "subject", "first_day": "first day", "last_day": "last day",
            "sites": "exam sites"}
# 申请科目 as schools write it: the code, 科目一…, or the names; 科目四 is the colloquial 安全文明.
SUBJECT_ALIASES = {
    "1": "1", "一": "1", "科目一": "1", "科目1": "1", "KM1": "1",
    "2": "2", "二": "2", "科目二": "2", "科目2": "2", "KM2": "2",
    "3": "3", "三": "3", "科目三": "3", "科目3": "3", "KM3": "3", "道路驾驶技能": "3", "科目三道路驾驶技能": "3",
    "3S": "3s", "安全文明": "3s", "安全文明驾驶常识": "3s", "科目三安全文明": "3s", "科目三安全文明驾驶常识": "3s",
    "科目四": "3s", "科目4": "3s", "KM4": "3s",
}
DEFAULT_ACCEPTANCE_TIME = time(9, 0)  # a date without a time: the hall's opening [M]
MAX_SCHOOL = 60  # ExamCandidate.school
MAX_NAME = 40  # Person.name
_SITE_SEPARATORS = re.compile(r"[\s,，、;；/|]+")
_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "．": "·", "‧": "·", "∙": "·"})  # 巴特尔·其其格
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


@dataclass(frozen=True)
class CandidateRow:
    """One row, checked: who, which class, accepted when, and the request (subject None: none)."""

    school: str
    id_number: str
    sex: str
    birth_date: date
    name: str
    cls: str
    accepted_at: datetime
    subject: str | None
    first_day: date | None
    last_day: date | None
    sites: tuple[str, ...]


def _norm(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip()


_COLUMNS = Columns(COLUMNS, FIELD_NAMES, FIELD_EN)


def column_keys(headers) -> dict[str, str]:
    """The file's headers → our columns (a header we do not know is ignored)."""
    return {key: found[0] for key, found in _COLUMNS.locate(headers).items()}


def _missing(key: str) -> ValidationError:
    return ValidationError(key, "required", f"缺少{FIELD_NAMES[key]}", f"The {FIELD_EN[key]} is missing")


def _date_time(text: str, key: str) -> tuple[date, time | None]:
    """YYYY-MM-DD (or / . 年月日, or YYYYMMDD) with an optional HH:MM[:SS] after a space or T."""
    t = _norm(text).replace("年", "-").replace("月", "-").replace("日", " ").replace("/", "-").replace(".", "-")
    t = t.replace("T", " ").strip()
    day_text, _, time_text = t.partition(" ")
    time_text = time_text.strip()
    bad = ValidationError(key, "date_invalid", f"{FIELD_NAMES[key]}格式不正确（应为YYYY-MM-DD）",
                          f"The {FIELD_EN[key]} is not in YYYY-MM-DD form")
    if len(day_text) == 8 and day_text.isdigit():
        day_text = f"{day_text[:4]}-{day_text[4:6]}-{day_text[6:]}"
    m = _DATE.fullmatch(day_text)
    if m is None:
        raise bad
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise bad from None
    if not time_text:
        return day, None
    tm = _TIME.fullmatch(time_text)
    if tm is None:
        raise bad
    try:
        at = time(int(tm[1]), int(tm[2]), int(tm[3] or 0))
    except ValueError:
        raise bad from None
    return day, at


def _day(text: str, key: str) -> date:
    return _date_time(text, key)[0]  # an XLSX date cell arrives as "YYYY-MM-DD 00:00"


def parse_subject(text: str) -> str:
    t = _norm(text).upper().replace(" ", "")
    if t.endswith(".0") and t[:-2].isdigit():  # an XLSX number cell written as a float
        t = t[:-2]
    subject = SUBJECT_ALIASES.get(t)
    if subject is None:
        raise ValidationError("subject", "subject_unknown",
                              f"申请科目“{text}”无法识别（应为1、2、3、3s或科目一、科目二、科目三、安全文明）",
                              f"Cannot read the subject {text!r} (1, 2, 3, 3s or 科目一 … 安全文明)")
    return subject


def parse_sites(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for s in _SITE_SEPARATORS.split(_norm(text).upper()) if s))


def same_name(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return "".join(_norm(s).translate(_NAME_DOTS).split())
    return key(a) == key(b)


def parse_row(cell: Pick, now: datetime,
              licence_policy: licence_terms.LicencePolicy = licence_terms.DEFAULT_POLICY) -> CandidateRow:
    """One row (its cells by our column key) → its checked values; ValidationError names the field
    at fault. What needs the database (the person on record, the licence held, the sites,
    eligibility) is checked after."""
    def pick(key: str) -> str:
        return _norm(cell(key))

    for key in REQUIRED:
        if not pick(key):
            raise _missing(key)
    today = hall_date(now)
    school = pick("school")
    if len(school) > MAX_SCHOOL:
        raise ValidationError("school", "too_long", f"驾校名称过长（最多{MAX_SCHOOL}字）",
                              f"The school's name is too long ({MAX_SCHOOL} characters at most)")
    rid = identifiers.validate_resident_id(pick("id_number"), today=today, field="id_number")
    name = pick("name")
    if len(name) > MAX_NAME:
        raise ValidationError("name", "too_long", f"姓名过长（最多{MAX_NAME}字）",
                              f"The name is too long ({MAX_NAME} characters at most)")
    cls = pick("licence_class").upper()
    if len(_SITE_SEPARATORS.split(cls)) > 1:
        raise ValidationError("licence_class", "one_class_per_row", "每行只能申请一个准驾车型",
                              "One licence class per row")
    licence_terms.check_class(cls, "licence_class")
    day, at = _date_time(pick("accepted_at"), "accepted_at")
    if at is None or at == time(0, 0):  # a date alone (an XLSX date cell is a date-time at 00:00)
        accepted_at = datetime.combine(day, DEFAULT_ACCEPTANCE_TIME, tzinfo=HALL_ZONE)
        in_future = day > today
    else:
        accepted_at = datetime.combine(day, at, tzinfo=HALL_ZONE)
        in_future = accepted_at > now
    if in_future:
        raise ValidationError("accepted_at", "date_in_future", "受理日期不能晚于今天",
                              "The acceptance date cannot be in the future")
    if day < rid.birth_date:
        raise ValidationError("accepted_at", "date_before_birth", "受理日期早于出生日期",
                              "The acceptance date is before the birth date")
    age = identifiers.age_on(rid.birth_date, day)
    low, high = licence_policy.min_age[cls], licence_policy.max_age[cls]
    if low is not None and age < low:
        raise ValidationError("licence_class", "age_too_low", f"申请{cls}须年满{low}周岁，受理时申请人{age}周岁",
                              f"Class {cls} needs age {low}; the applicant was {age} when accepted")
    if high is not None and age > high:
        raise ValidationError("licence_class", "age_too_high", f"申请{cls}年龄上限为{high}周岁，受理时申请人{age}周岁",
                              f"Class {cls} has an age limit of {high}; the applicant was {age} when accepted")
    subject_text, first_text, last_text, sites_text = (pick(k) for k in ("subject", "first_day", "last_day", "sites"))
    if not subject_text:
        if first_text or last_text or sites_text:
            raise ValidationError("subject", "subject_missing", "填写了考试日期或考场，但没有填写申请科目",
                                  "Exam dates or sites are given without a subject")
        return CandidateRow(school, rid.number, rid.sex, rid.birth_date, name, cls, accepted_at, None, None, None, ())
    subject = parse_subject(subject_text)
    if not first_text:
        raise _missing("first_day")
    if not last_text:
        raise _missing("last_day")
    first_day, last_day = _day(first_text, "first_day"), _day(last_text, "last_day")
    if first_day > last_day:
        raise ValidationError("last_day", "dates_reversed", "结束日期不能早于开始日期",
                              "The last day cannot be before the first day")
    if (last_day - first_day).days > MAX_REQUEST_DAYS:
        raise ValidationError("last_day", "dates_too_long", f"预约日期范围不能超过{MAX_REQUEST_DAYS}天",
                              f"A request spans at most {MAX_REQUEST_DAYS} days")
    return CandidateRow(school, rid.number, rid.sex, rid.birth_date, name, cls, accepted_at, subject, first_day,
                        last_day, parse_sites(sites_text))


class CandidateImportService(Service):
    def __init__(self, session_factory, clock: Clock = utc_now,
                 policy: exam_rules.ExamPolicy = exam_rules.DEFAULT_EXAM_POLICY) -> None:
        super().__init__(session_factory, clock)
        self.policy = policy

    def import_file(self, actor: Actor, path: Path) -> ImportReport:
        require(actor, "exam.import")  # 考试员, supervisor, admin
        return self.import_rows(actor, read_table(path))

    def import_rows(self, actor: Actor, rows: list[dict[str, str]]) -> ImportReport:
        require(actor, "exam.import")
        report = ImportReport()
        now = self._clock()
        today = hall_date(now)
        headers = _COLUMNS.headers_of(rows)
        # A required column missing is said once (row 1), not on every row.
        missing = [RowError(1, key, f"缺少“{FIELD_NAMES[key]}”列 / The column {FIELD_NAMES[key]} "
                                    f"({FIELD_EN[key]}) is missing")
                   for key in REQUIRED if key not in headers] if rows else []
        report.errors += missing
        with self._sessions() as session, session.begin():
            if not missing:
                import_each(session, rows, report, lambda row: parse_row(_COLUMNS.picker(row, headers), now),
                            lambda values: self._import_row(session, actor, values, now, today), ("考生", "candidate"))
            record_import(session, actor, now, "candidates_imported", "exam_candidate", report)
        return report

    # -- one row ------------------------------------------------------------------------------------

    def _import_row(self, session: Session, actor: Actor, values: CandidateRow, now: datetime, today: date) -> bool:
        """True when the row added a candidate or a request; False when both were already there."""
        person = self._person(session, actor, values, now)
        cand = session.execute(select(ExamCandidate).where(
            ExamCandidate.person_id == person.id, ExamCandidate.cls == values.cls,
            ExamCandidate.state == "active")).scalar_one_or_none()
        created = False
        if cand is None:
            closed = session.execute(select(ExamCandidate).where(
                ExamCandidate.person_id == person.id, ExamCandidate.cls == values.cls,
                ExamCandidate.accepted_at == values.accepted_at)).scalars().first()
            if closed is not None:  # this row's application, imported before and since closed
                if values.subject is None:
                    return False
                raise ValidationError("subject", "candidate_closed",
                                      f"受理编号{closed.application_no}的考试申请已结束（{_STATE_TEXT[closed.state]}），"
                                      "不能再申请考试",
                                      f"The application {closed.application_no} is closed ({closed.state}): "
                                      "no more exam requests")
            self._check_class_for(session, person, values.cls)
            accepted_day = values.accepted_at.date()
            application_no = next_serial(session, actor.hall_code, "KS", accepted_day)
            cand = accept_in(session, actor, person, values.cls, application_no, values.accepted_at, now=now,
                             source="import", school=values.school)
            created = True
        elif cand.hall_code != actor.hall_code:
            raise ValidationError("licence_class", "candidate_elsewhere",
                                  f"该申请人在其他车管所已有{values.cls}的考试申请",
                                  f"This applicant has a {values.cls} exam application at another office")
        if values.subject is None:
            return created
        subject = values.subject
        pending = session.execute(select(ExamRequest.id).where(
            ExamRequest.candidate_id == cand.id, ExamRequest.subject == subject, ExamRequest.state == "open")).first()
        live = session.execute(select(ExamBooking.id).where(
            ExamBooking.candidate_id == cand.id, ExamBooking.subject == subject, ExamBooking.state.in_(LIVE))).first()
        if pending or live:
            return created
        self._check_sites(session, actor, values.sites, subject, values.cls)
        # The request's eligibility, as ExamBookingService.request checks it.
        facts = candidate_facts(session, cand, person.birth_date)
        assert values.first_day is not None and values.last_day is not None
        day = max(values.first_day, today + timedelta(days=self.policy.booking_close_days),
                  exam_rules.earliest_day(facts, subject, self.policy) or values.first_day)
        outcome = exam_rules.check_eligibility(facts, subject, min(day, values.last_day), today, self.policy)
        if outcome.refusals:
            refusal = outcome.refusals[0]
            raise ValidationError("subject", refusal.code, refusal.zh, refusal.en)
        req = ExamRequest(hall_code=actor.hall_code, candidate_id=cand.id, subject=subject,
                          sites=" ".join(values.sites), first_day=values.first_day, last_day=values.last_day,
                          channel="school", state="open", reason_code="", reason="", created_at=now)
        session.add(req)
        session.flush()
        audit.record(session, actor=actor, at=now, action="exam_requested", record_type="exam_request",
                     record_id=req.id, detail=f"{cand.application_no} {subject} {values.first_day}..{values.last_day} "
                                              "school")
        return True

    @staticmethod
    def _person(session: Session, actor: Actor, values: CandidateRow, now: datetime) -> Person:
        """The person on record by ID number, or registered now (sex and birth date from the number).
        A different name is the row's error, never an overwrite."""
        person = session.execute(select(Person).where(Person.id_number == values.id_number)).scalar_one_or_none()
        if person is None:
            person = Person(id_number=values.id_number, name=values.name, sex=values.sex,
                            birth_date=values.birth_date, hall_code=actor.hall_code, created_at=now)
            session.add(person)
            session.flush()
        elif not same_name(person.name, values.name):
            raise ValidationError("name", "name_mismatch",
                                  f"姓名与该身份证号已登记的姓名（{masking.mask_name(person.name)}）不一致",
                                  "The name differs from the one on record for this ID number")
        return person

    @staticmethod
    def _check_class_for(session: Session, person: Person, cls: str) -> None:
        """初次申领 only for a first-licence class; a licence holder applies for any class not yet
        covered (增驾: its prerequisites are the window's business at licence issue)."""
        held = set(session.execute(
            select(LicenceClass.cls).join(DrivingLicence, DrivingLicence.id == LicenceClass.licence_id)
            .where(DrivingLicence.person_id == person.id)).scalars())
        if not held:
            if cls not in licence_terms.FIRST_LICENCE_CLASSES:
                first = " ".join(c for c in licence_terms.CLASSES if c in licence_terms.FIRST_LICENCE_CLASSES)
                raise ValidationError("licence_class", "not_first_licence_class",
                                      f"{cls}不能初次申领，只能增驾（初次申领可申请：{first}）",
                                      f"Class {cls} is not a first-licence class: only by adding a class")
        elif cls in licence_terms.covered(held):
            raise ValidationError("licence_class", "class_already_held",
                                  f"申请人的驾驶证已准驾{cls}，不需要考试",
                                  f"The applicant's licence already covers class {cls}")

    @staticmethod
    def _check_sites(session: Session, actor: Actor, codes: tuple[str, ...], subject: str, cls: str) -> None:
        """Each site must exist (active, in this hall) and examine the subject and the class."""
        if not codes:
            return
        sites = {s.code: s for s in session.execute(select(ExamSite).where(
            ExamSite.hall_code == actor.hall_code, ExamSite.code.in_(codes), ExamSite.active.is_(True))).scalars()}
        for code in codes:
            site = sites.get(code)
            if site is None:
                raise ValidationError("sites", "site_unknown", f"没有考场“{code}”", f"No exam site {code!r}")
            if subject not in site.subjects.split():
                raise ValidationError("sites", "site_subject", f"考场“{code}”不考{SUBJECT_NAMES[subject]}",
                                      f"The site {code} does not examine subject {subject}")
            if cls not in site.classes.split():
                raise ValidationError("sites", "site_class", f"考场“{code}”不考{cls}",
                                      f"The site {code} does not examine class {cls}")


_STATE_TEXT = {"active": "考试中", "done": "已发证", "voided": "成绩作废", "expired": "已过期"}

"""`counterdesk import licences FILE`: the licence register (驾驶人档案) from the national platform's
export (CSV in UTF-8 or GBK, or XLSX), same contract as `import vehicles`. Every row is validated;
good rows are imported (the person created when new, the licence upserted by person, its classes),
bad rows reported with the row, the field and the message; importing the same file twice changes
nothing.

The national export has one 初次领证日期 (cclzrq) per licence, not one per class: a class new to the
register gets that date as its first_obtained (实习期 and 增驾 years are counted from it); a class
already on record keeps the date recorded for it (by a case, or an earlier import).
身体条件证明 due: `licensing.health_cert_due` from 体检日期 (tjrq), or from the last 体检 on record
when the column is blank; 审验 due: 审验有效期止 (syyxqz)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import identifiers, licensing
from desktop.domain.errors import ValidationError
from desktop.services.base import Actor, Service, hall_date, require
from desktop.services.imports import (
    Columns,
    ImportReport,
    Pick,
    import_each,
    parse_date,
    parse_number,
    read_table,
    record_import,
)
from desktop.store.driver_models import DrivingLicence, LicenceClass
from desktop.store.models import Person

# Our column → the headers accepted for it: the national field names (DOMAIN.md §9) and Chinese.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id_number": ("sfzmhm", "身份证明号码", "身份证号", "身份证号码", "驾驶证号"),
    "name": ("xm", "姓名"),
    "sex": ("xb", "性别"),
    "birth_date": ("csrq", "出生日期"),
    "classes": ("zjcx", "准驾车型"),
    "first_licensed": ("cclzrq", "初次领证日期"),
    "valid_from": ("yxqs", "有效期始"),
    "valid_until": ("yxqz", "有效期止"),
    "points": ("ljjf", "累积记分"),
    "status": ("zt", "状态", "驾驶证状态"),
    "review_due": ("syyxqz", "审验有效期止"),
    "last_medical": ("tjrq", "体检日期"),
    "archive_no": ("dabh", "档案编号"),
}
REQUIRED = ("id_number", "classes", "first_licensed", "valid_from")
FIELD_NAMES = {"id_number": "身份证明号码", "name": "姓名", "sex": "性别", "birth_date": "出生日期",
               "classes": "准驾车型", "first_licensed": "初次领证日期", "valid_from": "有效期始",
               "valid_until": "有效期止", "points": "累积记分", "status": "状态", "review_due": "审验有效期止",
               "last_medical": "体检日期", "archive_no": "档案编号"}
FIELD_EN = {"id_number": "ID number", "name": "name", "sex": "sex", "birth_date": "birth date",
            "classes": "licence classes", "first_licensed": "first licence date", "valid_from": "valid from",
            "valid_until": "valid until", "points": "points", "status": "status", "review_due": "review due date",
            "last_medical": "medical examination date", "archive_no": "archive number"}
PERMANENT = ("长期", "长期有效", "永久")
MAX_POINTS = 36
SEX = {"男": "M", "1": "M", "M": "M", "女": "F", "2": "F", "F": "F"}
_CLASS_TOKEN = re.compile(r"[A-Z][0-9]?")
_CLASS_SEPARATORS = re.compile(r"[\s,，、;；/|]+")
COMPARED = ("archive_no", "valid_from", "valid_until", "status", "points", "health_due", "review_due",
            "last_medical")


_COLUMNS = Columns(COLUMNS, FIELD_NAMES, FIELD_EN)


def _date(text: str, key: str) -> date | None:
    return parse_date(text, key, FIELD_NAMES[key], FIELD_EN[key])


def parse_classes(text: str, key: str = "classes") -> tuple[str, ...]:
    """准驾车型 as exported: "C1", "A2D", "C1,D", "C1 E" … → the classes in CLASSES order, each
    checked; an unknown one is an error naming it."""
    compact = _CLASS_SEPARATORS.sub("", unicodedata.normalize("NFKC", text or "").upper())
    tokens = _CLASS_TOKEN.findall(compact)
    if not compact or "".join(tokens) != compact:
        raise ValidationError(key, "licence_classes_invalid", f"准驾车型“{text}”无法识别",
                              f"Cannot read the licence classes {text!r}")
    for cls in tokens:
        if cls not in licensing.CLASSES:
            raise ValidationError(key, "licence_class_unknown", f"没有“{cls}”这种准驾车型",
                                  f"There is no licence class {cls!r}")
    return tuple(c for c in licensing.CLASSES if c in tokens)


def _status(text: str) -> str:
    try:
        letters = licensing.parse_licence_status(unicodedata.normalize("NFKC", text))
    except ValidationError as exc:
        raise ValidationError("status", exc.code, exc.message_zh, exc.message_en) from None
    return "".join(c for c in licensing.LICENCE_STATUS if c in letters)


def _points(text: str) -> int:
    value = parse_number(text, "points", FIELD_NAMES["points"], FIELD_EN["points"])
    if value is None:
        return 0
    if value != int(value) or not 0 <= value <= MAX_POINTS:
        raise ValidationError("points", "points_out_of_range", f"累积记分应为0到{MAX_POINTS}之间的整数",
                              f"points must be a whole number from 0 to {MAX_POINTS}")
    return int(value)


def parse_row(pick: Pick, today: date) -> dict:
    """One row (its cells by our column key) → the holder's and the licence's fields; ValidationError
    names the field at fault.
    `valid_until` None is 长期; `name` "" means: the person must already be on record."""
    for key in REQUIRED:
        if not pick(key):
            raise ValidationError(key, "required", f"缺少{FIELD_NAMES[key]}", f"{FIELD_EN[key]} is missing")
    rid = identifiers.validate_resident_id(pick("id_number"), today=today, field="id_number")
    sex_text = pick("sex")
    if sex_text:
        sex = SEX.get(sex_text.upper())
        if sex is None:
            raise ValidationError("sex", "sex_unknown", f"性别“{sex_text}”无法识别（男/女）",
                                  f"Cannot read the sex {sex_text!r} (男/女)")
        if sex != rid.sex:
            raise ValidationError("sex", "sex_mismatch", "性别与身份证号不符",
                                  "The sex does not match the ID number")
    birth = _date(pick("birth_date"), "birth_date")
    if birth is not None and birth != rid.birth_date:
        raise ValidationError("birth_date", "birth_date_mismatch", "出生日期与身份证号不符",
                              "The birth date does not match the ID number")
    classes = parse_classes(pick("classes"))
    first = _date(pick("first_licensed"), "first_licensed")
    valid_from = _date(pick("valid_from"), "valid_from")
    until_text = pick("valid_until")
    valid_until = None if until_text in ("", *PERMANENT) else _date(until_text, "valid_until")
    assert first is not None and valid_from is not None
    if first > today:
        raise ValidationError("first_licensed", "date_in_future", "初次领证日期不能晚于今天",
                              "The first licence date cannot be in the future")
    if first < rid.birth_date:
        raise ValidationError("first_licensed", "date_before_birth", "初次领证日期早于出生日期",
                              "The first licence date is before the birth date")
    if valid_from < first:
        raise ValidationError("valid_from", "valid_from_before_first", "有效期始早于初次领证日期",
                              "The validity starts before the first licence date")
    if valid_until is not None and valid_until <= valid_from:
        raise ValidationError("valid_until", "valid_until_before_from", "有效期止应晚于有效期始",
                              "The validity must end after it starts")
    last_medical = _date(pick("last_medical"), "last_medical")
    if last_medical is not None and last_medical > today:
        raise ValidationError("last_medical", "date_in_future", "体检日期不能晚于今天",
                              "The medical examination date cannot be in the future")
    archive_no = pick("archive_no")
    if len(archive_no) > 20:
        raise ValidationError("archive_no", "too_long", "档案编号过长（最多20位）",
                              "The archive number is too long (20 characters at most)")
    return dict(
        id_number=rid.number,
        name=pick("name")[:40], sex=rid.sex, birth_date=rid.birth_date, classes=classes,
        first_licensed=first, valid_from=valid_from, valid_until=valid_until, points=_points(pick("points")),
        status=_status(pick("status")), review_due=_date(pick("review_due"), "review_due"),
        last_medical=last_medical, archive_no=archive_no)


class LicenceImportService(Service):
    def import_file(self, actor: Actor, path: Path) -> ImportReport:
        require(actor, "vehicle.import")  # the register-import permission (supervisor, admin)
        return self.import_rows(actor, read_table(path))

    def import_rows(self, actor: Actor, rows: list[dict[str, str]]) -> ImportReport:
        require(actor, "vehicle.import")
        report = ImportReport()
        now = self._clock()
        today = hall_date(now)
        headers = _COLUMNS.headers_of(rows)
        with self._sessions() as session, session.begin():
            import_each(session, rows, report, lambda row: parse_row(_COLUMNS.picker(row, headers), today),
                        lambda values: self._upsert(session, actor, values, now, today), ("驾驶证", "licence"))
            record_import(session, actor, now, "licences_imported", "driving_licence", report)
        return report

    def _person(self, session: Session, actor: Actor, values: dict, now: datetime) -> Person:
        person = session.execute(select(Person).where(Person.id_number == values["id_number"])).scalar_one_or_none()
        if person is None:
            if not values["name"]:
                raise ValidationError("name", "required", "新驾驶人须填写姓名",
                                      "The name is required for a person not yet on record")
            person = Person(id_number=values["id_number"], name=values["name"], sex=values["sex"],
                            birth_date=values["birth_date"], hall_code=actor.hall_code, created_at=now)
            session.add(person)
            session.flush()
        return person

    def _upsert(self, session: Session, actor: Actor, values: dict, now: datetime, today: date) -> bool:
        person = self._person(session, actor, values, now)
        licence = session.execute(select(DrivingLicence).where(DrivingLicence.person_id == person.id)
                                  ).scalar_one_or_none()
        held: dict[str, LicenceClass] = {}
        if licence is not None:
            held = {h.cls: h for h in session.execute(
                select(LicenceClass).where(LicenceClass.licence_id == licence.id)).scalars()}
        first_dates = {c: (held[c].first_obtained if c in held else values["first_licensed"])
                       for c in values["classes"]}
        last_medical = values["last_medical"] or (licence.last_medical if licence is not None else None)
        fields = dict(
            archive_no=values["archive_no"], valid_from=values["valid_from"], valid_until=values["valid_until"],
            status=values["status"], points=values["points"], review_due=values["review_due"],
            last_medical=last_medical,
            health_due=licensing.health_cert_due(
                person.birth_date, [licensing.HeldClass(c, d) for c, d in first_dates.items()], last_medical, today))
        if (licence is not None and set(held) == set(values["classes"])
                and all(getattr(licence, k) == fields[k] for k in COMPARED)):
            return False
        if licence is None:
            licence = DrivingLicence(hall_code=actor.hall_code, person_id=person.id, renewals=0, source="import",
                                     created_at=now, updated_at=now, **fields)
            session.add(licence)
            session.flush()
        else:
            for k in COMPARED:
                setattr(licence, k, fields[k])
            licence.updated_at = now
        for cls, row in held.items():
            if cls not in first_dates:
                session.delete(row)
        session.flush()
        for cls, day in first_dates.items():
            if cls not in held:
                session.add(LicenceClass(licence_id=licence.id, cls=cls, first_obtained=day))
        session.flush()
        return True

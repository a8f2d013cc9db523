"""The licence register (驾驶人档案): search by ID or licence number or name; the holder card with its
classes, validity, status, points and what is due (换证, 体检, 审验, 实习期)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.domain import identifiers, licensing, masking
from desktop.domain.errors import NotFoundError
from desktop.services.base import Actor, Service, hall_date, require
from desktop.store.driver_models import DrivingLicence, ExamResult, LicenceClass, PointCycle
from desktop.store.exam_models import ExamCandidate
from desktop.store.models import Person


@dataclass(frozen=True)
class HolderView:
    """A person at the driver window, with their licence if they hold one (masked)."""

    person_id: int
    name_masked: str
    id_masked: str
    birth_date: date
    age: int
    licence_id: int | None
    classes: tuple[str, ...]
    valid_from: date | None
    valid_until: date | None  # None with a licence: 长期
    status: str  # 驾驶证状态 letters
    status_names: str
    points: int
    warnings: tuple[str, ...]
    has_photo: bool
    exams_passed: tuple[str, ...]  # subjects passed and not yet used, e.g. ("1", "2", "3", "3s")
    warnings_en: tuple[str, ...] = ()  # the same warnings in English, for the English screen


_CLASS_PLACE = {c: i for i, c in enumerate(licensing.CLASSES)}  # 准驾车型 in the order of 令162 附件


def class_order(codes) -> list[str]:
    """The codes once each, in the order the licence lists its classes (an unknown code last)."""
    return sorted(set(codes), key=lambda c: _CLASS_PLACE.get(c, 99))


def licence_facts(session: Session, licence: DrivingLicence | None) -> licensing.LicenceFacts | None:
    """What the rules of 令162/172 need to know about a licence."""
    if licence is None:
        return None
    held = session.execute(select(LicenceClass).where(LicenceClass.licence_id == licence.id)).scalars().all()
    cycles = session.execute(select(PointCycle.cycle_end).where(PointCycle.licence_id == licence.id)).scalars().all()
    return licensing.LicenceFacts(
        classes=tuple(licensing.HeldClass(h.cls, h.first_obtained) for h in held),
        valid_from=licence.valid_from, valid_until=licence.valid_until,
        status=licensing.parse_licence_status(licence.status or "A"), twelve_point_cycles=tuple(sorted(cycles)),
        points=licence.points, cycle_start=licence.cycle_start, health_due=licence.health_due,
        review_due=licence.review_due, renewals=licence.renewals)


def exams_passed(session: Session, person_id: int, cls: str | None = None) -> dict[str, date]:
    """The subjects a person has passed and not yet used for a licence: subject → latest pass date.
    The passes of a voided application (fifth failure, Art.47) do not count."""
    q = (select(ExamResult.subject, ExamResult.exam_date)
         .outerjoin(ExamCandidate, ExamCandidate.id == ExamResult.candidate_id)
         .where(ExamResult.person_id == person_id, ExamResult.passed.is_(True), ExamResult.used.is_(False),
                or_(ExamResult.candidate_id.is_(None), ExamCandidate.state != "voided")))
    if cls:
        q = q.where(ExamResult.cls == cls)
    out: dict[str, date] = {}
    for subject, day in session.execute(q):
        out[subject] = max(day, out.get(subject, day))
    return out


class LicenceService(Service):
    def find(self, actor: Actor, text: str, limit: int = 50) -> list[HolderView]:
        """By ID (= licence) number, or name (exact or starting with)."""
        require(actor, "person.view")
        text = (text or "").strip()
        if not text or len(text) > 40:
            return []
        norm = identifiers.normalize(text)
        with self._sessions() as session, session.begin():
            people = session.execute(select(Person).where(or_(Person.id_number == norm, Person.name.startswith(text, autoescape=True)))
                                     .order_by(Person.name).limit(limit)).scalars().all()
            return [self._view(session, p) for p in people]

    def holder(self, actor: Actor, person_id: int) -> HolderView:
        require(actor, "person.view")
        with self._sessions() as session, session.begin():
            person = session.get(Person, person_id)
            if person is None:
                raise NotFoundError("person_unknown", "没有该申请人", "No such applicant")
            return self._view(session, person)

    def photo(self, actor: Actor, person_id: int) -> bytes | None:
        require(actor, "person.view")
        with self._sessions() as session, session.begin():
            person = session.get(Person, person_id)
            return person.photo if person is not None else None

    def _view(self, session: Session, person: Person) -> HolderView:
        today = hall_date(self._clock())
        licence = session.execute(select(DrivingLicence).where(DrivingLicence.person_id == person.id)
                                  ).scalar_one_or_none()
        facts = licence_facts(session, licence)
        found = licensing.licence_warnings(facts, person.birth_date, today) if facts is not None else []
        passed = exams_passed(session, person.id)
        return HolderView(
            person_id=person.id, name_masked=masking.mask_name(person.name),
            id_masked=masking.mask_id_number(person.id_number), birth_date=person.birth_date,
            age=identifiers.age_on(person.birth_date, today), licence_id=licence.id if licence else None,
            classes=tuple(class_order(h.cls for h in facts.classes)) if facts else (),
            valid_from=licence.valid_from if licence else None, valid_until=licence.valid_until if licence else None,
            status=licence.status if licence else "", status_names="、".join(
                licensing.LICENCE_STATUS.get(c, c) for c in (licence.status if licence else "")),
            points=licence.points if licence else 0, warnings=tuple(w.zh for w in found),
            has_photo=person.photo is not None, exams_passed=tuple(sorted(passed)),
            warnings_en=tuple(w.en for w in found))

"""What each driver business does to the licence register when it is completed (办结)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desktop.domain import licensing
from desktop.domain.errors import ValidationError
from desktop.services.base import hall_date
from desktop.services.licences import licence_facts
from desktop.store.driver_models import DriverCase, DrivingLicence, ExamResult, LicenceClass
from desktop.store.models import Person

RECORD_ONLY = ("damaged", "replacement", "info_change", "extension", "review")


def _status_without(status: str, letters: str) -> str:
    kept = "".join(c for c in status if c not in letters)
    return kept or "A"


def _new_licence(session: Session, case: DriverCase, person: Person, today: date, now: datetime) -> DrivingLicence:
    valid_from, valid_until = licensing.first_validity(today)
    licence = DrivingLicence(hall_code=case.hall_code, person_id=person.id, valid_from=valid_from,
                             valid_until=valid_until, renewals=0, status="A", points=0, cycle_start=today,
                             source="case", created_at=now, updated_at=now)
    session.add(licence)
    session.flush()
    return licence


def _add_class(session: Session, licence: DrivingLicence, cls: str, today: date) -> None:
    exists = session.execute(select(LicenceClass).where(LicenceClass.licence_id == licence.id,
                                                        LicenceClass.cls == cls)).scalar_one_or_none()
    if exists is None:
        session.add(LicenceClass(licence_id=licence.id, cls=cls, first_obtained=today))


def apply_driver_effect(session: Session, case: DriverCase, person: Person, detail: dict, *,
                        now: datetime) -> DrivingLicence | None:
    today = hall_date(now)
    licence = session.execute(select(DrivingLicence).where(DrivingLicence.person_id == person.id)
                              ).scalar_one_or_none()
    code = case.business
    cls = detail.get("requested_class")
    if code in ("first_licence", "transfer_in") and licence is None:
        licence = _new_licence(session, case, person, today, now)
    if licence is None:
        raise ValidationError("licence", "licence_missing", "该申请人没有驾驶证档案", "The applicant holds no licence")
    licence.updated_at = now
    if code in ("first_licence", "add_class", "transfer_in"):
        if not cls:
            raise ValidationError("licence_class", "class_required", "请选择申请的准驾车型",
                                  "Choose the licence class applied for")
        _add_class(session, licence, cls, today)
        if code != "transfer_in":  # the passes are spent on this licence
            session.execute(update(ExamResult).where(ExamResult.person_id == person.id, ExamResult.cls == cls,
                                                     ExamResult.passed.is_(True)).values(used=True))
    elif code == "renewal":
        facts = licence_facts(session, licence)
        licence.valid_from, licence.valid_until = licensing.validity_after_renewal(facts, today)
        licence.renewals += 1
        licence.status = _status_without(licence.status, "MN")  # 逾期未换证 / 延期换证 end here
    elif code == "downgrade":
        target = (detail.get("downgrade_to") or "").upper()
        facts = licence_facts(session, licence)
        dropped = licensing.downgrade_classes(facts.classes, person.birth_date, today)
        if not dropped:
            raise ValidationError("licence_class", "nothing_to_downgrade", "该驾驶证没有需要降级的准驾车型",
                                  "This licence has no class to downgrade")
        session.execute(delete(LicenceClass).where(LicenceClass.licence_id == licence.id,
                                                   LicenceClass.cls.in_(dropped)))
        _add_class(session, licence, target if target in licensing.CLASSES else "C1", today)
    elif code == "health_cert":
        medical = date.fromisoformat(detail["medical_on"]) if detail.get("medical_on") else today
        licence.last_medical = medical
        facts = licence_facts(session, licence)
        licence.health_due = licensing.health_cert_due(person.birth_date, [h.cls for h in facts.classes],
                                                       medical, today)
        licence.status = _status_without(licence.status, "PR")
    elif code == "cancel":
        licence.status = "G"
    elif code == "restore":
        licence.status = "A"
        licence.valid_from, licence.valid_until = licensing.first_validity(today)
        licence.renewals = 0
    elif code == "review":
        licence.review_due = None
        licence.status = _status_without(licence.status, "ST")
    elif code == "extension":
        licence.status = licence.status.replace("A", "") + "N" if "N" not in licence.status else licence.status
    elif code == "info_change" and detail.get("new_address"):
        person.address = detail["new_address"][:200]
    elif code not in RECORD_ONLY:
        raise ValidationError("business", "business_without_effect", f"业务“{case.business_name}”没有定义办结处理",
                              f"No completion is defined for {code}")
    session.flush()
    return licence

"""What a vehicle case and a driver case record alike: the applicant or agent found or registered,
the materials checklist (received / 容缺 / 不适用) and the fee lines copied from the catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import deferral as deferral_rules
from desktop.domain import identifiers
from desktop.domain.catalog import BusinessType, FeeLine
from desktop.domain.errors import ValidationError
from desktop.services.base import Actor, hall_date
from desktop.services.parties import classify_party_id
from desktop.store.models import Company, Person
from desktop.store.vehicle_models import CaseFee, CaseMaterial


@dataclass(frozen=True)
class PartyInput:
    """An owner, applicant or agent as typed at the window: a resident ID number, or a USCC for a company."""

    id_number: str
    name: str = ""
    phone: str = ""
    address: str = ""


def deferred_materials(biz: BusinessType, codes: Iterable[str]) -> list[deferral_rules.MissingMaterial]:
    """The materials accepted missing (容缺), as the deferral rules check them."""
    by_code = {m.code: m for m in biz.materials}
    out = []
    for code in dict.fromkeys(codes):
        m = by_code.get(code)
        if m is None:
            raise ValidationError("materials", "material_unknown", f"“{biz.name}”没有材料“{code}”",
                                  f"{biz.code} has no material {code}")
        out.append(deferral_rules.MissingMaterial(m.code, m.name, m.key))
    return out


def not_applicable_materials(biz: BusinessType, codes: Iterable[str], deferred: Iterable[str]) -> frozenset[str]:
    """Only a conditional material (one whose catalogue entry carries a note saying when it is
    needed) may be marked 不适用; a material both deferred and not applicable is a contradiction."""
    by_code = {m.code: m for m in biz.materials}
    codes = frozenset(codes)
    for code in codes:
        m = by_code.get(code)
        if m is None or not m.note:
            name = m.name if m else code
            raise ValidationError("materials", "material_not_conditional",
                                  f"“{name}”是必须提交的材料，不能标为不适用",
                                  f"{code} is always required: it cannot be marked not applicable")
    if codes & set(deferred):
        raise ValidationError("materials", "material_deferred_and_not_applicable",
                              "同一材料不能既标为容缺又标为不适用", "A material cannot be both deferred and not applicable")
    return codes


def find_or_register_party(session: Session, actor: Actor, party: PartyInput, now: datetime, *,
                           field: str) -> Person | Company:
    """Find or register a person (by resident ID) or company (by USCC), inside the case's transaction."""
    kind, ident = classify_party_id(party.id_number, field, hall_date(now))
    name = (party.name or "").strip()
    if kind == "c":
        company = session.execute(select(Company).where(Company.uscc == ident)).scalar_one_or_none()
        if company is None:
            if not name:
                raise ValidationError(field, "name_required", "新单位请填写单位名称", "Enter the company's name")
            company = Company(uscc=ident, name=name[:100], address=party.address[:200],
                              contact_phone=party.phone, hall_code=actor.hall_code, created_at=now)
            session.add(company)
            session.flush()
        return company
    rid = identifiers.validate_resident_id(ident, field=field, today=hall_date(now))
    person = session.execute(select(Person).where(Person.id_number == rid.number)).scalar_one_or_none()
    if person is None:
        if not name:
            raise ValidationError(field, "name_required", "首次来办的申请人请填写姓名",
                                  "Enter the name of an applicant who is new to the office")
        phone = identifiers.validate_mobile(party.phone, field) if party.phone else ""
        person = Person(id_number=rid.number, name=name[:40], sex=rid.sex, birth_date=rid.birth_date,
                        phone=phone, address=party.address[:200], hall_code=actor.hall_code, created_at=now)
        session.add(person)
        session.flush()
    return person


def add_materials_and_fees(session: Session, case_type: str, case, biz: BusinessType,
                           deferred: list[deferral_rules.MissingMaterial], not_applicable: frozenset[str],
                           fees: list[FeeLine]) -> None:
    """The case's checklist (one row per catalogue material) and its fee lines."""
    missing = {m.code for m in deferred}
    session.add_all(CaseMaterial(case_type=case_type, case_id=case.id, code=m.code, name=m.name, key=m.key,
                                 status="deferred" if m.code in missing else
                                 "not_applicable" if m.code in not_applicable else "received")
                    for m in biz.materials)
    session.add_all(CaseFee(case_type=case_type, case_id=case.id, hall_code=case.hall_code, day=case.day,
                            item_code=f.item_code, name=f.name, quantity=f.quantity, unit_amount=f.unit_amount,
                            amount=f.amount) for f in fees)

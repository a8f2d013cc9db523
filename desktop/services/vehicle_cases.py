"""Vehicle business at the window (机动车业务受理): one case per submission, checked against 令164,
with its materials, fees, plate choice and any 容缺 commitment, in one transaction; the acceptance
notice (受理凭证), the fee receipt and the 容缺受理通知书 are registered and signed with it.

A case without a deferred material is completed (办结) at once and its effect applied to the
register; a 容缺 case waits as `deferred` and takes effect when the material is supplied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import deferral as deferral_rules
from desktop.domain import identifiers, masking, vehicle_codes
from desktop.domain import plates as plate_rules
from desktop.domain.catalog import BusinessType
from desktop.domain.errors import NotFoundError, RefusedError, ValidationError
from desktop.domain.inspection import next_inspection
from desktop.domain.vehicle_rules import Application, check_application, check_vehicle_numbers
from desktop.domain.working_days import add_working_days
from desktop.services import audit
from desktop.services.base import Actor, Clock, Service, hall_date, require, utc_now
from desktop.services.case_documents import CaseDocuments, RenderedDocument, hall_closed_days
from desktop.services.case_records import (PartyInput, add_materials_and_fees, deferred_materials,
                                           find_or_register_party, not_applicable_materials)
from desktop.services.catalogs import Catalogs
from desktop.services.documents import DocumentService
from desktop.services.plates import PlateChoice, PlateService
from desktop.services.vehicles import facts_of, for_inspection
from desktop.store.models import Company, Person
from desktop.store.vehicle_models import Deferral, Vehicle, VehicleCase


@dataclass(frozen=True)
class NewVehicleInput:
    """The vehicle of a 注册登记, 转入 or a first 临时号牌: from its 合格证 / 进口凭证."""

    vin: str
    cllx: str = "K33"
    syxz: str = "A"
    seats: int | None = 5
    colour: str = "A"
    brand: str = ""
    model: str = ""
    engine_no: str = ""
    energy: str = "fuel"
    manufactured: date | None = None
    insurance_until: date | None = None
    total_mass_kg: int | None = None


@dataclass
class CaseRequest:
    business: str
    vehicle_id: int | None = None
    new_vehicle: NewVehicleInput | None = None
    owner: PartyInput | None = None  # the owner of a new vehicle, or the new owner of a transfer
    agent: PartyInput | None = None  # 代理人: applying for the owner
    deferred: tuple[str, ...] = ()  # material codes accepted missing (容缺)
    not_applicable: tuple[str, ...] = ()  # conditional materials that do not apply to this applicant
    commitment_signed: bool = False
    plate: PlateChoice | None = None
    event_date: date | None = None
    temp_plate_purpose: str | None = None
    temp_plate_days: int | None = None
    changes: dict[str, str] = field(default_factory=dict)  # colour, engine_no, syxz, mortgagee, swap_plate …
    ticket_id: int | None = None


@dataclass(frozen=True)
class CaseResult:
    case_id: int
    case_no: str
    state: str
    business_name: str
    plate: str
    fee_total: Decimal
    due_on: date | None
    deferral_deadline: date | None
    warnings: tuple[str, ...]
    documents: tuple[RenderedDocument, ...]
    warnings_en: tuple[str, ...] = ()  # the same warnings in English, for the English screen


@dataclass(frozen=True)
class CaseRow:
    """A line of today's cases."""

    id: int
    case_no: str
    accepted_at: datetime
    business_name: str
    plate: str
    applicant_masked: str
    state: str
    fee_total: Decimal
    ticket_id: int | None


STATE_NAMES = {"accepted": "已受理", "deferred": "容缺待补", "completed": "已办结", "refused": "退办",
               "terminated": "容缺终止"}


def _plate_type(cllx: str, kind: str) -> str:
    """号牌种类 of a vehicle from its type: motorcycles, trailers, tractors and low-speed vehicles have
    their own plates; 中型及以上 passenger and goods vehicles, tractor units and trolleybuses get 大型汽车."""
    if cllx.startswith("M2"):
        return "08" if cllx == "M22" else "07"
    if cllx[:1] in ("B", "G"):
        return "15"
    if cllx[:1] == "T":
        return "14"
    if cllx[:2] == "H5" or cllx == "N11":
        return "13"
    return plate_rules.hpzl_for(kind, _is_large(cllx))


def _is_large(cllx: str) -> bool:
    return cllx[:2] in ("K1", "K2", "H1", "H2", "Q1", "Q2", "Q3", "Z1", "Z2", "D1")


class VehicleCaseService(Service):
    def __init__(self, session_factory, catalogs: Catalogs, documents: DocumentService, plates: PlateService,
                 clock: Clock = utc_now) -> None:
        super().__init__(session_factory, clock)
        self.catalogs = catalogs
        self._plates = plates
        self._docs = CaseDocuments(documents)

    # -- submit ------------------------------------------------------------------------------------

    def submit(self, actor: Actor, request: CaseRequest) -> CaseResult:
        """受理: check, record and sign one case; returns the case and its PDFs."""
        require(actor, "vehicle.business")
        biz = self.catalogs.vehicle.business(request.business)
        deferred = deferred_materials(biz, request.deferred)
        not_applicable = not_applicable_materials(biz, request.not_applicable, request.deferred)
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            closed = hall_closed_days(session, actor.hall_code)
            vehicle = self._vehicle_for(session, actor, biz, request, now)
            owner_p, owner_c = self._owner_for(session, actor, biz, request, vehicle, now)
            agent = find_or_register_party(session, actor, request.agent, now, field="agent") if request.agent else None
            if isinstance(agent, Company):
                raise ValidationError("agent", "agent_must_be_person", "代理人须为自然人，请填写代理人的身份证号",
                                      "An agent must be a person: enter the agent's resident ID number")
            outcome = check_application(self._application(session, biz, request, vehicle), facts_of(vehicle),
                                        today, closed=closed)
            outcome.raise_if_refused()
            if biz.code in ("transfer", "co_owner_change") and owner_p is None and owner_c is None:
                raise ValidationError("owner", "new_owner_required", "请填写现所有人（受让人）的身份证明号码",
                                      "Enter the new owner's ID number")
            applicant_p = owner_p if biz.code in ("register", "move_in", "transfer", "co_owner_change") else None
            applicant_p = applicant_p or (session.get(Person, vehicle.owner_person_id)
                                          if vehicle is not None and vehicle.owner_person_id else None)
            applicant_c = owner_c if owner_c is not None else (
                session.get(Company, vehicle.owner_company_id) if vehicle is not None and vehicle.owner_company_id
                else None)
            deadline = None
            if deferred:
                barred = self._barred_until(session, applicant_p, applicant_c, today)
                deferral_rules.check_deferral(deferred, barred, today)
                if not request.commitment_signed:
                    raise ValidationError("commitment", "commitment_unsigned",
                                          "容缺受理须申请人签署书面承诺，请先签署承诺书",
                                          "容缺 needs the applicant's signed commitment: have it signed first")
                deadline = deferral_rules.deferral_deadline(today, deferral_rules.DeferralPolicy(), closed)
            kind = plate_rules.plate_kind_for(vehicle.energy if vehicle else "fuel", _is_large(vehicle.cllx)) \
                if vehicle else "ordinary"
            hpzl = _plate_type(vehicle.cllx, kind) if vehicle is not None else None
            fees = self.catalogs.vehicle.fees_for(biz.code, hpzl or (vehicle.hpzl if vehicle else "02"))
            total = self.catalogs.vehicle.total(fees)
            case_no = self._docs.next_case_no(session, actor.hall_code, today)
            detail = dict(request.changes)
            if owner_p is not None or owner_c is not None:
                detail["new_owner"] = f"{'p' if owner_p else 'c'}:{(owner_p or owner_c).id}"
            if request.event_date:
                detail["event_date"] = request.event_date.isoformat()
            if request.temp_plate_purpose:
                detail["temp_plate_purpose"] = request.temp_plate_purpose
                detail["temp_plate_days"] = str(request.temp_plate_days or "")
            detail["warnings"] = [w.zh for w in outcome.warnings]
            case = VehicleCase(
                hall_code=actor.hall_code, case_no=case_no, day=today, business=biz.code,
                business_name=biz.name, vehicle_id=vehicle.id if vehicle else None,
                applicant_person_id=applicant_p.id if applicant_p else None,
                applicant_company_id=applicant_c.id if applicant_c else None,
                agent_person_id=agent.id if agent else None, ticket_id=request.ticket_id, counter=actor.counter,
                state="deferred" if deferred else "accepted", fee_total=total,
                due_on=add_working_days(today, biz.time_limit_days, closed),
                detail=json.dumps(detail, ensure_ascii=False), accepted_by=actor.username, accepted_at=now)
            session.add(case)
            session.flush()
            add_materials_and_fees(session, "vehicle", case, biz, deferred, not_applicable, fees)
            if biz.needs_plate_choice:
                case.plate = self._choose_plate(session, actor, biz, request, vehicle, owner_p, owner_c, kind, now)
                if hpzl:
                    detail["hpzl"] = hpzl
                    case.detail = json.dumps(detail, ensure_ascii=False)
            if deferred:
                session.add(Deferral(
                    hall_code=actor.hall_code, case_type="vehicle", case_id=case.id, case_no=case_no,
                    business_name=biz.name, person_id=applicant_p.id if applicant_p else None,
                    company_id=applicant_c.id if applicant_c else None,
                    missing="、".join(m.name for m in deferred),
                    commitment=deferral_rules.commitment_text(biz.name, [m.name for m in deferred], deadline),
                    accepted_on=today, deadline=deadline, state="pending"))
            else:
                self.complete_in(session, actor, case, now)
            audit.record(session, actor=actor, at=now, action="vehicle_case_accepted", record_type="vehicle_case",
                         record_id=case_no, detail=f"{biz.code} {case.plate or (vehicle.plate if vehicle else '')} "
                                                   f"{total} 容缺:{len(deferred)}".strip())
            contents = self._docs.issue_in(session, actor, case, deadline=deadline)
            result_state, plate, case_id = case.state, case.plate or (vehicle.plate if vehicle else ""), case.id
            due_on = case.due_on
        rendered = tuple(self._docs.render(contents))
        return CaseResult(case_id, case_no, result_state, biz.name, plate or "", total, due_on, deadline,
                          tuple(w.zh for w in outcome.warnings), rendered, tuple(w.en for w in outcome.warnings))

    def _application(self, session: Session, biz: BusinessType, request: CaseRequest,
                     vehicle: Vehicle | None) -> Application:
        partner = None
        if biz.code == "plate_swap":
            partner_vehicle = self._swap_partner(session, request, vehicle)
            partner = facts_of(partner_vehicle)
        inspection_due = None
        if biz.code == "inspection_label" and vehicle is not None:
            insp = for_inspection(vehicle)
            if insp is not None:
                inspection_due = next_inspection(insp, hall_date(self._clock()), self.catalogs.inspection).due
        return Application(business=biz.code, by_agent=request.agent is not None, event_date=request.event_date,
                           temp_plate_purpose=request.temp_plate_purpose, temp_plate_days=request.temp_plate_days,
                           swap_partner=partner, inspection_due=inspection_due)

    def _swap_partner(self, session: Session, request: CaseRequest, vehicle: Vehicle | None) -> Vehicle:
        text = (request.changes.get("swap_plate") or "").strip()
        if not text:
            raise ValidationError("swap_plate", "swap_plate_required", "请填写互换号牌的另一辆车的号牌号码",
                                  "Enter the plate of the other vehicle of the swap")
        number = plate_rules.validate_plate(text, "swap_plate").number
        other = session.execute(select(Vehicle).where(Vehicle.plate == number, Vehicle.cancelled.is_(False))
                                ).scalar_one_or_none()
        if other is None or vehicle is None or other.id == vehicle.id:
            raise ValidationError("swap_plate", "swap_vehicle_unknown", f"没有号牌为 {number} 的另一辆在册车辆",
                                  f"No other registered vehicle has the plate {number}")
        same_owner = (other.owner_person_id, other.owner_company_id) == (vehicle.owner_person_id,
                                                                         vehicle.owner_company_id)
        if not same_owner:  # 令164 Art.20: both vehicles of the same owner
            raise RefusedError("swap_not_same_owner", "号牌互换的两辆车须属于同一所有人",
                               "Both vehicles of a plate swap must have the same owner")
        return other

    # -- parties and the vehicle -------------------------------------------------------------------

    def _owner_for(self, session, actor, biz, request, vehicle, now):
        if request.owner is None:
            if biz.code in ("register", "move_in") or (biz.code == "temp_plate" and vehicle is not None
                                                       and vehicle.owner_person_id is None
                                                       and vehicle.owner_company_id is None):
                raise ValidationError("owner", "owner_required", "请填写机动车所有人的身份证明号码",
                                      "Enter the owner's ID number")
            return None, None
        party = find_or_register_party(session, actor, request.owner, now, field="owner")
        person, company = (party, None) if isinstance(party, Person) else (None, party)
        if vehicle is not None and biz.code in ("register", "move_in", "temp_plate") and not vehicle.registered:
            vehicle.owner_person_id = person.id if person else None
            vehicle.owner_company_id = company.id if company else None
        return person, company

    def _vehicle_for(self, session: Session, actor: Actor, biz: BusinessType, request: CaseRequest,
                     now: datetime) -> Vehicle | None:
        if request.vehicle_id is not None:
            vehicle = session.get(Vehicle, request.vehicle_id, with_for_update=True)
            if vehicle is None:
                raise NotFoundError("vehicle_unknown", "没有该车辆", "No such vehicle")
            return vehicle
        if biz.needs_vehicle:
            raise ValidationError("vehicle", "vehicle_required", "请先查询并选定要办理业务的车辆",
                                  "Look up and choose the vehicle first")
        nv = request.new_vehicle
        if nv is None:
            raise ValidationError("vin", "vehicle_details_required", "请填写车辆识别代号和车辆信息",
                                  "Enter the VIN and the vehicle's details")
        vin = identifiers.validate_vin(nv.vin, "vin")
        vehicle = session.execute(select(Vehicle).where(Vehicle.vin == vin).with_for_update()).scalar_one_or_none()
        if vehicle is not None:
            if vehicle.registered and not vehicle.cancelled and not vehicle.moved_out:
                raise RefusedError("vehicle_already_registered",
                                   f"车辆识别代号 {vin} 的车辆已登记（号牌 {vehicle.plate or '无'}），不能重复注册",
                                   f"The vehicle {vin} is already registered ({vehicle.plate or 'no plate'})")
            if biz.code == "move_in":
                vehicle.moved_out, vehicle.registered = False, False
            return vehicle
        check_vehicle_numbers(nv.seats, nv.total_mass_kg)
        cllx = vehicle_codes.normalize_cllx(nv.cllx)
        vehicle = Vehicle(
            hall_code=actor.hall_code, vin=vin, plate=None, hpzl="02", cllx=cllx,
            syxz=vehicle_codes.normalize_syxz(nv.syxz), seats=nv.seats, total_mass_kg=nv.total_mass_kg,
            colour=vehicle_codes.normalize_csys(nv.colour) if nv.colour else "", brand=nv.brand[:40],
            model=nv.model[:40], engine_no=nv.engine_no[:30], energy=nv.energy, registered=False,
            manufactured=nv.manufactured, insurance_until=nv.insurance_until, source="case",
            created_at=now, updated_at=now)
        session.add(vehicle)
        session.flush()
        return vehicle

    def _barred_until(self, session: Session, person: Person | None, company: Company | None,
                      today: date) -> date | None:
        if person is None and company is None:
            return None
        q = select(Deferral.barred_until).where(Deferral.state == "terminated", Deferral.barred_until >= today)
        q = q.where(Deferral.person_id == person.id) if person is not None else q.where(
            Deferral.company_id == company.id)
        return max(session.execute(q).scalars(), default=None)

    def _choose_plate(self, session, actor, biz, request, vehicle, owner_p, owner_c, kind, now) -> str:
        if request.plate is None:
            raise ValidationError("plate", "plate_choice_required", "请先为该车选号（50选1、自编号牌或保留原号）",
                                  "Choose the plate number first (draw, self-composed or the old number)")
        if vehicle is not None and vehicle.plate:  # the old number stays with its owner (保留) or goes back
            self._plates.let_go_in(session, vehicle, now=now)
        saved = (vehicle.owner_person_id, vehicle.owner_company_id)
        if owner_p is not None or owner_c is not None:  # the number belongs to the new owner
            vehicle.owner_person_id = owner_p.id if owner_p else None
            vehicle.owner_company_id = owner_c.id if owner_c else None
        number = self._plates.assign_in(session, actor, request.plate, vehicle, kind=kind, now=now)
        vehicle.owner_person_id, vehicle.owner_company_id = saved  # the owner changes at completion
        return number

    # -- completion, supply, termination (the 容缺 service calls these) ----------------------------

    def case_in(self, session: Session, case_id: int) -> VehicleCase:
        case = session.get(VehicleCase, case_id, with_for_update=True)
        if case is None:
            raise NotFoundError("case_unknown", "没有该业务", "No such case")
        return case

    def complete_in(self, session: Session, actor: Actor, case: VehicleCase, now: datetime) -> None:
        """办结: apply the case's effect to the register."""
        from desktop.services.vehicle_effects import apply_effect

        vehicle = session.get(Vehicle, case.vehicle_id) if case.vehicle_id else None
        apply_effect(session, case, vehicle, json.loads(case.detail or "{}"), now=now, plates=self._plates,
                     inspection=self.catalogs.inspection)
        case.state, case.completed_at = "completed", now

    def terminate_in(self, session: Session, actor: Actor, case: VehicleCase, now: datetime) -> None:
        """容缺终止: the case lapses; a number assigned for it goes back to the pool."""
        from desktop.store.vehicle_models import PlateNumber

        if case.plate:
            row = session.get(PlateNumber, case.plate)
            if row is not None and row.state == "assigned" and row.vehicle_id == case.vehicle_id:
                vehicle = session.get(Vehicle, case.vehicle_id)
                if vehicle is None or vehicle.plate != case.plate:
                    session.delete(row)
        case.state = "terminated"

    # -- reading -----------------------------------------------------------------------------------

    def today(self, actor: Actor, *, mine_only: bool = False) -> list[CaseRow]:
        require(actor, "vehicle.view")
        today = hall_date(self._clock())
        with self._sessions() as session, session.begin():
            q = select(VehicleCase).where(VehicleCase.hall_code == actor.hall_code, VehicleCase.day == today)
            if mine_only:
                q = q.where(VehicleCase.accepted_by == actor.username)
            cases = list(session.execute(q.order_by(VehicleCase.id.desc())).scalars())
            people = {p.id: p for p in session.execute(select(Person).where(
                Person.id.in_({c.applicant_person_id for c in cases if c.applicant_person_id}))).scalars()}
            firms = {c.id: c for c in session.execute(select(Company).where(
                Company.id.in_({c.applicant_company_id for c in cases if c.applicant_company_id}))).scalars()}
            rows = []
            for c in cases:
                p, f = people.get(c.applicant_person_id), firms.get(c.applicant_company_id)
                who = masking.mask_name(p.name) if p else (f.name if f else "")
                plate = c.plate or (session.get(Vehicle, c.vehicle_id).plate if c.vehicle_id else "") or ""
                rows.append(CaseRow(c.id, c.case_no, c.accepted_at, c.business_name, plate, who, c.state,
                                    c.fee_total, c.ticket_id))
            return rows

    def reprint(self, actor: Actor, case_no: str) -> list[RenderedDocument]:
        """The case's documents again, with the same serials and QR codes."""
        require(actor, "vehicle.view")
        with self._sessions() as session, session.begin():
            case = session.execute(select(VehicleCase).where(VehicleCase.hall_code == actor.hall_code,
                                                             VehicleCase.case_no == case_no.strip().upper())
                                   ).scalar_one_or_none()
            if case is None:
                raise NotFoundError("case_unknown", f"没有受理编号为 {case_no} 的业务",
                                    f"No case with number {case_no}")
            contents = self._docs.contents_for(session, case, "vehicle")
        return list(self._docs.render(contents))

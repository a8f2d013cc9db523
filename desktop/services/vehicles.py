"""The vehicle register (机动车档案): search by plate, VIN or owner; the vehicle card; the inspection
each vehicle is due for. Owners are shown masked everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.domain import identifiers, masking, vehicle_codes
from desktop.domain.errors import NotFoundError
from desktop.domain.inspection import InspectionDue, VehicleForInspection, next_inspection
from desktop.domain.text import strip_control
from desktop.domain.vehicle_rules import VehicleFacts
from desktop.services.base import Actor, Clock, Service, hall_date, require, utc_now
from desktop.services.catalogs import Catalogs
from desktop.store.models import Company, Person
from desktop.store.vehicle_models import Vehicle, VehicleCase


@dataclass(frozen=True)
class VehicleView:
    """A vehicle as lists and cards show it: owner masked, 两客一危一货 marked."""

    id: int
    plate: str
    plate_masked: str
    hpzl: str
    vin: str
    cllx: str
    cllx_name: str
    syxz: str
    syxz_name: str
    brand: str
    model: str
    colour: str
    seats: int | None
    owner_kind: str  # person / company / ""
    owner_id: int | None
    owner_masked: str
    owner_id_masked: str
    key_operating: str  # "" or 客运 / 旅游 / 危化 / 重货
    registered: bool
    first_registered: date | None
    inspection_valid_until: date | None
    scrap_date: date | None
    flags: tuple[str, ...]  # 抵押 质押 查封 被盗抢 违法未处理 事故未处理 注销 迁出
    energy: str


@dataclass(frozen=True)
class VehicleCard:
    vehicle: VehicleView
    inspection: InspectionDue | None
    recent_cases: list[tuple[str, date, str, str]]  # case no, day, business, state


def flags_of(v: Vehicle) -> tuple[str, ...]:
    pairs = [(v.mortgaged, "抵押"), (v.pledged, "质押"), (v.seized, "查封"), (v.stolen, "被盗抢"),
             (v.violations_pending, "违法未处理"), (v.accidents_pending, "事故未处理"),
             (v.cancelled, "注销"), (v.moved_out, "迁出"), (not v.registered, "未登记")]
    return tuple(name for on, name in pairs if on)


def vehicle_view(v: Vehicle, person: Person | None, company: Company | None) -> VehicleView:
    if person is not None:
        kind, owner_id, owner, owner_no = "person", person.id, masking.mask_name(person.name), \
            masking.mask_id_number(person.id_number)
    elif company is not None:
        kind, owner_id, owner, owner_no = "company", company.id, company.name, masking.mask_uscc(company.uscc)
    else:
        kind, owner_id, owner, owner_no = "", None, "", ""
    return VehicleView(
        id=v.id, plate=v.plate or "", plate_masked=masking.mask_plate(v.plate) if v.plate else "",
        hpzl=v.hpzl, vin=v.vin, cllx=v.cllx, cllx_name=vehicle_codes.cllx_name(v.cllx), syxz=v.syxz,
        syxz_name=vehicle_codes.syxz_name(v.syxz), brand=v.brand, model=v.model, colour=v.colour,
        seats=v.seats, owner_kind=kind, owner_id=owner_id, owner_masked=owner, owner_id_masked=owner_no,
        key_operating=vehicle_codes.key_operating_label(v.cllx, v.syxz), registered=v.registered,
        first_registered=v.first_registered, inspection_valid_until=v.inspection_valid_until,
        scrap_date=v.scrap_date, flags=flags_of(v), energy=v.energy)


def facts_of(v: Vehicle | None) -> VehicleFacts | None:
    """What the rules of 令164 need to know about a vehicle."""
    if v is None:
        return None
    return VehicleFacts(
        registered=v.registered, hpzl=v.hpzl, cllx=v.cllx, syxz=v.syxz, first_registered=v.first_registered,
        scrap_date=v.scrap_date, inspection_valid_until=v.inspection_valid_until,
        insurance_until=v.insurance_until, mortgaged=v.mortgaged, pledged=v.pledged, seized=v.seized,
        stolen=v.stolen, violations_pending=v.violations_pending, accidents_pending=v.accidents_pending,
        cancelled=v.cancelled, moved_out=v.moved_out, temp_plates_issued=v.temp_plates_issued,
        last_plate_swap=v.last_plate_swap)


def for_inspection(v: Vehicle) -> VehicleForInspection | None:
    if v.first_registered is None:
        return None
    return VehicleForInspection(cllx=v.cllx, syxz=v.syxz, seats=v.seats, first_registered=v.first_registered,
                                valid_until=v.inspection_valid_until, injury_accident=v.injury_accident,
                                illegal_modification=v.illegal_modification)


def load_views(session: Session, vehicles: list[Vehicle]) -> list[VehicleView]:
    people = {p.id: p for p in session.execute(select(Person).where(
        Person.id.in_({v.owner_person_id for v in vehicles if v.owner_person_id}))).scalars()}
    firms = {c.id: c for c in session.execute(select(Company).where(
        Company.id.in_({v.owner_company_id for v in vehicles if v.owner_company_id}))).scalars()}
    return [vehicle_view(v, people.get(v.owner_person_id), firms.get(v.owner_company_id)) for v in vehicles]


class VehicleService(Service):
    def __init__(self, session_factory, catalogs: Catalogs, clock: Clock = utc_now) -> None:
        super().__init__(session_factory, clock)
        self.catalogs = catalogs

    def search(self, actor: Actor, text: str, limit: int = 50) -> list[VehicleView]:
        """By plate (蒙M12345, with or without 蒙), VIN (full or the last 6), owner ID number, USCC
        or name; 两客一危一货 first."""
        require(actor, "vehicle.view")
        text = strip_control(text or "").strip()  # a search stores nothing: a stray control character is dropped
        if not text or len(text) > 60:
            return []
        norm = identifiers.normalize(text).replace("·", "")
        with self._sessions() as session, session.begin():
            owners_p = select(Person.id).where(or_(Person.id_number == norm, Person.name == text))
            owners_c = select(Company.id).where(or_(Company.uscc == norm, Company.name.startswith(text, autoescape=True)))
            conditions = [Vehicle.plate == norm, Vehicle.vin == norm, Vehicle.owner_person_id.in_(owners_p),
                          Vehicle.owner_company_id.in_(owners_c)]
            if len(norm) in (5, 6) and norm.isalnum():  # the plate without its prefix, or the VIN's tail
                conditions += [Vehicle.plate.endswith(norm), Vehicle.vin.endswith(norm)]
            rows = list(session.execute(select(Vehicle).where(or_(*conditions)).order_by(
                Vehicle.cancelled, Vehicle.plate).limit(limit)).scalars())
            views = load_views(session, rows)
        return sorted(views, key=lambda v: (not v.key_operating, v.plate))

    def recent(self, actor: Actor, limit: int = 20) -> list[VehicleView]:
        """The vehicles most recently changed at this hall (the panel's list before any search)."""
        require(actor, "vehicle.view")
        with self._sessions() as session, session.begin():
            rows = list(session.execute(select(Vehicle).where(Vehicle.hall_code == actor.hall_code).order_by(
                Vehicle.updated_at.desc(), Vehicle.id.desc()).limit(limit)).scalars())
            return load_views(session, rows)

    def by_owner(self, actor: Actor, person_id: int) -> list[VehicleView]:
        """The vehicles a person owns (the applicant of the ticket being served)."""
        require(actor, "vehicle.view")
        with self._sessions() as session, session.begin():
            rows = list(session.execute(select(Vehicle).where(Vehicle.owner_person_id == person_id).order_by(
                Vehicle.cancelled, Vehicle.plate)).scalars())
            return load_views(session, rows)

    def card(self, actor: Actor, vehicle_id: int) -> VehicleCard:
        require(actor, "vehicle.view")
        today = hall_date(self._clock())
        with self._sessions() as session, session.begin():
            v = session.get(Vehicle, vehicle_id)
            if v is None:
                raise NotFoundError("vehicle_unknown", "没有该车辆", "No such vehicle")
            view = load_views(session, [v])[0]
            insp = for_inspection(v)
            due = next_inspection(insp, today, self.catalogs.inspection) if insp and v.registered \
                and not v.cancelled else None
            cases = session.execute(select(VehicleCase.case_no, VehicleCase.day, VehicleCase.business_name,
                                           VehicleCase.state).where(VehicleCase.vehicle_id == v.id)
                                    .order_by(VehicleCase.id.desc()).limit(10)).all()
            return VehicleCard(view, due, [tuple(c) for c in cases])

    def inspection_due(self, actor: Actor, vehicle_id: int, on: date | None = None) -> InspectionDue | None:
        """The next inspection of one vehicle (上线检验 or 免检领标) as of `on` (default today)."""
        require(actor, "vehicle.view")
        with self._sessions() as session, session.begin():
            v = session.get(Vehicle, vehicle_id)
            if v is None:
                raise NotFoundError("vehicle_unknown", "没有该车辆", "No such vehicle")
            insp = for_inspection(v)
            return next_inspection(insp, on or hall_date(self._clock()), self.catalogs.inspection) if insp else None

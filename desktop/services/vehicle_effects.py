"""What each vehicle business does to the register when it is completed (办结)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import vehicle_codes
from desktop.domain.errors import RefusedError, ValidationError
from desktop.domain.identifiers import normalize
from desktop.domain.inspection import InspectionTable, initial_validity, inspection_validity_after
from desktop.services.base import hall_date
from desktop.services.documents import next_serial
from desktop.store.vehicle_models import PlateNumber, Vehicle, VehicleCase

if TYPE_CHECKING:
    from desktop.services.plates import PlateService

CANCELLING = ("cancel_scrap", "cancel_lost", "cancel_export", "cancel_return")
RECORD_ONLY = ("filing_change", "replace_plate", "renew_plate", "replace_licence", "renew_licence", "change_body")


def _certificate_no(session: Session, hall_code: str, today: date) -> str:
    """登记证书编号: the hall's daily running number (a sequence row, not a count of the register)."""
    return next_serial(session, hall_code, "DJ", today)


def _set_owner(vehicle: Vehicle, detail: dict) -> None:
    owner = detail.get("new_owner", "")
    if not owner:
        return
    kind, _, ident = owner.partition(":")
    vehicle.owner_person_id = int(ident) if kind == "p" else None
    vehicle.owner_company_id = int(ident) if kind == "c" else None


def _take_plate(session: Session, vehicle: Vehicle, case: VehicleCase, today: date) -> None:
    if case.plate:
        vehicle.plate, vehicle.plate_since = case.plate, today
        vehicle.hpzl = json.loads(case.detail or "{}").get("hpzl") or vehicle.hpzl
        row = session.get(PlateNumber, case.plate)
        if row is not None:
            row.vehicle_id = vehicle.id


def apply_effect(session: Session, case: VehicleCase, vehicle: Vehicle | None, detail: dict, *,
                 now: datetime, plates: PlateService, inspection: InspectionTable) -> None:
    today = hall_date(now)
    code = case.business
    if vehicle is None:
        return
    vehicle.updated_at = now
    if code in ("register", "move_in"):
        _take_plate(session, vehicle, case, today)
        vehicle.registered, vehicle.cancelled, vehicle.moved_out = True, False, False
        if code == "register" or vehicle.first_registered is None:
            vehicle.first_registered = today
            vehicle.inspection_valid_until = initial_validity(vehicle.cllx, vehicle.syxz, vehicle.seats, today,
                                                              inspection)
        vehicle.certificate_no = vehicle.certificate_no or _certificate_no(session, case.hall_code, today)
    elif code in ("transfer", "co_owner_change"):
        if case.plate:
            _take_plate(session, vehicle, case, today)
        _set_owner(vehicle, detail)
        vehicle.violations_pending = False
    elif code == "change_colour":
        vehicle.colour = vehicle_codes.normalize_csys(detail.get("colour", ""))
    elif code == "change_engine":
        value = normalize(detail.get("engine_no", ""))
        if not value:
            raise ValidationError("engine_no", "engine_no_required", "请填写新发动机号", "Enter the new engine number")
        vehicle.engine_no = value[:30]
    elif code == "change_use":
        vehicle.syxz = vehicle_codes.normalize_syxz(detail.get("syxz", ""))
    elif code == "move_out":
        plates.let_go_in(session, vehicle, now=now)
        vehicle.moved_out = True
    elif code in CANCELLING:
        plates.let_go_in(session, vehicle, now=now)
        vehicle.cancelled = True
    elif code == "plate_swap":
        other = session.execute(select(Vehicle).where(Vehicle.plate == detail.get("swap_plate", "").upper(),
                                                      Vehicle.cancelled.is_(False))).scalar_one_or_none()
        if other is None:
            raise RefusedError("swap_vehicle_gone", "互换号牌的另一辆车已不在册", "The other vehicle is no longer registered")
        a, b = vehicle.plate, other.plate
        vehicle.plate, other.plate = b, a
        vehicle.hpzl, other.hpzl = other.hpzl, vehicle.hpzl
        for v, number in ((vehicle, b), (other, a)):
            v.last_plate_swap, v.plate_since, v.updated_at = today, today, now
            row = session.get(PlateNumber, number)
            if row is not None:
                row.vehicle_id = v.id
    elif code == "mortgage":
        vehicle.mortgaged = True
    elif code == "mortgage_release":
        vehicle.mortgaged = False
    elif code == "pledge":
        vehicle.pledged = True
    elif code == "pledge_release":
        vehicle.pledged = False
    elif code in ("replace_certificate", "renew_certificate"):
        vehicle.certificate_no = _certificate_no(session, case.hall_code, today)
    elif code == "inspection_label":
        vehicle.last_inspected = today
        from desktop.services.vehicles import for_inspection

        facts = for_inspection(vehicle)
        if facts is not None:
            vehicle.inspection_valid_until = inspection_validity_after(facts, today, inspection)
    elif code == "temp_plate":
        vehicle.temp_plates_issued += 1
    elif code not in RECORD_ONLY:
        raise ValidationError("business", "business_without_effect", f"业务“{case.business_name}”没有定义办结处理",
                              f"No completion is defined for {code}")

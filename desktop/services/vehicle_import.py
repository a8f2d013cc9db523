"""`counterdesk import vehicles FILE`: the register from the national platform's export (CSV in UTF-8
or GBK, or XLSX). Every row is validated; good rows are imported, bad rows reported with the row, the
field and the message; importing the same file twice changes nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desktop.domain import identifiers, vehicle_codes
from desktop.domain.errors import ValidationError
from desktop.domain.plates import validate_plate
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
from desktop.services.parties import classify_party_id
from desktop.store.models import Company, Person
from desktop.store.vehicle_models import PlateNumber, Vehicle

# Our column → the headers accepted for it: the national field names (DOMAIN.md §9) and Chinese.
COLUMNS: dict[str, tuple[str, ...]] = {
    "plate": ("hphm", "号牌号码", "plate"),
    "hpzl": ("hpzl", "号牌种类"),
    "vin": ("clsbdh", "车辆识别代号", "vin", "车架号"),
    "engine_no": ("fdjh", "发动机号", "发动机号码"),
    "brand": ("clpp1", "中文品牌", "品牌"),
    "model": ("clxh", "车辆型号"),
    "cllx": ("cllx", "车辆类型"),
    "colour": ("csys", "车身颜色"),
    "syxz": ("syxz", "使用性质"),
    "owner_id": ("sfzmhm", "身份证明号码", "身份证号", "统一社会信用代码"),
    "owner_name": ("syr", "机动车所有人", "所有人"),
    "first_registered": ("ccdjrq", "初次登记日期"),
    "manufactured": ("ccrq", "出厂日期"),
    "last_inspected": ("djrq", "最近定检日期"),
    "inspection_valid_until": ("yxqz", "检验有效期止"),
    "scrap_date": ("qzbfqz", "强制报废期止"),
    "status": ("zt", "状态", "机动车状态"),
    "mortgaged": ("dybj", "抵押标记"),
    "seats": ("hdzk", "核定载客"),
    "total_mass_kg": ("zzl", "总质量"),
    "fuel": ("rlzl", "燃料种类"),
    "certificate_no": ("djzsbh", "登记证书编号"),
    "phone": ("sjhm", "手机号码"),
    "address": ("zsxxdz", "住所详细地址"),
}
REQUIRED = ("vin", "plate", "cllx", "syxz", "owner_id", "owner_name", "first_registered")
FIELD_NAMES = {"vin": "车辆识别代号", "plate": "号牌号码", "cllx": "车辆类型", "syxz": "使用性质",
               "owner_id": "身份证明号码", "owner_name": "机动车所有人", "first_registered": "初次登记日期",
               "seats": "核定载客", "total_mass_kg": "总质量", "brand": "中文品牌", "model": "车辆型号",
               "engine_no": "发动机号", "address": "住所详细地址", "phone": "手机号码", "certificate_no": "登记证书编号"}
_COLUMNS = Columns(COLUMNS, FIELD_NAMES)
MAX_NUMBER = 100_000  # 核定载客 and 总质量 (kg) as the register holds them
# 燃料种类 rlzl: C 电 is pure electric; the names as exported are accepted too.
FUEL_ENERGY = {"C": "pure_electric", "纯电动": "pure_electric", "电": "pure_electric",
               "插电式混合动力": "plug_in", "增程式": "range_extender", "燃料电池": "fuel_cell", "N": "fuel_cell"}
# Letters of 机动车状态 that set a flag of ours.
STATUS_FLAGS = {"B": "moved_out", "C": "stolen", "E": "cancelled", "G": "violations_pending",
                "I": "accidents_pending", "K": "seized", "L": "seized"}
COMPARED = ("plate", "hpzl", "cllx", "syxz", "colour", "brand", "model", "engine_no", "seats", "total_mass_kg",
            "first_registered", "manufactured", "last_inspected", "inspection_valid_until", "scrap_date",
            "mortgaged", "moved_out", "stolen", "cancelled", "violations_pending", "accidents_pending", "seized",
            "energy", "certificate_no", "owner_person_id", "owner_company_id")


def _date(text: str, field: str) -> date | None:
    return parse_date(text, field, field, field)


def _int(text: str, field: str) -> int | None:
    value = parse_number(text, field, FIELD_NAMES.get(field, field), field)
    if value is None:
        return None
    if value < 0 or value > MAX_NUMBER:
        raise ValidationError(field, "number_out_of_range", f"{FIELD_NAMES.get(field, field)}数值不合理",
                              f"{field} is out of range")
    return int(value)


def parse_row(pick: Pick, today: date) -> tuple[dict, tuple[str, str, str, str, str]]:
    """One row (its cells by our column key) → the vehicle's fields and the owner (kind, id, name,
    phone, address); ValidationError names the field at fault."""
    for key in REQUIRED:
        if not pick(key):
            raise ValidationError(key, "required", f"缺少{FIELD_NAMES[key]}", f"{key} is missing")
    plate = validate_plate(pick("plate"), "plate")
    status = vehicle_codes.parse_status(pick("status") or "A")
    values = dict(
        vin=identifiers.validate_vin(pick("vin"), "vin"), plate=plate.number,
        hpzl=vehicle_codes.normalize_hpzl(pick("hpzl")) if pick("hpzl") else (
            "52" if plate.kind == "nev_small" else "51" if plate.kind == "nev_large" else "02"),
        cllx=vehicle_codes.normalize_cllx(pick("cllx")), syxz=vehicle_codes.normalize_syxz(pick("syxz")),
        colour=vehicle_codes.normalize_csys(pick("colour")) if pick("colour") else "",
        brand=pick("brand")[:40], model=pick("model")[:40],
        engine_no=identifiers.normalize(pick("engine_no"))[:30],
        seats=_int(pick("seats"), "seats"), total_mass_kg=_int(pick("total_mass_kg"), "total_mass_kg"),
        first_registered=_date(pick("first_registered"), "first_registered"),
        manufactured=_date(pick("manufactured"), "manufactured"),
        last_inspected=_date(pick("last_inspected"), "last_inspected"),
        inspection_valid_until=_date(pick("inspection_valid_until"), "inspection_valid_until"),
        scrap_date=_date(pick("scrap_date"), "scrap_date"),
        mortgaged=pick("mortgaged") in ("1", "是", "已抵押"),
        energy=FUEL_ENERGY.get(pick("fuel"), "fuel"),
        certificate_no=pick("certificate_no")[:20],
        **{flag: any(letter in status for letter, f in STATUS_FLAGS.items() if f == flag)
           for flag in set(STATUS_FLAGS.values())},
    )
    if values["first_registered"] > today:
        raise ValidationError("first_registered", "date_in_future", "初次登记日期不能晚于今天",
                              "The first registration date cannot be in the future")
    owner = classify_party_id(pick("owner_id"), "owner_id", today)
    phone = pick("phone")
    phone = identifiers.validate_mobile(phone, "phone") if phone else ""
    return values, (owner[0], owner[1], pick("owner_name")[:100], phone, pick("address")[:200])


class VehicleImportService(Service):
    def import_file(self, actor: Actor, path: Path) -> ImportReport:
        require(actor, "vehicle.import")
        return self.import_rows(actor, read_table(path))

    def import_rows(self, actor: Actor, rows: list[dict[str, str]]) -> ImportReport:
        report = ImportReport()
        now = self._clock()
        today = hall_date(now)
        headers = _COLUMNS.headers_of(rows)
        with self._sessions() as session, session.begin():
            import_each(session, rows, report, lambda row: parse_row(_COLUMNS.picker(row, headers), today),
                        lambda parsed: self._upsert(session, actor, *parsed, now), ("车辆", "vehicle"))
            record_import(session, actor, now, "vehicles_imported", "vehicle", report)
        return report

    def _owner(self, session: Session, actor: Actor, owner, now: datetime) -> tuple[int | None, int | None]:
        kind, ident, name, phone, address = owner
        if kind == "p":
            person = session.execute(select(Person).where(Person.id_number == ident)).scalar_one_or_none()
            if person is None:
                rid = identifiers.validate_resident_id(ident, field="owner_id", today=hall_date(now))
                person = Person(id_number=ident, name=name[:40], sex=rid.sex, birth_date=rid.birth_date, phone=phone,
                                address=address, hall_code=actor.hall_code, created_at=now)
                session.add(person)
                session.flush()
            return person.id, None
        company = session.execute(select(Company).where(Company.uscc == ident)).scalar_one_or_none()
        if company is None:
            company = Company(uscc=ident, name=name, address=address, contact_phone=phone,
                              hall_code=actor.hall_code, created_at=now)
            session.add(company)
            session.flush()
        return None, company.id

    def _upsert(self, session: Session, actor: Actor, values: dict, owner, now: datetime) -> bool:
        person_id, company_id = self._owner(session, actor, owner, now)
        values = dict(values, owner_person_id=person_id, owner_company_id=company_id)
        vehicle = session.execute(select(Vehicle).where(Vehicle.vin == values["vin"])).scalar_one_or_none()
        if vehicle is not None and all(getattr(vehicle, k) == values[k] for k in COMPARED):
            return False
        plate_row = session.get(PlateNumber, values["plate"])
        if plate_row is not None and plate_row.state == "assigned" and (
                vehicle is None or plate_row.vehicle_id != vehicle.id):
            raise ValidationError("plate", "plate_in_use", f"号牌号码 {values['plate']} 已登记在另一辆车上",
                                  f"The plate {values['plate']} is registered to another vehicle")
        if vehicle is None:
            vehicle = Vehicle(hall_code=actor.hall_code, registered=True, source="import", created_at=now,
                              updated_at=now, **values)
            session.add(vehicle)
        else:
            for k in COMPARED:
                setattr(vehicle, k, values[k])
            vehicle.updated_at = now
        session.flush()
        if plate_row is None and not (vehicle.cancelled or vehicle.moved_out):
            insert = (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)
            session.execute(insert(PlateNumber).on_conflict_do_nothing().values(
                number=vehicle.plate, hall_code=actor.hall_code,
                kind="ordinary" if len(vehicle.plate) == 7 else "nev_small", state="assigned",
                vehicle_id=vehicle.id, person_id=person_id, company_id=company_id,
                since=vehicle.first_registered, updated_at=now))
        return True

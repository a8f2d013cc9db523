"""Demo vehicles (机动车业务演示数据): a register for the demo's persons and companies, and a year of
vehicle cases at the windows with their fees and 容缺 commitments.

Volumes: the register holds about 60,000 vehicles at scale 1.0 — our assumption for 阿拉善盟 (a
population of about 260,000; the seed gives no fleet size). The cases follow the seed: 132,847
vehicle transactions in 2022 (shared/seed, the office's 2022 review). Every rule (plates, VINs,
inspection dates, fees) comes from the domain modules, so the demo register passes the checks the
windows apply. Rows go in with bulk Core inserts; a second run with the same seed adds nothing.
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
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.domain import identifiers
from desktop.domain.catalog import Catalog
from desktop.domain.deferral import DeferralPolicy, bar_until, commitment_text
from desktop.domain.inspection import (
    InspectionTable,
    VehicleForInspection,
    initial_validity,
    inspection_validity_after,
    label_window_opens,
)
from desktop.domain.working_days import is_working_day
from desktop.services.base import HALL_ZONE
from desktop.services.demo_bulk import Staging, bare_dialect, ids_of, last_id, prepare_rows
from desktop.services.demo_queue import _arrival, dialect_name
from desktop.store.engine import reading
from desktop.store.models import Company, DocumentSequence, Person
from desktop.store.vehicle_models import CaseFee, CaseMaterial, Deferral, PlateNumber, Vehicle, VehicleCase

Progress = Callable[[str, int, int], None]

# Assumption: 阿拉善盟 has roughly 60,000 registered motor vehicles (about one per four or five
# inhabitants, as in the region's small leagues); the seed gives the transactions, not the fleet.
VEHICLES_AT_SCALE_1 = 60_000
VEHICLE_CASES_PER_YEAR = 132_847  # the seed: 机动车业务 132,847 笔 in 2022
FIRST_YEAR = 2005
FLEET_GROWTH = 1.07  # registrations per year grow ~7 % a year (assumption): most cars are recent
BATCH = 5_000
# Vehicles a copy transaction (demo_bulk.Staging): each holds SQLite's lock ~0.35 s. At 60,000 (a
# scale-1.0 register in one) the main process waited 1.4 s for it to begin its exam year; a copy a
# 5,000-vehicle batch made the helper wait for the main process's transactions too often.
REGISTER_COPY = 15_000

# The register's mix (assumption): (cllx, syxz choices, weight). 蒙M is a desert league with mining
# and chemical parks: many trucks and tractor units, some 危化 (R), few coaches and school buses.
VEHICLE_MIX: list[tuple[str, tuple[tuple[str, float], ...], float]] = [
    ("K33", (("A", 0.985), ("D", 0.015)), 0.33),  # 小型轿车; a few taxis
    ("K31", (("A", 0.99), ("G", 0.01)), 0.22),  # 小型普通客车 (SUV/MPV); a few rental
    ("K32", (("A", 1.0),), 0.08),  # 小型越野客车
    ("K39", (("A", 1.0),), 0.035),  # 小型面包车
    ("K49", (("A", 1.0),), 0.015),  # 微型面包车
    ("K11", (("B", 0.6), ("E", 0.4)), 0.005),  # 大型普通客车: 公路客运 / 旅游客运
    ("K21", (("B", 0.5), ("E", 0.3), ("A", 0.2)), 0.006),  # 中型普通客车
    ("K18", (("S", 0.7), ("P", 0.3)), 0.001),  # 大型专用校车
    ("K28", (("S", 0.5), ("O", 0.5)), 0.001),  # 中型专用校车
    ("H11", (("F", 1.0),), 0.025),  # 重型普通货车
    ("H17", (("F", 1.0),), 0.02),  # 重型自卸货车 (mines)
    ("H14", (("R", 0.7), ("F", 0.3)), 0.006),  # 重型罐式货车
    ("H21", (("F", 1.0),), 0.01),  # 中型普通货车
    ("H31", (("F", 0.5), ("A", 0.5)), 0.045),  # 轻型普通货车
    ("H32", (("F", 0.6), ("A", 0.4)), 0.015),  # 轻型厢式货车
    ("Q11", (("F", 0.8), ("R", 0.2)), 0.03),  # 重型半挂牵引车
    ("B11", (("F", 1.0),), 0.02),  # 重型普通半挂车
    ("B13", (("R", 1.0),), 0.005),  # 重型罐式半挂车
    ("B17", (("F", 1.0),), 0.005),  # 重型自卸半挂车
    ("M21", (("A", 1.0),), 0.07),  # 普通二轮摩托车
    ("M22", (("A", 1.0),), 0.02),  # 轻便二轮摩托车
]

# Brands with a plausible WMI (world manufacturer identifier); demo data, not a reference table.
BRANDS: dict[str, list[tuple[str, str]]] = {
    "car": [("大众", "LSV"), ("一汽-大众", "LFV"), ("丰田", "LVG"), ("本田", "LHG"), ("日产", "LGB"),
            ("别克", "LSG"), ("哈弗", "LGW"), ("吉利", "L6T"), ("长安", "LS5"), ("奇瑞", "LVV"),
            ("现代", "LBE"), ("福特", "LVS"), ("传祺", "LMG"), ("红旗", "LFP")],
    "minibus": [("五菱", "LZW"), ("长安", "LS4"), ("金杯", "LSY")],
    "nev": [("比亚迪", "LGX"), ("特斯拉", "LRW"), ("五菱", "LZW"), ("理想", "LW4"), ("埃安", "LMG"),
            ("问界", "LM8")],
    "coach": [("宇通", "LZY"), ("金龙", "LKL"), ("中通", "LZU"), ("海格", "LKH")],
    "truck": [("解放", "LFW"), ("东风", "LGA"), ("重汽", "LZZ"), ("陕汽", "LZG"), ("福田", "LVB"),
              ("江淮", "LJ1"), ("北奔", "LBZ")],
    "trailer": [("中集", "LJR"), ("梁山华宇", "L9B"), ("通华", "LA9")],
    "moto": [("豪爵", "LC6"), ("五羊-本田", "LWB"), ("嘉陵", "LAA"), ("雅迪", "LYD")],
}
COLOURS = ["A"] * 30 + ["J"] * 22 + ["B"] * 18 + ["H"] * 8 + ["E"] * 7 + ["I"] * 4 + ["G"] * 2 + ["C"] * 2 + ["Z"] * 7
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # VIN position 10: 2010 = A … (no I O Q U Z 0)
_VIN_BODY = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O (GA 36-2018)

# 机动车强制报废标准规定 (商务部等令2012年第12号) Art.4: 使用年限 by type and use; None: no limit.
def scrap_years(cllx: str, syxz: str) -> int | None:
    if cllx.startswith("M1"):
        return 12
    if cllx.startswith("M"):
        return 13
    if cllx.startswith("G") or syxz == "R":
        return 10
    if cllx[:1] in ("H", "Q", "B"):
        return 15
    if syxz in ("S", "P", "O", "Q"):
        return 15
    if syxz == "D":
        return 8 if cllx[:2] in ("K3", "K4") else 12
    if syxz in ("B", "E"):
        return 10 if cllx[:2] in ("K3", "K4") else 15
    if syxz == "G":
        return 15
    if cllx[:2] in ("K1", "K2"):
        return 20
    return None


def _is_large(cllx: str) -> bool:
    return cllx[:2] in ("K1", "K2", "H1", "H2", "Q1", "Q2", "Q3")


def _hpzl(cllx: str, nev: bool) -> str:
    """号牌种类, as vehicle_cases._plate_type decides it."""
    if cllx.startswith("M2"):
        return "08" if cllx == "M22" else "07"
    if cllx[:1] in ("B", "G"):
        return "15"
    if nev:
        return "51" if _is_large(cllx) else "52"
    return "01" if _is_large(cllx) else "02"


def _brand_group(cllx: str, nev: bool) -> str:
    if nev:
        return "nev"
    if cllx in ("K39", "K49"):
        return "minibus"
    if cllx[:2] in ("K1", "K2"):
        return "coach"
    if cllx[:1] in ("H", "Q"):
        return "truck"
    if cllx[:1] in ("B", "G"):
        return "trailer"
    if cllx[:1] == "M":
        return "moto"
    return "car"


# Seats by 车辆类型 and 总质量 (kg) by its first two characters: a number, a choice of numbers (a
# tuple) or a range to draw from; what is not here has none (trucks and motorcycles: 2 seats).
SEATS = {"K33": 5, "K32": (5, 5, 7), "K31": (5, 5, 5, 7), "K39": (7, 8), "K49": 7, "K11": range(45, 56),
         "K21": range(19, 32), "K18": range(41, 57), "K28": range(19, 36)}
MASS_KG = {"H1": range(25_000, 31_001), "H2": range(8_000, 12_001), "H3": range(3_000, 4_496), "Q1": 25_000,
           "B1": range(38_000, 40_001)}


def _draw(rng: random.Random, spec):
    """A number from SEATS or MASS_KG's spec; only what is drawn takes from the stream."""
    if spec is None or isinstance(spec, int):
        return spec
    if isinstance(spec, range):
        return rng.randrange(spec.start, spec.stop)
    return rng.choice(spec)


def _plate(rng: random.Random, kind: str) -> str:
    """A plate number of 蒙M: ordinary (at most two letters, never I/O), trailer (…挂) or NEV."""
    if kind in ("ordinary", "trailer"):
        width = 5 if kind == "ordinary" else 4
        chars = rng.choices("0123456789", k=width)
        for pos in rng.sample(range(width), rng.choice((0, 1, 1, 2))):
            chars[pos] = rng.choice(LETTERS)
        serial = "".join(chars)
        if kind == "ordinary" and (len(set(serial)) == 1 or serial.startswith("0000")):
            return ""  # numbers the office withholds (plates.PlatePolicy.withheld)
        return "蒙M" + serial + ("挂" if kind == "trailer" else "")
    letter = rng.choice("DF") if kind == "nev_any" else kind[-1]
    if kind.startswith("nev_large"):
        return "蒙M" + "".join(rng.choices("0123456789", k=5)) + letter
    return "蒙M" + letter + rng.choice(LETTERS + "0123456789") + "".join(rng.choices("0123456789", k=4))


def _vin(rng: random.Random, wmi: str, model_year: int) -> str:
    vds = "".join(rng.choices(_VIN_BODY, k=5))
    year_code = _YEAR_CODES[(model_year - 2010) % 30]
    return identifiers.make_vin(wmi + vds + "0" + year_code + rng.choice(_VIN_BODY) + f"{rng.randint(0, 999_999):06d}")


def _at(day: date, hours: float) -> datetime:
    return datetime.combine(day, time(0), HALL_ZONE) + timedelta(hours=hours)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _working_days(start: date, end: date) -> list[date]:
    """Working days in [start, end)."""
    return [d for d in (start + timedelta(n) for n in range((end - start).days)) if is_working_day(d)]


def _validity_ends(cllx: str, syxz: str, seats: int | None, registered: date, today: date,
                   table: InspectionTable) -> list[date]:
    """Every 检验有效期止 of the vehicle from registration to the first one on or after today. They
    depend on the registration month, not the day, and not on the day of each inspection (the next
    validity follows on from the current one), so the demo computes them once per type and month."""
    ends = [initial_validity(cllx, syxz, seats, registered, table)]
    while ends[-1] < today:
        on = ends[-1]  # inspected on the due date itself: any day of the window gives the same end
        ends.append(inspection_validity_after(VehicleForInspection(cllx, syxz, seats, registered, ends[-1]), on,
                                              table))
    return ends


def _inspection(rng: random.Random, ends: list[date], today: date, table: InspectionTable,
                overdue_rate: float) -> tuple[date, date | None]:
    """(检验有效期止, 最近定检日期): every due date before today met somewhere in its window; with
    `overdue_rate` the last one was missed (逾期未检验: the validity ended before today)."""
    k = len(ends) - 1
    if rng.random() < overdue_rate:
        horizon = today - timedelta(days=rng.choice((40, 120, 250, 500)))
        while k > 0 and ends[k - 1] >= horizon:
            k -= 1
        if k > 0 and ends[k - 1] < today:
            k -= 1
    if k == 0:
        return ends[0], None
    due = ends[k - 1]
    opens = label_window_opens(due, table)
    span = max(0, (due - opens).days)
    return ends[k], opens + timedelta(days=min(span, int(span * rng.betavariate(3, 1.6))))


def add_vehicle_register(session_factory: sessionmaker[Session], hall_code: str, rng: random.Random, scale: float,
                         today: date, progress: Progress | None = None, *,
                         inspection: InspectionTable | None = None) -> int:
    """About 60,000 × scale vehicles for the persons and companies already in the hall, with their
    PlateNumber rows. The hall's demo vehicles count against the target, and VINs and plates
    already taken are skipped, so a second run adds nothing."""
    if inspection is None:
        from desktop.services.catalogs import Catalogs
        inspection = Catalogs.load().inspection
    snapshot = vehicle_register_snapshot(session_factory, hall_code, scale)
    if snapshot is None:
        return 0
    return add_drawn_register(session_factory, snapshot, rng, today, inspection, progress)


def add_drawn_register(session_factory: sessionmaker[Session], snapshot: tuple, rng: random.Random, today: date,
                       inspection: InspectionTable, progress: Progress | None = None) -> int:
    """The register drawn from `snapshot` (vehicle_register_snapshot) and written. The demo year runs
    it in its helper process (demo_helper.py), on a connection of the helper's own: the vehicles and plate
    numbers are written by nothing else there, so their rows are the same whichever process writes
    them, and whenever. Run again with the same snapshot after it was stopped, it draws the same
    vehicles and finds them written, or writes them."""
    batches = draw_vehicle_batches(dialect_name(session_factory), rng, today, inspection, *snapshot)
    return write_vehicle_register(session_factory, snapshot[0], batches, progress)


def vehicle_register_snapshot(session_factory: sessionmaker[Session], hall_code: str, scale: float) -> tuple | None:
    """What the register is drawn from: how many vehicles are missing, the hall's persons and
    companies, the VINs and plates taken. None: nothing to add."""
    target = max(1, round(VEHICLES_AT_SCALE_1 * scale))
    with reading(session_factory) as session:
        have = session.execute(select(func.count()).select_from(Vehicle).where(
            Vehicle.hall_code == hall_code, Vehicle.source == "demo")).scalar_one()
        if have >= target:
            return None
        persons = list(session.execute(select(Person.id).where(Person.hall_code == hall_code)
                                       .order_by(Person.id)).scalars())
        companies = list(session.execute(select(Company.id).where(Company.hall_code == hall_code)
                                         .order_by(Company.id)).scalars())
        vins = set(session.execute(select(Vehicle.vin)).scalars())
        plates = set(session.execute(select(PlateNumber.number)).scalars())
        plates.update(p for p in session.execute(select(Vehicle.plate)).scalars() if p)
    if not persons:
        return None
    return hall_code, target - have, persons, companies, vins, plates


def draw_vehicle_register(rng: random.Random, today: date, inspection: InspectionTable, hall_code: str, count: int,
                          persons: list[int], companies: list[int], vins: set[str], plates: set[str]) -> list[dict]:
    """`count` draws of vehicles (fewer rows where a VIN or plate came out taken). Reads and writes
    nothing (the VINs and plates taken are copied: the same snapshot drawn again gives the same
    vehicles, as the demo does after its helper process died)."""
    vins, plates = set(vins), set(plates)
    workdays = _working_days(date(FIRST_YEAR, 1, 1), today)
    years = list(range(FIRST_YEAR, today.year + 1))
    weights = [FLEET_GROWTH ** (y - FIRST_YEAR) for y in years]
    weights[-1] *= (today - date(today.year, 1, 1)).days / 365
    # cum_weights once, not per draw (random.choices makes them from weights each call: the same draws)
    kinds, kind_cum = [m[0] for m in VEHICLE_MIX], list(itertools.accumulate(m[2] for m in VEHICLE_MIX))
    use_draws = {cllx: ([u for u, _ in uses], list(itertools.accumulate(w for _, w in uses)))
                 for cllx, uses, _ in VEHICLE_MIX}
    year_cum = list(itertools.accumulate(weights))
    vehicles, validity = [], {}
    for _ in range(count):
        cllx = rng.choices(kinds, cum_weights=kind_cum)[0]
        codes, use_cum = use_draws[cllx]
        syxz = rng.choices(codes, cum_weights=use_cum)[0]
        year = rng.choices(years, cum_weights=year_cum)[0]
        start = date(year, 1, 1)
        end = min(date(year, 12, 31), today - timedelta(days=1))
        pick = start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
        k = min(bisect.bisect_left(workdays, pick), len(workdays) - 1)
        registered = workdays[k]
        limit = scrap_years(cllx, syxz)
        cancelled = rng.random() < 0.035  # scrapped, lost or exported in earlier years
        if limit is not None and _add_years(registered, limit) <= today:
            if rng.random() < 0.7:  # most such vehicles were replaced: register the newer one instead
                lo = bisect.bisect_left(workdays, _add_years(today, -limit) + timedelta(days=30))
                registered = workdays[rng.randint(min(lo, len(workdays) - 1), len(workdays) - 1)]
            else:
                cancelled = True
        # New energy: none before 2015, then a growing share of private small cars and light trucks.
        nev_share = min(0.3, max(0.0, (registered.year - 2015) * 0.028))  # ~8 % of the register
        nev = (cllx in ("K33", "K31") and syxz in ("A", "D", "G") or cllx == "H32") and rng.random() < nev_share
        energy = ("pure_electric" if rng.random() < 0.6 else "plug_in") if nev else "fuel"
        hpzl = _hpzl(cllx, nev)
        if nev:
            kind = "nev_large" if hpzl == "51" else "nev_small"
            plate_kind = kind + ("D" if energy == "pure_electric" else "F")
        else:
            kind = "ordinary"
            plate_kind = "trailer" if hpzl == "15" else "ordinary"
        plate = ""
        while not plate or plate in plates:
            plate = _plate(rng, plate_kind)
        brand, wmi = rng.choice(BRANDS[_brand_group(cllx, nev)])
        vin = _vin(rng, wmi, registered.year if rng.random() < 0.8 else registered.year - 1)
        if vin in vins or plate in plates:
            continue
        vins.add(vin)
        plates.add(plate)
        seats = _draw(rng, SEATS.get(cllx, 2 if cllx[:1] in ("H", "Q", "M") else None))
        mass = _draw(rng, MASS_KG.get(cllx[:2]))
        operating = syxz not in ("A",)
        company = companies and (rng.random() < (0.85 if operating and syxz not in ("D",) else
                                                 0.3 if syxz == "D" else 0.04))
        if syxz in ("R", "B", "E", "S", "P", "O") and companies:
            company = True
        overdue = 0.14 if cllx.startswith("M") else 0.09 if registered.year < 2012 else 0.025
        small = cllx[:2] in ("K3", "K4")
        key = (cllx, syxz, (6 if (seats or 0) <= 6 else 9) if small else None, registered.year, registered.month)
        if key not in validity:  # the 免检 regimes look at seats only as ≤ 6 (2014) or ≤ 9 (2022)
            validity[key] = _validity_ends(cllx, syxz, key[2], registered.replace(day=1), today, inspection)
        valid, last = _inspection(rng, validity[key], today, inspection, overdue)
        plate_since = registered
        if rng.random() < 0.25 and (today - registered).days > 400:  # 转让登记 later: a new owner, a new number
            j = rng.randint(bisect.bisect_left(workdays, registered + timedelta(days=180)), len(workdays) - 1)
            plate_since = workdays[j]
        moved_out = not cancelled and rng.random() < 0.015
        anniversary = registered.replace(year=today.year) if not (registered.month == 2 and registered.day == 29) \
            else date(today.year, 2, 28)
        insurance = anniversary if anniversary > today else _add_years(anniversary, 1)
        if rng.random() < 0.03:
            insurance = _add_years(insurance, -1)  # 交强险 lapsed
        created = _at(plate_since, rng.uniform(9, 16.5))
        vehicles.append(dict(
            hall_code=hall_code, vin=vin, plate=plate, hpzl=hpzl, cllx=cllx, syxz=syxz, seats=seats,
            total_mass_kg=mass, colour=rng.choice(COLOURS), brand=brand,
            model=f"{wmi[:2]}{rng.randint(6400, 7299)}{rng.choice(LETTERS)}{rng.randint(1, 9)}",
            engine_no="".join(rng.choices(_VIN_BODY, k=rng.choice((8, 9, 10)))),
            energy=energy, owner_person_id=None if company else rng.choice(persons),
            owner_company_id=rng.choice(companies) if company else None,
            certificate_no=f"150{rng.randint(0, 999_999_999):09d}", registered=True, first_registered=registered,
            manufactured=registered - timedelta(days=rng.randint(15, 240)), last_inspected=last,
            inspection_valid_until=valid, insurance_until=insurance,
            scrap_date=_add_years(registered, limit) if limit else None,
            mortgaged=rng.random() < (0.10 if company or registered.year >= today.year - 3 else 0.03),
            pledged=rng.random() < 0.003, seized=rng.random() < 0.003, stolen=rng.random() < 0.0005,
            violations_pending=rng.random() < 0.04, accidents_pending=rng.random() < 0.004,
            injury_accident=rng.random() < 0.01, illegal_modification=rng.random() < 0.003,
            cancelled=cancelled, moved_out=moved_out, temp_plates_issued=1 if rng.random() < 0.2 else 0,
            last_plate_swap=None, plate_since=plate_since, source="demo", created_at=created, updated_at=created,
            _kind=kind))
    return vehicles


def vehicle_batches(hall_code: str, vehicles: list[dict], dialect: str) -> list[tuple]:
    """The drawn vehicles made ready to write, BATCH at a time: (VINs, the vehicles, their plate
    numbers with the vehicle's place in the register for its id)."""
    bind = bare_dialect(dialect)
    batches = []
    for k in range(0, len(vehicles), BATCH):
        rows = vehicles[k:k + BATCH]
        kinds = [r.pop("_kind") for r in rows]
        numbers = [dict(number=r["plate"], hall_code=hall_code, kind=kind, state="assigned", held_for=None,
                        held_until=None, vehicle_id=k + n, person_id=r["owner_person_id"],
                        company_id=r["owner_company_id"], since=r["plate_since"], retained_until=None,
                        updated_at=r["created_at"])
                   for n, (r, kind) in enumerate(zip(rows, kinds))
                   if not (r["cancelled"] or r["moved_out"])]  # a cancelled or moved-out vehicle gave its plates back
        batches.append(([r["vin"] for r in rows], prepare_rows(Vehicle.__table__, rows, bind),
                        prepare_rows(PlateNumber.__table__, numbers, bind)))
    return batches


def draw_vehicle_batches(dialect: str, rng: random.Random, today: date, inspection: InspectionTable, hall_code: str,
                         *snapshot) -> list[tuple]:
    """The register drawn (vehicle_register_snapshot's rest) and made ready to write."""
    return vehicle_batches(hall_code, draw_vehicle_register(rng, today, inspection, hall_code, *snapshot), dialect)


def write_vehicle_register(session_factory: sessionmaker[Session], hall_code: str, batches: list[tuple],
                           progress: Progress | None = None) -> int:
    """The batches (from vehicle_batches) staged (demo_bulk.Staging: the demo's main process writes
    meanwhile), then written REGISTER_COPY vehicles a transaction: the vehicles, and, by their VINs,
    their plate numbers. A batch found written (its first VIN is there: the draw skips the VINs the
    database had) was written by an earlier attempt at the same draw, and is counted, not written
    again."""
    progress = progress or (lambda *_: None)
    added, total = 0, sum(len(vins) for vins, _, _ in batches)
    ids: list[int | None] = [None] * total  # by the vehicle's place in the register, once written
    staged: list[tuple[int, list[str]]] = []  # (place of the first, VINs) of the batches not copied yet
    with reading(session_factory) as session:
        written = set(session.execute(select(Vehicle.vin).where(
            Vehicle.vin.in_([vins[0] for vins, _, _ in batches]))).scalars())
    with Staging(session_factory) as staging:
        def copy() -> int:
            with staging.transaction() as session:
                # The ids by VIN after a plain insert: RETURNING over an executemany splices its
                # batches quadratically in SQLAlchemy (minutes for 60,000 rows).
                after = last_id(session, Vehicle.__table__)
                copied = staging.copy(session, Vehicle.__table__)
                found = iter(ids_of(session, Vehicle.__table__, "vin", [v for _, vs in staged for v in vs], after))
                for first, vs in staged:
                    ids[first:first + len(vs)] = [next(found) for _ in vs]
                staging.copy(session, PlateNumber.__table__, fill=("vehicle_id", list(ids)))
            staged.clear()
            return copied

        start, waiting = 0, 0
        for vins, vehicles, numbers in batches:
            if vins[0] in written:
                added += len(vins)
            else:
                staging.put(Vehicle.__table__, vehicles)
                staging.put(PlateNumber.__table__, numbers)
                staged.append((start, vins))
                waiting += len(vins)
            start += len(vins)
            if waiting >= REGISTER_COPY:
                added += copy()
                waiting = 0
                progress("vehicles", added, total)
        if staged:
            added += copy()
    progress("vehicles", total, total)
    return added


# ---------------------------------------------------------------------------------------------
# A year of vehicle cases

# Business mix of the cases that are not 注册登记 (assumption, no published breakdown for the office):
# share in % of those cases. 注册登记 is not in the table: each vehicle of the register first
# registered on a working day of the year gets its register case that day (~4 % of the cases), so
# the cases and the register agree. 注销 and 迁出 act on vehicles flagged cancelled / moved out.
BUSINESS_MIX: dict[str, float] = {
    "inspection_label": 38.0,  # 检验合格标志核发 (上线检验后领标 and 免检领标)
    "transfer": 15.0,  # 转让登记
    "replace_licence": 4.5, "renew_licence": 3.5, "replace_plate": 3.0, "renew_plate": 1.5,
    "replace_certificate": 1.5, "renew_certificate": 1.0,  # 补换领 15 %
    "mortgage": 7.0, "mortgage_release": 6.0, "pledge": 0.3, "pledge_release": 0.2,  # 抵押/解押
    "temp_plate": 5.0,  # 临时行驶车号牌
    "filing_change": 2.5, "change_colour": 0.6, "change_use": 0.5, "change_engine": 0.2, "change_body": 0.1,
    "co_owner_change": 0.3, "plate_swap": 0.2,  # 变更
    "move_in": 1.5, "move_out": 1.0,  # 转入 / 迁出
    "cancel_scrap": 1.6, "cancel_lost": 0.2, "cancel_export": 0.05, "cancel_return": 0.05,  # 注销
}
REFUSED_RATE = 0.015
DEFERRED_RATE = 0.02  # of all cases; drawn among the businesses that have a deferrable material
DEFERRAL_TERMINATED = 0.08  # of the commitments: not supplied in time
DEFERRAL_POLICY = DeferralPolicy()  # the default policy: 5 working days to supply, 180 days' bar
AGENT_RATE = 0.08  # a person's case brought by an agent (代理人); a company's always
SERVICE_MINUTES = (6.0, 0.45)  # lognormal (median, sigma), as demo_queue's category A
REFUSED_REASONS = ["机动车未按期检验", "有未处理的交通违法记录", "车辆识别代号与档案不符", "申请材料不齐全且不符合容缺条件",
                   "机动车处于抵押状态", "交强险已过期"]
_TERMINAL = {"cancel_scrap", "cancel_lost", "cancel_export", "cancel_return", "move_out"}


def add_year_of_vehicle_cases(session_factory: sessionmaker[Session], hall_code: str, year: int, scale: float,
                              rng: random.Random, catalog: Catalog, until: date | None = None,
                              progress: Progress | None = None) -> int:
    """132,847 × scale cases over the working days of `year` (up to `until`, exclusive), acting on
    the register. Each day draws its own random stream; days that already have cases (or case
    numbers) are drawn again, for the vehicles their 注销 and 迁出 cases took from the pools, but not
    written — so a run after an interrupted one writes what one run would have (the crash campaign:
    skipping them left the pools, shuffled by their size, in another order).

    CaseMaterial rows are written only for 容缺 cases (the ones a window reads back): a row per
    material for every case would be ~800,000 rows a year for nothing the demo shows."""
    drawn = draw_vehicle_cases(hall_code, year, scale, rng, catalog, until, dialect_name(session_factory),
                               *vehicle_case_snapshot(session_factory, hall_code, year))
    return write_vehicle_cases(session_factory, hall_code, drawn, progress)


class _Registered(NamedTuple):
    """A vehicle of the register as the cases see it."""

    id: int
    first_registered: date
    owner_person_id: int | None
    owner_company_id: int | None
    hpzl: str
    plate: str | None
    cancelled: bool
    moved_out: bool
    plate_since: date | None


def vehicle_case_snapshot(session_factory: sessionmaker[Session], hall_code: str, year: int) -> tuple:
    """What the cases are drawn from: the days done, the register, the vehicles given their 注销 or
    迁出 case in another year, and the hall's persons."""
    with reading(session_factory) as session:
        done = set(session.execute(select(VehicleCase.day).where(VehicleCase.hall_code == hall_code).distinct()).scalars())
        done |= set(session.execute(select(DocumentSequence.day).where(
            DocumentSequence.hall_code == hall_code, DocumentSequence.kind == "VC")).scalars())
        rows = [_Registered(*r) for r in session.execute(
            select(Vehicle.id, Vehicle.first_registered, Vehicle.owner_person_id, Vehicle.owner_company_id,
                   Vehicle.hpzl, Vehicle.plate, Vehicle.cancelled, Vehicle.moved_out, Vehicle.plate_since).where(
                Vehicle.hall_code == hall_code, Vehicle.first_registered.is_not(None)).order_by(
                Vehicle.first_registered, Vehicle.id))]
        used_terminal = set(session.execute(select(VehicleCase.vehicle_id).where(
            VehicleCase.hall_code == hall_code, VehicleCase.business.in_(_TERMINAL),
            or_(VehicleCase.day < date(year, 1, 1), VehicleCase.day >= date(year + 1, 1, 1)))).scalars())
        persons = list(session.execute(select(Person.id).where(Person.hall_code == hall_code)
                                       .order_by(Person.id)).scalars())
    return done, rows, used_terminal, persons


def draw_vehicle_cases(hall_code: str, year: int, scale: float, rng: random.Random, catalog: Catalog,
                       until: date | None, dialect: str, done: set[date], rows: list[_Registered],
                       used_terminal: set[int], persons: list[int]) -> tuple[int, list[tuple]]:
    """The year's cases from a snapshot, in batches of whole days: (days, [(cases, extras, seqs,
    days drawn so far)]). Reads and writes nothing."""
    from desktop.services.demo import DEMO_COUNTERS

    days = _working_days(date(year, 1, 1), date(year + 1, 1, 1))
    if not days:
        return 0, []
    cutoff = until or date.max
    if all(d in done for d in days if d < cutoff):
        return len(days), []  # a second run: nothing to write, nothing to replay for
    counters = [n for n, cats, _ in DEMO_COUNTERS if "A" in cats.split(",")]
    bind = bare_dialect(dialect)
    active = [r for r in rows if not (r.cancelled or r.moved_out)]
    active_dates = [r.first_registered for r in active]
    registered_on: dict[date, list] = {}
    for r in active:
        if r.first_registered.year == year:
            registered_on.setdefault(r.first_registered, []).append(r)
    # Cancelled / moved-out vehicles not yet given their case: the pool 注销 and 迁出 draw from.
    gone = {"cancel": [r for r in rows if r.cancelled and r.id not in used_terminal],
            "move_out": [r for r in rows if r.moved_out and not r.cancelled and r.id not in used_terminal]}
    for pool in gone.values():
        random.Random(len(pool)).shuffle(pool)

    codes = list(BUSINESS_MIX)
    shares = [BUSINESS_MIX[c] for c in codes]
    deferrable = {c: [m for m in b.materials if not m.key] for c, b in catalog.businesses.items()}
    deferrable.pop("mortgage_release", None)  # its only non-key item is a court ruling: not a 容缺 case
    eligible = sum(BUSINESS_MIX.get(c, 0) for c, ms in deferrable.items() if ms) / sum(shares)
    deferred_p = min(0.5, DEFERRED_RATE / max(eligible, 0.01))
    per_day = VEHICLE_CASES_PER_YEAR * scale / len(days)

    @lru_cache(maxsize=None)
    def fees(code: str, hpzl: str | None):
        lines = catalog.fees_for(code, hpzl or "02")
        return lines, catalog.total(lines)

    ahead = _working_days(date(year, 1, 1), date(year + 1, 3, 1))

    def working_after(day: date, n: int) -> date:
        """add_working_days(day, n) for the days of the year, from the list (it is hot)."""
        return ahead[bisect.bisect_right(ahead, day) + n - 1] if n > 0 else day

    cases, extras, seqs, batches = [], [], [], []

    for i, day in enumerate(days):
        day_rng = random.Random(rng.random())  # drawn for every day: skipped days do not shift the others
        if day >= cutoff:
            continue
        n_day = max(0, int(day_rng.gauss(per_day, math.sqrt(per_day)) + 0.5))
        upto = bisect.bisect_left(active_dates, day)  # vehicles registered before today
        todays = [("register", v) for v in registered_on.get(day, [])]
        plan = todays + [(c, None) for c in day_rng.choices(codes, shares, k=max(0, n_day - len(todays)))]
        day_cases = []
        for code, vehicle in plan:
            if code in _TERMINAL:
                pool = gone["move_out" if code == "move_out" else "cancel"]
                k = next((j for j in range(len(pool) - 1, -1, -1) if pool[j].first_registered < day), None)
                if k is None:
                    code = "replace_licence"  # the pool ran out: a common small business instead
                else:
                    vehicle = pool.pop(k)
            biz = catalog.business(code)
            if vehicle is None and code != "temp_plate":
                if upto == 0:
                    continue
                vehicle = active[day_rng.randrange(upto)]
            accepted = _at(day, _arrival(day_rng))
            counter = day_rng.choice(counters)
            owner_p = vehicle.owner_person_id if vehicle else day_rng.choice(persons) if persons else None
            owner_c = vehicle.owner_company_id if vehicle else None
            agent = None
            if persons and (owner_c or day_rng.random() < AGENT_RATE):
                agent = day_rng.choice(persons)
                if agent == owner_p:
                    agent = None
            lines, total = fees(code, vehicle.hpzl if vehicle else None)
            detail: dict = {"source": "demo"}
            materials, deferral = [], None
            state, completed = "completed", accepted + timedelta(
                minutes=min(SERVICE_MINUTES[0] * math.exp(day_rng.gauss(0, SERVICE_MINUTES[1])), 60))
            due = working_after(day, biz.time_limit_days)
            r = day_rng.random()
            if r < REFUSED_RATE:
                state, completed, lines, total = "refused", None, [], total * 0
                detail["refused_reason"] = day_rng.choice(REFUSED_REASONS)
            elif r < REFUSED_RATE + deferred_p and deferrable.get(code):
                missing = day_rng.sample(deferrable[code], 1)
                deadline = working_after(day, DEFERRAL_POLICY.deadline_working_days)
                supplied_day = working_after(day, day_rng.choice((1, 1, 2, 2, 3, 4, 5)))
                terminated = day_rng.random() < DEFERRAL_TERMINATED
                if terminated and deadline < cutoff - timedelta(days=1):
                    ended = deadline + timedelta(days=1)  # terminate_overdue runs the morning after
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
                deferral = dict(hall_code=hall_code, case_type="vehicle", business_name=biz.name,
                                person_id=None if owner_c else owner_p, company_id=owner_c,
                                missing="、".join(names), commitment=commitment_text(biz.name, names, deadline),
                                accepted_on=day, deadline=deadline, state=d_state, closed_at=closed,
                                barred_until=barred, notice_serial="")
            elif biz.time_limit_days > 3:  # plates made to order: completed on a later working day
                finish = working_after(day, day_rng.randint(3, biz.time_limit_days))
                if finish < cutoff:
                    completed = _at(finish, _arrival(day_rng))
                else:
                    state, completed = "accepted", None
            # The number the vehicle carries today (a vehicle transferred later had another one at its
            # registration; the demo does not keep a plate history).
            plate = (vehicle.plate or "") if biz.needs_plate_choice and vehicle and state != "refused" else ""
            if code == "register":
                detail["hpzl"] = vehicle.hpzl
            day_cases.append((accepted, dict(
                hall_code=hall_code, day=day, business=code, business_name=biz.name,
                vehicle_id=vehicle.id if vehicle else None,
                applicant_person_id=None if owner_c else owner_p, applicant_company_id=owner_c,
                agent_person_id=agent, ticket_id=None, counter=counter, state=state, plate=plate,
                fee_total=total, due_on=due, detail=_detail_json(tuple(detail.items())),
                accepted_by=f"clerk{(counter - 1) % 6 + 1:02d}", accepted_at=accepted, completed_at=completed,
                notice_serial="", receipt_serial=""), dict(fees=lines, materials=materials, deferral=deferral)))
        day_cases.sort(key=lambda t: t[0])
        if day in done:  # written by an earlier run: replayed for what it took from the pools, not written
            continue
        prefix = f"VC{day:%y%m%d}"
        for seq, (_, case, extra) in enumerate(day_cases, 1):
            case["case_no"] = f"{prefix}{seq:05d}"
            if extra["deferral"]:
                extra["deferral"]["case_no"] = case["case_no"]
            cases.append(case)
            extras.append(extra)
        if day_cases:
            seqs.append(dict(hall_code=hall_code, kind="VC", day=day, last_value=len(day_cases)))
        if len(cases) >= BATCH:
            batches.append(_case_batch(hall_code, cases, extras, seqs, i + 1, bind))
            cases, extras, seqs = [], [], []
    if cases:
        batches.append(_case_batch(hall_code, cases, extras, seqs, len(days), bind))
    return len(days), batches


@lru_cache(maxsize=1024)
def _detail_json(items: tuple) -> str:
    """A case's detail as JSON: a few dozen different ones in a year of ~130,000 cases."""
    return json.dumps(dict(items), ensure_ascii=False)


def case_rows(case_type: str, hall_code: str, cases: list[dict], extras: list[dict],
              ids) -> tuple[list[dict], list[dict], list[dict]]:
    """A day's cases' fee, material and 容缺 rows (the vehicle and the driver demo alike), each case's
    given by its id in `ids` (its place in the batch where the ids are filled in later)."""
    fee_rows, material_rows, deferral_rows = [], [], []
    for case_id, case, extra in zip(ids, cases, extras):
        for line in extra["fees"]:
            fee_rows.append(dict(case_type=case_type, case_id=case_id, hall_code=hall_code, day=case["day"],
                                 item_code=line.item_code, name=line.name, quantity=line.quantity,
                                 unit_amount=line.unit_amount, amount=line.amount))
        for m in extra["materials"]:
            material_rows.append(dict(m, case_type=case_type, case_id=case_id))
        if extra["deferral"]:
            deferral_rows.append(dict(extra["deferral"], case_id=case_id))
    return fee_rows, material_rows, deferral_rows


def _case_batch(hall_code: str, cases: list[dict], extras: list[dict], seqs: list[dict], upto: int, bind) -> tuple:
    """A batch of days made ready to write: the case numbers, the cases, and their fees, 容缺
    materials and commitments with the case's place in the batch for its id."""
    fee_rows, material_rows, deferral_rows = case_rows("vehicle", hall_code, cases, extras, range(len(cases)))
    return (upto, [c["case_no"] for c in cases], prepare_rows(VehicleCase.__table__, cases, bind),
            prepare_rows(CaseFee.__table__, fee_rows, bind), prepare_rows(CaseMaterial.__table__, material_rows, bind),
            prepare_rows(Deferral.__table__, deferral_rows, bind), prepare_rows(DocumentSequence.__table__, seqs, bind))



def write_vehicle_cases(session_factory: sessionmaker[Session], hall_code: str, drawn: tuple[int, list[tuple]],
                        progress: Progress | None = None) -> int:
    """Each batch of days staged (demo_bulk.Staging: the demo's helper process writes meanwhile; and
    binding into the staged tables and copying costs less than binding into the indexed ones), then
    in a transaction: the cases, then (by their numbers) their fees, 容缺 materials and commitments,
    and the days' case numbers."""
    progress = progress or (lambda *_: None)
    n_days, batches = drawn
    if not n_days:
        return 0
    added = 0
    with Staging(session_factory) as staging:
        for upto, case_nos, cases, fees, materials, deferrals, seqs in batches:
            for model, rows in ((VehicleCase, cases), (CaseFee, fees), (CaseMaterial, materials), (Deferral, deferrals),
                                (DocumentSequence, seqs)):
                staging.put(model.__table__, rows)
            with staging.transaction() as session:
                after = last_id(session, VehicleCase.__table__)
                added += staging.copy(session, VehicleCase.__table__)
                ids = ids_of(session, VehicleCase.__table__, "case_no", case_nos, after,
                             VehicleCase.hall_code == hall_code)
                for model in (CaseFee, CaseMaterial, Deferral):
                    staging.copy(session, model.__table__, fill=("case_id", ids))
                staging.copy(session, DocumentSequence.__table__)
            progress("vehicle case days", upto, n_days)
    progress("vehicle case days", n_days, n_days)
    return added

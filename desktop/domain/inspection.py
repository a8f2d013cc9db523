"""机动车安全技术检验周期: when a vehicle's inspection is due and whether it goes on the line.

The cycles are data (resources/catalog/inspection.toml, each rule with its article); every date is
passed in, the clock is never read. How the dates run (pinned by the tests):
- 检验有效期止 is the last day of a month, as the 车管所 print it: the first ends the registration
  month one cycle after 初次登记日期 (2020-03-15, two-year cycle: 2022-03-31); later ones stay on
  that month grid whatever day the vehicle was inspected, so an early or late visit shifts nothing.
- Age at a validity end D = whole months from the registration month. The period from D uses the
  step for that age and ends at the next point of that step's grid, never past the next step's
  start: no period straddles an age boundary (a 2-year period never runs past year 6).
- The regime (Art.16 alone, the 2014 or the 2022 免检) is the one in force on D. A car registered
  before 2022-10-01 joins the reform at its first due date on or after it: a 2016 car is physical at
  6 (2022-05, 2014 rules) and at 7 (2023-05, not a label year), label at 8, physical at 10.
"""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from desktop.domain.errors import RefusedError, ValidationError

Kind = Literal["physical", "label"]
Steps = tuple[tuple[int, int], ...]  # (from_year, months): from that age on, periods of `months`
MINIBUS_CLLX = frozenset({"K39", "K49"})  # 面包车 in the cllx code table (DOMAIN.md §9)
REQUIRED_CATEGORIES = ("operating_passenger", "small_passenger", "school_bus")  # named by the code


@dataclass(frozen=True)
class Category:
    """检验类别 of 实施条例 Art.16, with its cycle steps."""

    key: str
    zh: str
    en: str
    cycle: Steps


@dataclass(frozen=True)
class Exemption:
    """免检 regime: from `effective`, ages in label_years take the label only (免检领标)."""

    name: str
    zh: str
    en: str
    effective: date
    category: str
    max_seats: int
    label_years: tuple[int, ...]
    physical_years: tuple[int, ...]
    cycle: Steps


@dataclass(frozen=True)
class InspectionTable:
    """检验周期表, parsed from resources/catalog/inspection.toml."""

    label_window_months: int
    categories: dict[str, Category]
    exemptions: tuple[Exemption, ...]  # oldest first; the last is the 2022 reform
    excluded_cllx: tuple[str, ...]
    excluded_syxz: tuple[str, ...]
    prefixes: tuple[tuple[str, str], ...]  # (cllx prefix, category), longest prefix first
    default_category: str
    passenger_prefixes: tuple[str, ...]
    operating_syxz: tuple[str, ...]
    school_bus_cllx: tuple[str, ...]
    school_bus_syxz: tuple[str, ...]

    @property
    def reform_effective(self) -> date | None:
        """改革实施日期: when the latest 免检 regime came into force."""
        return self.exemptions[-1].effective if self.exemptions else None


@dataclass(frozen=True)
class VehicleForInspection:
    """What the cycle depends on. valid_until (检验有效期止) is None for a never-inspected new vehicle."""

    cllx: str
    syxz: str
    seats: int | None
    first_registered: date
    valid_until: date | None
    injury_accident: bool = False  # 发生过造成人员伤亡的交通事故
    illegal_modification: bool = False  # 非法改装被依法处罚

    def __post_init__(self) -> None:
        cllx, syxz = (self.cllx or "").strip().upper(), (self.syxz or "").strip().upper()
        if not cllx:
            raise ValidationError("cllx", "cllx_missing", "车辆类型不能为空", "The vehicle type is required")
        if len(syxz) != 1 or not "A" <= syxz <= "Z":
            raise ValidationError("syxz", "syxz_invalid", "使用性质应为一个字母代码，例如 A",
                                  "The use nature is a one-letter code, for example A")
        if self.seats is not None and not 1 <= self.seats <= 999:
            raise ValidationError("seats", "seats_invalid", "核定载客人数须为正整数", "Seats must be a positive number")
        if self.valid_until is not None and self.valid_until < self.first_registered:
            raise ValidationError("valid_until", "valid_until_before_registration", "检验有效期止早于初次登记日期",
                                  "The inspection validity ends before the first registration")
        object.__setattr__(self, "cllx", cllx)
        object.__setattr__(self, "syxz", syxz)


@dataclass(frozen=True)
class InspectionDue:
    """下次检验: the 检验有效期止 to meet, and whether it takes 上线检验 or 免检领标."""

    due: date
    kind: Kind
    window_opens: date
    overdue: bool
    days_left: int
    category: str
    reform: bool  # the 2022 reform governs this due date
    reason_zh: str
    reason_en: str


# --- parsing -------------------------------------------------------------------------------------

_TYPES = {int: ("整数", "a whole number"), str: ("文字", "text"), list: ("列表", "a list"),
          dict: ("表", "a table"), date: ("日期", "a date")}


def _bad(key: str, zh: str, en: str) -> ValidationError:
    return ValidationError(key, "inspection_table_invalid", f"检验周期表 {key}：{zh}", f"Inspection table {key}: {en}")


def _get(data: dict, key: str, where: str, kind: type, *, keys: set[str] | None = None,
         within: tuple[int, int] | None = None):
    """data[key] checked for type, range (`within`) and, for a table, unknown `keys`."""
    name = f"{where}.{key}".lstrip(".")
    if key not in data:
        raise _bad(name, "缺少此项", "is missing")
    value = data[key]
    if not (type(value) is date if kind is date else isinstance(value, kind) and not isinstance(value, bool)):
        raise _bad(name, f"应为{_TYPES[kind][0]}", f"must be {_TYPES[kind][1]}")
    if within and not within[0] <= value <= within[1]:
        raise _bad(name, f"须为{within[0]}至{within[1]}", f"must be {within[0]} to {within[1]}")
    unknown = next((k for k in value if k not in keys), None) if keys else None
    if unknown is not None:  # a typo in a key would otherwise silently fall back to nothing
        raise _bad(f"{name}.{unknown}".lstrip("."), "未知的键", "unknown key")
    return value


def _steps(data: dict, where: str) -> Steps:
    name, raw = f"{where}.cycle", _get(data, "cycle", where, list)
    if not all(isinstance(i, list) and len(i) == 2 and all(type(x) is int for x in i) for i in raw):
        raise _bad(name, "每一项应为 [起始年, 月数]", "each step is [from_year, months]")
    steps = tuple((start, months) for start, months in raw)
    if not steps or steps[0][0] != 0:
        raise _bad(name, "第一项须从第0年开始", "the first step must start at year 0")
    if any(b[0] <= a[0] for a, b in zip(steps, steps[1:])):
        raise _bad(name, "起始年须递增", "the from_years must increase")
    if any(not 1 <= months <= 120 for _, months in steps):
        raise _bad(name, "月数须为1至120", "months must be 1 to 120")
    return steps


def _list(data: dict, key: str, where: str, item: str = "code") -> tuple:
    """A list of codes, of single letters (syxz) or of whole years."""
    values = _get(data, key, where, list)
    if item == "year" and all(type(v) is int and v >= 1 for v in values):
        return tuple(values)
    if item != "year" and all(isinstance(v, str) and v.strip() for v in values):
        codes = tuple(v.strip().upper() for v in values)
        if item == "code" or all(len(c) == 1 and "A" <= c <= "Z" for c in codes):
            return codes
    raise _bad(f"{where}.{key}", "列表内容不正确", "holds a wrong item")


def _category_ref(value: object, name: str, categories: dict) -> str:
    if value not in categories:
        raise _bad(name, f"没有类别 {value}", f"no category {value}")
    return str(value)


def _exemption(raw: object, where: str, categories: dict, previous: list[Exemption]) -> Exemption:
    raw = _get({where: raw}, where, "", dict, keys={"name", "zh", "en", "effective", "category", "max_seats",
                                                    "label_years", "physical_years", "cycle"})
    label, physical = _list(raw, "label_years", where, "year"), _list(raw, "physical_years", where, "year")
    if set(label) & set(physical):
        raise _bad(f"{where}.label_years", "与 physical_years 重复", "overlaps physical_years")
    seats = _get(raw, "max_seats", where, int, within=(1, 99))
    effective = _get(raw, "effective", where, date)
    if previous and effective <= previous[-1].effective:  # "the latest regime in force" needs the order
        raise _bad(f"{where}.effective", "须晚于前一项", "must be after the previous one")
    return Exemption(_get(raw, "name", where, str), _get(raw, "zh", where, str), _get(raw, "en", where, str),
                     effective, _category_ref(_get(raw, "category", where, str), f"{where}.category", categories),
                     seats, label, physical, _steps(raw, where))


def parse_inspection_table(text: str) -> InspectionTable:
    """Read and check inspection.toml; a bad key raises ValidationError naming it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _bad("toml", f"格式错误（{exc}）", f"is not valid TOML ({exc})") from exc
    _get({"": data}, "", "", dict, keys={"label_window_months", "categories", "exemptions", "exclusions", "mapping"})
    categories: dict[str, Category] = {}
    for key in _get(data, "categories", "", dict):
        where, raw = f"categories.{key}", _get(data["categories"], key, "categories", dict, keys={"zh", "en", "cycle"})
        categories[key] = Category(key, _get(raw, "zh", where, str), _get(raw, "en", where, str), _steps(raw, where))
    for key in REQUIRED_CATEGORIES:
        if key not in categories:
            raise _bad(f"categories.{key}", "缺少此类别", "this category is missing")
    exemptions: list[Exemption] = []
    for i, raw in enumerate(_get(data, "exemptions", "", list) if "exemptions" in data else []):
        exemptions.append(_exemption(raw, f"exemptions[{i}]", categories, exemptions))
    exclusions = _get(data, "exclusions", "", dict, keys={"cllx", "syxz"})
    mapping = _get(data, "mapping", "", dict, keys={"default", "prefixes", "passenger", "school_bus"})
    prefixes = [(prefix.strip().upper(), _category_ref(category, f"mapping.prefixes.{prefix}", categories))
                for prefix, category in _get(mapping, "prefixes", "mapping", dict).items()]
    passenger = _get(mapping, "passenger", "mapping", dict, keys={"prefixes", "operating_syxz"})
    school = _get(mapping, "school_bus", "mapping", dict, keys={"cllx", "syxz"})
    return InspectionTable(
        label_window_months=_get(data, "label_window_months", "", int, within=(1, 12)),
        categories=categories, exemptions=tuple(exemptions),
        excluded_cllx=_list(exclusions, "cllx", "exclusions"),
        excluded_syxz=_list(exclusions, "syxz", "exclusions", "letter"),
        prefixes=tuple(sorted(prefixes, key=lambda p: -len(p[0]))),  # longest prefix wins
        default_category=_category_ref(_get(mapping, "default", "mapping", str), "mapping.default", categories),
        passenger_prefixes=_list(passenger, "prefixes", "mapping.passenger"),
        operating_syxz=_list(passenger, "operating_syxz", "mapping.passenger", "letter"),
        school_bus_cllx=_list(school, "cllx", "mapping.school_bus"),
        school_bus_syxz=_list(school, "syxz", "mapping.school_bus", "letter"))


# --- the engine ----------------------------------------------------------------------------------

def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _age_months(vehicle: VehicleForInspection, day: date) -> int:
    reg = vehicle.first_registered
    return (day.year - reg.year) * 12 + day.month - reg.month


def _end_at_age(vehicle: VehicleForInspection, months: int) -> date:
    """检验有效期止 at `months` of age: the last day of that month, counted from the registration month."""
    return _add_months(vehicle.first_registered.replace(day=1), months + 1) - timedelta(days=1)


def _next_age(age: int, steps: Steps) -> int:
    """Age in months at the end of the period that starts at `age` (see the module docstring)."""
    starts = [years * 12 for years, _ in steps]
    i = max(j for j, start in enumerate(starts) if start <= age)
    months = steps[i][1]
    end = starts[i] + ((age - starts[i]) // months + 1) * months
    return min(end, starts[i + 1]) if i + 1 < len(starts) else end


def is_minibus(cllx: str) -> bool:
    """面包车 (K39 小型面包车, K49 微型面包车): excluded from the 免检 reform."""
    return (cllx or "").strip().upper() in MINIBUS_CLLX


def inspection_category(vehicle: VehicleForInspection, table: InspectionTable) -> str:
    """检验类别 from cllx (a code, or a category name itself) and syxz."""
    if vehicle.cllx.lower() in table.categories:
        return vehicle.cllx.lower()
    passenger = vehicle.cllx.startswith(table.passenger_prefixes)
    if vehicle.cllx in table.school_bus_cllx or (passenger and vehicle.syxz in table.school_bus_syxz):
        return "school_bus"
    if passenger and vehicle.syxz in table.operating_syxz:
        return "operating_passenger"
    return next((cat for prefix, cat in table.prefixes if vehicle.cllx.startswith(prefix)), table.default_category)


def _exclusion(vehicle: VehicleForInspection, table: InspectionTable) -> tuple[str, str] | None:
    """Why the vehicle may never take the label only, or None."""
    if vehicle.cllx in table.excluded_cllx:
        what = "面包车" if is_minibus(vehicle.cllx) else f"车辆类型{vehicle.cllx}"
        return f"{what}不适用免检", f"vehicle type {vehicle.cllx} is not exempt"
    if vehicle.syxz in table.excluded_syxz:
        return "由营运转为非营运，不适用免检", "converted from operating use, not exempt"
    if vehicle.injury_accident:
        return "发生过造成人员伤亡的交通事故，不适用免检", "had an accident with injury or death, not exempt"
    if vehicle.illegal_modification:
        return "因非法改装被处罚，不适用免检", "penalised for illegal modification, not exempt"
    return None


def _regime(vehicle: VehicleForInspection, day: date, table: InspectionTable,
            ) -> tuple[Exemption | None, tuple[str, str] | None]:
    """The 免检 regime in force on `day` that covers the vehicle, else None and why not (if it applies)."""
    in_force = [e for e in table.exemptions if e.effective <= day]
    if not in_force or inspection_category(vehicle, table) != in_force[-1].category:
        return None, None
    regime = in_force[-1]
    why = _exclusion(vehicle, table)
    if why is None and vehicle.seats is not None and vehicle.seats > regime.max_seats:
        # Unknown seats count as within the limit: a K3x/K4x body already means at most 9.
        why = (f"核定载客{vehicle.seats}人，超过{regime.max_seats}座，不适用{regime.zh}",
               f"{vehicle.seats} seats, more than {regime.max_seats}: outside the {regime.en}")
    return (None, why) if why else (regime, None)


def _steps_at(vehicle: VehicleForInspection, day: date, table: InspectionTable) -> Steps:
    regime, _ = _regime(vehicle, day, table)
    return regime.cycle if regime else table.categories[inspection_category(vehicle, table)].cycle


def cycle_months(vehicle: VehicleForInspection, age_years: int, table: InspectionTable,
                 at: date | None = None) -> int:
    """检验周期: months of the validity period that starts at `age_years`, under the rules in force
    on `at` (None: the latest rules in the table)."""
    age = age_years * 12
    return _next_age(age, _steps_at(vehicle, at or date.max, table)) - age


def _following(vehicle: VehicleForInspection, end: date, table: InspectionTable) -> date:
    return _end_at_age(vehicle, _next_age(_age_months(vehicle, end), _steps_at(vehicle, end, table)))


def _current_due(vehicle: VehicleForInspection, table: InspectionTable) -> date:
    # A never-inspected vehicle got its first validity at registration (注册登记 issues the 标志).
    return vehicle.valid_until or _following(vehicle, vehicle.first_registered, table)


def initial_validity(vehicle_cllx: str, syxz: str, seats: int | None, registered_on: date,
                     table: InspectionTable) -> date:
    """检验有效期止 issued with 注册登记: the registration month's end, one first cycle on."""
    return _current_due(VehicleForInspection(vehicle_cllx, syxz, seats, registered_on, None), table)


def label_window_opens(due: date, table: InspectionTable) -> date:
    """申领检验合格标志 opens: the first day of the N months ending on `due` (2024-05-31 → 2024-03-01)."""
    return _add_months(due + timedelta(days=1), -table.label_window_months)


def in_label_window(due: date, on: date, table: InspectionTable) -> bool:
    """In the window before expiry, expiry day included; after it the vehicle is overdue (逾期未检验)."""
    return label_window_opens(due, table) <= on <= due


def next_inspection(vehicle: VehicleForInspection, on: date, table: InspectionTable) -> InspectionDue:
    """下次检验: the validity end to meet (never before valid_until) and its kind, seen on `on`."""
    due = _current_due(vehicle, table)
    category = table.categories[inspection_category(vehicle, table)]
    regime, why = _regime(vehicle, due, table)
    age = _age_months(vehicle, due)
    label = regime is not None and age % 12 == 0 and age // 12 in regime.label_years
    years, months = divmod(age, 12)
    age_zh = f"注册{years}年{months}个月" if months else f"注册满{years}年"
    age_en = f"{years} years{f' {months} months' if months else ''} after registration"
    source_zh, source_en = (regime.zh, regime.en) if regime else why or ("实施条例第十六条", "Regulation Art.16")
    return InspectionDue(
        due=due, kind="label" if label else "physical", window_opens=label_window_opens(due, table),
        overdue=on > due, days_left=(due - on).days, category=category.key,
        reform=regime is not None and regime == table.exemptions[-1],
        reason_zh=f"{category.zh}，{age_zh}（{due:%Y-%m-%d}）{'免检领标' if label else '上线检验'}（{source_zh}）",
        reason_en=f"{category.en}, {age_en} ({due:%Y-%m-%d}): "
                  f"{'label only' if label else 'physical inspection'} ({source_en})")


def inspection_validity_after(vehicle: VehicleForInspection, inspected_on: date, table: InspectionTable) -> date:
    """新的检验有效期止 when the inspection or label is issued on `inspected_on`: it follows on from the
    current validity, not from the inspection day; an overdue vehicle moves along the same grid to the
    first validity end after `inspected_on`. Before the window opens it is refused (令164 Arts.54-57)."""
    due = _current_due(vehicle, table)
    opens = label_window_opens(due, table)
    if inspected_on < opens:
        raise RefusedError("inspection_too_early",
                           f"检验有效期至{due:%Y-%m-%d}，{opens:%Y-%m-%d}起方可申请检验",
                           f"Valid until {due:%Y-%m-%d}; an inspection may be applied for from {opens:%Y-%m-%d}")
    end = _following(vehicle, due, table)
    while end <= inspected_on:
        end = _following(vehicle, end, table)
    return end

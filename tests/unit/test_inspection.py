"""机动车安全技术检验周期: every cycle rule of the table, the reform and its exclusions, the window,
overdue, the table's validation, and properties of the due-date sequence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import RefusedError, ValidationError
from desktop.domain.inspection import (
    InspectionTable,
    VehicleForInspection,
    cycle_months,
    in_label_window,
    initial_validity,
    inspection_category,
    inspection_validity_after,
    is_minibus,
    label_window_opens,
    next_inspection,
    parse_inspection_table,
)
from desktop.paths import resource_path

SETTINGS = settings(max_examples=200, deadline=None, database=None)
TEXT = resource_path("catalog", "inspection.toml").read_text(encoding="utf-8")
TABLE = parse_inspection_table(TEXT)
FAR_PAST = date(1990, 1, 1)  # `on` does not change the due date or kind, only overdue/days_left


def vehicle(cllx: str = "K33", syxz: str = "A", seats: int | None = 5, registered: date = date(2020, 5, 15),
            valid_until: date | None = None, **flags: bool) -> VehicleForInspection:
    return VehicleForInspection(cllx, syxz, seats, registered, valid_until, **flags)


def schedule(v: VehicleForInspection, count: int, table: InspectionTable = TABLE) -> list[tuple[str, str]]:
    """The next `count` due dates and kinds, each inspection done on its due date."""
    out = []
    for _ in range(count):
        due = next_inspection(v, FAR_PAST, table)
        out.append((due.due.isoformat(), due.kind))
        v = replace(v, valid_until=inspection_validity_after(v, due.due, table))
    return out


def expand(*pairs: str) -> list[tuple[str, str]]:
    """"2022-05-31 L" → ("2022-05-31", "label"); P is physical."""
    return [(p.split()[0], {"L": "label", "P": "physical"}[p.split()[1]]) for p in pairs]


# --- the cycles -----------------------------------------------------------------------------------

SCHEDULES = {
    # Private car registered 2020-05: 2022 label (2014 rules, before the reform), 2024 label,
    # 2026 physical, 2028 label, 2030 physical (2022 reform), then yearly, 6-monthly after 15 years [M].
    "private car K33": (vehicle(), expand(
        "2022-05-31 L", "2024-05-31 L", "2026-05-31 P", "2028-05-31 L", "2030-05-31 P", "2031-05-31 P",
        "2032-05-31 P", "2033-05-31 P", "2034-05-31 P", "2035-05-31 P", "2035-11-30 P", "2036-05-31 P")),
    "micro car K41": (vehicle("K41", seats=None), expand(
        "2022-05-31 L", "2024-05-31 L", "2026-05-31 P", "2028-05-31 L", "2030-05-31 P", "2031-05-31 P")),
    # 面包车: Art.16(三) alone — every 2 years for 6 years, then yearly, always on the line.
    "minibus K39": (vehicle("K39", seats=7), expand(
        "2022-05-31 P", "2024-05-31 P", "2026-05-31 P", "2027-05-31 P", "2028-05-31 P")),
    "micro minibus K49": (vehicle("K49"), expand("2022-05-31 P", "2024-05-31 P", "2026-05-31 P", "2027-05-31 P")),
    # 营运载客: yearly for 5 years, then 6-monthly (Art.16(一)).
    "operating bus K11 B": (vehicle("K11", "B", 45), expand(
        "2021-05-31 P", "2022-05-31 P", "2023-05-31 P", "2024-05-31 P", "2025-05-31 P", "2025-11-30 P",
        "2026-05-31 P")),
    "taxi K33 D": (vehicle("K33", "D"), expand(
        "2021-05-31 P", "2022-05-31 P", "2023-05-31 P", "2024-05-31 P", "2025-05-31 P", "2025-11-30 P")),
    # 载货: yearly for 10 years, then 6-monthly (Art.16(二)); so are large non-operating buses.
    "truck H11 F": (vehicle("H11", "F", 3), expand(*[f"{y}-05-31 P" for y in range(2021, 2031)],
                                                   "2030-11-30 P", "2031-05-31 P")),
    "private bus K11 A": (vehicle("K11", "A", 30), expand(*[f"{y}-05-31 P" for y in range(2021, 2031)],
                                                         "2030-11-30 P")),
    # 摩托车: every 2 years for 4 years, then yearly (Art.16(四)).
    "motorcycle M21": (vehicle("M21", seats=2), expand("2022-05-31 P", "2024-05-31 P", "2025-05-31 P",
                                                       "2026-05-31 P")),
    "tractor T11": (vehicle("T11", seats=1), expand("2021-05-31 P", "2022-05-31 P", "2023-05-31 P")),
    # 校车: 6-monthly from the start.
    "school bus K38 S": (vehicle("K38", "S", 9), expand("2020-11-30 P", "2021-05-31 P", "2021-11-30 P")),
    "school bus by syxz K11 P": (vehicle("K11", "P", 40), expand("2020-11-30 P", "2021-05-31 P")),
    # Excluded from 免检: Art.16(三) cycle, physical every time.
    "营转非 K33 L": (vehicle("K33", "L"), expand("2022-05-31 P", "2024-05-31 P", "2026-05-31 P", "2027-05-31 P")),
    "出租转非 K33 M": (vehicle("K33", "M"), expand("2022-05-31 P", "2024-05-31 P", "2026-05-31 P")),
    "预约出租转非 K33 U": (vehicle("K33", "U"), expand("2022-05-31 P", "2024-05-31 P", "2026-05-31 P")),
    "injury accident": (vehicle(injury_accident=True), expand("2022-05-31 P", "2024-05-31 P", "2026-05-31 P",
                                                              "2027-05-31 P")),
    "illegal modification": (vehicle(illegal_modification=True), expand("2022-05-31 P", "2024-05-31 P")),
    # Registered before the reform: 2014 rules up to 2022-09-30 (label at 2 and 4, physical at 6, then
    # yearly), the reform from its first due date on or after 2022-10-01: age 7 is not label-only, so
    # physical; the grid then returns to even years: label at 8, physical at 10, yearly after.
    "pre-reform K33 2016": (vehicle(registered=date(2016, 5, 3)), expand(
        "2018-05-31 L", "2020-05-31 L", "2022-05-31 P", "2023-05-31 P", "2024-05-31 L", "2026-05-31 P",
        "2027-05-31 P")),
    # A 7-seat car: outside the 2014 exemption (7座及以上), inside the 2022 reform (≤ 9 seats).
    "7 seats K31 2019": (vehicle("K31", seats=7, registered=date(2019, 3, 10)), expand(
        "2021-03-31 P", "2023-03-31 L", "2025-03-31 P", "2027-03-31 L", "2029-03-31 P", "2030-03-31 P")),
    # Before the 2014 exemption, Art.16 alone; the 6-monthly step after 15 years still applies.
    "old car K33 2010": (vehicle(registered=date(2010, 5, 20)), expand(
        "2012-05-31 P", "2014-05-31 P", "2016-05-31 P", "2017-05-31 P", "2018-05-31 P", "2019-05-31 P",
        "2020-05-31 P", "2021-05-31 P", "2022-05-31 P", "2023-05-31 P", "2024-05-31 P", "2025-05-31 P",
        "2025-11-30 P")),
    # Registered on the last day of a short month: the grid is the month, not the day.
    "registered 29 Feb": (vehicle(registered=date(2024, 2, 29)), expand("2026-02-28 L", "2028-02-29 L",
                                                                        "2030-02-28 P")),
}


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_schedule(name):
    v, expected = SCHEDULES[name]
    assert schedule(v, len(expected)) == expected


@pytest.mark.parametrize("cllx, syxz, registered, valid_until", [
    ("K33", "A", date(2020, 3, 15), date(2022, 3, 31)), ("K33", "D", date(2020, 3, 15), date(2021, 3, 31)),
    ("K38", "S", date(2020, 3, 1), date(2020, 9, 30)), ("M21", "A", date(2023, 12, 31), date(2025, 12, 31)),
])
def test_first_validity_is_the_end_of_the_registration_month(cllx, syxz, registered, valid_until):
    assert initial_validity(cllx, syxz, 5, registered, TABLE) == valid_until
    assert next_inspection(vehicle(cllx, syxz, registered=registered), date(2021, 1, 1), TABLE).due == valid_until


def test_fifteen_year_step_is_configurable():
    """[M] 6-monthly after 15 years under the reform: an office deletes the step to keep cars yearly."""
    text = TEXT.replace("cycle = [[0, 24], [10, 12], [15, 6]]", "cycle = [[0, 24], [10, 12]]")
    assert text != TEXT
    table = parse_inspection_table(text)
    v = vehicle(valid_until=date(2035, 5, 31))
    assert schedule(v, 3, table) == expand("2035-05-31 P", "2036-05-31 P", "2037-05-31 P")
    assert cycle_months(v, 15, table) == 12 and cycle_months(v, 15, TABLE) == 6


@pytest.mark.parametrize("cllx, syxz, category", [
    ("K33", "A", "small_passenger"), ("k33", "a", "small_passenger"), ("K39", "A", "small_passenger"),
    ("K43", "H", "small_passenger"), ("K33", "U", "small_passenger"), ("K11", "A", "goods_large_passenger"),
    ("K21", "A", "goods_large_passenger"), ("K11", "B", "operating_passenger"), ("K33", "D", "operating_passenger"),
    ("K33", "T", "operating_passenger"), ("K33", "G", "operating_passenger"), ("D11", "C", "operating_passenger"),
    ("H11", "F", "goods_large_passenger"), ("H51", "A", "goods_large_passenger"),
    ("Q11", "F", "goods_large_passenger"), ("B11", "F", "goods_large_passenger"),
    ("G11", "F", "goods_large_passenger"), ("N11", "A", "goods_large_passenger"), ("M21", "A", "motorcycle"),
    ("M11", "A", "motorcycle"), ("T11", "A", "other"), ("Z11", "A", "other"), ("X99", "A", "other"),
    ("Y42", "A", "other"), ("K18", "A", "school_bus"), ("K38", "A", "school_bus"), ("K11", "S", "school_bus"),
    ("K31", "O", "school_bus"), ("H11", "S", "goods_large_passenger"), ("motorcycle", "A", "motorcycle"),
])
def test_category(cllx, syxz, category):
    assert inspection_category(vehicle(cllx, syxz), TABLE) == category
    assert next_inspection(vehicle(cllx, syxz), FAR_PAST, TABLE).category == category


@pytest.mark.parametrize("cllx, minibus", [("K39", True), ("k49", True), (" K39 ", True), ("K33", False),
                                           ("K41", False), ("", False)])
def test_is_minibus(cllx, minibus):
    assert is_minibus(cllx) is minibus


@pytest.mark.parametrize("v, age, at, months", [
    (vehicle(), 0, None, 24), (vehicle(), 6, None, 24), (vehicle(), 8, None, 24), (vehicle(), 10, None, 12),
    (vehicle(), 14, None, 12), (vehicle(), 15, None, 6), (vehicle(), 6, date(2020, 1, 1), 12),
    (vehicle(), 4, date(2010, 1, 1), 24), (vehicle("K39"), 6, None, 12), (vehicle(injury_accident=True), 6, None, 12),
    (vehicle("K11", "B"), 4, None, 12), (vehicle("K11", "B"), 5, None, 6), (vehicle("H11", "F"), 9, None, 12),
    (vehicle("H11", "F"), 10, None, 6), (vehicle("M21"), 2, None, 24), (vehicle("M21"), 4, None, 12),
    # Off the grid a period ends at the next grid point or age boundary: never straddles it.
    (vehicle("M21"), 3, None, 12), (vehicle(), 7, None, 12), (vehicle(), 9, None, 12),
    (vehicle("T11"), 20, None, 12), (vehicle("K38", "S"), 0, None, 6),
    (vehicle("K33", seats=10), 6, None, 12),  # over 9 seats: outside the reform
])
def test_cycle_months(v, age, at, months):
    assert cycle_months(v, age, TABLE, at) == months


# --- due, overdue and the window ------------------------------------------------------------------

def test_due_in_window_overdue_and_days_left():
    v = vehicle(valid_until=date(2024, 5, 31))
    before = next_inspection(v, date(2024, 2, 29), TABLE)
    assert (before.due, before.window_opens, before.overdue, before.days_left) == (
        date(2024, 5, 31), date(2024, 3, 1), False, 92)
    assert not in_label_window(before.due, date(2024, 2, 29), TABLE)
    assert in_label_window(before.due, date(2024, 3, 1), TABLE)
    assert in_label_window(before.due, date(2024, 5, 31), TABLE)
    last_day = next_inspection(v, date(2024, 5, 31), TABLE)
    assert (last_day.overdue, last_day.days_left) == (False, 0)
    late = next_inspection(v, date(2024, 6, 1), TABLE)
    assert (late.due, late.overdue, late.days_left) == (date(2024, 5, 31), True, -1)
    assert not in_label_window(late.due, date(2024, 6, 1), TABLE)


@pytest.mark.parametrize("due, opens", [
    (date(2024, 5, 31), date(2024, 3, 1)), (date(2024, 2, 29), date(2023, 12, 1)),
    (date(2023, 11, 30), date(2023, 9, 1)), (date(2024, 5, 15), date(2024, 2, 16)),
    (date(2024, 1, 31), date(2023, 11, 1)),
])
def test_label_window_is_the_three_months_ending_on_the_due_date(due, opens):
    assert TABLE.label_window_months == 3
    assert label_window_opens(due, TABLE) == opens
    assert in_label_window(due, opens, TABLE) and not in_label_window(due, opens - timedelta(days=1), TABLE)


def test_label_window_is_configurable():
    table = parse_inspection_table(TEXT.replace("label_window_months = 3", "label_window_months = 1"))
    assert label_window_opens(date(2024, 5, 31), table) == date(2024, 5, 1)
    assert next_inspection(vehicle(valid_until=date(2024, 5, 31)), FAR_PAST, table).window_opens == date(2024, 5, 1)


def test_reason_names_the_rule():
    label = next_inspection(vehicle(valid_until=date(2024, 5, 31)), FAR_PAST, TABLE)
    assert label.kind == "label" and label.reform
    assert "免检领标" in label.reason_zh and "2022年车检改革" in label.reason_zh and "注册满4年" in label.reason_zh
    assert "label only" in label.reason_en and "2022 reform" in label.reason_en
    minibus = next_inspection(vehicle("K39", valid_until=date(2024, 5, 31)), FAR_PAST, TABLE)
    assert "面包车不适用免检" in minibus.reason_zh and not minibus.reform
    seats = next_inspection(vehicle("K31", seats=7, registered=date(2019, 3, 10)), FAR_PAST, TABLE)
    assert seats.kind == "physical" and "超过6座" in seats.reason_zh and "2014" in seats.reason_en
    bus = next_inspection(vehicle("K11", "B"), FAR_PAST, TABLE)
    assert "实施条例第十六条" in bus.reason_zh and "Art.16" in bus.reason_en
    off_grid = next_inspection(vehicle(valid_until=date(2023, 11, 30)), FAR_PAST, TABLE)
    assert "注册3年6个月" in off_grid.reason_zh and "3 years 6 months" in off_grid.reason_en


def test_validity_after_inspection():
    v = vehicle(valid_until=date(2024, 5, 31))
    assert inspection_validity_after(v, date(2024, 3, 1), TABLE) == date(2026, 5, 31)  # follows on, not from today
    assert inspection_validity_after(v, date(2024, 8, 1), TABLE) == date(2026, 5, 31)  # overdue: same grid
    assert inspection_validity_after(v, date(2026, 7, 1), TABLE) == date(2028, 5, 31)  # a cycle missed
    with pytest.raises(RefusedError) as refused:
        inspection_validity_after(v, date(2024, 2, 29), TABLE)
    assert refused.value.code == "inspection_too_early" and "2024-03-01" in refused.value.message_zh
    # Off the grid (a wrongly kept date): the next end is back on the registration-month grid.
    assert inspection_validity_after(vehicle(valid_until=date(2023, 11, 30)), date(2023, 11, 1),
                                     TABLE) == date(2024, 5, 31)
    # Never inspected: the first validity came with registration.
    assert inspection_validity_after(vehicle(), date(2022, 4, 1), TABLE) == date(2024, 5, 31)


@pytest.mark.parametrize("kwargs, field", [
    ({"cllx": " "}, "cllx"), ({"syxz": "AB"}, "syxz"), ({"syxz": "1"}, "syxz"), ({"syxz": ""}, "syxz"),
    ({"seats": 0}, "seats"), ({"valid_until": date(2020, 5, 1)}, "valid_until"),
])
def test_vehicle_is_checked(kwargs, field):
    with pytest.raises(ValidationError) as bad:
        vehicle(**kwargs)
    assert bad.value.field == field and bad.value.message_zh and bad.value.message_en


# --- the table ------------------------------------------------------------------------------------

def test_table_as_shipped():
    assert TABLE.reform_effective == date(2022, 10, 1)
    assert set(TABLE.excluded_cllx) == {"K39", "K49"} and set(TABLE.excluded_syxz) == {"L", "M", "U"}
    reform = TABLE.exemptions[-1]
    assert (reform.label_years, reform.physical_years, reform.max_seats) == ((2, 4, 8), (6, 10), 9)
    assert TABLE.categories["school_bus"].cycle == ((0, 6),)


@pytest.mark.parametrize("old, new, key", [
    ("label_window_months = 3", "label_window_months = [", "toml"),
    ("label_window_months = 3", "label_window = 3", "label_window"),
    ("label_window_months = 3", "label_window_months = 0", "label_window_months"),
    ("label_window_months = 3", "label_window_months = true", "label_window_months"),
    ("cycle = [[0, 24], [6, 12], [15, 6]]  # Art", "cycle = [[1, 24]]  # Art", "categories.small_passenger.cycle"),
    ("cycle = [[0, 12], [5, 6]]", "cycle = [[0, 12], [5, 0]]", "categories.operating_passenger.cycle"),
    ("cycle = [[0, 24], [4, 12]]", "cycle = [[0, 24], [0, 12]]", "categories.motorcycle.cycle"),
    ("cycle = [[0, 24], [4, 12]]", "cycle = [[0, 24], 4]", "categories.motorcycle.cycle"),
    ('zh = "校车"', 'zh = 1', "categories.school_bus.zh"),
    ("[categories.school_bus]", "[categories.bus_for_schools]", "categories.school_bus"),
    ("effective = 2022-10-01", "effective = 2014-01-01", "exemptions[1].effective"),
    ("effective = 2022-10-01", 'effective = "2022-10-01"', "exemptions[1].effective"),
    ("effective = 2022-10-01", "effective = 2022-10-01T00:00:00", "exemptions[1].effective"),
    ('category = "small_passenger"\nmax_seats = 6', 'category = "cars"\nmax_seats = 6', "exemptions[0].category"),
    ("physical_years = [6, 10]", "physical_years = [6, 8]", "exemptions[1].label_years"),
    ("label_years = [2, 4, 8]", "label_years = [2, 0]", "exemptions[1].label_years"),
    ("max_seats = 9", "max_seats = 0", "exemptions[1].max_seats"),
    ("max_seats = 9", "max_seat = 9", "exemptions[1].max_seat"),
    ('syxz = ["L", "M", "U"]', 'syxz = ["LM"]', "exclusions.syxz"),
    ('K3 = "small_passenger"', 'K3 = "cars"', "mapping.prefixes.K3"),
    ('default = "other"', 'default = "rest"', "mapping.default"),
    ('operating_syxz = ["B"', 'operating = ["B"', "mapping.passenger.operating"),
    ("[mapping.school_bus]", "[mapping.schoolbus]", "mapping.schoolbus"),
])
def test_bad_table_names_the_key(old, new, key):
    assert old in TEXT
    with pytest.raises(ValidationError) as bad:
        parse_inspection_table(TEXT.replace(old, new, 1))
    assert bad.value.field == key
    assert bad.value.message_zh.startswith(f"检验周期表 {key}") and bad.value.message_en.startswith("Inspection table")


def test_table_without_exemptions_is_art16_alone():
    text = TEXT[:TEXT.index("[[exemptions]]")] + TEXT[TEXT.index("# Who never takes the label only"):]
    table = parse_inspection_table(text)
    assert table.reform_effective is None
    assert schedule(vehicle(), 4, table) == expand("2022-05-31 P", "2024-05-31 P", "2026-05-31 P", "2027-05-31 P")


# --- properties -----------------------------------------------------------------------------------

CLLX = ["K33", "K31", "K32", "K34", "K39", "K41", "K43", "K49", "K11", "K21", "K18", "K28", "K38", "H11", "H31",
        "H51", "Q11", "B11", "G11", "M21", "M22", "N11", "T11", "Z11", "D11", "X99"]
EXCLUDED_SYXZ = ["L", "M", "U"]


@st.composite
def vehicles(draw) -> VehicleForInspection:
    registered = draw(st.dates(date(2000, 1, 1), date(2030, 12, 31)))
    valid_until = draw(st.none() | st.integers(0, 25 * 366).map(lambda d: registered + timedelta(days=d)))
    return VehicleForInspection(
        draw(st.sampled_from(CLLX)), draw(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUZ")),
        draw(st.none() | st.integers(1, 60)), registered, valid_until, draw(st.booleans()), draw(st.booleans()))


def excluded(v: VehicleForInspection) -> bool:
    return is_minibus(v.cllx) or v.syxz in EXCLUDED_SYXZ or v.injury_accident or v.illegal_modification


@SETTINGS
@given(vehicles(), st.dates(date(2000, 1, 1), date(2060, 12, 31)))
def test_due_is_never_before_the_last_validity(v, on):
    due = next_inspection(v, on, TABLE)
    if v.valid_until is None:
        assert due.due > v.first_registered and (due.due + timedelta(days=1)).day == 1  # a month end
    else:
        assert due.due == v.valid_until  # the validity to meet is the last one, never earlier
    assert due.overdue == (on > due.due) == (due.days_left < 0)
    assert in_label_window(due.due, on, TABLE) == (due.window_opens <= on <= due.due)
    assert 88 <= (due.due - due.window_opens).days <= 91  # three months, the due day included


@SETTINGS
@given(vehicles(), st.integers(0, 120))
def test_due_dates_strictly_increase_and_excluded_are_physical(v, offset):
    previous = None
    for _ in range(8):
        due = next_inspection(v, FAR_PAST, TABLE)
        if excluded(v) or inspection_category(v, TABLE) != "small_passenger":
            assert due.kind == "physical" and not due.reform
        if previous is not None:
            assert due.due > previous
            assert (due.due + timedelta(days=1)).day == 1  # every later validity ends a month
        previous = due.due
        inspected = min(due.window_opens + timedelta(days=offset), due.due + timedelta(days=400))
        new = inspection_validity_after(v, inspected, TABLE)
        assert new > max(due.due, inspected)
        v = replace(v, valid_until=new)


@SETTINGS
@given(vehicles(), st.integers(0, 91))
def test_the_day_in_the_window_does_not_change_the_new_validity(v, day):
    due = next_inspection(v, FAR_PAST, TABLE)
    inspected = min(due.window_opens + timedelta(days=day), due.due)
    assert inspection_validity_after(v, inspected, TABLE) == inspection_validity_after(v, due.due, TABLE)

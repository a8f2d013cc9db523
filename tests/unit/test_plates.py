"""号牌号码 and 选号: the typed-plate check (moved from identifiers), the draw (50选1), self-composed
numbers (自编号牌), keeping the old number (保留原号牌) and the hpzl table."""

from __future__ import annotations

import random
import zlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import RefusedError, ValidationError
from desktop.domain.plates import (
    LETTERS,
    PLATE_PATTERNS,
    PLATE_TYPES,
    PROVINCES,
    Plate,
    PlatePolicy,
    check_keep_old,
    check_self_composed,
    draw_candidates,
    hpzl_for,
    plate_kind_for,
    random_serial,
    serial_shapes,
    validate_plate,
)

POLICY = PlatePolicy()
KINDS = ["ordinary", "nev_small", "nev_large"]
SETTINGS = settings(max_examples=60, deadline=None, database=None)


def raises_code(func, value, code: str, field: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func(value)
    err = info.value
    assert (err.field, err.code) == (field, code), err.bilingual()
    assert err.message_zh and err.message_en
    return err


# --- 号牌号码 (moved from test_identifiers) ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number", "kind"),
    [
        ("蒙M12345", "蒙M12345", "ordinary"),
        ("蒙M·12345", "蒙M12345", "ordinary"),
        ("蒙m 12345", "蒙M12345", "ordinary"),
        ("蒙M-12345", "蒙M12345", "ordinary"),
        ("蒙M.12345", "蒙M12345", "ordinary"),
        ("蒙Ｍ・１２３４５", "蒙M12345", "ordinary"),
        ("蒙\u3000M\u300012345", "蒙M12345", "ordinary"),
        ("京AB12C3", "京AB12C3", "ordinary"),
        ("蒙M1234挂", "蒙M1234挂", "ordinary"),
        ("蒙M1234学", "蒙M1234学", "ordinary"),
        ("蒙M1234警", "蒙M1234警", "ordinary"),
        ("蒙MD12345", "蒙MD12345", "nev_small"),
        ("蒙MFA1234", "蒙MFA1234", "nev_small"),
        ("粤BK12345", "粤BK12345", "nev_small"),
        ("蒙M12345D", "蒙M12345D", "nev_large"),
        ("蒙m·12345f", "蒙M12345F", "nev_large"),
    ],
)
def test_valid_plates(raw, number, kind):
    assert validate_plate(raw) == Plate(number=number, kind=kind, province=number[0],
                                        authority=number[1])


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("·", "empty"),
        (None, "empty"),
        (12345, "bad_type"),
        ("蒙M1234567", "too_long"),
        ("M12345", "bad_province"),
        ("港A12345", "bad_province"),
        ("\x00M12345", "bad_province"),
        ("蒙M1234", "length"),
        ("蒙", "length"),
        ("蒙I12345", "bad_authority"),
        ("蒙O12345", "bad_authority"),
        ("蒙112345", "bad_authority"),
        ("蒙M1O345", "bad_serial"),
        ("蒙MI2345", "bad_serial"),
        ("蒙M1234港", "bad_serial"),
        ("蒙M123\x005", "bad_serial"),
        ("蒙M123456", "bad_serial"),  # 8 characters but no energy letter
        ("蒙MD1234A", "bad_serial"),
        ("蒙MZ12345", "bad_serial"),  # Z is not an energy letter
        ("蒙MDI1234", "bad_serial"),
    ],
)
def test_plate_errors(raw, code):
    raises_code(validate_plate, raw, code, "plate")


def test_all_31_provinces():
    assert len(PROVINCES) == len(set(PROVINCES)) == 31
    for p in PROVINCES:
        assert validate_plate(f"{p}A12345").province == p



class Opaque:
    """An object of no known kind, with a repr that is the same in every process (test ids under xdist)."""

    def __repr__(self) -> str:
        return "Opaque()"


ODD = [
    None, 0, 1.5, b"\xe8\x92\x99M12345", ["蒙M12345"], {"a": 1}, Opaque(), "", " ", "\u3000", "\t\n",
    "x" * 10_000, "蒙" * 10_000, "😀", "😀" * 7, "' OR 1=1 --", "\x00", "\x00" * 7, "\ud800",
    "\ufdfa" * 7, "\u202e蒙M12345X", "%s%s%n", "<script>", "NaN",
]


@pytest.mark.parametrize("value", ODD, ids=repr)
def test_odd_input_gives_validation_error(value):
    with pytest.raises(ValidationError) as info:
        validate_plate(value)
    assert info.value.field == "plate" and info.value.message_zh and info.value.message_en
    assert "\x00" not in info.value.bilingual()


@SETTINGS
@given(st.one_of(st.text(), st.binary(), st.integers(), st.none(), st.floats()))
def test_arbitrary_input_never_raises_anything_else(value):
    try:
        validate_plate(value)
    except ValidationError as err:
        assert err.field == "plate" and err.code


def test_plate_serial_property():
    assert validate_plate("蒙MD12345").serial == "D12345"


# --- 号牌种类 hpzl and the plate kind of a vehicle ------------------------------------------------


def test_plate_types_are_the_domain_table():
    # DOMAIN.md §9, written out again as the oracle.
    assert PLATE_TYPES == {
        "01": "大型汽车", "02": "小型汽车", "03": "使馆汽车", "04": "领馆汽车", "05": "境外汽车", "06": "外籍汽车",
        "07": "普通摩托车", "08": "轻便摩托车", "13": "低速车", "14": "拖拉机", "15": "挂车", "16": "教练汽车",
        "17": "教练摩托车", "20": "临时入境汽车", "22": "临时行驶车", "23": "警用汽车", "24": "警用摩托",
        "26": "香港入出境车", "27": "澳门入出境车", "51": "大型新能源汽车", "52": "小型新能源汽车",
    }


@pytest.mark.parametrize(("energy", "large", "kind", "hpzl"), [
    ("fuel", False, "ordinary", "02"),
    ("fuel", True, "ordinary", "01"),
    ("hybrid", False, "ordinary", "02"),  # non-plug-in 油电混合 is not 新能源: blue plate
    ("hybrid", True, "ordinary", "01"),
    ("pure_electric", False, "nev_small", "52"),
    ("pure_electric", True, "nev_large", "51"),
    ("plug_in", False, "nev_small", "52"),
    ("plug_in", True, "nev_large", "51"),
    ("range_extender", False, "nev_small", "52"),
    ("fuel_cell", True, "nev_large", "51"),
])
def test_kind_and_plate_type(energy, large, kind, hpzl):
    assert plate_kind_for(energy, large) == kind
    assert hpzl_for(kind, large) == hpzl
    assert hpzl in PLATE_TYPES


@pytest.mark.parametrize("energy", ["steam", "", "FUEL", "electric"])
def test_unknown_energy_is_a_validation_error(energy):
    with pytest.raises(ValidationError) as exc:
        plate_kind_for(energy, False)
    assert (exc.value.field, exc.value.code) == ("energy", "energy_unknown")


def test_hpzl_for_unknown_kind():
    with pytest.raises(ValueError):
        hpzl_for("trailer", False)


# --- PlatePolicy --------------------------------------------------------------------------------


def test_default_ordinary_shapes_are_at_most_two_letters_anywhere():
    assert len(POLICY.ordinary_shapes) == 1 + 5 + 10
    assert serial_shapes((1,)) == ("A####", "#A###", "##A##", "###A#", "####A")
    assert all(shape.count("A") <= 2 for shape in POLICY.ordinary_shapes)


@pytest.mark.parametrize("changes", [
    {"prefix": "蒙"}, {"prefix": "蒙I"}, {"prefix": "港A"}, {"prefix": "蒙MM"},
    {"draw_count": 0}, {"hold_minutes": 0}, {"max_letters": -1},
    {"ordinary_shapes": ()}, {"ordinary_shapes": ("####",)}, {"ordinary_shapes": ("####E",)},
    {"ordinary_shapes": ("####X",)},
    {"nev_small_shapes": ("#E####",)},  # energy letter must come first on a small plate
    {"nev_small_shapes": ("EA###A",)}, {"nev_large_shapes": ("E#####",)},
    {"pure_electric_letters": "F"}, {"pure_electric_letters": ""}, {"other_nev_letters": "D"},
    {"withheld": ("(",)},
])
def test_bad_policy_settings_fail_when_loaded(changes):
    with pytest.raises(ValueError):
        PlatePolicy(**changes)


def test_policy_can_widen_energy_letters():
    policy = PlatePolicy(pure_electric_letters="DA", other_nev_letters="FG")
    assert policy.energy_letters("pure_electric") == "DA"
    assert policy.energy_letters("plug_in") == "FG"
    assert policy.energy_letters(None) == "DAFG"
    with pytest.raises(ValueError):
        policy.energy_letters("fuel")


# --- 50选1: random draw -------------------------------------------------------------------------


def check_drawn(numbers, kind, count, taken=frozenset(), policy=POLICY, energy=None):
    assert len(numbers) == len(set(numbers)) == count
    assert not set(numbers) & set(taken)
    for number in numbers:
        plate = validate_plate(number)
        assert plate.number == number and plate.kind == kind and number.startswith(policy.prefix)
        serial = plate.serial
        assert policy.fits(serial, kind, energy) and not policy.is_withheld(serial)
        if kind == "ordinary":
            assert len(number) == 7 and sum(c in LETTERS for c in serial) <= 2
        elif kind == "nev_small":
            assert len(number) == 8 and serial[0] in policy.energy_letters(energy) and serial[2:].isdigit()
        else:
            assert len(number) == 8 and serial[-1] in policy.energy_letters(energy) and serial[:5].isdigit()
        # A drawn number passes the office's own self-composition rules too.
        assert check_self_composed(number, policy, kind, energy=energy) == plate


@SETTINGS
@given(seed=st.integers(0, 2**64), kind=st.sampled_from(KINDS), taken_count=st.integers(0, 300),
       energy=st.sampled_from([None, "pure_electric", "plug_in", "fuel_cell"]))
def test_draws_are_distinct_valid_free_and_prefixed(seed, kind, taken_count, energy):
    taken = set(draw_candidates(POLICY, kind, taken_count, rng=random.Random(seed + 1), energy=energy))
    numbers = draw_candidates(POLICY, kind, 50, is_taken=taken, rng=random.Random(seed), energy=energy)
    check_drawn(numbers, kind, 50, taken, energy=energy)


@SETTINGS
@given(seed=st.integers(0, 2**32), prefix=st.sampled_from(["蒙M", "京A", "粤B", "蒙A"]),
       kind=st.sampled_from(KINDS))
def test_draws_follow_the_office_prefix(seed, prefix, kind):
    policy = PlatePolicy(prefix=prefix)
    check_drawn(draw_candidates(policy, kind, 20, rng=random.Random(seed)), kind, 20, policy=policy)


@pytest.mark.parametrize(("kind", "energy", "index", "letter"), [
    ("nev_small", "pure_electric", 2, "D"), ("nev_small", "plug_in", 2, "F"),
    ("nev_large", "pure_electric", 7, "D"), ("nev_large", "range_extender", 7, "F"),
])
def test_energy_letter_is_in_place(kind, energy, index, letter):
    numbers = draw_candidates(POLICY, kind, 50, rng=random.Random(3), energy=energy)
    assert all(len(n) == 8 and n[index] == letter for n in numbers)


def test_draw_is_deterministic_with_a_seeded_generator_and_takes_a_callable():
    a = draw_candidates(POLICY, "ordinary", 50, rng=random.Random(7))
    b = draw_candidates(POLICY, "ordinary", 50, is_taken=lambda n: False, rng=random.Random(7))
    c = draw_candidates(POLICY, "ordinary", 50, is_taken=frozenset(), rng=random.Random(7))
    assert a == b == c
    assert a != draw_candidates(POLICY, "ordinary", 50, rng=random.Random(8))


def test_draw_does_not_touch_the_random_module_generator():
    random.seed(1234)
    state = random.getstate()
    numbers = draw_candidates(POLICY, "ordinary", 50)
    assert random.getstate() == state
    check_drawn(numbers, "ordinary", 50)


def test_is_taken_is_asked_once_per_number():
    asked: list[str] = []

    def is_taken(number: str) -> bool:
        asked.append(number)
        return len(asked) % 2 == 0

    numbers = draw_candidates(POLICY, "nev_large", 30, is_taken=is_taken, rng=random.Random(5))
    assert len(asked) == len(set(asked)) and set(numbers) <= set(asked)


def test_a_full_pool_is_refused_not_a_hang():
    calls = 0

    def all_taken(number: str) -> bool:
        nonlocal calls
        calls += 1
        return True

    with pytest.raises(RefusedError) as exc:
        draw_candidates(POLICY, "ordinary", 50, is_taken=all_taken, rng=random.Random(1))
    assert exc.value.code == "plate_pool_exhausted" and exc.value.message_zh and exc.value.message_en
    assert 0 < calls <= 50 * 50 + 200


def test_a_nearly_full_pool_is_refused_and_a_half_full_one_is_not():
    def nearly_full(number: str) -> bool:  # about one number in 1 000 still free
        return zlib.crc32(number.encode()) % 1000 != 0

    with pytest.raises(RefusedError):
        draw_candidates(POLICY, "ordinary", 50, is_taken=nearly_full, rng=random.Random(2))
    half = draw_candidates(POLICY, "ordinary", 50, is_taken=lambda n: ord(n[-1]) % 2 == 0,
                           rng=random.Random(2))
    assert all(ord(n[-1]) % 2 for n in half)


def test_withheld_and_narrowed_shapes_are_never_drawn():
    policy = PlatePolicy(ordinary_shapes=("A####", "#A###"), withheld=(r"4",))  # no 4s: a local custom
    numbers = draw_candidates(policy, "ordinary", 200, rng=random.Random(11))
    check_drawn(numbers, "ordinary", 200, policy=policy)
    assert all("4" not in n and sum(c in LETTERS for c in n[2:]) == 1 for n in numbers)


def test_zero_count_draws_nothing_and_negative_is_a_bug():
    assert draw_candidates(POLICY, "ordinary", 0) == []
    with pytest.raises(ValueError):
        draw_candidates(POLICY, "ordinary", -1)


@SETTINGS
@given(seed=st.integers(0, 2**32), kind=st.sampled_from(KINDS))
def test_random_serial_fits_the_policy(seed, kind):
    serial = random_serial(kind, POLICY, random.Random(seed))
    assert POLICY.fits(serial, kind)
    assert PLATE_PATTERNS[kind].fullmatch(POLICY.prefix + serial)


def test_random_serial_is_uniform_over_the_pool_not_over_shapes():
    # 5 digits are 100 000 of the 7 060 000 default ordinary serials (1.4 %), not 1 shape in 16.
    rng = random.Random(42)
    digits_only = sum(random_serial("ordinary", POLICY, rng).isdigit() for _ in range(10_000))
    assert 80 < digits_only < 220  # expected 141; one shape in 16 would give 625


# --- 自编号牌 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "kind", "energy", "code"), [
    ("京A12345", "ordinary", None, "plate_other_office"),
    ("蒙A12345", "ordinary", None, "plate_other_office"),
    ("蒙MD12345", "ordinary", None, "plate_kind_mismatch"),
    ("蒙M12345", "nev_small", None, "plate_kind_mismatch"),
    ("蒙M12345D", "nev_small", None, "plate_kind_mismatch"),
    ("蒙MD12345", "nev_large", None, "plate_kind_mismatch"),
    ("蒙MF12345", "nev_small", "pure_electric", "plate_energy_mismatch"),
    ("蒙MD12345", "nev_small", "plug_in", "plate_energy_mismatch"),
    ("蒙M12345D", "nev_large", "fuel_cell", "plate_energy_mismatch"),
    ("蒙M1234挂", "ordinary", None, "plate_reserved_ending"),
    ("蒙M1234学", "ordinary", None, "plate_reserved_ending"),
    ("蒙M1234警", "ordinary", None, "plate_reserved_ending"),
    ("蒙MAB1C2", "ordinary", None, "plate_too_many_letters"),
    ("蒙MABCDE", "ordinary", None, "plate_too_many_letters"),
    ("蒙MA12345", "nev_small", None, "plate_pattern_not_allowed"),  # A: GA allows it, the office not yet
    ("蒙M88888", "ordinary", None, "plate_withheld"),
    ("蒙M00000", "ordinary", None, "plate_withheld"),
    ("蒙M00003", "ordinary", None, "plate_withheld"),
    ("蒙MD88888", "nev_small", "pure_electric", "plate_withheld"),
    ("蒙MI2345", "ordinary", None, "bad_serial"),
    ("蒙M1234", "ordinary", None, "length"),
    ("", "ordinary", None, "empty"),
    (None, "ordinary", None, "empty"),
])
def test_self_composed_refusals(number, kind, energy, code):
    err = raises_code(lambda v: check_self_composed(v, POLICY, kind, energy=energy), number, code, "plate")
    assert "/" in err.bilingual()


@pytest.mark.parametrize(("number", "kind", "energy"), [
    ("蒙M3A7K9", "ordinary", None), ("蒙m·12345", "ordinary", None), ("蒙MA1234", "ordinary", None),
    ("蒙M1234Z", "ordinary", None), ("蒙M00010", "ordinary", None), ("蒙MD12345", "nev_small", None),
    ("蒙MDA1234", "nev_small", "pure_electric"), ("蒙MF12345", "nev_small", "plug_in"),
    ("蒙M12345F", "nev_large", "fuel_cell"), ("蒙M12345D", "nev_large", "pure_electric"),
])
def test_self_composed_accepted(number, kind, energy):
    plate = check_self_composed(number, POLICY, kind, energy=energy)
    assert plate == validate_plate(number) and plate.kind == kind


@pytest.mark.parametrize(("number", "code"), [
    ("蒙M12345", "plate_pattern_not_allowed"),  # this office demands one letter
    ("蒙M1A345", "plate_pattern_not_allowed"),  # … in the first position
    ("蒙MAB345", "plate_too_many_letters"),
    ("蒙MA1444", "plate_withheld"),
    ("蒙MA1234", None),
])
def test_self_composition_follows_a_stricter_office(number, code):
    policy = PlatePolicy(ordinary_shapes=("A####",), max_letters=1, withheld=(r"444",))
    if code is None:
        assert check_self_composed(number, policy, "ordinary").number == number
    else:
        raises_code(lambda v: check_self_composed(v, policy, "ordinary"), number, code, "plate")


def test_widened_energy_letters_are_accepted_once_configured():
    policy = PlatePolicy(pure_electric_letters="DA")
    assert check_self_composed("蒙MA12345", policy, "nev_small", energy="pure_electric").kind == "nev_small"


# --- 保留原号牌 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("held_from", "released", "on", "code"), [
    (date(2024, 1, 1), date(2024, 12, 31), date(2025, 1, 5), "plate_held_too_short"),
    (date(2024, 1, 1), date(2025, 1, 1), date(2025, 1, 1), None),  # exactly a year held
    (date(2024, 1, 1), None, date(2024, 12, 31), "plate_held_too_short"),  # given up today
    (date(2024, 1, 1), None, date(2025, 1, 1), None),
    (date(2020, 1, 1), date(2023, 1, 1), date(2025, 1, 1), None),  # the 2-year anniversary itself
    (date(2020, 1, 1), date(2023, 1, 1), date(2025, 1, 2), "plate_keep_expired"),
    (date(2024, 1, 1), date(2025, 1, 1), date(2025, 6, 1), None),
    (date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 1), "plate_held_too_short"),  # full on 1 March
    (date(2024, 2, 29), date(2025, 3, 1), date(2025, 3, 1), None),
    (date(2020, 2, 29), date(2024, 2, 29), date(2026, 3, 1), None),
    (date(2020, 2, 29), date(2024, 2, 29), date(2026, 3, 2), "plate_keep_expired"),
])
def test_keep_old_number(held_from, released, on, code):
    if code is None:
        check_keep_old(held_from, released, on, POLICY)
    else:
        with pytest.raises(RefusedError) as exc:
            check_keep_old(held_from, released, on, POLICY)
        assert exc.value.code == code and exc.value.message_zh and exc.value.message_en


def test_keep_old_reasons_name_the_dates():
    with pytest.raises(RefusedError) as exc:
        check_keep_old(date(2020, 1, 1), date(2023, 1, 1), date(2025, 3, 1), POLICY)
    assert "2023年1月1日" in exc.value.message_zh and "2025年1月1日" in exc.value.message_zh
    assert "2025-01-01" in exc.value.message_en


def test_keep_old_follows_the_policy():
    policy = PlatePolicy(keep_old_years=1, keep_old_min_held_years=3)
    with pytest.raises(RefusedError):
        check_keep_old(date(2020, 1, 1), date(2022, 6, 1), date(2022, 7, 1), policy)
    with pytest.raises(RefusedError):
        check_keep_old(date(2020, 1, 1), date(2023, 6, 1), date(2024, 6, 2), policy)
    check_keep_old(date(2020, 1, 1), date(2023, 6, 1), date(2024, 6, 1), policy)


@pytest.mark.parametrize(("held_from", "released", "on"), [
    (date(2025, 1, 1), date(2024, 1, 1), date(2025, 6, 1)),  # released before it was held
    (date(2024, 1, 1), date(2025, 7, 1), date(2025, 6, 1)),  # released after today
])
def test_keep_old_inconsistent_dates_are_a_bug(held_from, released, on):
    with pytest.raises(ValueError):
        check_keep_old(held_from, released, on, POLICY)

"""号牌号码 and 选号: checking a typed plate number, and the numbers an office hands out — drawn at
random (50选1), composed by the applicant (自编号牌) or kept from a previous vehicle (保留原号牌).

Sources. Formats: GA 36-2018 机动车号牌 — ordinary civil plates are province 简称 + office letter +
5-character serial without I or O (挂/学/警 endings are trailer, learner and police kinds, never
handed out here); new-energy plates have a 6-character serial with the energy letter, first for
small vehicles and last for large ones. Selection: 令164 (机动车登记规定) — computer draw or the
owner's own composition within the office's rules, and the old number kept within 2 years of giving
it up when it was held at least a year (DOMAIN.md §3; article number not yet read [M]). Draw size,
hold time, serial shapes and withheld numbers vary by office and are PlatePolicy values [M].

Pure: no I/O, no clock (dates are passed in), randomness only from the rng passed in.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING

from desktop.domain.errors import RefusedError, ValidationError
from desktop.domain.identifiers import prepare

if TYPE_CHECKING:
    import random

# ---------------------------------------------------------------------------------------------
# 号牌号码 (GA 36-2018 机动车号牌; new-energy plates: GA 36-2018 Annex / 2016 pilot rules)

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"  # 31 简称
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O: they read as 1 and 0
DIGITS = "0123456789"
_P = f"[{PROVINCES}]"
_LETTER = "[A-HJ-NP-Z]"
_ALNUM = "[A-HJ-NP-Z0-9]"
# Energy letter: D 纯电动 / F 非纯电动; where a series runs out, A B C E are further pure-electric
# letters and G H J K further non-pure-electric ones.
PURE_ELECTRIC_LETTERS = "DABCE"
OTHER_NEV_LETTERS = "FGHJK"
_NEV = f"[{PURE_ELECTRIC_LETTERS}{OTHER_NEV_LETTERS}]"
PLATE_PATTERNS: dict[str, re.Pattern[str]] = {
    "ordinary": re.compile(f"{_P}{_LETTER}{_ALNUM}{{4}}[A-HJ-NP-Z0-9挂学警]"),
    "nev_small": re.compile(f"{_P}{_LETTER}{_NEV}{_ALNUM}[0-9]{{4}}"),
    "nev_large": re.compile(f"{_P}{_LETTER}[0-9]{{5}}{_NEV}"),
}
_PLATE_SEPARATORS = "·•・‧.-"
RESERVED_ENDINGS = "挂学警"  # 挂车, 教练车, 警车: their own plate kinds, not issued by this window

# 号牌种类 hpzl (DOMAIN.md §9: the national platform's code table).
PLATE_TYPES: dict[str, str] = {
    "01": "大型汽车", "02": "小型汽车", "03": "使馆汽车", "04": "领馆汽车", "05": "境外汽车",
    "06": "外籍汽车", "07": "普通摩托车", "08": "轻便摩托车", "13": "低速车", "14": "拖拉机",
    "15": "挂车", "16": "教练汽车", "17": "教练摩托车", "20": "临时入境汽车", "22": "临时行驶车",
    "23": "警用汽车", "24": "警用摩托", "26": "香港入出境车", "27": "澳门入出境车",
    "51": "大型新能源汽车", "52": "小型新能源汽车",
}


@dataclass(frozen=True)
class Plate:
    """A checked 号牌号码 without separators: 蒙M12345."""

    number: str
    kind: str  # 'ordinary' | 'nev_small' | 'nev_large'
    province: str  # 省份简称, e.g. 蒙
    authority: str  # 发牌机关代号, e.g. M (阿拉善盟)

    @property
    def serial(self) -> str:
        """序号: what follows province and office letter (12345, D12345)."""
        return self.number[2:]


def validate_plate(value: object, field: str = "plate") -> Plate:
    """Check a 号牌号码 ("蒙M·12345", "蒙m 12345" → 蒙M12345); codes: empty, bad_type,
    too_long, length, bad_province, bad_authority, bad_serial.

    Civil plates only (7 characters, new-energy 8): embassy, Hong Kong/Macao, temporary and
    military plates have other formats and are not accepted here.
    """
    text = prepare(value, field, "号牌号码", "plate number", strip=_PLATE_SEPARATORS)

    def error(code: str, zh: str, en: str) -> ValidationError:
        return ValidationError(field, code, zh, en)

    size_zh = f"应为7位（新能源8位），现为{len(text)}位"
    size_en = f"7 characters (8 for new energy), this one has {len(text)}"
    if len(text) > 8:
        raise error("too_long", f"号牌号码位数过多：{size_zh}", f"The plate number is too long: {size_en}")
    if text[0] not in PROVINCES:
        raise error("bad_province", "号牌号码第一位应为省份简称，如“蒙”",
                    "The plate number must start with a province abbreviation, such as 蒙")
    if len(text) < 7:
        raise error("length", f"号牌号码位数不足：{size_zh}", f"The plate number is too short: {size_en}")
    if not re.fullmatch(_LETTER, text[1]):
        raise error("bad_authority", "号牌号码第二位应为发牌机关字母（不用I、O）",
                    "The second character of the plate must be the issuing office letter (not I or O)")
    for kind in ("ordinary",) if len(text) == 7 else ("nev_small", "nev_large"):
        if PLATE_PATTERNS[kind].fullmatch(text):
            return Plate(number=text, kind=kind, province=text[0], authority=text[1])
    if len(text) == 7:
        raise error("bad_serial", "号牌序号格式不正确", "The plate serial is not in a valid format")
    raise error("bad_serial", "新能源号牌序号格式不正确", "The new-energy plate serial is not in a valid format")


# ---------------------------------------------------------------------------------------------
# 选号 policy

# Serial shapes, one character per position: '#' digit, 'A' letter (no I/O), '*' either,
# 'E' the vehicle's energy letter. They are both what a draw produces and what a self-composed
# number must fit, so an office that narrows one narrows the other.
_SHAPE_CHARS = {"#": DIGITS, "A": LETTERS, "*": LETTERS + DIGITS}
# What GA 36-2018 allows at each serial position; a policy shape must stay inside it.
_GA_POSITIONS = {
    "ordinary": [LETTERS + DIGITS] * 5,
    "nev_small": [PURE_ELECTRIC_LETTERS + OTHER_NEV_LETTERS, LETTERS + DIGITS] + [DIGITS] * 4,
    "nev_large": [DIGITS] * 5 + [PURE_ELECTRIC_LETTERS + OTHER_NEV_LETTERS],
}


def serial_shapes(letters: tuple[int, ...] = (0, 1, 2), length: int = 5) -> tuple[str, ...]:
    """Every placement of the given numbers of letters among digits: (1,) → A####, #A###, …"""
    return tuple("".join("A" if i in at else "#" for i in range(length))
                 for n in letters for at in combinations(range(length), n))


@dataclass(frozen=True)
class PlatePolicy:
    """选号规则: one office's plate choice rules; every number here is a policy value [M]."""

    prefix: str = "蒙M"  # 省份简称 + 发牌机关代号: 阿拉善盟
    draw_count: int = 50  # 50选1: numbers offered per draw
    hold_minutes: int = 10  # a draw's numbers stay held this long for the applicant
    # Ordinary serials: 5 digits, or 1 or 2 letters anywhere among digits (≤ 2 letters is the
    # common self-composition rule [M]; some offices demand a letter or fix its position).
    ordinary_shapes: tuple[str, ...] = serial_shapes((0, 1, 2))
    max_letters: int = 2  # letters in an ordinary serial; checked first for a precise message
    nev_small_shapes: tuple[str, ...] = ("E*####",)  # energy letter first
    nev_large_shapes: tuple[str, ...] = ("#####E",)  # energy letter last
    pure_electric_letters: str = "D"  # widen to "DABCE" when the D series runs out
    other_nev_letters: str = "F"  # widen to "FGHJK"
    # Numbers the office keeps back from draws and self-composition [M]: regexes searched in the
    # serial. Default: five of a kind (00000, 88888, AAAAA) and 00001-00009.
    withheld: tuple[str, ...] = (r"(.)\1{4}", r"^0000[1-9]$")
    keep_old_years: int = 2  # 保留原号牌: within 2 years of giving it up (DOMAIN.md §3)
    keep_old_min_held_years: int = 1  # … when it was held at least 1 year

    def __post_init__(self) -> None:
        # A bad office setting should fail when it is loaded, not as odd numbers in a draw.
        if not re.fullmatch(f"{_P}{_LETTER}", self.prefix):
            raise ValueError(f"plate prefix must be province + office letter, not {self.prefix!r}")
        if self.draw_count < 1 or self.hold_minutes < 1 or self.max_letters < 0:
            raise ValueError("draw_count and hold_minutes must be positive, max_letters ≥ 0")
        if not (self.pure_electric_letters and set(self.pure_electric_letters) <= set(PURE_ELECTRIC_LETTERS)
                and self.other_nev_letters and set(self.other_nev_letters) <= set(OTHER_NEV_LETTERS)):
            raise ValueError("energy letters must come from DABCE (pure electric) and FGHJK (other)")
        for kind, ga in _GA_POSITIONS.items():
            for shape in self.shapes(kind) or ("",):  # no shape at all fails the length test
                fits_ga = len(shape) == len(ga) and all(set(self.chars_for(c, None)) <= set(allowed)
                                                         for c, allowed in zip(shape, ga))
                if not fits_ga or (kind == "ordinary" and "E" in shape):
                    raise ValueError(f"serial shape {shape!r} does not fit a {kind} plate (GA 36-2018)")
        for pattern in self.withheld:
            try:
                re.compile(pattern)
            except re.error as err:
                raise ValueError(f"withheld pattern {pattern!r}: {err}") from None

    def shapes(self, kind: str) -> tuple[str, ...]:
        try:
            return {"ordinary": self.ordinary_shapes, "nev_small": self.nev_small_shapes,
                    "nev_large": self.nev_large_shapes}[kind]
        except KeyError:
            raise ValueError(f"unknown plate kind {kind!r}") from None

    def energy_letters(self, energy: str | None) -> str:
        """The letters a new-energy vehicle's number may carry; None: any of the office's."""
        if energy is None:
            return self.pure_electric_letters + self.other_nev_letters
        if plate_kind_for(energy, False) == "ordinary":
            raise ValueError(f"{energy!r} vehicles take ordinary plates")
        return self.pure_electric_letters if energy == "pure_electric" else self.other_nev_letters

    def chars_for(self, shape_char: str, energy: str | None) -> str:
        if shape_char == "E":
            return self.energy_letters(energy)
        if shape_char not in _SHAPE_CHARS:
            raise ValueError(f"unknown serial shape character {shape_char!r} (use # A * E)")
        return _SHAPE_CHARS[shape_char]

    def fits(self, serial: str, kind: str, energy: str | None = None) -> bool:
        """The serial has one of the policy's shapes for kind."""
        return any(len(shape) == len(serial) and all(ch in self.chars_for(c, energy)
                                                     for c, ch in zip(shape, serial))
                   for shape in self.shapes(kind))

    def is_withheld(self, serial: str) -> bool:
        return any(re.search(p, serial) for p in self.withheld)


# Energy kinds (rlzl in words). "hybrid" is a non-plug-in 油电混合: not 新能源 (it cannot be charged),
# so it takes an ordinary blue plate; plug-in, range-extender and fuel-cell vehicles take F.
ENERGY_NAMES: dict[str, str] = {
    "fuel": "燃油", "hybrid": "油电混合（非插电）", "pure_electric": "纯电动",
    "plug_in": "插电式混合动力", "range_extender": "增程式", "fuel_cell": "燃料电池",
}
_NEW_ENERGY = {"pure_electric", "plug_in", "range_extender", "fuel_cell"}


def plate_kind_for(energy: str, large: bool) -> str:
    """号牌类别: 'ordinary' for fuel cars and non-plug-in hybrids, 'nev_small' / 'nev_large'
    (绿牌, GA 36-2018) for new-energy vehicles; large = 大型 (yellow plate / 51)."""
    if energy not in ENERGY_NAMES:
        raise ValidationError("energy", "energy_unknown", f"未知的能源种类：{energy}",
                              f"Unknown energy kind: {energy}")
    if energy in _NEW_ENERGY:
        return "nev_large" if large else "nev_small"
    return "ordinary"


def hpzl_for(kind: str, large: bool) -> str:
    """号牌种类 of a car: 01 大型汽车, 02 小型汽车, 51 大型新能源汽车, 52 小型新能源汽车.
    For new-energy kinds the kind decides (the serial format is the plate's size)."""
    codes = {"nev_large": "51", "nev_small": "52", "ordinary": "01" if large else "02"}
    if kind not in codes:
        raise ValueError(f"unknown plate kind {kind!r}")
    return codes[kind]


# ---------------------------------------------------------------------------------------------
# 选号: draw, self-composition, keeping the old number


def random_serial(kind: str, policy: PlatePolicy, rng: random.Random, *, energy: str | None = None) -> str:
    """One serial of the policy's shapes for kind, every serial equally likely (a shape is chosen
    in proportion to how many serials it holds, so 5-digit numbers are not over-represented)."""
    return _sampler(kind, policy, energy)(rng)


def _sampler(kind: str, policy: PlatePolicy, energy: str | None) -> Callable[[random.Random], str]:
    shapes = [[policy.chars_for(c, energy) for c in shape] for shape in policy.shapes(kind)]
    sizes = [math.prod(len(chars) for chars in shape) for shape in shapes]
    total = sum(sizes)

    def sample(rng: random.Random) -> str:
        pick = rng.randrange(total)
        for shape, size in zip(shapes, sizes):
            if pick < size:
                return "".join(rng.choice(chars) for chars in shape)
            pick -= size
        raise AssertionError("unreachable")

    return sample


def draw_candidates(policy: PlatePolicy, kind: str, count: int,
                    is_taken: Callable[[str], bool] | Container[str] = (),
                    rng: random.Random | None = None, *, energy: str | None = None) -> list[str]:
    """50选1: `count` distinct free numbers (prefix + serial) drawn at random from the policy's
    shapes, none withheld. rng defaults to secrets.SystemRandom (never the random module's shared,
    predictable generator); a seeded random.Random makes a test repeatable. is_taken is asked at
    most once per number. RefusedError plate_pool_exhausted when the pool cannot supply them."""
    if count < 0:
        raise ValueError("count must be ≥ 0")
    rng = rng if rng is not None else secrets.SystemRandom()
    taken = is_taken if callable(is_taken) else is_taken.__contains__
    sample = _sampler(kind, policy, energy)
    out: list[str] = []
    seen: set[str] = set()
    # Bounded: a nearly full pool ends in a refusal the clerk can act on, not a hang.
    for _ in range(count * 50 + 200):
        if len(out) == count:
            return out
        serial = sample(rng)
        number = policy.prefix + serial
        if number in seen:
            continue
        seen.add(number)
        if policy.is_withheld(serial) or _letters(serial, kind) > policy.max_letters:
            continue
        if not taken(number):
            out.append(number)
    if len(out) == count:
        return out
    raise RefusedError("plate_pool_exhausted", "可选号牌号码不足，无法完成选号，请联系管理员补充号段",
                       "Not enough free plate numbers for a draw; ask the administrator to add a series")


def _letters(serial: str, kind: str) -> int:
    return sum(c.isalpha() for c in serial) if kind == "ordinary" else 0


def check_self_composed(number: object, policy: PlatePolicy, kind: str, *,
                        energy: str | None = None) -> Plate:
    """自编号牌: the applicant's own number, checked against GA 36-2018 and the office's rules.
    kind comes from plate_kind_for(vehicle's energy); energy, when given, fixes D or F.
    Whether the number is free is the caller's question (the store knows)."""
    plate = validate_plate(number, "plate")

    def refuse(code: str, zh: str, en: str) -> ValidationError:
        return ValidationError("plate", code, zh, en)

    if not plate.number.startswith(policy.prefix):
        raise refuse("plate_other_office", f"自编号牌须以“{policy.prefix}”开头",
                     f"A self-composed number must start with {policy.prefix}")
    if plate.kind != kind:
        if kind == "ordinary":
            raise refuse("plate_kind_mismatch", "燃油汽车须选用普通号牌（7位）",
                         "A fuel vehicle takes an ordinary number (7 characters)")
        raise refuse("plate_kind_mismatch",
                      "新能源汽车须选用新能源号牌（8位，小型车字母D/F在前，大型车在后）",
                      "A new-energy vehicle takes a new-energy number (8 characters, D/F first on "
                      "small vehicles, last on large ones)")
    serial = plate.serial
    if energy is not None and kind != "ordinary":
        letter = serial[0] if kind == "nev_small" else serial[-1]
        if letter not in policy.energy_letters(energy):
            pure = energy == "pure_electric"
            raise refuse("plate_energy_mismatch",
                         "纯电动汽车号牌的能源字母应为D" if pure else "非纯电动新能源汽车号牌的能源字母应为F",
                         "A pure-electric vehicle's number carries D" if pure
                         else "A non-pure-electric new-energy vehicle's number carries F")
    if serial[-1] in RESERVED_ENDINGS:
        raise refuse("plate_reserved_ending", "挂、学、警等专用号牌不能自编",
                     "Trailer, learner and police numbers cannot be self-composed")
    if _letters(serial, kind) > policy.max_letters:
        raise refuse("plate_too_many_letters", f"自编号牌序号中字母不能超过{policy.max_letters}个",
                     f"At most {policy.max_letters} letters in a self-composed serial")
    if not policy.fits(serial, kind, energy):
        raise refuse("plate_pattern_not_allowed", "该号码不符合本地自编号牌规则，请换一个号码",
                     "This number does not follow the office's self-composition rules; choose another")
    if policy.is_withheld(serial):
        raise refuse("plate_withheld", "该号码为保留号码，不对外发放", "This number is withheld by the office")
    return plate


def _add_years(day: date, years: int) -> date:
    """Anniversary; from 29 February the years are full on 1 March (as identifiers.age_on)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"  # not strftime: non-ASCII formats fail on some Windows builds


def check_keep_old(held_from: date, released_on: date | None, on: date, policy: PlatePolicy) -> None:
    """保留原号牌: the old number may go on a new vehicle when it was held at least
    keep_old_min_held_years and it is asked for on or before the keep_old_years anniversary of
    giving it up. released_on None: it is given up today (old and new vehicle in one visit)."""
    released = on if released_on is None else released_on
    if not held_from <= released <= on:
        raise ValueError("expected held_from ≤ released_on ≤ on")
    held, keep = policy.keep_old_min_held_years, policy.keep_old_years
    if released < _add_years(held_from, held):
        raise RefusedError("plate_held_too_short",
                           f"原号牌自{_zh(held_from)}起使用，至{_zh(released)}未满{held}年，不能保留",
                           f"The old number was used from {held_from} to {released}, less than {held} "
                           "year(s): it cannot be kept")
    last_day = _add_years(released, keep)
    if on > last_day:
        raise RefusedError("plate_keep_expired",
                           f"原号牌于{_zh(released)}停用，{keep}年保留期已于{_zh(last_day)}届满，不能再使用",
                           f"The old number was given up on {released}; the {keep}-year period to keep it "
                           f"ended on {last_day}")

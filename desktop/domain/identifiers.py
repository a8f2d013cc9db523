"""Identifiers typed at the window: 身份证号, 统一社会信用代码, 车辆识别代号, 手机号码.

号牌号码 are checked in desktop.domain.plates, with the plate choice rules (选号); it uses
:func:`prepare` from here so a typed plate is cleaned up like every other identifier.

Every ``validate_*`` function takes whatever the clerk (or an import file) supplied and either
returns the canonical form or raises :class:`~desktop.domain.errors.ValidationError` with the
field, a stable code and a message a clerk can read out. Odd input (None, numbers, emoji, NUL,
a 10 kB paste) gives a ValidationError too, never another exception.

Codes shared by all validators: ``empty``, ``bad_type`` (not text), ``too_long`` (more characters
than the identifier has), ``length`` (too few / wrong count), ``bad_chars``. Specific ones are
listed on each function.

Pure: no I/O, no clock — ``today`` is passed in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric as _ric
from stdnum.cn import uscc as _uscc
from stdnum.exceptions import ValidationError as _StdnumError

from desktop.domain.errors import ValidationError

# Longer raw input than this is refused before any Unicode work (the longest identifier here is
# 18 characters; the margin allows separators and pasted spaces).
MAX_INPUT_CHARS = 64

# GB/T 2260 county codes of 阿拉善盟 (Alxa League, plate 蒙M), the office's own area.
# DOMAIN.md §6 marks them [M]: check against the current GB/T 2260 list before relying on them.
ALXA_REGIONS: dict[str, str] = {
    "152921": "阿拉善左旗",
    "152922": "阿拉善右旗",
    "152923": "额济纳旗",
}


# ---------------------------------------------------------------------------------------------
# Shared input handling


def normalize(value: str, field: str = "value") -> str:
    """Canonical text of a typed identifier.

    NFKC (full-width ０-９ Ａ-Ｚ → ASCII), every whitespace character removed (including the
    ideographic space U+3000 and invisible format characters such as U+200B / U+FEFF that come
    with copy-paste), then upper case, so a trailing lower-case x becomes X.
    """
    if not isinstance(value, str):
        raise ValidationError(field, "bad_type", "输入内容无法识别", "The input is not text")
    text = unicodedata.normalize("NFKC", value)
    text = "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf"
    )
    return text.upper()


def prepare(value: object, field: str, zh: str, en: str, strip: str = "") -> str:
    """normalize() with the common failures worded for the identifier named zh / en
    (None, not text, longer than MAX_INPUT_CHARS, nothing left); the characters in strip
    (separators such as "·" or "-") are removed too."""
    if value is None:
        raise ValidationError(field, "empty", f"请输入{zh}", f"Please enter the {en}")
    if not isinstance(value, str):
        raise ValidationError(field, "bad_type", f"{zh}内容无法识别", f"The {en} is not text")
    if len(value) > MAX_INPUT_CHARS:
        raise ValidationError(field, "too_long", f"{zh}过长", f"The {en} is too long")
    text = normalize(value, field)
    for ch in strip:
        text = text.replace(ch, "")
    if not text:
        raise ValidationError(field, "empty", f"请输入{zh}", f"Please enter the {en}")
    return text


def _check_length(text: str, size: int, field: str, zh: str, en: str) -> None:
    if len(text) > size:
        raise ValidationError(
            field, "too_long",
            f"{zh}位数过多：应为{size}位，现为{len(text)}位",
            f"The {en} is too long: it must have {size} characters, this one has {len(text)}",
        )
    if len(text) < size:
        raise ValidationError(
            field, "length",
            f"{zh}位数不足：应为{size}位，现为{len(text)}位",
            f"The {en} is too short: it must have {size} characters, this one has {len(text)}",
        )


def _first_bad(text: str, allowed: str) -> int | None:
    """1-based position of the first character not in allowed (positions are read out, the
    character itself is not echoed: it may be invisible or garbage)."""
    for i, ch in enumerate(text, 1):
        if ch not in allowed:
            return i
    return None


_DIGITS = "0123456789"


# ---------------------------------------------------------------------------------------------
# 居民身份证号码 (GB 11643-1999)


@dataclass(frozen=True)
class ResidentId:
    """A checked 18-digit 公民身份号码."""

    number: str
    birth_date: date
    sex: str  # 'M' / 'F': the 17th digit, odd = male
    region_code: str  # first 6 digits, GB/T 2260 county code at issue time


def resident_id_check_digit(first17: str) -> str:
    """GB 11643 check character of the first 17 digits.

    Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 (2^(17-i) mod 11), r = Σ mod 11,
    check = "10X98765432"[r]. Computed by stdnum.cn.ric, which expects the check position
    present (it ignores it); the tests verify it against the table above.
    """
    if not (isinstance(first17, str) and len(first17) == 17 and first17.isascii()
            and first17.isdigit()):
        raise ValueError("first17 must be 17 ASCII digits")
    return _ric.calc_check_digit(first17 + "0")


def make_resident_id(region_code: str, birth: date, sequence: int) -> str:
    """A valid 18-digit number for demo data and tests; sequence 0..999, odd = male."""
    if not (isinstance(region_code, str) and len(region_code) == 6 and region_code.isascii()
            and region_code.isdigit()):
        raise ValueError("region_code must be 6 ASCII digits")
    if not 0 <= sequence <= 999:
        raise ValueError("sequence must be 0..999")
    first17 = f"{region_code}{birth.year:04d}{birth.month:02d}{birth.day:02d}{sequence:03d}"
    return first17 + resident_id_check_digit(first17)


def validate_resident_id(value: object, *, today: date, field: str = "id_number") -> ResidentId:
    """Check a 身份证号; codes: empty, bad_type, too_long, length, obsolete_format, bad_chars,
    bad_birth_date (not a real date or before 1900), bad_check_digit, future_birth_date.

    The region code is not looked up: county codes change and an old card stays valid.
    """
    zh, en = "身份证号", "ID number"
    text = prepare(value, field, zh, en)
    if len(text) == 15 and text.isascii() and text.isdigit():
        raise ValidationError(
            field, "obsolete_format",
            "15位旧身份证号已停用，请使用18位身份证号",
            "15-digit ID numbers are obsolete; use the 18-digit number",
        )
    _check_length(text, 18, field, zh, en)
    bad = _first_bad(text[:17], _DIGITS) or (None if text[17] in _DIGITS + "X" else 18)
    if bad is not None:
        raise ValidationError(
            field, "bad_chars",
            f"身份证号第{bad}位不是数字（只有最后一位可以是X）",
            f"Character {bad} of the ID number is not a digit (only the last one may be X)",
        )
    try:
        birth = _ric.get_birth_date(text)
    except _StdnumError:
        birth = None
    if birth is None or birth.year < 1900:
        raise ValidationError(
            field, "bad_birth_date",
            "身份证号中的出生日期（第7至14位）不是有效日期",
            "The birth date in the ID number (characters 7-14) is not a real date",
        )
    if text[17] != resident_id_check_digit(text[:17]):
        raise ValidationError(
            field, "bad_check_digit", "身份证号校验位错误", "ID number check digit is wrong"
        )
    if birth > today:
        raise ValidationError(
            field, "future_birth_date",
            "身份证号中的出生日期晚于今天",
            "The birth date in the ID number is after today",
        )
    return ResidentId(
        number=text,
        birth_date=birth,
        sex="M" if int(text[16]) % 2 else "F",
        region_code=text[:6],
    )


def age_on(birth: date, day: date) -> int:
    """Full years (周岁) on day. Born 29 February: the year is full on 1 March in common years."""
    if day < birth:
        raise ValueError("day is before birth")
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# ---------------------------------------------------------------------------------------------
# 统一社会信用代码 (GB 32100-2015)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I O Z S V


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character: weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    (3^i mod 31), check = (31 − Σ mod 31) mod 31 in the alphabet above (via stdnum.cn.uscc)."""
    if not (isinstance(first17, str) and len(first17) == 17
            and all(ch in USCC_ALPHABET for ch in first17)):
        raise ValueError("first17 must be 17 characters of the USCC alphabet")
    return _uscc.calc_check_digit(first17)


def make_uscc(first17: str) -> str:
    """A valid code from its first 17 characters, for demo data and tests."""
    return first17 + uscc_check_char(first17)


_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997 组织机构代码


def org_code_check_char(first8: str) -> str:
    """GB 11714 check character of an organisation code (characters 9-17 of a USCC):
    C9 = 11 − Σ(ci × wi) mod 11, with 10 → X and 11 → 0. Digits only here (demo data)."""
    if not (isinstance(first8, str) and len(first8) == 8 and first8.isascii() and first8.isdigit()):
        raise ValueError("first8 must be 8 digits")
    check = 11 - sum(int(c) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_uscc(value: object, field: str = "uscc") -> str:
    """Check a 统一社会信用代码; codes: empty, bad_type, too_long, length, bad_chars,
    bad_check_digit.

    Not stdnum's validate(): it demands 8 leading digits, but GB 32100 registration-authority
    codes include letters (A 中央军委改革和编制办公室, N 农业, Y 其他 — e.g. N2… village
    collectives). Characters 3-8 (the division code) must be digits.
    """
    zh, en = "统一社会信用代码", "unified social credit code"
    text = prepare(value, field, zh, en, strip="-")
    _check_length(text, 18, field, zh, en)
    bad = _first_bad(text, USCC_ALPHABET)
    if bad is not None:
        raise ValidationError(
            field, "bad_chars",
            f"统一社会信用代码第{bad}位字符无效（不使用字母I、O、Z、S、V）",
            f"Character {bad} of the unified social credit code is invalid"
            " (the letters I, O, Z, S, V are not used)",
        )
    bad = _first_bad(text[2:8], _DIGITS)
    if bad is not None:
        raise ValidationError(
            field, "bad_chars",
            f"统一社会信用代码第{bad + 2}位应为数字（第3至8位是行政区划码）",
            f"Character {bad + 2} of the unified social credit code must be a digit"
            " (characters 3-8 are the region code)",
        )
    try:
        ok = text[17] == uscc_check_char(text[:17])
    except (ValueError, _StdnumError):
        ok = False
    if not ok:
        raise ValidationError(
            field, "bad_check_digit",
            "统一社会信用代码校验位错误",
            "Unified social credit code check character is wrong",
        )
    return text


# ---------------------------------------------------------------------------------------------
# 车辆识别代号 VIN (GB 16735-2019, ISO 3779)

VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"  # no I O Q
_VIN_VALUES = {
    **{d: int(d) for d in _DIGITS},
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8,
    "J": 1, "K": 2, "L": 3, "M": 4, "N": 5, "P": 7, "R": 9,
    "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9,
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> str:
    """Check digit (position 9) of a 17-character VIN; whatever is at position 9 is ignored.

    Each character's transliterated value (digits as such, A1 B2 C3 D4 E5 F6 G7 H8 J1 K2 L3 M4
    N5 P7 R9 S2 T3 U4 V5 W6 X7 Y8 Z9) times 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, summed, mod 11;
    10 is written X. Own table rather than vininfo: its verify_checksum() returns False for
    model-year codes U/Z/0 and for makers it knows not to use the digit, which is not GB 16735.
    """
    if not (isinstance(vin, str) and len(vin) == 17):
        raise ValueError("vin must have 17 characters")
    total = 0
    for i, (ch, weight) in enumerate(zip(vin, _VIN_WEIGHTS)):
        if i == 8:
            continue
        if ch not in _VIN_VALUES:
            raise ValueError("vin has a character outside the VIN alphabet")
        total += _VIN_VALUES[ch] * weight
    r = total % 11
    return "X" if r == 10 else str(r)


def make_vin(template: str) -> str:
    """A valid VIN for demo data: 16 characters (position 9 left out) or 17 with any
    placeholder at position 9, which is replaced by the check digit."""
    if isinstance(template, str) and len(template) == 16:
        template = template[:8] + "0" + template[8:]
    check = vin_check_digit(template)
    return template[:8] + check + template[9:]


def validate_vin(value: object, field: str = "vin", *, require_check_digit: bool = True) -> str:
    """Check a 车辆识别代号; codes: empty, bad_type, too_long, length, bad_chars,
    bad_check_digit.

    The check digit sees each character only through its transliterated value, so letters
    sharing a value (A and J both count 1, and so does the digit 1; B K S and 2; …) cannot be
    told apart by the check digit: a VIN misread A→J still passes. Every other single-character
    change is caught (11 is prime and no weight but position 9's own is a multiple of 11).

    require_check_digit=False skips only the check digit, for a vehicle built to a standard
    that leaves position 9 free (some imports); the caller decides, and records why.
    """
    zh, en = "车辆识别代号", "VIN"
    text = prepare(value, field, zh, en)
    _check_length(text, 17, field, zh, en)
    bad = _first_bad(text, VIN_ALPHABET)
    if bad is not None:
        raise ValidationError(
            field, "bad_chars",
            f"车辆识别代号第{bad}位字符无效（只用数字和字母，不用I、O、Q）",
            f"Character {bad} of the VIN is invalid (digits and letters only, no I, O or Q)",
        )
    if require_check_digit and text[8] != vin_check_digit(text):
        raise ValidationError(
            field, "bad_check_digit",
            "车辆识别代号校验位（第9位）错误",
            "VIN check digit (character 9) is wrong",
        )
    return text


# ---------------------------------------------------------------------------------------------
# 手机号码 (mainland China)

_MOBILE = re.compile("1[3-9][0-9]{9}")


def validate_mobile(value: object, field: str = "mobile") -> str:
    """Check a mainland mobile number, +86 / 0086 / 86 removed; codes: empty, bad_type,
    too_long, length, bad_chars, not_mainland, bad_prefix."""
    zh, en = "手机号码", "mobile number"
    text = prepare(value, field, zh, en, strip="-()")
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    else:
        if text.startswith("+"):
            raise ValidationError(
                field, "not_mainland",
                "只能登记中国大陆手机号码",
                "Only mainland China mobile numbers can be recorded",
            )
        if len(text) == 13 and text.startswith("86"):
            text = text[2:]
    bad = _first_bad(text, _DIGITS)
    if bad is not None:
        raise ValidationError(
            field, "bad_chars",
            "手机号码只能由数字组成",
            "The mobile number may contain only digits",
        )
    _check_length(text, 11, field, zh, en)
    if not _MOBILE.fullmatch(text):
        raise ValidationError(
            field, "bad_prefix",
            "手机号码应以13至19开头",
            "A mobile number must start with 13 to 19",
        )
    return text

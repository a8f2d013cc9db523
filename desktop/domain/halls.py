"""Hall-level rules: codes, ticket categories, counter numbers."""

from __future__ import annotations

import re

from desktop.domain.errors import ValidationError

# Default ticket categories of a 车管所 hall (UI.md display board); the queue issue makes them per hall.
DEFAULT_CATEGORIES: dict[str, tuple[str, str]] = {
    "A": ("机动车业务", "Vehicle business"),
    "B": ("驾驶证业务", "Driver business"),
    "C": ("考试业务", "Exam business"),
    "D": ("咨询/其他", "Enquiries / other"),
}

DEFAULT_HALL_CODE = "152900"  # 阿拉善盟 (GB/T 2260 code of the league)
DEFAULT_HALL_NAME = "阿拉善盟车管所"
MAX_COUNTER_NUMBER = 999


def check_hall_code(code: str) -> str:
    value = (code or "").strip().upper() if isinstance(code, str) else ""
    if not re.fullmatch(r"[0-9A-Z]{2,12}", value):
        raise ValidationError("hall_code", "hall_code_invalid", "大厅代码须为2至12位数字或字母",
                              "A hall code is 2 to 12 digits or letters")
    return value


def check_hall_name(name: str) -> str:
    value = (name or "").strip() if isinstance(name, str) else ""
    if not value or len(value) > 80:
        raise ValidationError("hall_name", "hall_name_invalid", "请填写大厅名称（不超过80字）",
                              "Enter the hall's name (at most 80 characters)")
    return value


def check_counter_number(number: object) -> int:
    try:
        value = int(str(number).strip())
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= MAX_COUNTER_NUMBER:
        raise ValidationError("counter", "counter_number_invalid",
                              f"窗口号须为1至{MAX_COUNTER_NUMBER}的整数",
                              f"A counter number is a whole number from 1 to {MAX_COUNTER_NUMBER}")
    return value


def parse_categories(text: str | list[str], known: dict[str, object] | None = None) -> list[str]:
    """"A,B" / "a b" / ["A","B"] → ["A", "B"]; every code must be a known category."""
    known = known if known is not None else DEFAULT_CATEGORIES
    items = text if isinstance(text, list) else re.split(r"[\s,，、;]+", text or "")
    codes: list[str] = []
    for item in items:
        code = item.strip().upper()
        if not code:
            continue
        if code not in known:
            raise ValidationError("categories", "category_unknown",
                                  f"未知的号票类别：{code}（可选：{'、'.join(known)}）",
                                  f"Unknown ticket category: {code} (known: {', '.join(known)})")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValidationError("categories", "categories_empty", "请至少选择一个业务类别",
                              "Choose at least one ticket category")
    return codes

"""Text as people type, paste or import it: control characters kept out, and long input shortened
where a message shows it back.

PostgreSQL cannot store NUL ("\\x00") in text at all, and no C0 control character (NUL, BEL, ESC …)
belongs in a name, a code or an address: they arrive from a broken export or a bad paste. Tab, line
feed and carriage return are left alone (a quoted CSV cell or a typed note may hold a line break)."""

from __future__ import annotations

import re

from desktop.domain.errors import ValidationError

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
ECHO_CHARS = 40  # how much of a person's input a message shows back


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def check_text(value: object, field: str, label_zh: str = "", label_en: str = "") -> str:
    """`value` as given when it is text without control characters ("" for None); a ValidationError
    naming the field otherwise. Nothing is stripped or shortened here."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    found = _CONTROL.search(text)
    if found is not None:
        zh, en = label_zh or field, label_en or field
        raise ValidationError(field, "control_character",
                              f"{zh}中含有不可见的控制字符（{_name(found.group())}），请删除后重新输入",
                              f"The {en} contains an invisible control character ({_name(found.group())}): "
                              "remove it and try again")
    return text


def strip_control(text: str) -> str:
    """For a search box: control characters dropped (a search never stores what it is given)."""
    return _CONTROL.sub("", text)


def shown(value: object, limit: int = ECHO_CHARS) -> str:
    """The input as a message may echo it: at most `limit` characters, the rest elided with "…"
    (a 100,000-character paste must not come back whole in an error dialog)."""
    text = value if isinstance(value, str) else repr(value)
    text = _CONTROL.sub("\ufffd", text)
    return text if len(text) <= limit else text[:limit] + "…"


def _name(char: str) -> str:
    return "NUL" if char == "\x00" else f"U+{ord(char):04X}"

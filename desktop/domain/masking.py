"""Masked display of personal data (脱敏显示) for lists, tickets, screens and exports.

There is no national standard for the masks; these are common practice (DOMAIN.md §7):
ID 152921********1234, mobile 138****1234, names 张*明 / 张*, plate 蒙M1***5. Full values are
shown only on an authorised, logged view — that is the caller's business, not this module's.

Every function is total: it never raises, accepts None / non-text / short input, and on input
shorter than the usual form it shows at most half of the characters.
"""

from __future__ import annotations

STAR = "*"


def _text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _keep_ends(value: object, head: int, tail: int, full: int) -> str:
    """Keep head + tail characters of a value of the usual length full (or longer); a shorter
    value keeps fewer, at most half of it, the tail given up first."""
    text = _text(value)
    n = len(text)
    if n == 0:
        return ""
    if n < full:
        allowed = n // 2
        tail = min(tail, allowed // 2)
        head = min(head, allowed - tail)
    middle = n - head - tail
    return text[:head] + STAR * middle + (text[n - tail:] if tail else "")


def mask_name(value: object) -> str:
    """张三明 → 张*明, 张三 → 张*, 欧阳娜娜 → 欧**娜, a single character → *."""
    text = _text(value)
    n = len(text)
    if n == 0:
        return ""
    if n == 1:
        return STAR
    if n == 2:
        return text[0] + STAR
    return text[0] + STAR * (n - 2) + text[-1]


def mask_id_number(value: object) -> str:
    """152921199001011235 → 152921********1235 (region code and last 4 kept)."""
    return _keep_ends(value, 6, 4, 18)


def mask_mobile(value: object) -> str:
    """13812341234 → 138****1234."""
    return _keep_ends(value, 3, 4, 11)


def mask_plate(value: object) -> str:
    """蒙M12345 → 蒙M1***5 (first 3 and last 1 kept)."""
    return _keep_ends(value, 3, 1, 7)


def mask_uscc(value: object) -> str:
    """91152900MA0N000000 → 9115**********0000 (first 4 and last 4 kept)."""
    return _keep_ends(value, 4, 4, 18)


_ADDRESS_LEVELS = ("街道", "苏木", "嘎查", "镇", "乡", "旗", "县", "区", "市")


def mask_address(value: object) -> str:
    """住址: keep the administrative part (down to 镇/乡/苏木/街道, else 旗/县/区/市) and hide the
    street and house number: 内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇****. Without any such level,
    at most the first third is kept."""
    text = _text(value)
    if not text:
        return ""
    for level in _ADDRESS_LEVELS:
        end = text.rfind(level)
        if end >= 0 and end + len(level) < len(text):
            return text[: end + len(level)] + "****"
    keep = len(text) // 3
    return text[:keep] + "****" if keep else "****"

"""Money as receipts print it: ¥1,234.50 and 人民币大写 (壹仟贰佰叁拾肆元伍角).

Amounts are Decimal yuan, rounded half-up to the fen (分) as a cashier would. The 大写 follows the
usual bank-slip rules: one 零 for each run of zeros inside the number, 整 when there are no jiao
and fen, and 零 between the yuan and a fen with no jiao (壹元零伍分).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")  # groups of four digits; 10**16 and up is refused
_LIMIT = 10**16


def to_fen(amount: Decimal | int | str) -> Decimal:
    """The amount rounded half-up to the fen; ValueError for NaN or infinity."""
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"not an amount of money: {amount!r}")
    return value.quantize(FEN, ROUND_HALF_UP)


def format_yuan(amount: Decimal | int | str) -> str:
    """¥ with thousands separators and two decimals: Decimal("1234.5") → ¥1,234.50."""
    value = to_fen(amount)
    return f"-¥{-value:,.2f}" if value < 0 else f"¥{value:,.2f}"


def _four(n: int) -> str:
    """0 < n < 10000 → 壹仟零伍 style, with one 零 for each run of zeros inside."""
    out: list[str] = []
    zero = False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + _SMALL_UNITS[pos])
    return "".join(out)


def _yuan_words(yuan: int) -> str:
    groups: list[int] = []
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    words, gap = "", False
    for idx in range(len(groups) - 1, -1, -1):
        group = groups[idx]
        if group == 0:
            gap = bool(words)
            continue
        # 壹万零壹拾 (a short group after a higher one) and 壹亿零伍佰万 (an empty group between).
        if words and (gap or group < 1000):
            words += "零"
        words += _four(group) + _BIG_UNITS[idx]
        gap = False
    return words


def amount_in_words(amount: Decimal | int | str) -> str:
    """人民币大写 of an amount in yuan, to the fen: 120 → 壹佰贰拾元整, 1.05 → 壹元零伍分,
    10010.5 → 壹万零壹拾元伍角. ValueError for a negative amount (a receipt states what was paid)."""
    value = to_fen(amount)
    if value < 0:
        raise ValueError(f"amount_in_words: the amount must not be negative ({value})")
    fen_total = int(value * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if yuan >= _LIMIT:
        raise ValueError(f"amount_in_words: the amount is too large ({value})")
    words = _yuan_words(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif words:
        words += "零"
    if fen:
        words += _DIGITS[fen] + "分"
    return words

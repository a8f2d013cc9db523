"""Dates, numbers and money as the UI language writes them.

Chinese (the house style, as on the office's own forms): 2026-11-27 in tables and cards, 2026年11月27日
in a sentence, 周五, ¥1,234.50. English: 27 Nov 2026, 27 November 2026, Fri, CNY 1,234.50 (the ISO code:
"¥" alone reads as yen to many English readers). Both group thousands with a comma.

Fixed tables rather than strftime's %b / %A: those follow the process's C locale, which on a Chinese
Windows or UOS machine is Chinese whatever the UI language.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from desktop.ui.notify import ui_language

_ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
WEEKDAYS_SHORT_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _en(lang: str | None) -> bool:
    return (lang or ui_language()) == "en"


def english(lang: str | None = None) -> bool:
    """Whether the UI speaks English (for a service's text that comes as zh and en twins)."""
    return _en(lang)


def day(d: date | None, lang: str | None = None) -> str:
    """A date in a table or a card: 2026-11-27 / 27 Nov 2026 ("" for None)."""
    if d is None:
        return ""
    if _en(lang):
        return f"{d.day} {MONTHS_EN[d.month - 1][:3]} {d.year}"
    return f"{d:%Y-%m-%d}"


def edit_format(lang: str | None = None) -> str:
    """A QDateEdit's display format: 2026-11-27 / 27 Nov 2026 (Qt names the month in the default
    QLocale, which the translator sets to the UI language)."""
    return "d MMM yyyy" if _en(lang) else "yyyy-MM-dd"


def days_in(text: str, lang: str | None = None) -> str:
    """A service's English sentence with its ISO dates ("C5 probation until 2027-09-28") written the
    way `day` writes them; Chinese text is returned as it is (its services write 2027年09月28日)."""
    if not _en(lang):
        return text
    return _ISO_DAY.sub(lambda m: day(date.fromisoformat(m.group(0)), lang), text)


def long_day(d: date, lang: str | None = None) -> str:
    """A date in a sentence or a heading: 2026年11月27日 / 27 November 2026."""
    if _en(lang):
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return f"{d:%Y年%m月%d日}"  # zero-padded, as the office's printed notices write it


def month_day(d: date, lang: str | None = None) -> str:
    """Day and month only: 11月27日 / 27 Nov."""
    if _en(lang):
        return f"{d.day} {MONTHS_EN[d.month - 1][:3]}"
    return f"{d:%m月%d日}"


def weekday(d: date, lang: str | None = None, *, short: bool = True) -> str:
    """周五 / Fri (short), 星期五 / Friday."""
    if _en(lang):
        name = WEEKDAYS_EN[d.weekday()]
        return name[:3] if short else name
    return (WEEKDAYS_SHORT_ZH if short else WEEKDAYS_ZH)[d.weekday()]


def day_time(moment: datetime, lang: str | None = None) -> str:
    """2026-11-27 09:41 / 27 Nov 2026 09:41 (24-hour in both: the hall's clock)."""
    return f"{day(moment.date(), lang)} {moment:%H:%M}"


def number(n: int | float | Decimal, lang: str | None = None, *, decimals: int = 0) -> str:
    """1,234 (or 1,234.5 with decimals=1): the same grouping in both languages."""
    return f"{n:,.{decimals}f}"


def money(amount: int | float | Decimal, lang: str | None = None) -> str:
    """¥1,234.50 / CNY 1,234.50."""
    value = f"{Decimal(str(amount)):,.2f}"
    if value.startswith("-"):
        return f"-{money(-Decimal(str(amount)), lang)}"
    return f"CNY {value}" if _en(lang) else f"¥{value}"

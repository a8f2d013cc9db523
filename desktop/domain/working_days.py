"""Working days (工作日) per China's official holiday calendar (chinese-calendar), with a weekday
fallback for years the library does not know yet, and the hall's own closed days."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


def is_working_day(day: date, closed: Collection[date] = ()) -> bool:
    if day in closed:
        return False
    return _official_working_day(day)


@lru_cache(maxsize=1 << 16)  # chinese_calendar validates its argument on every call: ~40 % of a small demo
def _official_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the library has no data for: Monday to Friday
        return day.weekday() < 5


def add_working_days(start: date, n: int, closed: Collection[date] = ()) -> date:
    """The n-th working day after `start` (n ≥ 0; 0 gives start itself)."""
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, closed):
            left -= 1
    return day

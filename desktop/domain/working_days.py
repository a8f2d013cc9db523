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


# The library's own tables and its rule for a day of a year it knows: a 调休 working day, or Monday
# to Friday that is not a holiday. Its is_workday() checks the year by scanning the whole holiday
# table twice on every call (~50 µs: a second of the demo year, which looks up ~20 years of days).
_KNOWN_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


@lru_cache(maxsize=1 << 16)
def _official_working_day(day: date) -> bool:
    if day.year not in _KNOWN_YEARS:  # a year the library has no data for: Monday to Friday
        return day.weekday() < 5
    return day in chinese_calendar.workdays or (day.weekday() < 5 and day not in chinese_calendar.holidays)


def add_working_days(start: date, n: int, closed: Collection[date] = ()) -> date:
    """The n-th working day after `start` (n ≥ 0; 0 gives start itself)."""
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, closed):
            left -= 1
    return day

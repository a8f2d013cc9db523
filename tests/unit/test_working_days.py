"""Working days: chinese-calendar's answer for every day of the years it knows, Monday to Friday
for the others, and the hall's closed days on top."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

from desktop.domain.working_days import add_working_days, is_working_day


def test_every_day_the_library_knows_is_answered_as_the_library_does():
    years = sorted({d.year for d in chinese_calendar.holidays})
    day, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    checked = 0
    while day <= last:
        assert is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
        checked += 1
    assert checked > 365 * 20
    assert not is_working_day(date(2026, 10, 1)) and is_working_day(date(2026, 9, 20))  # 国庆; a 调休 Sunday


def test_years_without_data_are_monday_to_friday():
    after = max(chinese_calendar.holidays).year + 1
    monday = date(after, 1, 1) + timedelta(days=(7 - date(after, 1, 1).weekday()) % 7)
    assert [is_working_day(monday + timedelta(days=n)) for n in range(7)] == [True] * 5 + [False] * 2
    assert is_working_day(date(2003, 12, 31)) and not is_working_day(date(2003, 12, 28))


def test_closed_days_and_adding_working_days():
    assert not is_working_day(date(2026, 11, 27), closed={date(2026, 11, 27)})
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)  # over the National Day week
    assert add_working_days(date(2026, 11, 26), 2, closed={date(2026, 11, 27)}) == date(2026, 12, 1)

"""The bounds the bad-input campaign found missing: tally years, plan dates, a new vehicle's numbers,
and a mistyped ID number that happens to be a valid USCC."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.errors import ValidationError
from desktop.domain.exam_allocation import MAX_PLAN_AHEAD_DAYS, WeeklySlot, check_plan_dates, plan_sessions
from desktop.domain.identifiers import make_resident_id, uscc_check_char
from desktop.domain.tallies import FIRST_YEAR, LAST_YEAR, check_year
from desktop.domain.vehicle_rules import MAX_SEATS, MAX_TOTAL_MASS_KG, check_vehicle_numbers
from desktop.services.parties import classify_party_id

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize("year", [FIRST_YEAR, 2026, LAST_YEAR])
def test_years_in_range(year):
    assert check_year(year) == year


@pytest.mark.parametrize("year", [0, 1, FIRST_YEAR - 1, LAST_YEAR + 1, 9999, 10000, -1, True, "2026", 2026.0, None])
def test_years_out_of_range_or_not_a_year(year):
    with pytest.raises(ValidationError) as exc:
        check_year(year)
    assert exc.value.field == "year" and str(FIRST_YEAR) in exc.value.message_zh


def test_plan_dates():
    check_plan_dates(TODAY + timedelta(1), TODAY + timedelta(30), TODAY)
    check_plan_dates(TODAY + timedelta(MAX_PLAN_AHEAD_DAYS), TODAY + timedelta(MAX_PLAN_AHEAD_DAYS + 5), TODAY)
    for first, last, code in [(TODAY, TODAY + timedelta(3), "plan_in_past"),
                              (TODAY + timedelta(MAX_PLAN_AHEAD_DAYS + 1), TODAY + timedelta(400), "plan_too_far"),
                              (date(9999, 12, 20), date(9999, 12, 31), "plan_too_far"),
                              (TODAY + timedelta(9), TODAY + timedelta(8), "plan_range"),
                              (TODAY + timedelta(1), TODAY + timedelta(400), "plan_too_long")]:
        with pytest.raises(ValidationError) as exc:
            check_plan_dates(first, last, TODAY)
        assert exc.value.code == code


def test_a_plan_up_to_the_last_day_of_the_calendar_does_not_overflow():
    sessions = plan_sessions([WeeklySlot(0, "am", "1", 10, frozenset({"C1"}))], date(9999, 12, 20), date.max)
    assert [s.day for s in sessions] == [date(9999, 12, 20), date(9999, 12, 27)]


def test_vehicle_numbers():
    check_vehicle_numbers(None, None)
    check_vehicle_numbers(MAX_SEATS, MAX_TOTAL_MASS_KG)
    for seats, mass, field in [(0, None, "seats"), (MAX_SEATS + 1, None, "seats"), (2**70, None, "seats"),
                               (True, None, "seats"), ("5", None, "seats"), (5, 0, "total_mass_kg"),
                               (5, 2**70, "total_mass_kg"), (5, 1500.5, "total_mass_kg")]:
        with pytest.raises(ValidationError) as exc:
            check_vehicle_numbers(seats, mass)
        assert exc.value.field == field


def test_a_mistyped_id_number_stays_an_id_number_whatever_its_last_character():
    good = make_resident_id("152921", date(1980, 3, 4), 7)
    for wrong in (c for c in "0123456789X" if c != good[17]):
        with pytest.raises(ValidationError) as exc:
            classify_party_id(good[:17] + wrong, "owner_id", TODAY)
        assert exc.value.code == "bad_check_digit", (wrong, uscc_check_char(good[:17]))
    assert classify_party_id(good, "owner_id", TODAY) == ("p", good)
    # 17 digits without a birth date in 7-14 may still be a company's all-digit USCC.
    first17 = "91152900" + "99" + "1234567"
    assert classify_party_id(first17 + uscc_check_char(first17), "owner_id", TODAY)[0] == "c"

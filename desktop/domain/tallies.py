"""Monthly tallies (月度统计): the figures the office reports, as plain values — what a month or a
year's tally holds, how a change on an earlier period is worded (同比 / 环比, as the office's review
writes it: "下降46.61%"), percentiles, and the machine-readable form that `export merge` reads.

Pure: no database, no Qt. The service (desktop/services/tallies.py) fills these in."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from desktop.domain.errors import ValidationError
from desktop.domain.text import shown

JSON_VERSION = 1
EXPORT_FORMATS = ("xlsx", "csv", "pdf")  # the files a tally is written as (the JSON always)
NO_COMPARISON = "—"
UNCHANGED = "持平"
# The years a tally can be asked for. 同比 needs the year before and a December its next January,
# so the calendar's own limits (1 … 9999) are out; a four-digit year typed wrong (0000, 9999, 20266)
# is refused with the range rather than a date error. Generous: the hall's records start in the 2000s.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError("year", "year_invalid", f"年份应在{FIRST_YEAR}至{LAST_YEAR}之间，收到：{shown(year)}",
                              f"The year must be from {FIRST_YEAR} to {LAST_YEAR}; got {shown(year)}")
    return year


@dataclass(frozen=True)
class Change:
    """同比 / 环比: the change on an earlier period.

    `pct` is the relative change in per cent, rounded to two places — also for figures that are
    themselves shares (a satisfied share going from 90 % to 81 % is 下降10.00%, as the review words
    every change). `pct` is None when there is nothing to divide by: no earlier figure (text "—"),
    or an earlier figure of 0 (text "持平" when the figure is still 0, "—" otherwise)."""

    previous: float | None
    pct: float | None
    text: str


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: float
    unit: str
    yoy: Change  # 同比: the same month a year before (for a year: the year before)
    mom: Change  # 环比: the month before (for a year: "—")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]  # numbers stay numbers (int, float, Decimal); None = not available
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MonthTally:
    hall_code: str  # a hall's code, or "all" for every hall of the database merged
    hall_name: str
    year: int
    month: int | None  # None: the whole year
    headlines: tuple[Headline, ...]
    sections: tuple[Section, ...]
    daily: tuple[tuple[date, int, int, int], ...]  # (day, vehicle cases, driver cases, tickets), every day
    generated_at: datetime

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def headline(self, key: str) -> Headline:
        for h in self.headlines:
            if h.key == key:
                return h
        raise KeyError(key)

    @property
    def period(self) -> str:
        """"2026-03" for a month, "2026" for a year."""
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"


def change(value: float, previous: float | None) -> Change:
    """同比/环比 as the review states it: change(533.9, 1000) → Change(1000, -46.61, "下降46.61%")."""
    if previous is None:
        return Change(None, None, NO_COMPARISON)
    if previous == 0:
        return Change(previous, None, UNCHANGED if value == 0 else NO_COMPARISON)
    pct = round((value - previous) / abs(previous) * 100, 2)
    if pct == 0:
        return Change(previous, 0.0, UNCHANGED)
    return Change(previous, pct, f"{'上升' if pct > 0 else '下降'}{abs(pct):.2f}%")


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0 ≤ q ≤ 100) by linear interpolation between the closest ranks — the
    method numpy and Excel's PERCENTILE.INC use (rank h = (n − 1)·q/100, interpolate between the
    values at floor(h) and ceil(h)). None for no values."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q must be within 0..100, not {q}")
    if not values:
        return None
    ordered = sorted(values)
    h = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(h), math.ceil(h)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (h - lo)


# --- the machine-readable form -------------------------------------------------------------------
# Cells are JSON numbers, strings or null; a Decimal cell is written as a string and a date cell as
# an ISO string, and the section lists which columns hold them ("decimal_columns", "date_columns")
# so that tally_from_json gives back the same values.


def _cell_to_json(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _section_to_json(s: Section) -> dict:
    decimals = sorted({i for row in s.rows for i, v in enumerate(row) if isinstance(v, Decimal)})
    dates = sorted({i for row in s.rows for i, v in enumerate(row)
                    if isinstance(v, date) and not isinstance(v, datetime)})
    return {"key": s.key, "title": s.title, "headers": list(s.headers),
            "rows": [[_cell_to_json(v) for v in row] for row in s.rows], "notes": list(s.notes),
            "decimal_columns": decimals, "date_columns": dates}


def _section_from_json(d: dict) -> Section:
    decimals, dates = set(d.get("decimal_columns", ())), set(d.get("date_columns", ()))

    def cell(i: int, v: object) -> object:
        if isinstance(v, str) and i in decimals:
            return Decimal(v)
        if isinstance(v, str) and i in dates:
            return date.fromisoformat(v)
        return v

    return Section(key=d["key"], title=d["title"], headers=tuple(d["headers"]),
                   rows=tuple(tuple(cell(i, v) for i, v in enumerate(row)) for row in d["rows"]),
                   notes=tuple(d.get("notes", ())))


def _change_to_json(c: Change) -> dict:
    return {"previous": c.previous, "pct": c.pct, "text": c.text}


def _change_from_json(d: dict) -> Change:
    return Change(previous=d["previous"], pct=d["pct"], text=d["text"])


def tally_to_json(t: MonthTally) -> dict:
    """A JSON-ready dict (json.dumps(..., ensure_ascii=False) writes it): dates ISO, Decimal → str."""
    return {
        "format": "counterdesk-tally", "version": JSON_VERSION,
        "hall_code": t.hall_code, "hall_name": t.hall_name, "year": t.year, "month": t.month,
        "generated_at": t.generated_at.isoformat(),
        "headlines": [{"key": h.key, "label": h.label, "value": h.value, "unit": h.unit,
                       "yoy": _change_to_json(h.yoy), "mom": _change_to_json(h.mom)} for h in t.headlines],
        "sections": [_section_to_json(s) for s in t.sections],
        "daily": [[d.isoformat(), v, dr, tk] for d, v, dr, tk in t.daily],
    }


def tally_from_json(d: dict) -> MonthTally:
    """The inverse of tally_to_json; refuses what is not a tally of a version it knows."""
    if d.get("format") != "counterdesk-tally" or d.get("version") != JSON_VERSION:
        raise ValueError("not a CounterDesk tally (format/version)")
    return MonthTally(
        hall_code=d["hall_code"], hall_name=d["hall_name"], year=d["year"], month=d["month"],
        headlines=tuple(Headline(key=h["key"], label=h["label"], value=h["value"], unit=h["unit"],
                                 yoy=_change_from_json(h["yoy"]), mom=_change_from_json(h["mom"]))
                        for h in d["headlines"]),
        sections=tuple(_section_from_json(s) for s in d["sections"]),
        daily=tuple((date.fromisoformat(day), v, dr, tk) for day, v, dr, tk in d["daily"]),
        generated_at=datetime.fromisoformat(d["generated_at"]),
    )

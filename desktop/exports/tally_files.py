"""A month's or a year's tally (月度/年度统计) as files: XLSX, CSV, JSON, and the merge of several halls'
JSON files into the league's tally (盟级合并).

Pure: tallies in, bytes out, no file I/O. The JSON is what `export merge` reads back, so every
export writes it. Merging adds up counts; rates and averages (通过率, 平均等候 …) cannot be added
from the halls' figures, so a merged section leaves their 合计 empty and the merged headlines keep
only the additive figures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from desktop.domain.errors import ValidationError
from desktop.domain.tallies import Headline, MonthTally, Section, change, tally_from_json, tally_to_json
from desktop.exports.tables import Sheet, sheet_title, write_csv, write_xlsx

SUMMARY_TITLE = "概要"
NOTES_TITLE = "说明"
TOTAL = "合计"
_TOTAL_KEYS = ("合计", "小计", "总计")
SUMMARY_HEADERS = ("指标", "本期", "单位", "上年同期", "同比", "上期", "环比")
# A column or headline whose name says it is a rate, a share, an average or a percentile: the halls'
# figures cannot be added up (an average of averages is wrong without the counts behind them).
_NOT_ADDITIVE = re.compile(r"分值|率|占比|比例|平均|均值|中位|分位|P\d+|%|％|时长|满意度|评分|分钟")
_FILE_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def period_label(tally: MonthTally) -> str:
    """2026年11月, or 2026年 for a year."""
    return f"{tally.year}年" if tally.month is None else f"{tally.year}年{tally.month}月"


def period_code(tally: MonthTally) -> str:
    """2026-11, or 2026 for a year: the folder and file-name form."""
    return f"{tally.year}" if tally.month is None else f"{tally.year}-{tally.month:02d}"


def _number(value: float) -> float | int:
    """Counts as int (so Excel shows 17, not 17.0); other values as they are."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _summary_rows(tally: MonthTally) -> list[list[object]]:
    return [[h.label, _number(h.value), h.unit,
             None if h.yoy.previous is None else _number(h.yoy.previous), h.yoy.text,
             None if h.mom.previous is None else _number(h.mom.previous), h.mom.text]
            for h in tally.headlines]


def _notes_rows(tally: MonthTally) -> list[list[object]]:
    rows: list[list[object]] = [["大厅", f"{tally.hall_name}（{tally.hall_code}）"],
                                ["统计期间", period_label(tally)],
                                ["生成时间", tally.generated_at.strftime("%Y-%m-%d %H:%M")]]
    for section in tally.sections:
        rows += [[section.title, note] for note in section.notes]
    return rows


def tally_xlsx(tally: MonthTally) -> bytes:
    """A 概要 sheet (headlines with 同比/环比), one sheet per section, and a 说明 sheet (hall, period,
    the sections' notes). Header rows frozen; numbers stored as numbers."""
    sheets = [Sheet(SUMMARY_TITLE, SUMMARY_HEADERS, _summary_rows(tally))]
    used = {SUMMARY_TITLE, NOTES_TITLE}
    for section in tally.sections:
        title = sheet_title(section.title)
        n = 2
        while title in used:  # Excel refuses two sheets of one name
            suffix = f"({n})"
            title, n = sheet_title(section.title)[: 31 - len(suffix)] + suffix, n + 1
        used.add(title)
        sheets.append(Sheet(title, section.headers, [list(row) for row in section.rows]))
    sheets.append(Sheet(NOTES_TITLE, ("项目", "内容"), _notes_rows(tally)))
    return write_xlsx(sheets)


def csv_name(index: int, title: str) -> str:
    """01_机动车业务.csv: the section's place and title, safe on every file system."""
    return f"{index:02d}_{_FILE_UNSAFE.sub('_', title).strip('_') or 'section'}.csv"


def tally_csv(tally: MonthTally) -> dict[str, bytes]:
    """One UTF-8-with-BOM CSV per section (01_…, 02_…), plus 00_概要.csv with the headlines."""
    files = {csv_name(0, SUMMARY_TITLE): write_csv(SUMMARY_HEADERS, _summary_rows(tally))}
    for i, section in enumerate(tally.sections, 1):
        files[csv_name(i, section.title)] = write_csv(section.headers, section.rows)
    return files


def tally_json(tally: MonthTally) -> bytes:
    """The machine-readable tally (tally_to_json), UTF-8, keys sorted: what `export merge` reads."""
    return (json.dumps(tally_to_json(tally), ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def read_tally_json(data: bytes | str) -> MonthTally:
    """A tally back from tally_json's bytes; ValidationError when it is not one."""
    try:
        return tally_from_json(json.loads(data))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValidationError("file", "tally_json_invalid", f"不是统计数据文件：{exc}",
                              f"Not a tally data file: {exc}") from None


# ---- merge -----------------------------------------------------------------------------------------

def additive(name: str) -> bool:
    """Whether figures under this header or label can be added up across halls."""
    return not _NOT_ADDITIVE.search(name)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _sum(values: Sequence[float | None]) -> float | None:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def _merge_headlines(tallies: Sequence[MonthTally]) -> tuple[Headline, ...]:
    merged = []
    for first in tallies[0].headlines:
        if not additive(first.label) or not additive(first.unit):
            continue
        found = [next((h for h in t.headlines if h.key == first.key), None) for t in tallies]
        if any(h is None for h in found):
            continue
        value = sum(h.value for h in found)
        merged.append(Headline(first.key, first.label, float(value), first.unit,
                               change(value, _sum([h.yoy.previous for h in found])),
                               change(value, _sum([h.mom.previous for h in found]))))
    return tuple(merged)


def key_width(sections: Sequence[Section]) -> int:
    """How many leading columns name a row: those holding text in every row of every hall (at least
    the first column, which keys the rows)."""
    rows = [row for section in sections for row in section.rows]
    width = 1
    last = len(sections[0].headers) - 1  # at least one figure column
    while rows and width < last and all(width < len(r) and isinstance(r[width], str) for r in rows):
        width += 1
    return width


def _merge_section(sections: Sequence[Section], halls: Sequence[str]) -> Section:
    """The section with, per figure column, a column per hall and a 合计 (empty for rates)."""
    first = sections[0]
    keys = key_width(sections)
    figures = list(first.headers[keys:])
    single = len(figures) == 1
    headers = list(first.headers[:keys])
    for name in figures:
        headers += [hall if single else f"{name}·{hall}" for hall in halls]
        headers.append(TOTAL if single else f"{name}·{TOTAL}")
    order: list[tuple] = []
    by_hall: list[dict[tuple, tuple]] = []
    for section in sections:
        rows: dict[tuple, tuple] = {}
        for row in section.rows:
            key = tuple(row[:keys])
            if key not in order:
                order.append(key)
            rows.setdefault(key, tuple(row))
        by_hall.append(rows)
    order.sort(key=lambda k: str(k[0]) in _TOTAL_KEYS)  # the 合计 row stays last
    out = []
    for key in order:
        row: list[object] = list(key)
        for c, name in enumerate(figures, start=keys):
            # A hall without the row counted none of it; a figure a hall has as None stays unknown.
            values = [(rows[key][c] if c < len(rows[key]) else None) if key in rows else (0 if additive(name) else None)
                      for rows in by_hall]
            summable = additive(name) and all(_is_number(v) for v in values)
            row += values
            row.append(sum(values) if summable else None)  # Decimal fees stay Decimal
        out.append(tuple(row))
    notes = [f"合并：{'、'.join(halls)}。"]
    if any(not additive(name) for name in figures):
        notes.append("比率、平均等指标各旗分列，不作合计。/ Rates and averages are shown per hall, not totalled.")
    return Section(first.key, first.title, tuple(headers), tuple(out), tuple(notes) + tuple(first.notes))


def _league_code(codes: Sequence[str]) -> str:
    """152921 + 152922 + 152923 → 152900 (the league's GB/T 2260 code); otherwise the codes joined."""
    if all(len(c) == 6 and c.isdigit() for c in codes) and len({c[:4] for c in codes}) == 1:
        return codes[0][:4] + "00"
    return "+".join(codes)


def merge_tallies(tallies: list[MonthTally]) -> MonthTally:
    """The league's tally from its halls' tallies of one period (盟级合并): the same sections with a
    column per hall and a total, daily volumes added, additive headlines summed with 同比/环比
    recomputed. ValidationError for fewer than two tallies, different periods or a hall twice."""
    if len(tallies) < 2:
        raise ValidationError("files", "merge_too_few", "合并至少需要两个统计文件",
                              "Merging needs at least two tally files")
    periods = {(t.year, t.month) for t in tallies}
    if len(periods) > 1:
        shown = "、".join(sorted(period_code(t) for t in tallies))
        raise ValidationError("files", "merge_period_mismatch", f"统计期间不一致，不能合并：{shown}",
                              f"The files cover different periods and cannot be merged: {shown}")
    codes = [t.hall_code for t in tallies]
    if twice := sorted({c for c in codes if codes.count(c) > 1}):
        raise ValidationError("files", "merge_hall_twice", f"同一大厅的文件重复：{'、'.join(twice)}",
                              f"A hall is given twice: {', '.join(twice)}")
    halls = [t.hall_name or t.hall_code for t in tallies]
    if len(set(halls)) < len(halls):  # two halls of one name: tell the columns apart by code
        halls = [f"{t.hall_name}({t.hall_code})" for t in tallies]
    sections = []
    for first in tallies[0].sections:
        same = [next((s for s in t.sections if s.key == first.key), None) for t in tallies]
        present = [(s, h) for s, h in zip(same, halls, strict=True) if s is not None]
        sections.append(_merge_section([s for s, _ in present], [h for _, h in present]))
    seen = {s.key for s in tallies[0].sections}
    for t in tallies[1:]:  # a section only a later file has (a hall with exams, say)
        for s in t.sections:
            if s.key not in seen:
                seen.add(s.key)
                same = [(x, h) for tt, h in zip(tallies, halls, strict=True) for x in tt.sections if x.key == s.key]
                sections.append(_merge_section([x for x, _ in same], [h for _, h in same]))
    daily: dict[date, list[int]] = {}
    for t in tallies:
        for day, *counts in t.daily:
            totals = daily.setdefault(day, [0] * len(counts))
            daily[day] = [a + b for a, b in zip(totals, counts, strict=False)]
    return replace(
        tallies[0],
        hall_code=_league_code(codes),
        hall_name=f"合并统计（{'、'.join(t.hall_name or t.hall_code for t in tallies)}）",
        headlines=_merge_headlines(tallies),
        sections=tuple(sections),
        daily=tuple((day, *counts) for day, counts in sorted(daily.items())),
        generated_at=max(t.generated_at for t in tallies),
    )

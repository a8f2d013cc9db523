"""Tally values (domain.tallies): 同比/环比 wording, percentiles, the JSON form that merge reads."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from desktop.domain.tallies import (
    Change,
    Headline,
    MonthTally,
    Section,
    change,
    percentile,
    tally_from_json,
    tally_to_json,
)


def test_change_words_it_as_the_review_does():
    # 全盟交通事故起数同比下降46.61%: e.g. 1000 accidents a year before, 533.9 now (per 10,000 …)
    assert change(533.9, 1000) == Change(1000, -46.61, "下降46.61%")
    assert change(112.5, 100) == Change(100, 12.5, "上升12.50%")
    assert change(57, 106).text == "下降46.23%"
    assert change(100, 100) == Change(100, 0.0, "持平")
    assert change(100.001, 100).text == "持平"  # rounds to 0.00 %
    assert change(3, 1).text == "上升200.00%"


def test_change_without_a_comparison():
    assert change(5, None) == Change(None, None, "—")
    assert change(5, 0) == Change(0, None, "—")  # zero a year before: no percentage to give
    assert change(0, 0) == Change(0, None, "持平")


def test_percentile_interpolates_linearly():
    assert percentile([], 50) is None
    assert percentile([7], 90) == 7
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([4, 1, 3, 2], 50) == 2.5  # order does not matter
    assert percentile([1, 2, 3, 4, 5], 90) == pytest.approx(4.6)
    assert percentile(list(range(1, 11)), 90) == pytest.approx(9.1)  # numpy's default, PERCENTILE.INC
    assert percentile([1, 2], 0) == 1 and percentile([1, 2], 100) == 2
    with pytest.raises(ValueError):
        percentile([1], 101)


def _tally() -> MonthTally:
    return MonthTally(
        hall_code="152900", hall_name="阿拉善盟车管所", year=2026, month=3,
        headlines=(Headline("vehicle_cases", "机动车业务量", 114.0, "件", change(114, 115), change(114, 86)),
                   Headline("avg_wait", "平均等候时间", 0.0, "分钟", change(0, None), change(0, 0))),
        sections=(
            Section("fees", "收费（按项目）", ("收费项目", "笔数", "数量", "金额(元)"),
                    (("汽车号牌", 23, 23, Decimal("2300.00")), ("合计", 23, 23, Decimal("2300.00")))),
            Section("exams", "考试", ("科目", "参考", "合格率(%)", "预约"),
                    (("科目一", 12, 91.67, None),), notes=("预约与缺考待考试预约模块提供。",)),
            Section("days", "按日", ("日期", "件数"), ((date(2026, 3, 2), 8),)),
        ),
        daily=((date(2026, 3, 1), 0, 0, 0), (date(2026, 3, 2), 8, 1, 11)),
        generated_at=datetime(2026, 4, 1, 0, 30, tzinfo=timezone.utc),
    )


def test_json_round_trip():
    t = _tally()
    d = tally_to_json(t)
    text = json.dumps(d, ensure_ascii=False)  # plain JSON: nothing json cannot write
    assert "阿拉善盟车管所" in text and '"2300.00"' in text and '"2026-03-02"' in text
    back = tally_from_json(json.loads(text))
    assert back == t
    assert isinstance(back.section("fees").rows[0][3], Decimal)
    assert back.section("days").rows[0][0] == date(2026, 3, 2)
    assert back.headline("vehicle_cases").yoy.text == "下降0.87%"
    assert back.period == "2026-03"


def test_json_of_a_year_and_refusals():
    t = MonthTally("all", "全部大厅", 2026, None, (), (), (), datetime(2027, 1, 2, tzinfo=timezone.utc))
    assert tally_from_json(json.loads(json.dumps(tally_to_json(t)))) == t
    assert t.period == "2026"
    with pytest.raises(ValueError):
        tally_from_json({"format": "something else"})
    with pytest.raises(KeyError):
        t.section("fees")

"""容缺受理 (DOMAIN.md §8): who may defer what, the deadline in working days, the bar afterwards."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import deferral as d
from desktop.domain.errors import RefusedError
from desktop.domain.working_days import is_working_day

VESSEL_TAX = d.MissingMaterial("vessel_tax", "车船税纳税或免税证明", key=False)
INSURANCE = d.MissingMaterial("compulsory_insurance", "机动车交通事故责任强制保险凭证", key=True)
THURSDAY = date(2026, 11, 26)


def test_a_non_key_material_may_be_deferred():
    assert d.check_deferral([VESSEL_TAX], None, THURSDAY) is None


@pytest.mark.parametrize(("missing", "barred", "code", "says"), [
    ([], None, "deferral_nothing_missing", "没有缺少"),  # nothing to defer: ordinary acceptance
    ([VESSEL_TAX, INSURANCE], None, "deferral_key_material", "机动车交通事故责任强制保险凭证"),  # names the key one
    ([VESSEL_TAX], THURSDAY, "deferral_barred", "2026年11月26日"),  # the bar's last day still bars
    ([VESSEL_TAX], date(2027, 1, 1), "deferral_barred", "2027年1月1日"),  # says until when
])
def test_refusals(missing, barred, code, says):
    with pytest.raises(RefusedError) as exc:
        d.check_deferral(missing, barred, THURSDAY)
    assert exc.value.code == code and says in exc.value.message_zh and exc.value.message_en


def test_the_bar_ends_after_its_last_day():
    d.check_deferral([VESSEL_TAX], THURSDAY - timedelta(days=1), THURSDAY)


def test_deadline_is_five_working_days():
    assert d.deferral_deadline(THURSDAY, d.DeferralPolicy()) == date(2026, 12, 3)  # Thu → next Thu


def test_deadline_skips_the_halls_closed_days():
    assert d.deferral_deadline(THURSDAY, d.DeferralPolicy(), closed={date(2026, 11, 30)}) == date(2026, 12, 4)


def test_deadline_skips_a_public_holiday():
    # 2026 National Day holiday: accepted on 30 September, the working days resume after the break
    deadline = d.deferral_deadline(date(2026, 9, 30), d.DeferralPolicy())
    assert deadline > date(2026, 10, 7) and is_working_day(deadline)


def test_overdue_from_the_day_after_the_deadline():
    deadline = date(2026, 12, 3)
    assert not d.is_overdue(deadline, deadline)
    assert d.is_overdue(deadline, deadline + timedelta(days=1))


def test_bar_lasts_the_policy_period():
    assert d.bar_until(date(2026, 12, 4), d.DeferralPolicy(bar_days=180)) == date(2027, 6, 2)


def test_texts_name_the_business_the_materials_and_the_deadline():
    text = d.commitment_text("注册登记", ["车船税纳税或免税证明", "居住证明"], date(2026, 12, 3))
    assert "注册登记" in text and "车船税纳税或免税证明" in text and "居住证明" in text
    assert "2026年12月3日" in text and "承诺" in text
    consequence = d.consequence_text(date(2026, 12, 3), d.DeferralPolicy())
    assert "2026年12月3日" in consequence and "终止" in consequence and "180日" in consequence


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(1, 10))
def test_deadline_is_a_working_day_after_acceptance(accepted, n):
    deadline = d.deferral_deadline(accepted, d.DeferralPolicy(deadline_working_days=n))
    assert deadline > accepted and is_working_day(deadline)
    assert not d.is_overdue(deadline, deadline) and d.is_overdue(deadline, deadline + timedelta(days=1))


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 1000))
def test_bar_until_is_after_termination(terminated, days):
    assert d.bar_until(terminated, d.DeferralPolicy(bar_days=days)) > terminated

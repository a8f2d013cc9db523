"""容缺受理: accept with a non-key material missing, on the applicant's signed commitment (承诺).

Local practice of the Inner Mongolia banners (DOMAIN.md §8), shared by the vehicle and driver
windows: only non-key materials may be missing (never identity, 来历证明, 合格证/进口凭证, 交强险,
the vehicle check or inspection certificate, 体检证明 — the catalogues mark those key); the window
issues a 容缺受理通知书 naming what is missing, the deadline and the consequences; the result is
issued only once the material is in. Not supplied in time: the case is terminated and the applicant
may not use 容缺 again for a period.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.errors import RefusedError
from desktop.domain.working_days import add_working_days


@dataclass(frozen=True)
class DeferralPolicy:
    """The numbers of 容缺受理 (local practice; an office may change them)."""

    # Deadline to supply the missing material: WORKING days after acceptance (3-7 typical) [M].
    deadline_working_days: int = 5
    # After a termination, no 容缺 for this many CALENDAR days [M] — no text fixes the period.
    bar_days: int = 180


DEFAULT_DEFERRAL_POLICY = DeferralPolicy()


@dataclass(frozen=True)
class MissingMaterial:
    """A material the applicant promises to bring later (容缺材料); `key` = 关键材料, never deferrable."""

    code: str
    name: str
    key: bool


def check_deferral(missing: Sequence[MissingMaterial], barred_until: date | None, on: date) -> None:
    """May these materials be 容缺 today? RefusedError (codes "deferral_…") says why not.

    `barred_until` is the last day of the applicant's bar after an earlier termination (inclusive).
    """
    if not missing:
        raise RefusedError("deferral_nothing_missing", "没有缺少的材料，无需容缺受理，请按正常流程受理",
                           "No material is missing: accept the case the ordinary way")
    key = [m for m in missing if m.key]
    if key:
        names = "、".join(f"“{m.name}”" for m in key)
        raise RefusedError("deferral_key_material",
                           f"{names}是关键材料，不能容缺受理，须当场提交",
                           f"{', '.join(m.name for m in key)}: key material, cannot be deferred — "
                           "it must be presented now")
    if barred_until is not None and on <= barred_until:
        raise RefusedError("deferral_barred",
                           f"申请人曾有容缺承诺未按期履行，{_ymd(barred_until)}前（含当日）不能容缺受理，"
                           "请补齐全部材料后办理",
                           f"The applicant broke an earlier 容缺 commitment: no 容缺 until {barred_until} "
                           "(inclusive); bring every material")


def deferral_deadline(accepted_on: date, policy: DeferralPolicy = DEFAULT_DEFERRAL_POLICY,
                      closed: Collection[date] = ()) -> date:
    """补交期限: the n-th working day after acceptance (Thu 2026-11-26 + 5 → Thu 2026-12-03)."""
    return add_working_days(accepted_on, policy.deadline_working_days, closed)


def is_overdue(deadline: date, on: date) -> bool:
    """The deadline day itself is still in time; overdue from the next day."""
    return on > deadline


def bar_until(terminated_on: date, policy: DeferralPolicy = DEFAULT_DEFERRAL_POLICY) -> date:
    """Last day (inclusive) on which an applicant whose 容缺 was terminated may not use 容缺 again."""
    return terminated_on + timedelta(days=max(1, policy.bar_days))


def _ymd(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def commitment_text(business_name: str, missing_names: Sequence[str], deadline: date) -> str:
    """The applicant's written 承诺 (printed on the 容缺受理通知书 and signed)."""
    names = "、".join(f"“{n}”" for n in missing_names)
    return (f"本人申请办理{business_name}业务，因{names}暂未能提供，申请容缺受理。本人承诺：所提交的其他材料真实有效；"
            f"于{_ymd(deadline)}前（含当日）补交上述材料；逾期未补交的，同意终止办理本次业务，"
            "并承担由此产生的一切后果。")


def consequence_text(deadline: date, policy: DeferralPolicy = DEFAULT_DEFERRAL_POLICY) -> str:
    """What happens if the material is not supplied in time (the notice's 告知事项)."""
    return (f"请于{_ymd(deadline)}前（含当日）补交容缺材料。补齐前不出具办理结果；"
            "逾期未补交的，终止办理本次业务（预留的号牌号码等一并收回），并记录未履行承诺情况，"
            f"自终止之日起{policy.bar_days}日内不再予以容缺受理。")

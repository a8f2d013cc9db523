"""The holder card's warnings (换证窗口已开放, 已逾期未换证, 身体条件证明逾期, 审验到期, 实习期至 …,
年满63周岁应降级): what a clerk should mention to a licence holder at the counter, whatever the business."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop.domain.licence_terms import (
    DEFAULT_POLICY,
    LICENCE_STATUS,
    LicenceFacts,
    LicencePolicy,
    classes_after_downgrade,
    downgrade_classes,
    health_cert_due,
    probation_end,
    renewal_window,
    ymd,
)
from desktop.domain.vehicle_rules import Outcome, Refusal


@dataclass
class Reasons:
    """Refusals and warnings as they are found."""

    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[Refusal] = field(default_factory=list)

    def refuse(self, code: str, zh: str, en: str) -> None:
        self.refusals.append(Refusal(code, zh, en))

    def warn(self, code: str, zh: str, en: str) -> None:
        self.warnings.append(Refusal(code, zh, en))

    def outcome(self) -> Outcome:
        return Outcome(tuple(self.refusals), tuple(self.warnings))


def downgrade_warning(birth: date, licence: LicenceFacts, on: date, policy: LicencePolicy, out: Reasons) -> None:
    if downgrade_classes(licence.classes, birth, on, policy):
        after = classes_after_downgrade(licence.classes, birth, on, policy)
        out.warn("downgrade_due", f"年满{policy.downgrade_age}周岁应降级，准驾车型换为{'、'.join(after) or '（无）'}",
                 f"From age {policy.downgrade_age} the licence is downgraded to {', '.join(after) or 'nothing'}")


def licence_warnings(licence: LicenceFacts, birth_date: date, on: date,
                     policy: LicencePolicy = DEFAULT_POLICY) -> list[Refusal]:
    """What the holder card shows: renewal window / overdue, medical and 审验 due, 实习期, 降级, holds."""
    out = Reasons()
    closed = sorted(licence.status & policy.closed_statuses)
    held = sorted(licence.status & policy.held_statuses)
    if closed or held:
        names = "、".join(LICENCE_STATUS[s] for s in closed + held)
        out.warn("licence_closed" if closed else "licence_held", f"驾驶证状态：{names}",
                 f"Licence status: {''.join(closed + held)}")
    if licence.valid_until is not None:
        opens, last = renewal_window(licence.valid_until, policy)
        if on > last:
            out.warn("renewal_overdue_cancel", f"已逾期一年以上未换证（有效期止{ymd(licence.valid_until)}），应予注销",
                     f"Not renewed for over a year since {licence.valid_until}: to be cancelled")
        elif on > licence.valid_until:
            out.warn("renewal_overdue", f"已逾期未换证（有效期止{ymd(licence.valid_until)}）",
                     f"Overdue for renewal since {licence.valid_until}")
        elif on >= opens:
            out.warn("renewal_window_open", f"换证窗口已开放（有效期止{ymd(licence.valid_until)}）",
                     f"The renewal window is open (expires {licence.valid_until})")
    due = licence.health_due or health_cert_due(birth_date, licence.classes, None, on, policy)
    if due is not None and on > due:
        out.warn("health_cert_overdue", f"身体条件证明逾期（应于{ymd(due)}前提交）",
                 f"Medical certificate overdue (due by {due})")
    if licence.review_due is not None:
        if on > licence.review_due:
            out.warn("review_overdue", f"逾期未审验（应于{ymd(licence.review_due)}前审验）",
                     f"Review overdue (due by {licence.review_due})")
        elif on > licence.review_due - timedelta(days=policy.review_within_days):
            out.warn("review_due", f"审验到期：请于{ymd(licence.review_due)}前审验",
                     f"Review due by {licence.review_due}")
    for h in licence.classes:
        end = probation_end(h, policy)
        if h.first_obtained <= on <= end:
            out.warn("probation", f"{h.cls}实习期至{ymd(end)}", f"{h.cls} probation until {end}")
    downgrade_warning(birth_date, licence, on, policy, out)
    if "B" in licence.status or licence.points >= policy.points_per_cycle:
        out.warn("points_full", f"本记分周期已记满{policy.points_per_cycle}分", "Points reached 12 in this cycle")
    if licence.status & {"H", "I"}:
        out.warn("records_pending", "有未处理完毕的交通违法或交通事故", "Violations or accidents not dealt with")
    return out.warnings

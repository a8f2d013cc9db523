"""The terms of a 机动车驾驶证 (令162 as amended by 令172, in force 2025-01-01): classes (准驾车型),
status letters, the regulation numbers (`LicencePolicy`), and the calendar of one licence — validity,
实习期, 身体条件证明, 降级. `desktop.domain.licensing` holds the acceptance rules and re-exports all this.

Day counting (令162 Art.110, DOMAIN.md): only 一日、三日、五日 are working days, so every period here
(90 days, 30 days, months, years) is CALENDAR. 以上/以下 include the number. Years and months are
calendar months (`add_months`): 29 February + 1 year → 28 February.

Article numbers in the comments are as quoted by secondary copies of 令162 [V-sec]; the numbers
themselves come from DOMAIN.md §4. What DOMAIN.md does not settle is marked [M] and is a policy value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from desktop.domain.errors import ValidationError
from desktop.domain.identifiers import age_on
from desktop.domain.vehicle_rules import add_months

CLASSES: tuple[str, ...] = ("A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3", "C4", "C5", "C6",
                            "D", "E", "F", "M", "N", "P")
CLASS_NAMES: Mapping[str, str] = MappingProxyType({  # 令162 附件1 准驾车型及代号
    "A1": "大型客车", "A2": "重型牵引挂车", "A3": "城市公交车", "B1": "中型客车", "B2": "大型货车",
    "C1": "小型汽车", "C2": "小型自动挡汽车", "C3": "低速载货汽车", "C4": "三轮汽车",
    "C5": "残疾人专用小型自动挡载客汽车", "C6": "轻型牵引挂车", "D": "普通三轮摩托车", "E": "普通二轮摩托车",
    "F": "轻便摩托车", "M": "轮式专用机械车", "N": "无轨电车", "P": "有轨电车",
})
# 令162 Art.16: the classes of an initial application (初次申领). A1/A2/B1/C6 only by 增驾 (A1/A2 also
# first for 全日制驾驶职业教育 students, see LicencePolicy.vocational_students).
FIRST_LICENCE_CLASSES: frozenset[str] = frozenset({"A3", "B2", "C1", "C2", "C3", "C4", "C5",
                                                   "D", "E", "F", "M", "N", "P"})
PROFESSIONAL_CLASSES: frozenset[str] = frozenset({"A1", "A2", "A3", "B1", "B2"})  # 大中型客货车 (审验, 降级)

# 令162 附件1 column 准予驾驶的其他准驾车型 (direct entries; implied_classes closes them transitively).
# A2 → C6 was added by 令162 (2022) [V-sec].
_DIRECTLY_IMPLIED: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "A1": ("A3", "B1", "B2", "C1", "C2", "C3", "C4", "M"),
    "A2": ("B1", "B2", "C1", "C2", "C3", "C4", "C6", "M"),
    "A3": ("C1", "C2", "C3", "C4"),
    "B1": ("C1", "C2", "C3", "C4", "M"),
    "B2": ("C1", "C2", "C3", "C4", "M"),
    "C1": ("C2", "C3", "C4"),
    "C3": ("C4",),
    "D": ("E", "F"),
    "E": ("F",),
})


def check_class(cls: str, field_name: str = "requested_class") -> str:
    if cls not in CLASSES:
        raise ValidationError(field_name, "licence_class_unknown", f"没有“{cls}”这种准驾车型",
                              f"There is no licence class {cls!r}")
    return cls


def implied_classes(cls: str) -> frozenset[str]:
    """准驾: the other classes a licence for `cls` allows to drive (not `cls` itself); e.g. C1 → C2 C3 C4,
    A1 → A3 B1 B2 C1 C2 C3 C4 M."""
    check_class(cls, "class")
    seen: set[str] = set()
    todo = list(_DIRECTLY_IMPLIED.get(cls, ()))
    while todo:
        other = todo.pop()
        if other not in seen:
            seen.add(other)
            todo.extend(_DIRECTLY_IMPLIED.get(other, ()))
    return frozenset(seen)


def covered(classes: Iterable[str]) -> frozenset[str]:
    """Every class a holder of `classes` may drive."""
    out: set[str] = set()
    for cls in classes:
        out |= {cls} | implied_classes(cls)
    return frozenset(out)


# 驾驶证状态 zt (DOMAIN.md §9; where implementations disagree the other reading is in brackets).
LICENCE_STATUS: Mapping[str, str] = MappingProxyType({
    "A": "正常", "B": "超分", "C": "转出", "D": "暂扣", "E": "撤销", "F": "吊销", "G": "注销",
    "H": "违法未处理", "I": "事故未处理", "J": "停止使用", "K": "扣押（协查）", "L": "锁定", "M": "逾期未换证",
    "N": "延期换证", "P": "延期体检", "R": "注销可恢复（逾期未体检）", "S": "逾期未审验", "T": "延期审验",
    "U": "扣留", "Z": "其他",
})


def parse_licence_status(zt: str) -> frozenset[str]:
    """The letters of a 驾驶证状态 such as "HM"; blank is 正常 (A)."""
    text = (zt or "").strip().upper()
    bad = [c for c in text if c not in LICENCE_STATUS]
    if bad:
        raise ValidationError("status", "licence_status_unknown", f"驾驶证状态“{zt}”中有无法识别的代码“{bad[0]}”",
                              f"Licence status {zt!r} holds an unknown letter {bad[0]!r}")
    return frozenset(text) or frozenset({"A"})


def _ages(**kw: int | None) -> Mapping[str, int | None]:
    return MappingProxyType(kw)


@dataclass(frozen=True)
class LicencePolicy:
    """The numbers of 令162 (as amended by 令172) the driver rules use; an office may override them."""

    # Art.13 (令172 ages): lowest application age per class, and the highest (None: no upper limit).
    min_age: Mapping[str, int | None] = field(default_factory=lambda: _ages(
        C1=18, C2=18, C5=18, F=18, D=18, E=18, C3=18, C4=18, M=18, C6=20,
        A3=20, B1=20, B2=20, N=20, P=20, A1=22, A2=22))
    max_age: Mapping[str, int | None] = field(default_factory=lambda: _ages(
        C1=None, C2=None, C5=None, F=None, D=70, E=70, C6=70, C3=63, C4=63, M=63,
        A3=63, B1=63, B2=63, N=63, P=63, A1=63, A2=63))
    # Art.13: 全日制驾驶职业教育 students may apply for A1/A2 from 19, as a first licence (Art.16). An
    # office turns this on for a vocational school's applicants. [V-sec]
    vocational_students: bool = False
    vocational_min_age: int = 19
    # Art.13 (令172): C1/C2/C5/F applicants aged 70 or more pass a 记忆力、判断力、反应力 (三力) test.
    three_abilities_age: int = 70
    three_abilities_classes: frozenset[str] = frozenset({"C1", "C2", "C5", "F"})
    # Renewal and health certificate at 70+ with 三力 too: practice, not in DOMAIN.md. [M]
    three_abilities_businesses: frozenset[str] = frozenset({"first_licence", "add_class", "renewal", "health_cert"})
    # Art.35-37: subjects of a first licence / 增驾. 科目三 content for D/E/F/M/N/P is set by the
    # province (Art.41), assumed all four. [M] C6 增驾: 科目二 + 安全文明 only [V-sec].
    subjects_default: frozenset[str] = frozenset({"1", "2", "3", "3s"})
    subjects_by_class: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({
        "C6": frozenset({"2", "3s"})}))
    # Art.17: 增驾 prerequisites — (held classes, years held) alternatives, and the clean 记分周期 needed.
    add_class_prerequisites: Mapping[str, tuple[tuple[frozenset[str], int], ...]] = field(
        default_factory=lambda: MappingProxyType({
            "C6": ((frozenset({"C1", "C2"}), 1),),
            "B1": ((frozenset({"A3", "B2", "C1", "C2", "C3", "C4"}), 2),),
            "A2": ((frozenset({"B1", "B2"}), 2), (frozenset({"A1"}), 1)),
            "A1": ((frozenset({"A3", "B1"}), 2), (frozenset({"B2"}), 3), (frozenset({"A2"}), 1)),
        }))
    clean_cycles: Mapping[str, int] = field(default_factory=lambda: MappingProxyType(
        {"C6": 1, "B1": 2, "A2": 2, "A1": 3}))
    clean_cycles_default: int = 1  # 增驾 of a class not in the table (e.g. D after C1) [M]
    # Art.17: a class in its 实习期 blocks any 增驾 — the prerequisites (≥1 year) already keep the base
    # class out of 实习期; this extends it to every held class. [M]
    add_class_blocked_in_any_probation: bool = False
    # Art.10/Art.24: validity 6 → 10 → 长期, each step needs a period without a 12-point cycle.
    first_validity_years: int = 6
    second_validity_years: int = 10
    # The new period starts the day after the old 有效期止 (brief); False: on the old 有效期止 itself,
    # as printed licences show (起 = old 止). Either way 止 stays on the original anniversary. [M]
    renewal_from_day_after_expiry: bool = True
    points_per_cycle: int = 12  # Art.? 记分周期 12 months, 满分 12 (道路交通安全违法行为记分管理办法)
    renewal_window_days: int = 90  # Art.64: 有效期满前九十日内 (calendar, Art.110)
    overdue_cancel_years: int = 1  # Art.79(六): 超过有效期一年以上未换证 → 注销
    restore_within_years: int = 2  # Art.79: 注销未超过二年, restored after passing 科目一
    change_within_days: int = 30  # Art.68: 信息变更 / 损毁换证 within 三十日
    medical_valid_months: int = 6  # Art.14: 身体条件证明 valid 6 months (to the corresponding day)
    health_yearly_age: int = 70  # Art.74: 70周岁以上 every year
    health_c5_years: int = 3  # Art.74: C5 every 3 years
    professional_yearly_medical: bool = False  # older texts (令123/139): A/B yearly too; 令162 ties it to 审验 [M]
    health_overdue_cancel_years: int = 1  # Art.79(七): 70+ without the certificate 1 year after due → 注销
    review_within_days: int = 30  # Art.75: 审验 within 三十日 after the 记分周期 ends (A/B with points)
    probation_months: int = 12  # Art.77: 实习期 12 months after each class is first obtained
    downgrade_age: int = 63  # Art.76 (令172): 63周岁以上 may not drive A/B/N/P; 换领 a lower class
    downgrade_to: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({
        "A1": "C1", "A2": "C1", "A3": "C1", "B1": "C1", "B2": "C1",  # the applicant may choose C2 [V-sec]
        "N": None, "P": None}))  # trolley/tram classes lapse, no lower class [M]
    # Art.? agents: 换证、补证、提交身体条件证明、延期、注销 [V-sec]; 信息变更/损毁/转入 are 换证;
    # 降级 is a 换证 too [M]. Not: 初次申领, 增驾, 审验, 恢复驾驶资格 (exams or 学习 in person).
    agent_allowed: frozenset[str] = frozenset({"renewal", "transfer_in", "info_change", "damaged",
                                               "replacement", "health_cert", "extension", "cancel", "downgrade"})
    closed_statuses: frozenset[str] = frozenset("CEFG")  # 转出, 撤销, 吊销, 注销
    held_statuses: frozenset[str] = frozenset("DKU")  # 暂扣, 扣押, 扣留: the card is not with the holder
    held_allows: frozenset[str] = frozenset({"health_cert", "review", "extension", "cancel"})  # [M]
    full_points_blocks: frozenset[str] = frozenset({"add_class"})  # status B 超分 (Art.17) [M for others]
    pending_blocks: frozenset[str] = frozenset({"add_class"})  # H/I 违法/事故未处理 [M]

    def subjects_for(self, cls: str) -> frozenset[str]:
        return self.subjects_by_class.get(cls, self.subjects_default)


DEFAULT_POLICY = LicencePolicy()


@dataclass(frozen=True)
class HeldClass:
    """One 准驾车型 on the licence and the day it was first obtained (初次领证 of that class)."""

    cls: str
    first_obtained: date


@dataclass(frozen=True)
class LicenceFacts:
    """What the rules need to know about one 机动车驾驶证. `valid_until` None is 长期.
    `twelve_point_cycles`: the end dates of 记分周期 that reached 12 points; `points`: the current cycle;
    `health_due` / `review_due`: the last day to submit the 身体条件证明 / to attend 审验;
    `renewals`: validity periods completed (informational: the ladder is read from the dates)."""

    classes: tuple[HeldClass, ...]
    valid_from: date
    valid_until: date | None
    status: frozenset[str] = frozenset({"A"})
    twelve_point_cycles: tuple[date, ...] = ()
    points: int = 0
    cycle_start: date | None = None
    health_due: date | None = None
    review_due: date | None = None
    renewals: int = 0

    @property
    def class_codes(self) -> tuple[str, ...]:
        return tuple(h.cls for h in self.classes)


def ymd(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def first_validity(issued_on: date, policy: LicencePolicy = DEFAULT_POLICY) -> tuple[date, date]:
    """初次领证: six years from the day of issue to its anniversary (有效期 2025-03-15 至 2031-03-15)."""
    return issued_on, add_years(issued_on, policy.first_validity_years)


def _period_years(licence: LicenceFacts, policy: LicencePolicy) -> int:
    assert licence.valid_until is not None
    days = (licence.valid_until - licence.valid_from).days
    midpoint = (policy.first_validity_years + policy.second_validity_years) / 2
    return policy.second_validity_years if days >= midpoint * 365.25 else policy.first_validity_years


def had_full_cycle(licence: LicenceFacts, start: date, end: date, policy: LicencePolicy = DEFAULT_POLICY) -> bool:
    """A 记分周期 that reached 12 points ended between start and end (both in), or the current one has."""
    return (licence.points >= policy.points_per_cycle
            or any(start <= d <= end for d in licence.twelve_point_cycles))


def validity_after_renewal(licence: LicenceFacts, renewed_on: date,
                           policy: LicencePolicy = DEFAULT_POLICY) -> tuple[date, date | None]:
    """期满换证 (Art.24): the new (有效期始, 有效期止). 6 → 10 → 长期 after a period in which no 记分周期
    reached 12 points; with one the next period has the same length. The new period continues the old
    one (from the day after its 止, see `renewal_from_day_after_expiry`), whether renewed early or late,
    so 止 stays on the first licence's anniversary. A 长期 licence stays 长期."""
    old_until = licence.valid_until
    if old_until is None:
        return licence.valid_from, None
    years = _period_years(licence, policy)
    start = old_until + timedelta(days=1) if policy.renewal_from_day_after_expiry else old_until
    if not had_full_cycle(licence, licence.valid_from, min(old_until, renewed_on), policy):
        if years >= policy.second_validity_years:
            return start, None
        years = policy.second_validity_years
    return start, add_years(old_until, years)


def renewal_window(valid_until: date, policy: LicencePolicy = DEFAULT_POLICY) -> tuple[date, date]:
    """(the first day 期满换证 is accepted, the last day before the licence is 注销-eligible): 有效期满前
    九十日内 opens 90 calendar days before 有效期止; 超过有效期一年以上 — the year runs from the day after
    有效期止 to its anniversary (民法典 Art.201-202), so the anniversary is the last day; from the next
    day the year is exceeded (以上 includes the number, which only matters for whole days)."""
    opens = valid_until - timedelta(days=policy.renewal_window_days)
    return opens, add_years(valid_until, policy.overdue_cancel_years)


def probation_end(held: HeldClass, policy: LicencePolicy = DEFAULT_POLICY) -> date:
    """实习期 (Art.77): the last day of the 12 months after the class was first obtained — the same day
    a year later (民法典 Art.201-202: the first day is not counted, the period ends on the corresponding
    day, or the month's last day when there is none)."""
    return add_months(held.first_obtained, policy.probation_months)


def health_cert_due(birth_date: date, classes: Iterable[HeldClass | str], last_medical: date | None, on: date,
                    policy: LicencePolicy = DEFAULT_POLICY) -> date | None:
    """提交身体条件证明 (Art.74): the next due day, or None when the holder need not submit one.
    Yearly from 70 (and for A/B when `professional_yearly_medical`); every 3 years for C5. Counted from
    the last 体检 on record; without one, from the 70th birthday (yearly) or the day C5 was obtained
    (`on` when only the code is known). The stored LicenceFacts.health_due wins over this estimate."""
    held = list(classes)
    codes = {h.cls if isinstance(h, HeldClass) else h for h in held}
    seventy = add_years(birth_date, policy.health_yearly_age)
    yearly = on >= seventy or (policy.professional_yearly_medical and bool(codes & PROFESSIONAL_CLASSES))
    if yearly:
        base = last_medical or (seventy if on >= seventy else on)
        return add_years(base, 1)
    if "C5" in codes:
        if last_medical is not None:
            return add_years(last_medical, policy.health_c5_years)
        got = [h.first_obtained for h in held if isinstance(h, HeldClass) and h.cls == "C5"]
        return add_years(got[0], policy.health_c5_years) if got else on
    return None


def downgrade_classes(classes: Iterable[HeldClass | str], birth_date: date, on: date,
                      policy: LicencePolicy = DEFAULT_POLICY) -> tuple[str, ...]:
    """降级 (Art.76, 令172): the held classes that must be given up at 63 — A1 A2 A3 B1 B2 (and N P),
    in CLASSES order; () before 63 or when none is held. What each becomes: `policy.downgrade_to`
    (A/B → C1, N/P lapse); the whole result: `classes_after_downgrade`."""
    codes = {h.cls if isinstance(h, HeldClass) else h for h in classes}
    for cls in codes:
        check_class(cls, "classes")
    if age_on(birth_date, on) < policy.downgrade_age:
        return ()
    return tuple(c for c in CLASSES if c in codes and c in policy.downgrade_to)


def classes_after_downgrade(classes: Iterable[HeldClass | str], birth_date: date, on: date,
                            policy: LicencePolicy = DEFAULT_POLICY) -> tuple[str, ...]:
    """The classes the licence carries after the 63 降级, in CLASSES order, without a class another one
    already implies (B2 + C2 → C1). Unchanged before 63."""
    held = list(classes)
    codes = {h.cls if isinstance(h, HeldClass) else h for h in held}
    dropped = set(downgrade_classes(held, birth_date, on, policy))
    if dropped:
        kept = (codes - dropped) | {t for c in dropped if (t := policy.downgrade_to[c]) is not None}
        codes = kept - set().union(*(implied_classes(c) for c in kept))
    return tuple(c for c in CLASSES if c in codes)

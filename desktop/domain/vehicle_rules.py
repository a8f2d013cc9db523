"""The acceptance rules of 机动车登记规定 (公安部令第164号, in force 2022-05-01): may this vehicle
business be accepted (受理) today, and what must the clerk warn about?

`check_application` never touches a database: the service passes what it knows about the vehicle
(`VehicleFacts`) and the application. Every refusal is worded so the clerk can repeat it to the
applicant. The numbers live in `VehicleRulePolicy`, each with its article.

Day counting (令164 Art.92): 一日、二日、三日、五日、十日、十五日 are WORKING days (工作日, holidays and
the hall's closed days excluded); 三十日, months and years are CALENDAR periods. Temporary-plate
validity (15/30/60/90 days, 6 months) is calendar days, counted with the day of issue as day 1.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop.domain.errors import RefusedError, ValidationError
from desktop.domain.working_days import add_working_days

BUSINESSES = frozenset({
    "register", "transfer", "change_colour", "change_engine", "change_body", "change_use", "move_out",
    "move_in", "filing_change", "co_owner_change", "plate_swap", "mortgage", "mortgage_release", "pledge",
    "pledge_release", "cancel_scrap", "cancel_lost", "cancel_export", "cancel_return", "replace_plate",
    "renew_plate", "replace_licence", "renew_licence", "replace_certificate", "renew_certificate",
    "inspection_label", "temp_plate",
})
CANCELLING = frozenset({"cancel_scrap", "cancel_lost", "cancel_export", "cancel_return"})
# What a vehicle that is not (yet) registered here may apply for.
FOR_UNREGISTERED = frozenset({"register", "move_in", "temp_plate"})
TEMP_PLATE_PURPOSES: dict[str, str] = {
    "unregistered": "未注册登记临时上道路行驶", "export": "出口", "research": "科研、定型试验",
    "oversize": "特型机动车（超限）", "plate_delay": "补换号牌期间", "used_export": "二手车出口",
}
_TEMP_UNREGISTERED = frozenset({"unregistered", "export", "research", "oversize", "used_export"})
_TEMP_REGISTERED = frozenset({"plate_delay", "used_export"})
MAX_SEATS = 999  # 核定载客, as inspection.VehicleForInspection checks it
MAX_TOTAL_MASS_KG = 100_000  # 总质量: the heaviest road train of GB 1589 is 49 t; room for special vehicles [M]


def check_vehicle_numbers(seats: object, total_mass_kg: object) -> None:
    """A new vehicle's 核定载客 and 总质量 (kg), each optional: whole numbers in range — checked before
    the vehicle is written (a 2**70 would otherwise reach the database driver)."""
    for key, value, top, zh, en in (("seats", seats, MAX_SEATS, "核定载客人数", "Seats"),
                                    ("total_mass_kg", total_mass_kg, MAX_TOTAL_MASS_KG, "总质量（千克）",
                                     "The total mass (kg)")):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise ValidationError(key, f"{key}_invalid", f"{zh}须为1至{top}的整数",
                                  f"{en} must be a whole number from 1 to {top}")


@dataclass(frozen=True)
class VehicleRulePolicy:
    """The numbers of 令164 the rules use; an office may override them (tags as in DOMAIN.md)."""

    change_within_working_days: int = 10  # Art.16-18: 颜色/发动机/车身 变更 within 十日 (working, Art.92)
    transfer_within_days: int = 30  # Art.25-30: 转让 within 三十日 of delivery (calendar)
    move_in_within_days: int = 30  # Art.16-18: 转入 within 三十日 (calendar)
    transfer_scrap_margin_years: int = 1  # Art.25-30: no 转让 within 一年 of 强制报废期止
    plate_swaps_per_years: int = 1  # Art.20: 号牌互换 once per vehicle per 一年
    label_window_months: int = 3  # Art.54-57: 检验合格标志 within 三个月 before expiry
    # Art.54-57 wants 交强险 valid on the day; the stored end date may be stale (the applicant brings
    # the current policy, a key material), so by default a lapsed record only warns. [M]
    label_refuse_on_lapsed_insurance_record: bool = False
    temp_unregistered_days: int = 30  # Art.46-47: 未注册 ≤ 30 days per issue
    temp_unregistered_issues: int = 3  # Art.46-47: 未注册 at most 3 issues
    temp_export_issues: int = 1  # Art.46-47: 出口 one issue
    temp_export_days: int = 30  # Art.46-47: 出口 validity — not given in DOMAIN.md, assumed as 未注册 [M]
    temp_research_days: int = 183  # Art.46-47: 科研、定型试验 ≤ 6 months
    temp_oversize_days: int = 90  # Art.46-47: 特型机动车 ≤ 90 days
    temp_plate_delay_days: int = 15  # Art.51: ≤ 15-day 临牌 while new plates are made
    temp_used_export_days: int = 60  # Art.46-47: 二手车出口 ≤ 60 days

    def temp_days_limit(self, purpose: str) -> int:
        return {"unregistered": self.temp_unregistered_days, "export": self.temp_export_days,
                "research": self.temp_research_days, "oversize": self.temp_oversize_days,
                "plate_delay": self.temp_plate_delay_days, "used_export": self.temp_used_export_days}[purpose]


DEFAULT_POLICY = VehicleRulePolicy()


@dataclass(frozen=True)
class VehicleFacts:
    """What the rules need to know about one vehicle (机动车档案 as the hall holds it)."""

    registered: bool = True
    hpzl: str = "02"
    cllx: str = "K33"
    syxz: str = "A"
    first_registered: date | None = None
    scrap_date: date | None = None  # 强制报废期止
    inspection_valid_until: date | None = None  # 检验有效期止
    insurance_until: date | None = None  # 交强险止
    mortgaged: bool = False
    pledged: bool = False
    seized: bool = False  # 查封/扣押
    stolen: bool = False  # 被盗抢
    violations_pending: bool = False
    accidents_pending: bool = False
    cancelled: bool = False
    moved_out: bool = False
    temp_plates_issued: int = 0
    last_plate_swap: date | None = None


@dataclass(frozen=True)
class Application:
    """One 申请 as the rules see it. `event_date`: the day of the physical change (变更), the delivery
    (转让) or the arrival (转入)."""

    business: str
    by_agent: bool = False
    event_date: date | None = None
    temp_plate_purpose: str | None = None
    temp_plate_days: int | None = None
    swap_partner: VehicleFacts | None = None
    inspection_due: date | None = None  # computed by desktop.domain.inspection, for inspection_label


@dataclass(frozen=True)
class Refusal:
    """A reason (不予受理的理由, or a warning) in words the clerk can repeat."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class Outcome:
    refusals: tuple[Refusal, ...] = ()
    warnings: tuple[Refusal, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.refusals

    def raise_if_refused(self) -> None:
        """RefusedError with the first refusal's code and every reason, if anything refuses."""
        if self.refusals:
            raise RefusedError(self.refusals[0].code, "；".join(r.zh for r in self.refusals),
                               "; ".join(r.en for r in self.refusals))


def _ymd(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def add_months(day: date, months: int) -> date:
    """Calendar months; the 31st of a short month falls back to its last day (29 Feb + 1y → 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass
class _Collector:
    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[Refusal] = field(default_factory=list)

    def refuse(self, code: str, zh: str, en: str) -> None:
        self.refusals.append(Refusal(code, zh, en))

    def warn(self, code: str, zh: str, en: str) -> None:
        self.warnings.append(Refusal(code, zh, en))

    def outcome(self) -> Outcome:
        return Outcome(tuple(self.refusals), tuple(self.warnings))


def check_application(app: Application, vehicle: VehicleFacts | None, on: date,
                      policy: VehicleRulePolicy = DEFAULT_POLICY, closed: Collection[date] = ()) -> Outcome:
    """受理审核: the refusals and warnings for `app` on the day `on`.

    Raises ValidationError for malformed input (unknown business or purpose, a future event date,
    non-positive days); everything else comes back in the Outcome.
    """
    if app.business not in BUSINESSES:
        raise ValidationError("business", "business_unknown", f"没有“{app.business}”这项机动车业务",
                              f"There is no vehicle business {app.business!r}")
    if app.event_date is not None and app.event_date > on:
        raise ValidationError("event_date", "event_date_future", "日期不能晚于今天",
                              "The date cannot be later than today")
    out = _Collector()
    biz = app.business
    if vehicle is not None and (vehicle.cancelled or vehicle.moved_out):
        what = ("已注销", "is cancelled") if vehicle.cancelled else ("已迁出", "has moved out")
        out.refuse("vehicle_closed", f"该车{what[0]}，不能再办理机动车业务",
                   f"The vehicle {what[1]}: no vehicle business can be handled for it")
        return out.outcome()
    registered = vehicle is not None and vehicle.registered
    if not registered and biz not in FOR_UNREGISTERED:
        out.refuse("vehicle_unregistered", "该车尚未在本地注册登记，只能办理注册登记、转入或临时号牌",
                   "The vehicle is not registered here: only registration, transfer-in or a temporary "
                   "plate can be handled")
        return out.outcome()
    if registered and biz in ("register", "move_in"):
        out.refuse("vehicle_already_registered", "该车已注册登记，不能重复办理注册登记或转入",
                   "The vehicle is already registered: it cannot be registered or transferred in again")
        return out.outcome()
    _agent(app, out)
    if vehicle is not None:
        _holds(biz, vehicle, on, policy, out)
    if biz == "transfer" and vehicle is not None:
        _transfer(app, vehicle, on, policy, out)
    elif biz in ("change_colour", "change_engine", "change_body") and app.event_date is not None:
        deadline = add_working_days(app.event_date, policy.change_within_working_days, closed)
        if on > deadline:
            out.warn("change_late", f"逾期申请：变更应在变更后{policy.change_within_working_days}个工作日内"
                                    f"（{_ymd(deadline)}前）申请，本次仍予受理",
                     f"Late application: due within {policy.change_within_working_days} working days "
                     f"of the change (by {deadline}); accepted all the same")
    elif biz == "move_in" and app.event_date is not None:
        deadline = app.event_date + timedelta(days=policy.move_in_within_days)
        if on > deadline:
            out.warn("move_in_late", f"逾期申请：转入应在{policy.move_in_within_days}日内（{_ymd(deadline)}前）"
                                     "申请，本次仍予受理",
                     f"Late application: transfer-in is due within {policy.move_in_within_days} days "
                     f"(by {deadline}); accepted all the same")
    elif biz == "plate_swap" and vehicle is not None:
        _plate_swap(app, vehicle, on, policy, out)
    elif biz == "inspection_label" and vehicle is not None:
        _inspection_label(app, vehicle, on, policy, out)
    elif biz == "temp_plate":
        _temp_plate(app, vehicle, registered, on, policy, out)
    elif biz == "mortgage_release" and vehicle is not None and not vehicle.mortgaged:
        out.refuse("not_mortgaged", "该车没有抵押登记，无需解除抵押", "The vehicle is not mortgaged")
    elif biz == "pledge_release" and vehicle is not None and not vehicle.pledged:
        out.refuse("not_pledged", "该车没有质押备案，无需解除质押", "The vehicle is not pledged")
    elif biz == "pledge" and vehicle is not None and vehicle.pledged:
        out.refuse("already_pledged", "该车已质押备案，须先解除质押", "The vehicle is already pledged: release it first")
    return out.outcome()


# Art.86: an agent may act for the owner except where the owner must appear in person.
_OWNER_IN_PERSON = {"co_owner_change": "共同所有人变更", "replace_certificate": "补领登记证书",
                    "cancel_lost": "灭失注销"}


def _agent(app: Application, out: _Collector) -> None:
    if app.by_agent and app.business in _OWNER_IN_PERSON:
        name = _OWNER_IN_PERSON[app.business]
        out.refuse("agent_not_allowed", f"{name}须由机动车所有人本人申请，不能委托代理人办理",
                   f"{app.business} must be applied for by the owner in person, not by an agent")


# Businesses a 查封/扣押 stops: they would move ownership, the file or the security away from the
# court's hold (the brief's list, plus 迁出 and 共同所有人变更 for the same reason).
_SEIZED_STOPS = CANCELLING | {"transfer", "plate_swap", "mortgage", "pledge", "move_out", "co_owner_change"}


def _holds(biz: str, v: VehicleFacts, on: date, policy: VehicleRulePolicy, out: _Collector) -> None:
    """Stolen, seized, mortgaged/pledged: the holds on the vehicle's file."""
    if v.stolen and biz != "cancel_lost":
        out.refuse("vehicle_stolen", "该车登记为被盗抢车辆，除灭失注销外不能办理机动车业务，请先到公安机关核实",
                   "The vehicle is recorded as stolen: only cancellation as lost is possible; "
                   "see the police first")
    if v.seized and biz in _SEIZED_STOPS:
        out.refuse("vehicle_seized", "该车已被查封或扣押，解除前不能办理此项业务",
                   "The vehicle is seized: this business waits until the seizure is lifted")
    if biz in CANCELLING and (v.mortgaged or v.pledged):
        what = "、".join(w for w, f in (("抵押", v.mortgaged), ("质押", v.pledged)) if f)
        out.refuse("cancel_while_secured", f"该车处于{what}状态，须先解除{what}才能注销（令164第37—42条）",
                   "The vehicle is mortgaged or pledged: release it before cancellation")


def _transfer(app: Application, v: VehicleFacts, on: date, policy: VehicleRulePolicy, out: _Collector) -> None:
    """转让登记 (Art.25-30)."""
    if v.violations_pending or v.accidents_pending:
        what = "、".join(w for w, f in (("交通违法", v.violations_pending), ("交通事故", v.accidents_pending)) if f)
        out.refuse("transfer_pending_records", f"该车有未处理完毕的{what}记录，处理完毕后才能办理转让登记",
                   "The vehicle has traffic violations or accidents not yet dealt with: clear them first")
    if v.scrap_date is not None:
        limit = add_months(v.scrap_date, -12 * policy.transfer_scrap_margin_years)
        if on >= limit:
            out.refuse("transfer_near_scrap",
                       f"该车强制报废期止为{_ymd(v.scrap_date)}，距报废不足{policy.transfer_scrap_margin_years}年，"
                       "不能办理转让登记",
                       f"The vehicle must be scrapped by {v.scrap_date}: within "
                       f"{policy.transfer_scrap_margin_years} year of it a transfer is not allowed")
    if app.event_date is not None:
        deadline = app.event_date + timedelta(days=policy.transfer_within_days)
        if on > deadline:
            out.warn("transfer_late", f"逾期申请：转让登记应在车辆交付后{policy.transfer_within_days}日内"
                                      f"（{_ymd(deadline)}前）申请，本次仍予受理",
                     f"Late application: a transfer is due within {policy.transfer_within_days} days of "
                     f"delivery (by {deadline}); accepted all the same")
    if v.inspection_valid_until is not None and v.inspection_valid_until < on:
        out.warn("transfer_inspection_lapsed", "该车已超过检验有效期，须提交安全技术检验合格证明和交强险凭证",
                 "The inspection has lapsed: the inspection certificate and 交强险 are required")


def _plate_swap(app: Application, v: VehicleFacts, on: date, policy: VehicleRulePolicy, out: _Collector) -> None:
    """号牌互换 (Art.20): the same owner's two vehicles; the caller checks the owner."""
    partner = app.swap_partner
    if partner is None:
        out.refuse("swap_partner_required", "请指定要互换号牌的另一辆车", "Name the other vehicle of the swap")
        return
    if partner.cancelled or partner.moved_out or not partner.registered:
        out.refuse("swap_partner_unregistered", "互换号牌的另一辆车不在本地登记在册",
                   "The other vehicle is not registered here")
    if v.mortgaged:  # this vehicle's seizure or theft is refused in _holds already
        out.refuse("swap_mortgaged", "本车处于抵押状态，不能互换号牌", "This vehicle is mortgaged: no plate swap")
    holds = [w for w, f in (("抵押", partner.mortgaged), ("查封", partner.seized), ("被盗抢", partner.stolen)) if f]
    if holds:
        out.refuse("swap_partner_held", f"另一辆车处于{'、'.join(holds)}状态，不能互换号牌",
                   "The other vehicle is mortgaged, seized or stolen: plates cannot be swapped")
    for label, en, facts in (("本车", "This vehicle", v), ("另一辆车", "The other vehicle", partner)):
        if facts.last_plate_swap is None:
            continue
        allowed = add_months(facts.last_plate_swap, 12 * policy.plate_swaps_per_years)
        if on < allowed:
            out.refuse("swap_once_a_year",
                       f"{label}已于{_ymd(facts.last_plate_swap)}互换过号牌，同一辆车一年内只能互换一次，"
                       f"{_ymd(allowed)}起可再办理",
                       f"{en} swapped plates on {facts.last_plate_swap}: once a year, again from {allowed}")


def _inspection_label(app: Application, v: VehicleFacts, on: date, policy: VehicleRulePolicy,
                      out: _Collector) -> None:
    """检验合格标志核发 (Art.54-57)."""
    due = app.inspection_due or v.inspection_valid_until
    if due is None:
        out.refuse("inspection_due_unknown", "系统中没有该车的检验有效期，请先核对车辆档案",
                   "The vehicle's inspection expiry is not on record: check the file first")
    elif on > due:
        # Not a refusal: the label after a station inspection is this same business, and the
        # inspection certificate (a key material) is what proves the vehicle went on the line.
        out.warn("inspection_overdue", f"该车检验有效期已于{_ymd(due)}届满，须核验上线安全技术检验合格证明，"
                                       "不能免检领标",
                 f"The inspection expired on {due}: check the on-line inspection certificate (no label-only issue)")
    else:
        opens = add_months(due, -policy.label_window_months)
        if on < opens:
            out.refuse("label_too_early", f"检验合格标志须在检验有效期届满前{policy.label_window_months}个月内申领，"
                                          f"请于{_ymd(opens)}起办理",
                       f"The label can be applied for within {policy.label_window_months} months before "
                       f"expiry: from {opens}")
    if v.violations_pending or v.accidents_pending:
        out.refuse("label_pending_records", "该车有未处理完毕的交通违法或交通事故记录，处理完毕后才能申领检验合格标志",
                   "The vehicle has traffic violations or accidents not yet dealt with: clear them first")
    if v.insurance_until is not None and v.insurance_until < on:
        text = (f"系统记录的交强险已于{_ymd(v.insurance_until)}到期，须提交在有效期内的交强险凭证",
                f"The recorded 交强险 ended on {v.insurance_until}: a policy valid today is required")
        if policy.label_refuse_on_lapsed_insurance_record:
            out.refuse("label_insurance_lapsed", *text)
        else:
            out.warn("label_insurance_lapsed", *text)


def _temp_plate(app: Application, v: VehicleFacts | None, registered: bool, on: date,
                policy: VehicleRulePolicy, out: _Collector) -> None:
    """临时行驶车号牌 (Art.46-47, Art.51); validity in calendar days, issue day counted."""
    purpose, days = app.temp_plate_purpose, app.temp_plate_days
    if not purpose or not days:
        out.refuse("temp_plate_details_required", "请填写申领临时号牌的事由和有效天数",
                   "Enter the purpose of the temporary plate and the number of days")
        return
    if purpose not in TEMP_PLATE_PURPOSES:
        raise ValidationError("temp_plate_purpose", "temp_plate_purpose_unknown", f"没有“{purpose}”这种临时号牌事由",
                              f"There is no temporary-plate purpose {purpose!r}")
    if days < 0:
        raise ValidationError("temp_plate_days", "temp_plate_days_negative", "有效天数须为正数",
                              "The number of days must be positive")
    name = TEMP_PLATE_PURPOSES[purpose]
    allowed = _TEMP_REGISTERED if registered else _TEMP_UNREGISTERED
    if purpose not in allowed:
        out.refuse("temp_plate_purpose_mismatch",
                   f"“{name}”事由不适用于{'已' if registered else '未'}注册登记的车辆",
                   f"The purpose {purpose} does not apply to a vehicle that is "
                   f"{'registered' if registered else 'not registered'}")
        return
    limit = policy.temp_days_limit(purpose)
    if days > limit:
        out.refuse("temp_plate_too_long", f"“{name}”临时号牌有效期最长{limit}日，申请了{days}日",
                   f"A temporary plate for {purpose} is valid at most {limit} days, not {days}")
    issued = v.temp_plates_issued if v is not None else 0
    max_issues = {"unregistered": policy.temp_unregistered_issues, "export": policy.temp_export_issues}.get(purpose)
    if max_issues is not None and issued >= max_issues:
        out.refuse("temp_plate_issues_used", f"该车已核发临时号牌{issued}次，“{name}”最多核发{max_issues}次",
                   f"The vehicle has had {issued} temporary plates; {purpose} allows at most {max_issues}")
    insurance = v.insurance_until if v is not None else None
    if insurance is None:
        out.refuse("temp_plate_insurance_required", "请录入交强险有效期止，临时号牌有效期不得超过交强险有效期",
                   "Enter the 交强险 end date: a temporary plate never outlasts it")
    else:
        last_day = on + timedelta(days=days - 1)
        if last_day > insurance:
            out.refuse("temp_plate_beyond_insurance",
                       f"临时号牌有效期（至{_ymd(last_day)}）不得超过交强险有效期（至{_ymd(insurance)}）",
                       f"The temporary plate (to {last_day}) cannot outlast the 交强险 (to {insurance})")

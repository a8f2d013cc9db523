"""The acceptance rules of 机动车驾驶证申领和使用规定 (公安部令第162号 as amended by 令第172号, in force
2025-01-01): may this driver business be accepted (受理) today, and what does the holder card warn about?

`check_driver_application` never touches a database: the service passes the applicant's birth date,
what it knows about the licence (`LicenceFacts`, None when there is none) and the application. Each
refusal is worded so the clerk can read it out. Classes, statuses, the policy numbers and the
licence calendar (validity, 实习期, 身体条件证明, 降级) live in `desktop.domain.licence_terms` and are
re-exported here. Every period is calendar days/months (令162 Art.110).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.errors import ValidationError
from desktop.domain.identifiers import age_on
from desktop.domain.licence_terms import (
    CLASS_NAMES,
    CLASSES,
    DEFAULT_POLICY,
    FIRST_LICENCE_CLASSES,
    LICENCE_STATUS,
    PROFESSIONAL_CLASSES,
    HeldClass,
    LicenceFacts,
    LicencePolicy,
    add_years,
    check_class,
    classes_after_downgrade,
    covered,
    downgrade_classes,
    first_validity,
    had_full_cycle,
    health_cert_due,
    implied_classes,
    parse_licence_status,
    probation_end,
    renewal_window,
    validity_after_renewal,
    ymd,
)
from desktop.domain.licence_card import Reasons, downgrade_warning, licence_warnings
from desktop.domain.vehicle_rules import Outcome, Refusal, add_months

__all__ = [
    "BUSINESSES", "CLASSES", "CLASS_NAMES", "DEFAULT_POLICY", "FIRST_LICENCE_CLASSES", "LICENCE_STATUS",
    "PROFESSIONAL_CLASSES", "DriverApplication", "HeldClass", "LicenceFacts", "LicencePolicy", "Outcome",
    "Refusal", "check_driver_application", "classes_after_downgrade", "downgrade_classes", "first_validity",
    "health_cert_due", "implied_classes", "licence_warnings", "parse_licence_status", "probation_end", "renewal_window",
    "validity_after_renewal",
]

BUSINESSES: dict[str, str] = {
    "first_licence": "初次申领", "add_class": "增驾", "renewal": "期满换证", "transfer_in": "转入换证",
    "info_change": "信息变更", "damaged": "损毁换证", "replacement": "补证", "downgrade": "降级",
    "review": "审验", "health_cert": "提交身体条件证明", "extension": "延期", "cancel": "注销",
    "restore": "恢复驾驶资格",
}
SUBJECT_NAMES = {"1": "科目一", "2": "科目二", "3": "科目三道路驾驶技能", "3s": "科目三安全文明驾驶常识"}
# Businesses the expiry of the licence does not stop (they are about the expiry itself, or need no licence).
_EXPIRY_EXEMPT = frozenset({"first_licence", "cancel", "restore"})


@dataclass(frozen=True)
class DriverApplication:
    """One 申请 as the rules see it. `event_date`: the day of the change (信息变更), of the damage
    (损毁换证), or for 恢复驾驶资格 the day the licence was cancelled (when unknown: the day it became
    注销-eligible). `exams_passed`: subjects "1", "2", "3", "3s". `medical_on`: the 体检证明 presented."""

    business: str
    requested_class: str | None = None
    by_agent: bool = False
    event_date: date | None = None
    subject1_passed_on: date | None = None
    exams_passed: frozenset[str] = frozenset()
    medical_on: date | None = None
    three_abilities_passed: bool = False


def _name(cls: str) -> str:
    return f"{CLASS_NAMES[cls]}（{cls}）"


def _validate(app: DriverApplication, birth_date: date, on: date) -> None:
    if app.business not in BUSINESSES:
        raise ValidationError("business", "business_unknown", f"没有“{app.business}”这项驾驶证业务",
                              f"There is no driver business {app.business!r}")
    if app.requested_class is not None:
        check_class(app.requested_class)
    if birth_date > on:
        raise ValidationError("birth_date", "birth_date_future", "出生日期不能晚于今天",
                              "The birth date cannot be later than today")
    for field_name, day in (("event_date", app.event_date), ("subject1_passed_on", app.subject1_passed_on),
                            ("medical_on", app.medical_on)):
        if day is not None and day > on:
            raise ValidationError(field_name, f"{field_name}_future", "日期不能晚于今天",
                                  "The date cannot be later than today")
    bad = app.exams_passed - SUBJECT_NAMES.keys()
    if bad:
        raise ValidationError("exams_passed", "subject_unknown", f"没有“{min(bad)}”这个考试科目",
                              f"There is no exam subject {min(bad)!r}")


def check_driver_application(app: DriverApplication, birth_date: date, licence: LicenceFacts | None, on: date,
                             policy: LicencePolicy = DEFAULT_POLICY) -> Outcome:
    """受理审核: the refusals and warnings for `app` on the day `on`.

    Raises ValidationError for malformed input (unknown business, class or subject, a future date);
    everything else comes back in the Outcome."""
    _validate(app, birth_date, on)
    out = Reasons()
    biz = app.business
    if app.by_agent and biz not in policy.agent_allowed:
        out.refuse("agent_not_allowed", f"{BUSINESSES[biz]}须由本人申请，不能委托代理人办理",
                   f"{biz} must be applied for in person, not by an agent")
    if licence is None and biz not in ("first_licence", "transfer_in"):
        out.refuse("licence_not_found", "系统中没有该驾驶人的驾驶证记录，不能办理此项业务",
                   "There is no driving licence on record for this person")
        return out.outcome()
    if licence is not None and not _status(biz, licence, policy, out):
        return out.outcome()
    if licence is not None and biz not in _EXPIRY_EXEMPT:
        _expiry(biz, licence, on, policy, out)
    if app.medical_on is not None and on > add_months(app.medical_on, policy.medical_valid_months):
        out.refuse("medical_stale", f"体检证明出具于{ymd(app.medical_on)}，已超过{policy.medical_valid_months}个月有效期，"
                                    "请重新体检", f"The medical certificate of {app.medical_on} is older than "
                                                 f"{policy.medical_valid_months} months: a new one is needed")
    age = age_on(birth_date, on)
    if biz in ("first_licence", "add_class"):
        _new_class(app, birth_date, age, licence, on, policy, out)
    elif biz == "renewal" and licence is not None:
        _renewal(app, birth_date, age, licence, on, policy, out)
    elif biz in ("info_change", "damaged") and app.event_date is not None:
        deadline = app.event_date + timedelta(days=policy.change_within_days)
        if on > deadline:
            what = BUSINESSES[biz]
            out.warn("change_late", f"逾期申请：{what}应在{policy.change_within_days}日内（{ymd(deadline)}前）申请，"
                                    "本次仍予受理", f"Late application: due within {policy.change_within_days} "
                                                  f"days (by {deadline}); accepted all the same")
    elif biz == "downgrade" and licence is not None:
        _downgrade(app, birth_date, age, licence, on, policy, out)
    elif biz == "review" and licence is not None:
        _review(licence, on, policy, out)
    elif biz == "health_cert" and licence is not None:
        _health_cert(app, birth_date, age, licence, on, policy, out)
    elif biz == "restore" and licence is not None:
        _restore(app, licence, on, policy, out)
    return out.outcome()


def _status(biz: str, licence: LicenceFacts, policy: LicencePolicy, out: Reasons) -> bool:
    """The 驾驶证状态 holds; False when nothing else is worth checking."""
    closed = sorted(licence.status & policy.closed_statuses)
    if closed and biz == "first_licence":
        names = "、".join(LICENCE_STATUS[s] for s in closed)
        out.warn("previous_licence_closed", f"原驾驶证已{names}，重新申领须核对法定的重新申领期限",
                 "The previous licence is closed: check the waiting period before a new application")
        return True
    if closed and not (biz == "restore" and "G" in closed and len(closed) == 1):
        names = "、".join(LICENCE_STATUS[s] for s in closed)
        out.refuse("licence_closed", f"该驾驶证已{names}，不能办理{BUSINESSES[biz]}",
                   f"The licence is closed ({''.join(closed)}): {biz} cannot be handled")
        return False
    if biz == "first_licence":
        out.refuse("already_licensed", "该申请人已持有机动车驾驶证，应申请增加准驾车型（增驾）",
                   "The applicant already holds a driving licence: apply to add a class instead")
        return False
    held = sorted(licence.status & policy.held_statuses)
    if held and biz not in policy.held_allows:
        names = "、".join(LICENCE_STATUS[s] for s in held)
        out.refuse("licence_held", f"该驾驶证处于{names}状态，期间不能办理{BUSINESSES[biz]}",
                   f"The licence is seized or suspended ({''.join(held)}): {biz} waits until it is returned")
    if "B" in licence.status and biz in policy.full_points_blocks:
        out.refuse("points_full", f"该驾驶证记分已满{policy.points_per_cycle}分（超分），须参加学习考试后才能办理"
                                  f"{BUSINESSES[biz]}", f"The licence has reached {policy.points_per_cycle} "
                                                      f"points: {biz} waits until the study and exam are done")
    if licence.status & {"H", "I"} and biz in policy.pending_blocks:
        out.refuse("records_pending", f"该驾驶人有未处理完毕的交通违法或交通事故，处理完毕后才能办理{BUSINESSES[biz]}",
                   "Traffic violations or accidents are not yet dealt with: clear them first")
    if "L" in licence.status:
        out.warn("licence_locked", "该驾驶证处于锁定状态，请核实锁定原因", "The licence is locked: check why")
    return True


def _expiry(biz: str, licence: LicenceFacts, on: date, policy: LicencePolicy, out: Reasons) -> None:
    """Past 有效期止: within a year renew (warned); a full year or more → 注销 (Art.79(六))."""
    until = licence.valid_until
    if until is None or on <= until:
        return
    _, last = renewal_window(until, policy)
    if on > last:
        out.refuse("licence_overdue_cancel",
                   f"驾驶证有效期已于{ymd(until)}届满，超过{policy.overdue_cancel_years}年未换证，应予注销；"
                   f"注销后{policy.restore_within_years}年内通过科目一考试可恢复驾驶资格",
                   f"The licence expired on {until}, more than {policy.overdue_cancel_years} year ago: it is to be "
                   f"cancelled; within {policy.restore_within_years} years, passing subject 1 restores it")
    elif biz == "renewal":
        out.warn("renewal_late", f"逾期换证：有效期已于{ymd(until)}届满，本次仍予受理（{ymd(last)}前须换证）",
                 f"Late renewal: the licence expired on {until}; accepted (the last day is {last})")
    elif biz != "extension":
        out.warn("licence_expired", f"驾驶证有效期已于{ymd(until)}届满，须一并办理期满换证",
                 f"The licence expired on {until}: renew it at the same time")


def _age(cls: str, birth: date, age: int, policy: LicencePolicy, out: Reasons) -> None:
    """Art.13 (令172): application ages at the day of application; 以上/以下 include the number."""
    low = policy.min_age[cls]
    if cls in ("A1", "A2") and policy.vocational_students:
        low = policy.vocational_min_age
    high = policy.max_age[cls]
    if low is not None and age < low:
        out.refuse("age_too_young", f"申请{_name(cls)}须年满{low}周岁，申请人{ymd(add_years(birth, low))}才满{low}周岁",
                   f"Class {cls} needs age {low}; the applicant reaches it on {add_years(birth, low)}")
    if high is not None and age > high:
        out.refuse("age_too_old", f"申请{_name(cls)}须在{high}周岁以下，申请人已{age}周岁",
                   f"Class {cls} is for applicants up to age {high}; the applicant is {age}")


def _three_abilities(biz: str, classes: set[str], age: int, app: DriverApplication, policy: LicencePolicy,
                     out: Reasons) -> None:
    wanted = sorted(classes & policy.three_abilities_classes)
    if (age >= policy.three_abilities_age and wanted and biz in policy.three_abilities_businesses
            and not app.three_abilities_passed):
        out.refuse("three_abilities_required",
                   f"年满{policy.three_abilities_age}周岁办理{'、'.join(wanted)}的{BUSINESSES[biz]}，须通过记忆力、"
                   "判断力、反应力（三力）测试", f"From age {policy.three_abilities_age} the memory, judgement and "
                                              "reaction (三力) test is required")


def _new_class(app: DriverApplication, birth: date, age: int, licence: LicenceFacts | None, on: date,
               policy: LicencePolicy, out: Reasons) -> None:
    """初次申领 (Art.16) and 增驾 (Art.17): class, age, prerequisites, exams."""
    cls = app.requested_class
    if cls is None:
        out.refuse("class_required", "请选择申请的准驾车型", "Choose the licence class applied for")
        return
    first = app.business == "first_licence"
    if first:
        allowed = FIRST_LICENCE_CLASSES | ({"A1", "A2"} if policy.vocational_students else set())
        if cls not in allowed:
            out.refuse("not_first_licence_class", f"{_name(cls)}不能初次申领，须在持有其他准驾车型后申请增驾",
                       f"Class {cls} cannot be a first licence: it can only be added to a licence")
    elif licence is not None:
        if cls in covered(licence.class_codes):
            out.refuse("class_already_held", f"所持驾驶证已准驾{_name(cls)}，无需增驾",
                       f"The licence already covers class {cls}")
        else:
            _prerequisites(cls, licence, on, policy, out)
    _age(cls, birth, age, policy, out)
    missing = sorted(policy.subjects_for(cls) - app.exams_passed)
    if missing:
        out.refuse("exams_incomplete", f"申请{_name(cls)}尚未通过{'、'.join(SUBJECT_NAMES[s] for s in missing)}考试",
                   f"Class {cls}: exams not yet passed: {', '.join(missing)}")
    _three_abilities(app.business, {cls}, age, app, policy, out)


def _prerequisites(cls: str, licence: LicenceFacts, on: date, policy: LicencePolicy, out: Reasons) -> None:
    """增驾 (Art.17): years holding a lower class (a class implying it counts), clean 记分周期."""
    options = policy.add_class_prerequisites.get(cls, ())
    if options and not any(add_years(h.first_obtained, years) <= on
                           for need, years in options for h in licence.classes
                           if need & ({h.cls} | implied_classes(h.cls))):
        alts = "，或".join(f"{'、'.join(sorted(need))}准驾车型满{years}年" for need, years in options)
        out.refuse("add_class_prerequisite", f"增驾{_name(cls)}须已取得{alts}",
                   f"Adding class {cls} needs: " + "; or ".join(f"{'/'.join(sorted(n))} held {y} years"
                                                               for n, y in options))
    cycles = policy.clean_cycles.get(cls, policy.clean_cycles_default)
    since = add_months(licence.cycle_start or on, -12 * cycles)
    if had_full_cycle(licence, since, on, policy):
        out.refuse("add_class_full_cycle",
                   f"申请前最近连续{cycles}个记分周期内有记满{policy.points_per_cycle}分记录，不能增驾{_name(cls)}",
                   f"A scoring cycle reached {policy.points_per_cycle} points within the last {cycles} cycle(s): "
                   f"class {cls} cannot be added")
    in_probation = [h.cls for h in licence.classes if on <= probation_end(h, policy)]
    if policy.add_class_blocked_in_any_probation and in_probation:
        out.refuse("add_class_in_probation", f"{'、'.join(in_probation)}仍在实习期内，实习期满后才能增驾",
                   f"{', '.join(in_probation)} still in the probation year: add a class after it ends")


def _renewal(app: DriverApplication, birth: date, age: int, licence: LicenceFacts, on: date,
             policy: LicencePolicy, out: Reasons) -> None:
    """期满换证 (Art.64): from 90 calendar days before 有效期止; late renewals are warned in _expiry."""
    if licence.valid_until is None:
        out.refuse("renewal_long_term", "该驾驶证长期有效，无需期满换证", "The licence never expires: no renewal")
        return
    opens, _ = renewal_window(licence.valid_until, policy)
    if on < opens:
        out.refuse("renewal_too_early",
                   f"期满换证须在有效期满前{policy.renewal_window_days}日内办理，有效期止{ymd(licence.valid_until)}，"
                   f"请于{ymd(opens)}起办理", f"Renewal opens {policy.renewal_window_days} days before expiry "
                                            f"({licence.valid_until}): from {opens}")
    downgrade_warning(birth, licence, on, policy, out)
    _three_abilities("renewal", set(licence.class_codes), age, app, policy, out)


def _downgrade(app: DriverApplication, birth: date, age: int, licence: LicenceFacts, on: date,
               policy: LicencePolicy, out: Reasons) -> None:
    """降级 (Art.76): at 63 compulsory for A/B (and N/P); earlier it is a voluntary lowering."""
    held = set(licence.class_codes)
    target = app.requested_class
    if target is not None:
        if target in held or target not in covered(held):
            out.refuse("downgrade_target_not_lower", f"{_name(target)}不是所持准驾车型的下级车型，不能降级为该车型",
                       f"Class {target} is not below a class held: cannot downgrade to it")
    elif not held & policy.downgrade_to.keys():
        out.refuse("downgrade_nothing", "所持准驾车型没有需要降级的大中型客货车或电车车型",
                   "No class held needs a downgrade")
    if age < policy.downgrade_age:
        out.warn("downgrade_voluntary", f"申请人未满{policy.downgrade_age}周岁，属自愿降低准驾车型",
                 f"Under {policy.downgrade_age}: a voluntary downgrade")


def _review(licence: LicenceFacts, on: date, policy: LicencePolicy, out: Reasons) -> None:
    """审验 (Art.75): A/B holders with points in a 记分周期, within 30 days after it ends (review_due)."""
    if not set(licence.class_codes) & PROFESSIONAL_CLASSES:
        out.refuse("review_not_required", "所持准驾车型不属于大中型客货车，无需审验",
                   "The classes held need no review (审验 is for A and B classes)")
        return
    due = licence.review_due
    if due is None:
        out.refuse("review_not_due", "没有待审验的记分周期（记分周期内没有记分的免予审验）",
                   "No review is due (a cycle without points needs none)")
        return
    cycle_ended = due - timedelta(days=policy.review_within_days)
    if on <= cycle_ended:
        out.refuse("review_too_early", f"记分周期{ymd(cycle_ended)}结束，审验须在其后{policy.review_within_days}日内办理",
                   f"The scoring cycle ends on {cycle_ended}: review within {policy.review_within_days} days after")
    elif on > due:
        out.warn("review_late", f"逾期审验：应于{ymd(due)}前审验，本次仍予受理",
                 f"Late review: it was due by {due}; accepted all the same")


def _health_cert(app: DriverApplication, birth: date, age: int, licence: LicenceFacts, on: date,
                 policy: LicencePolicy, out: Reasons) -> None:
    """提交身体条件证明 (Art.74): 70+ yearly, C5 every 3 years; a year overdue at 70+ → 注销 (Art.79(七))."""
    if app.medical_on is None:
        out.refuse("medical_required", "请录入身体条件证明（体检证明）的出具日期",
                   "Enter the date of the medical certificate")
    due = licence.health_due or health_cert_due(birth, licence.classes, None, on, policy)
    if due is None:
        out.warn("health_cert_not_required", "该驾驶人不属于须定期提交身体条件证明的情形，本次按自愿提交受理",
                 "This holder need not submit medical certificates: accepted as a voluntary one")
    elif on > due:
        limit = add_years(due, policy.health_overdue_cancel_years)
        if age >= policy.health_yearly_age and on > limit:
            out.refuse("health_overdue_cancel",
                       f"身体条件证明应于{ymd(due)}前提交，逾期已超过{policy.health_overdue_cancel_years}年，"
                       "驾驶证应予注销",
                       f"The medical certificate was due by {due}, more than a year ago: "
                       "the licence is to be cancelled")
        else:
            out.warn("health_cert_late", f"逾期提交：身体条件证明应于{ymd(due)}前提交，本次仍予受理",
                     f"Late: the medical certificate was due by {due}; accepted all the same")
    _three_abilities("health_cert", set(licence.class_codes), age, app, policy, out)


def _restore(app: DriverApplication, licence: LicenceFacts, on: date, policy: LicencePolicy, out: Reasons) -> None:
    """恢复驾驶资格 (Art.79): cancelled (overdue renewal or health certificate) for at most 2 years, after
    passing 科目一. Cancelled on `event_date`; without it, the day the licence became 注销-eligible."""
    overdue_since = None
    if licence.valid_until is not None:
        overdue_since = renewal_window(licence.valid_until, policy)[1] + timedelta(days=1)
    cancelled = licence.status & {"G", "R"} or (overdue_since is not None and on >= overdue_since)
    if not cancelled:
        out.refuse("restore_not_cancelled", "该驾驶证未被注销，无需恢复驾驶资格",
                   "The licence is not cancelled: nothing to restore")
        return
    cancelled_on = app.event_date or overdue_since
    if cancelled_on is None or cancelled_on > on:
        out.refuse("restore_date_unknown", "请录入驾驶证的注销日期", "Enter the day the licence was cancelled")
        return
    deadline = add_years(cancelled_on, policy.restore_within_years)
    if on > deadline:
        out.refuse("restore_too_late",
                   f"驾驶证于{ymd(cancelled_on)}注销，已超过{policy.restore_within_years}年，不能恢复驾驶资格，须重新申领",
                   f"Cancelled on {cancelled_on}, more than {policy.restore_within_years} years ago: "
                   "apply for a new licence")
    if app.subject1_passed_on is None or app.subject1_passed_on < cancelled_on:
        out.refuse("restore_subject1_required", "恢复驾驶资格须在注销后通过科目一考试",
                   "Restoration needs subject 1 passed after the cancellation")

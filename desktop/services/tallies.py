"""Monthly tallies (月度统计): every figure the office reports for a month or a year, per hall or
for every hall of the database, with 同比 and 环比 on the headline figures.

What counts where (so that an independent count gives the same numbers):
- A case, an exam result, a ticket and a fee belong to the period of its hall date (`day`,
  `exam_date`, `accepted_on`): month and day boundaries are the hall's (HALL_ZONE), not the PC's.
- Business by type is the cohort accepted in the period, in the state it is in now: 受理 counts
  every case, 办结 / 退办 those now completed / refused; 容缺 columns count the deferrals accepted in
  the period by their state now (待补 pending, 已补 supplied, 终止 terminated).
- Queue: a ticket's wait runs from issue to its first call (first_called_at; called_at when that is
  missing), for every ticket that was called; service time from start (call when not started) to
  finish, for finished tickets; 过号率 is no-shows over tickets called; 时限内办结率 is finished
  tickets whose wait was within their category's sla_minutes, over finished tickets. Percentiles by
  linear interpolation (domain.tallies.percentile).
- Fees: CaseFee lines of cases accepted in the period that are completed or deferred (容缺 cases
  have paid), both case types, summed by item name.

Counts are grouped in SQL; the queue fetches one narrow row per ticket of the period (minutes and
hour computed in SQL), because medians and percentiles per category, counter, clerk and hour need
the values themselves — a month at the seed's volume is ~14,000 rows."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Integer, and_, case, cast, func, literal, select
from sqlalchemy.engine import Connection

from desktop.domain.errors import ValidationError
from desktop.domain.tallies import (
    NO_COMPARISON,
    Change,
    Headline,
    MonthTally,
    Section,
    change,
    check_year,
    percentile,
)
from desktop.domain.text import check_text, shown
from desktop.services.base import HALL_ZONE, Actor, Service, require
from desktop.store.driver_models import DriverCase, ExamResult
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamSession
from desktop.store.models import Hall, Staff
from desktop.store.queue_models import Ticket, TicketCategory
from desktop.store.vehicle_models import CaseFee, Deferral, VehicleCase

ALL_HALLS = "all"
BUSINESS_HEADERS = ("业务类型", "受理", "办结", "退办", "容缺待补", "容缺已补", "容缺终止")
EXAM_HEADERS = ("科目", "准驾车型", "预约", "参考", "合格", "合格率(%)", "缺考")
QUEUE_COLUMNS = ("过号", "过号率(%)", "平均等候(分钟)", "等候中位数(分钟)", "等候90%分位(分钟)",
                 "平均办理(分钟)", "时限内办结率(%)")
SATISFACTION_HEADERS = ("评价", "分值", "件数", "占比(%)")
REASON_HEADERS = ("不满意原因", "件数")
FEE_HEADERS = ("收费项目", "笔数", "数量", "金额(元)")
SUBJECTS = {"1": "科目一", "2": "科目二", "3": "科目三", "3s": "科目三安全文明常识"}
RATINGS = ((4, "非常满意"), (3, "满意"), (2, "基本满意"), (1, "不满意"))
TOTAL = "合计"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class _Period:
    start: date  # first day
    end: date  # the day after the last

    def days(self) -> list[date]:
        return [self.start + timedelta(n) for n in range((self.end - self.start).days)]


def _month(year: int, month: int) -> _Period:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return _Period(date(year, month, 1), nxt)


def _year(year: int) -> _Period:
    return _Period(date(year, 1, 1), date(year + 1, 1, 1))


def _pct(part: float, whole: float) -> float | None:
    return round(part * 100 / whole, 2) if whole else None


def _r2(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


class TallyService(Service):
    """月度统计. Needs "report.view"."""

    def month(self, actor: Actor, year: int, month: int, hall_code: str | None = None, *,
              memo: _Memo | None = None) -> MonthTally:
        """The tally of one month; hall_code None = the actor's hall, "all" = every hall merged.
        (`memo`: see YearTally.)"""
        require(actor, "report.view")
        year = check_year(year)
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise ValidationError("month", "month_invalid", f"月份无效：{shown(month)}", f"Invalid month: {shown(month)}")
        prev_month = _month(year - 1, 12) if month == 1 else _month(year, month - 1)
        return self._tally(actor, hall_code, year, month, _month(year, month), _month(year - 1, month), prev_month,
                           memo)

    def year(self, actor: Actor, year: int, hall_code: str | None = None, *,
             memo: _Memo | None = None) -> MonthTally:
        """The tally of a whole year (month=None): 同比 on the year before, no 环比."""
        require(actor, "report.view")
        year = check_year(year)
        return self._tally(actor, hall_code, year, None, _year(year), _year(year - 1), None, memo)

    def year_run(self, actor: Actor, year: int, hall_code: str | None = None) -> YearTally:
        """A year's twelve months and its summary as one run (see YearTally)."""
        return YearTally(self, actor, year, hall_code)

    # --- assembly -----------------------------------------------------------------------------------

    def _tally(self, actor: Actor, hall_code: str | None, year: int, month: int | None, period: _Period,
               last_year: _Period, last_month: _Period | None, memo: _Memo | None) -> MonthTally:
        code = check_text(hall_code, "hall_code", "大厅代码", "hall code") or actor.hall_code
        if memo is not None and memo.hall_code != code:
            memo = None  # a memo holds one hall's figures
        with self._sessions() as session:
            halls = None if code == ALL_HALLS else [code]
            if halls is None:
                name = "全部大厅"
            else:
                name = session.scalar(select(Hall.name).where(Hall.code == code))
                if name is None:
                    raise ValidationError("hall_code", "hall_unknown", f"没有这个大厅：{shown(code)}",
                                          f"No such hall: {shown(code)}")
            q = _Queries(session.connection(), halls)  # Core: no ORM row processing for plain columns
            groups = memo.merged_queue(period) if memo is not None else None
            if groups is None:
                groups = q.queue_groups(period)
            if memo is not None:
                memo.queues[period] = groups
            sections = (
                q.business("vehicle_business", "机动车业务（按业务类型）", VehicleCase, "vehicle", period),
                q.business("driver_business", "驾驶证业务（按业务类型）", DriverCase, "driver", period),
                q.exams(period),
                *q.queue(groups),
                *q.satisfaction(period),
                q.fees(period),
            )
            now = _figures_of(sections)
            before = memo.figures_of(q, last_year) if memo is not None else q.figures(last_year)
            if memo is not None:
                memo.figures[period] = now
                earlier = memo.figures_of(q, last_month) if last_month else None
            else:
                earlier = q.figures(last_month) if last_month else None
            headlines = tuple(
                Headline(key, label, value if value is not None else 0.0, unit,
                         change(value or 0.0, before[key]) if value is not None else _none(),
                         (change(value or 0.0, earlier[key]) if value is not None else _none()) if earlier
                         else _none())
                for key, label, unit, value in (
                    ("vehicle_cases", "机动车业务量", "件", now["vehicle_cases"]),
                    ("driver_cases", "驾驶证业务量", "件", now["driver_cases"]),
                    ("tickets", "取号量", "张", now["tickets"]),
                    ("avg_wait", "平均等候时间", "分钟", now["avg_wait"]),
                    ("satisfied_share", "满意率", "%", now["satisfied_share"]),
                    ("fees_total", "收费金额", "元", now["fees_total"]),
                ))
            daily = q.daily(period)
        return MonthTally(hall_code=code, hall_name=name, year=year, month=month, headlines=headlines,
                          sections=sections, daily=daily, generated_at=self.now().astimezone(HALL_ZONE))


def _figures_of(sections: tuple[Section, ...]) -> dict[str, float | None]:
    """The headline figures of the tallied period, read off its sections (figures() gives the same
    for the periods compared with, without building their sections)."""
    by_key = {s.key: s for s in sections}
    queue = by_key["queue_by_category"].rows[-1]
    satisfied = next(r for r in by_key["satisfaction"].rows if r[1] is None and r[0] != TOTAL)
    return {"vehicle_cases": float(by_key["vehicle_business"].rows[-1][1]),
            "driver_cases": float(by_key["driver_business"].rows[-1][1]),
            "tickets": float(queue[1]), "avg_wait": queue[5], "satisfied_share": satisfied[3],
            "fees_total": float(by_key["fees"].rows[-1][3])}


def _none() -> Change:
    return Change(None, None, NO_COMPARISON)


class _Queries:
    """The SQL of one tally: one session, one hall filter (None = every hall)."""

    def __init__(self, connection: Connection, halls: list[str] | None) -> None:
        self.s = connection
        self.halls = halls
        self.dialect = connection.dialect.name

    def _hall(self, column):
        return literal(True) if self.halls is None else column.in_(self.halls)

    def _minutes(self, later, earlier):
        """later − earlier in minutes, computed by the database."""
        if self.dialect == "sqlite":
            return (func.julianday(later) - func.julianday(earlier)) * 1440.0
        return func.extract("epoch", later - earlier) / 60.0

    def _hall_hour(self, moment, on: date):
        """The hour of the day (0–23) in the hall's time zone."""
        if self.dialect == "sqlite":
            # SQLite keeps UTC text; Asia/Shanghai has had no summer time since 1991, so one offset
            # (taken at the period's start) is exact.
            offset = HALL_ZONE.utcoffset(datetime(on.year, on.month, on.day))
            return cast(func.strftime("%H", moment, f"{int(offset.total_seconds() // 60):+d} minutes"), Integer)
        return cast(func.extract("hour", func.timezone(str(HALL_ZONE), moment)), Integer)

    # --- sections -----------------------------------------------------------------------------------

    def business(self, key: str, title: str, model, case_type: str, p: _Period) -> Section:
        counts = self.s.execute(
            select(model.business_name, func.count(),
                   func.sum(case((model.state == "completed", 1), else_=0)),
                   func.sum(case((model.state == "refused", 1), else_=0)))
            .where(self._hall(model.hall_code), model.day >= p.start, model.day < p.end)
            .group_by(model.business_name)).all()
        deferred = self.s.execute(
            select(Deferral.business_name, Deferral.state, func.count())
            .where(self._hall(Deferral.hall_code), Deferral.case_type == case_type,
                   Deferral.accepted_on >= p.start, Deferral.accepted_on < p.end)
            .group_by(Deferral.business_name, Deferral.state)).all()
        table: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
        for name, n, done, refused in counts:
            table[name][0:3] = [int(n), int(done or 0), int(refused or 0)]
        column = {"pending": 3, "supplied": 4, "terminated": 5}
        for name, state, n in deferred:
            table[name][column[state]] += int(n)
        rows = sorted(table.items(), key=lambda kv: (-kv[1][0], kv[0]))
        total = [sum(v[i] for _, v in rows) for i in range(6)]
        return Section(key, title, BUSINESS_HEADERS,
                       tuple((name, *v) for name, v in rows) + ((TOTAL, *total),),
                       notes=("按本期受理的业务统计，办结、退办、容缺各列为其当前状态。",))

    def exams(self, p: _Period) -> Section:
        sat = ExamResult.source != "no_show"
        rows = self.s.execute(
            select(ExamResult.subject, ExamResult.cls, func.sum(case((sat, 1), else_=0)),
                   func.sum(case((sat & ExamResult.passed, 1), else_=0)), func.sum(case((sat, 0), else_=1)))
            .where(self._hall(ExamResult.hall_code), ExamResult.exam_date >= p.start, ExamResult.exam_date < p.end)
            .group_by(ExamResult.subject, ExamResult.cls)).all()
        booked = dict(((subject, cls), int(n)) for subject, cls, n in self.s.execute(
            select(ExamSession.subject, ExamCandidate.cls, func.count())
            .select_from(ExamBooking).join(ExamSession, ExamSession.id == ExamBooking.session_id)
            .join(ExamCandidate, ExamCandidate.id == ExamBooking.candidate_id)
            # a booking is its session's hall's; filtering on the session lets the day index lead
            .where(self._hall(ExamSession.hall_code), ExamBooking.state != "cancelled",
                   ExamSession.day >= p.start, ExamSession.day < p.end)
            .group_by(ExamSession.subject, ExamCandidate.cls)))
        table = {(subject, cls): (int(n or 0), int(passed or 0), int(absent or 0))
                 for subject, cls, n, passed, absent in rows}
        order = list(SUBJECTS)
        keys = sorted(set(table) | set(booked), key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[1]))
        out = []
        for subject, cls in keys:
            n, passed, absent = table.get((subject, cls), (0, 0, 0))
            out.append((SUBJECTS.get(subject, subject), cls, booked.get((subject, cls), 0), n, passed,
                        _pct(passed, n), absent))
        totals = [sum(r[i] for r in out) for i in (2, 3, 4, 6)]
        out.append((TOTAL, "", totals[0], totals[1], totals[2], _pct(totals[2], totals[1]), totals[3]))
        return Section("exams", "考试（按科目、准驾车型）", EXAM_HEADERS, tuple(out),
                       notes=("预约：本期场次的有效预约（不含已取消）；参考、合格、缺考取自考试成绩，缺考按不合格记录但不计入参考。",))

    def queue_groups(self, p: _Period) -> _QueueGroups:
        """The period's tickets in their groups (by category, counter, clerk and hour of issue)."""
        t, c = Ticket, TicketCategory
        called = func.coalesce(t.first_called_at, t.called_at)
        stmt = (select(t.category, t.state, t.counter_number, t.clerk, self._hall_hour(t.issued_at, p.start),
                       self._minutes(called, t.issued_at),
                       case((t.state == "finished", self._minutes(t.finished_at, func.coalesce(t.started_at,
                                                                                                t.called_at)))),
                       c.sla_minutes)
                .outerjoin(c, and_(c.hall_code == t.hall_code, c.code == t.category))
                .where(self._hall(t.hall_code), t.day >= p.start, t.day < p.end))
        by_cat: dict = {}
        by_counter: dict = {}
        by_clerk: dict = {}
        by_hour: dict = {}
        for cat, state, counter, clerk, hour, wait, service, sla in self.s.execute(stmt):
            item = (state, wait, service, sla)
            by_cat.setdefault(cat, []).append(item)
            by_hour.setdefault(hour, []).append(item)
            if wait is not None:  # called: by where and by whom
                if counter is not None:
                    by_counter.setdefault(counter, []).append(item)
                if clerk:
                    by_clerk.setdefault(clerk, []).append(item)
        return {name: {k: _Group.of(items) for k, items in group.items()}
                for name, group in (("category", by_cat), ("counter", by_counter), ("clerk", by_clerk),
                                    ("hour", by_hour))}

    def queue(self, groups: _QueueGroups) -> tuple[Section, ...]:
        c = TicketCategory
        names = dict(self.s.execute(select(c.code, c.name).where(self._hall(c.hall_code))
                                    .order_by(c.hall_code)).all())
        staff = dict(self.s.execute(select(Staff.username, Staff.name)).all())
        specs = (
            ("queue_by_category", "排队叫号（按类别）", ("类别", "取号", "已办结"), "category",
             lambda k: f"{k} {names.get(k, '')}".strip()),
            ("queue_by_counter", "排队叫号（按窗口）", ("窗口", "叫号", "已办结"), "counter", lambda k: k),
            ("queue_by_clerk", "排队叫号（按人员）", ("人员", "叫号", "已办结"), "clerk",
             lambda k: f"{staff[k]}（{k}）" if staff.get(k) else k),
            ("queue_by_hour", "排队叫号（按取号时段）", ("时段", "取号", "已办结"), "hour",
             lambda k: f"{k:02d}:00-{k + 1:02d}:00"),
        )
        everything = _Group.merged(groups["category"].values()).figures()  # the same tickets as the hours'
        out = []
        for key, title, first, name, label in specs:
            group = groups[name]
            rows = [(label(k), *g.figures()) for k, g in sorted(group.items(), key=lambda kv: kv[0])]
            total = everything if name in ("category", "hour") else _Group.merged(group.values()).figures()
            rows.append((TOTAL, *total))
            out.append(Section(key, title, first + QUEUE_COLUMNS, tuple(rows), notes=(
                "等候：取号至首次叫号；办理：开始办理（未记录时取叫号）至办结；过号率：过号/叫号；"
                "时限内办结率：等候不超过该类别时限的已办结号/已办结号。",)))
        return tuple(out)

    def satisfaction(self, p: _Period) -> tuple[Section, Section]:
        where = (self._hall(Ticket.hall_code), Ticket.day >= p.start, Ticket.day < p.end)
        counts = dict(self.s.execute(select(Ticket.rating, func.count()).where(
            *where, Ticket.rating.is_not(None)).group_by(Ticket.rating)).all())
        rated = sum(counts.get(v, 0) for v, _ in RATINGS)
        rows = [(name, v, int(counts.get(v, 0)), _pct(counts.get(v, 0), rated)) for v, name in RATINGS]
        happy = counts.get(4, 0) + counts.get(3, 0)
        rows.append(("满意率（非常满意+满意）", None, int(happy), _pct(happy, rated)))
        rows.append((TOTAL, None, rated, 100.0 if rated else None))
        reasons = self.s.execute(select(Ticket.rating_reason, func.count()).where(
            *where, Ticket.rating == 1).group_by(Ticket.rating_reason)).all()
        reasons = sorted(((r or "（未填写）", int(n)) for r, n in reasons), key=lambda r: (-r[1], r[0]))
        return (Section("satisfaction", "满意度评价", SATISFACTION_HEADERS, tuple(rows),
                        notes=("占比以已评价的号为分母；满意率 = (非常满意 + 满意) / 已评价。",)),
                Section("unsatisfied_reasons", "不满意原因", REASON_HEADERS,
                        tuple(reasons) + ((TOTAL, sum(n for _, n in reasons)),)))

    def _fee_rows(self, p: _Period):
        parts = []
        for model, case_type in ((VehicleCase, "vehicle"), (DriverCase, "driver")):
            parts.append(select(CaseFee.name, func.count(), func.sum(CaseFee.quantity), func.sum(CaseFee.amount))
                         .select_from(model)
                         .join(CaseFee, and_(CaseFee.case_id == model.id, CaseFee.case_type == case_type))
                         .where(self._hall(model.hall_code), model.day >= p.start, model.day < p.end,
                                model.state.in_(("completed", "deferred")))
                         .group_by(CaseFee.name))
        table: dict[str, list] = defaultdict(lambda: [0, 0, Decimal("0")])
        for stmt in parts:
            for name, n, qty, amount in self.s.execute(stmt):
                table[name][0] += int(n)
                table[name][1] += int(qty or 0)
                table[name][2] += Decimal(str(amount or 0))
        return table

    def fees(self, p: _Period) -> Section:
        table = self._fee_rows(p)
        rows = [(name, n, qty, amount.quantize(CENT)) for name, (n, qty, amount) in
                sorted(table.items(), key=lambda kv: (-kv[1][2], kv[0]))]
        rows.append((TOTAL, sum(r[1] for r in rows), sum(r[2] for r in rows),
                     sum((r[3] for r in rows), Decimal("0")).quantize(CENT)))
        return Section("fees", "收费（按项目）", FEE_HEADERS, tuple(rows),
                       notes=("已办结及容缺受理（已收费）业务的收费，机动车与驾驶证业务合计。",))

    # --- headline figures and the daily series ------------------------------------------------------

    def figures(self, p: _Period) -> dict[str, float | None]:
        """The six headline figures of a period; None where there is nothing to average."""
        out: dict[str, float | None] = {}
        for key, model in (("vehicle_cases", VehicleCase), ("driver_cases", DriverCase)):
            out[key] = float(self.s.scalar(select(func.count()).select_from(model).where(
                self._hall(model.hall_code), model.day >= p.start, model.day < p.end)) or 0)
        t = Ticket
        n, wait, rated, happy = self.s.execute(select(
            func.count(), func.avg(self._minutes(func.coalesce(t.first_called_at, t.called_at), t.issued_at)),
            func.count(t.rating), func.sum(case((t.rating >= 3, 1), else_=0)))
            .where(self._hall(t.hall_code), t.day >= p.start, t.day < p.end)).one()
        out["tickets"] = float(n or 0)
        out["avg_wait"] = _r2(float(wait)) if wait is not None else None
        out["satisfied_share"] = _pct(int(happy or 0), int(rated)) if rated else None
        total = sum((v[2] for v in self._fee_rows(p).values()), Decimal("0"))
        out["fees_total"] = float(total.quantize(CENT))
        return out

    def daily(self, p: _Period) -> tuple[tuple[date, int, int, int], ...]:
        counts: dict[date, list[int]] = {d: [0, 0, 0] for d in p.days()}
        for i, (model, day) in enumerate(((VehicleCase, VehicleCase.day), (DriverCase, DriverCase.day),
                                          (Ticket, Ticket.day))):
            for d, n in self.s.execute(select(day, func.count()).where(
                    self._hall(model.hall_code), day >= p.start, day < p.end).group_by(day)):
                counts[d][i] = int(n)
        return tuple((d, *v) for d, v in sorted(counts.items()))


@dataclass
class _Group:
    """The queue figures' makings for a group of tickets. Groups merge (a total from its rows, a year
    from its months) into exactly the figures the tickets give directly: counts add up, waits and
    service times are kept whole (medians and percentiles need them) and summed with math.fsum,
    which does not depend on their order."""

    n: int = 0
    finished: int = 0
    no_show: int = 0
    within: int = 0  # finished with the wait within the category's sla_minutes
    waits: list[float] = field(default_factory=list)  # of the tickets called
    services: list[float] = field(default_factory=list)  # of the tickets finished

    @classmethod
    def of(cls, items: list) -> _Group:
        """From (state, wait, service, sla) items."""
        g = cls(n=len(items))
        waits, services = g.waits, g.services
        for state, wait, service, sla in items:
            if wait is not None:
                waits.append(wait)
            if state == "finished":
                g.finished += 1
                if wait is not None and sla is not None and wait <= sla:
                    g.within += 1
            elif state == "no_show":
                g.no_show += 1
            if service is not None:
                services.append(service)
        return g

    @classmethod
    def merged(cls, groups) -> _Group:
        g = cls()
        for other in groups:
            g.n += other.n
            g.finished += other.finished
            g.no_show += other.no_show
            g.within += other.within
            g.waits += other.waits
            g.services += other.services
        return g

    def figures(self) -> tuple:
        """(tickets, finished, no-shows, no-show %, avg / median / p90 wait, avg service, within-SLA %)."""
        waits = self.waits
        waits.sort()  # in place: a merge of sorted groups is then sorted runs, which sort in about one pass
        n_waits, n_services = len(waits), len(self.services)
        return (self.n, self.finished, self.no_show, _pct(self.no_show, n_waits),
                _r2(math.fsum(waits) / n_waits) if n_waits else None, _r2(percentile(waits, 50)),
                _r2(percentile(waits, 90)), _r2(math.fsum(self.services) / n_services) if n_services else None,
                _pct(self.within, self.finished))


_QueueGroups = dict[str, dict[object, _Group]]  # "category" / "counter" / "clerk" / "hour" → key → group


@dataclass
class _Memo:
    """What the periods of one run share (see YearTally): the headline figures of every period
    tallied or compared with, and the queue groups of the months tallied."""

    hall_code: str
    figures: dict[_Period, dict[str, float | None]] = field(default_factory=dict)
    queues: dict[_Period, _QueueGroups] = field(default_factory=dict)

    def figures_of(self, q: _Queries, p: _Period) -> dict[str, float | None]:
        if p not in self.figures:
            self.figures[p] = q.figures(p)
        return self.figures[p]

    def merged_queue(self, p: _Period) -> _QueueGroups | None:
        """A period's groups merged from its months', when every one of them was tallied in this run."""
        if p in self.queues:
            return self.queues[p]
        months = [_month(p.start.year, m) for m in range(1, 13)] if p == _year(p.start.year) else None
        if months is None or any(m not in self.queues for m in months):
            return None
        out: _QueueGroups = {}
        for name in ("category", "counter", "clerk", "hour"):
            keys = {k for m in months for k in self.queues[m][name]}
            out[name] = {k: _Group.merged(self.queues[m][name][k] for m in months if k in self.queues[m][name])
                         for k in keys}
        return out


class YearTally:
    """A year's twelve months and its summary as one run (`export --year`). Each month's 环比 reads
    the month before's figures from the run, and the summary's queue figures are merged from the
    months' groups instead of reading the year's tickets again — the same numbers as twelve month()
    calls and a year() (tests check), in a good deal less time. The summary reads the year's
    tickets itself when some month was not tallied in the run."""

    def __init__(self, tallies: TallyService, actor: Actor, year: int, hall_code: str | None = None) -> None:
        self.tallies, self.actor, self.year, self.hall_code = tallies, actor, year, hall_code
        code = hall_code.strip() if isinstance(hall_code, str) and hall_code.strip() else actor.hall_code
        self._memo = _Memo(code)

    def month(self, month: int) -> MonthTally:
        return self.tallies.month(self.actor, self.year, month, self.hall_code, memo=self._memo)

    def summary(self) -> MonthTally:
        return self.tallies.year(self.actor, self.year, self.hall_code, memo=self._memo)

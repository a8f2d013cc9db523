"""Monthly tallies (月度统计) on SQLite and PostgreSQL: every figure equals an independent count
made here with plain SQL; 同比 / 环比 on a two-year demo database, including a month with zero
the year before; hand-made tickets for the queue figures the demo leaves flat (waits, SLA, hours)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import Date, bindparam, text

from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.services.base import HALL_ZONE, Actor
from desktop.services.demo import DemoDataService
from desktop.services.tallies import TallyService
from desktop.services.tickets import ensure_default_categories
from desktop.store.models import Hall
from desktop.store.queue_models import Ticket, TicketCategory
from tests.conftest import HALL

SCALE = 0.005
MARCH = (date(2026, 3, 1), date(2026, 4, 1))


def _sql(hall, query: str, **params):
    stmt = text(query)
    dates = [bindparam(k, type_=Date) for k, v in params.items() if isinstance(v, date)]
    if dates:
        stmt = stmt.bindparams(*dates)
    with hall.ctx.session_factory() as session:
        return session.execute(stmt, params).all()


def _moment(value) -> datetime | None:
    """A timestamp as text() returns it: text on SQLite (UTC), aware on PostgreSQL."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _count(hall, table: str, column: str, start: date, end: date) -> int:
    (n,), = _sql(hall, f"SELECT count(*) FROM {table} WHERE hall_code = :h AND {column} >= :a AND {column} < :b",
                 h=HALL, a=start, b=end)
    return n


def _body(section):
    assert section.rows[-1][0] == "合计"
    return {row[0]: row[1:] for row in section.rows[:-1]}, section.rows[-1][1:]


@pytest.fixture
def two_years(hall):
    demo = DemoDataService(hall.ctx.session_factory, hall.clock)
    first = demo.generate(HALL, year=2025, scale=SCALE, seed=11)
    second = demo.generate(HALL, year=2026, scale=SCALE, seed=11)
    return hall, first, second


def _check_business(hall, section, table: str, case_type: str, start: date, end: date):
    expected: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for name, state, n in _sql(hall, f"SELECT business_name, state, count(*) FROM {table} WHERE hall_code = :h "
                                     "AND day >= :a AND day < :b GROUP BY business_name, state",
                               h=HALL, a=start, b=end):
        expected[name][0] += n
        expected[name][1] += n if state == "completed" else 0
        expected[name][2] += n if state == "refused" else 0
    for name, state, n in _sql(hall, "SELECT business_name, state, count(*) FROM deferrals WHERE hall_code = :h "
                                     "AND case_type = :t AND accepted_on >= :a AND accepted_on < :b "
                                     "GROUP BY business_name, state", h=HALL, t=case_type, a=start, b=end):
        expected[name][{"pending": 3, "supplied": 4, "terminated": 5}[state]] += n
    body, total = _body(section)
    assert {k: list(v) for k, v in body.items()} == dict(expected)
    assert list(total) == [sum(v[i] for v in expected.values()) for i in range(6)]
    assert total[0] > 0


def _check_queue(hall, tally, start: date, end: date):
    sla = dict(_sql(hall, "SELECT code, sla_minutes FROM ticket_categories WHERE hall_code = :h", h=HALL))
    tickets = _sql(hall, "SELECT category, state, counter_number, clerk, issued_at, first_called_at, called_at, "
                         "started_at, finished_at FROM tickets WHERE hall_code = :h AND day >= :a AND day < :b",
                   h=HALL, a=start, b=end)
    rows = []
    for cat, state, counter, clerk, issued, first, called, started, finished in tickets:
        issued, first, called, started, finished = map(_moment, (issued, first, called, started, finished))
        call = first or called
        wait = (call - issued).total_seconds() / 60 if call else None
        service = (finished - (started or called)).total_seconds() / 60 if state == "finished" else None
        rows.append(dict(cat=cat, state=state, counter=counter, clerk=clerk,
                         hour=issued.astimezone(HALL_ZONE).hour, wait=wait, service=service, sla=sla.get(cat)))

    def figures(group):
        waits = [r["wait"] for r in group if r["wait"] is not None]
        services = [r["service"] for r in group if r["service"] is not None]
        done = [r for r in group if r["state"] == "finished"]
        no_show = sum(r["state"] == "no_show" for r in group)
        p50 = statistics.median(waits) if waits else None
        p90 = (statistics.quantiles(waits, n=10, method="inclusive")[8] if len(waits) > 1
               else waits[0] if waits else None)
        within = sum(r["wait"] <= r["sla"] for r in done if r["sla"] is not None)
        return [len(group), len(done), no_show, no_show * 100 / len(waits) if waits else None,
                statistics.fmean(waits) if waits else None, p50, p90,
                statistics.fmean(services) if services else None, within * 100 / len(done) if done else None]

    def same(got, want):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert (g is None and w is None) or g == pytest.approx(w, abs=0.011), (got, want)

    names = dict(_sql(hall, "SELECT code, name FROM ticket_categories WHERE hall_code = :h", h=HALL))
    keys = {"queue_by_category": lambda r: f"{r['cat']} {names[r['cat']]}",
            "queue_by_counter": lambda r: r["counter"] if r["wait"] is not None else None,
            "queue_by_clerk": lambda r: r["clerk"] if r["wait"] is not None and r["clerk"] else None,
            "queue_by_hour": lambda r: f"{r['hour']:02d}:00-{r['hour'] + 1:02d}:00"}
    staff = dict(_sql(hall, "SELECT username, name FROM staff"))
    for key, by in keys.items():
        groups = defaultdict(list)
        for r in rows:
            k = by(r)
            if k is not None:
                groups[f"{staff[k]}（{k}）" if key == "queue_by_clerk" and staff.get(k) else k].append(r)
        body, total = _body(tally.section(key))
        assert set(body) == set(groups), key
        for k, group in groups.items():
            same(list(body[k]), figures(group))
        same(list(total), figures([r for g in groups.values() for r in g]))
    return rows


def test_two_year_demo_month_equals_plain_sql(two_years):
    hall, first, second = two_years
    # The second run adds its year to the same hall, staff and registers.
    assert first.tickets > 0 and second.tickets > 0 and second.vehicle_cases > 0 and second.driver_cases > 0
    assert second.staff_created == [] and second.vehicles == 0
    (halls,), = _sql(hall, "SELECT count(*) FROM halls")
    assert halls == 1
    assert _count(hall, "vehicle_cases", "day", date(2025, 3, 1), date(2025, 4, 1)) > 0

    service = TallyService(hall.ctx.session_factory, hall.clock)
    t = service.month(hall.admin, 2026, 3)
    assert (t.hall_code, t.year, t.month, t.hall_name) == (HALL, 2026, 3, "阿拉善盟车管所")
    assert [s.key for s in t.sections] == ["vehicle_business", "driver_business", "exams", "queue_by_category",
                                          "queue_by_counter", "queue_by_clerk", "queue_by_hour", "satisfaction",
                                          "unsatisfied_reasons", "fees"]
    _check_business(hall, t.section("vehicle_business"), "vehicle_cases", "vehicle", *MARCH)
    _check_business(hall, t.section("driver_business"), "driver_cases", "driver", *MARCH)

    exams = {(s, c): (n, p, a) for s, c, n, p, a in _sql(
        hall, "SELECT subject, cls, sum(CASE WHEN source <> 'no_show' THEN 1 ELSE 0 END), "
              "sum(CASE WHEN passed AND source <> 'no_show' THEN 1 ELSE 0 END), "
              "sum(CASE WHEN source = 'no_show' THEN 1 ELSE 0 END) FROM exam_results "
              "WHERE hall_code = :h AND exam_date >= :a AND exam_date < :b GROUP BY subject, cls", h=HALL, a=MARCH[0],
        b=MARCH[1])}
    booked = {(s, c): n for s, c, n in _sql(
        hall, "SELECT s.subject, c.cls, count(*) FROM exam_bookings b JOIN exam_sessions s ON s.id = b.session_id "
              "JOIN exam_candidates c ON c.id = b.candidate_id WHERE b.hall_code = :h AND b.state <> 'cancelled' "
              "AND s.day >= :a AND s.day < :b GROUP BY s.subject, c.cls", h=HALL, a=MARCH[0], b=MARCH[1])}
    names = {"1": "科目一", "2": "科目二", "3": "科目三", "3s": "科目三安全文明常识"}
    section = t.section("exams")
    expected = {}
    for key in set(exams) | set(booked):
        n, p, a = exams.get(key, (0, 0, 0))
        expected[(names[key[0]], key[1])] = (booked.get(key, 0), n, p,
                                             pytest.approx(p * 100 / n, abs=0.006) if n else None, a)
    assert {(r[0], r[1]): r[2:] for r in section.rows[:-1]} == expected
    assert section.rows[-1][3] == sum(n for n, _, _ in exams.values())
    assert section.rows[-1][2] == sum(booked.values())
    assert section.notes

    rows = _check_queue(hall, t, *MARCH)

    ratings = dict(_sql(hall, "SELECT rating, count(*) FROM tickets WHERE hall_code = :h AND day >= :a AND day < :b "
                              "AND rating IS NOT NULL GROUP BY rating", h=HALL, a=MARCH[0], b=MARCH[1]))
    rated = sum(ratings.values())
    sat = {r[0]: r[1:] for r in t.section("satisfaction").rows}
    for value, name in ((4, "非常满意"), (3, "满意"), (2, "基本满意"), (1, "不满意")):
        assert sat[name][:2] == (value, ratings.get(value, 0))
        assert sat[name][2] == pytest.approx(ratings.get(value, 0) * 100 / rated, abs=0.006)
    happy = ratings.get(4, 0) + ratings.get(3, 0)
    assert sat["满意率（非常满意+满意）"][1:] == (happy, pytest.approx(happy * 100 / rated, abs=0.006))
    assert sat["合计"][1] == rated
    reasons = dict(_sql(hall, "SELECT rating_reason, count(*) FROM tickets WHERE hall_code = :h AND day >= :a "
                              "AND day < :b AND rating = 1 GROUP BY rating_reason", h=HALL, a=MARCH[0], b=MARCH[1]))
    body, total = _body(t.section("unsatisfied_reasons"))
    assert {k: v[0] for k, v in body.items()} == reasons and total == (sum(reasons.values()),)

    fees: dict[str, list] = defaultdict(lambda: [0, 0, Decimal(0)])
    for table, kind in (("vehicle_cases", "vehicle"), ("driver_cases", "driver")):
        for name, n, qty, amount in _sql(
                hall, f"SELECT f.name, count(*), sum(f.quantity), sum(f.amount) FROM case_fees f JOIN {table} c "
                      f"ON c.id = f.case_id AND f.case_type = '{kind}' WHERE c.hall_code = :h AND c.day >= :a "
                      "AND c.day < :b AND c.state IN ('completed', 'deferred') GROUP BY f.name",
                h=HALL, a=MARCH[0], b=MARCH[1]):
            fees[name][0] += n
            fees[name][1] += qty
            fees[name][2] += Decimal(str(amount))
    body, total = _body(t.section("fees"))
    assert {k: (v[0], v[1], v[2]) for k, v in body.items()} == {k: (n, q, a) for k, (n, q, a) in fees.items()}
    assert total[2] == sum(a for _, _, a in fees.values()) > 0
    assert all(isinstance(v[2], Decimal) for v in body.values())

    daily = defaultdict(lambda: [0, 0, 0])
    for i, table in enumerate(("vehicle_cases", "driver_cases", "tickets")):
        for day, n in _sql(hall, f"SELECT day, count(*) FROM {table} WHERE hall_code = :h AND day >= :a AND day < :b "
                                 "GROUP BY day", h=HALL, a=MARCH[0], b=MARCH[1]):
            daily[day if isinstance(day, date) else date.fromisoformat(day)][i] = n
    assert [d for d, *_ in t.daily] == [date(2026, 3, 1) + timedelta(n) for n in range(31)]
    assert {d: [v, dr, tk] for d, v, dr, tk in t.daily if v or dr or tk} == dict(daily)

    # Headlines: the figures and their 同比 (March 2025) and 环比 (February 2026).
    h = {x.key: x for x in t.headlines}
    for key, table in (("vehicle_cases", "vehicle_cases"), ("driver_cases", "driver_cases"), ("tickets", "tickets")):
        now = _count(hall, table, "day", *MARCH)
        before = _count(hall, table, "day", date(2025, 3, 1), date(2025, 4, 1))
        earlier = _count(hall, table, "day", date(2026, 2, 1), date(2026, 3, 1))
        assert h[key].value == now
        assert h[key].yoy.previous == before > 0 and h[key].mom.previous == earlier > 0
        pct = round((now - before) * 100 / before, 2)
        assert h[key].yoy.pct == pct
        assert h[key].yoy.text == ("持平" if pct == 0 else f"{'上升' if pct > 0 else '下降'}{abs(pct):.2f}%")
    waits = [r["wait"] for r in rows if r["wait"] is not None]
    assert h["avg_wait"].value == pytest.approx(statistics.fmean(waits), abs=0.006)
    assert h["satisfied_share"].value == pytest.approx(happy * 100 / rated, abs=0.006)
    assert h["fees_total"].value == float(total[2])
    assert [x.unit for x in t.headlines] == ["件", "件", "张", "分钟", "%", "元"]


def test_two_year_demo_year_and_a_month_with_zero_last_year(two_years):
    hall, _, _ = two_years
    service = TallyService(hall.ctx.session_factory, hall.clock)
    y = service.year(hall.admin, 2026)
    assert y.month is None and len(y.daily) == 365
    v = y.headline("vehicle_cases")
    assert v.value == _count(hall, "vehicle_cases", "day", date(2026, 1, 1), date(2027, 1, 1))
    assert v.yoy.previous == _count(hall, "vehicle_cases", "day", date(2025, 1, 1), date(2026, 1, 1))
    assert v.mom == y.headline("tickets").mom and v.mom.text == "—" and v.mom.previous is None
    assert sum(d[1] for d in y.daily) == v.value
    # 2025 has nothing the year before: counts compare with 0 (no percentage), averages with nothing.
    m = service.month(hall.admin, 2025, 3)
    assert m.headline("vehicle_cases").value > 0
    assert m.headline("vehicle_cases").yoy == m.headline("tickets").yoy
    assert (m.headline("vehicle_cases").yoy.previous, m.headline("vehicle_cases").yoy.pct) == (0, None)
    assert m.headline("vehicle_cases").yoy.text == "—"
    assert m.headline("satisfied_share").yoy.previous is None and m.headline("satisfied_share").yoy.text == "—"
    assert m.headline("vehicle_cases").mom.previous == _count(hall, "vehicle_cases", "day", date(2025, 2, 1),
                                                              date(2025, 3, 1)) > 0
    january = service.month(hall.admin, 2025, 1)
    assert january.headline("tickets").mom.previous == 0 and january.headline("tickets").mom.text == "—"
    # "all" = every hall of this database: one hall here, so the same figures.
    everything = service.month(hall.admin, 2026, 3, "all")
    assert everything.hall_code == "all"
    assert everything.sections == service.month(hall.admin, 2026, 3).sections


def _ticket(hall_code: str, day: date, n: int, issued: datetime, *, state="finished", first=None, called=None,
            started=None, finished=None, counter=None, clerk="", rating=None, reason="", category="A") -> Ticket:
    return Ticket(hall_code=hall_code, day=day, series=category, category=category, number=n,
                  label=f"{category}{n:03d}", state=state, sort_at=issued, issued_at=issued, first_called_at=first,
                  called_at=called or first, started_at=started, finished_at=finished, counter_number=counter,
                  clerk=clerk, rating=rating, rating_reason=reason)


def test_queue_figures_on_hand_made_tickets(hall):
    """Waits from issue to the first call, service from start (or call), the SLA, hours in hall time,
    the month boundary at hall midnight, and "all" across two halls."""
    sf = hall.ctx.session_factory
    ensure_default_categories(sf, HALL)
    u = lambda *a: datetime(*a, tzinfo=timezone.utc)  # noqa: E731
    with sf() as session, session.begin():
        session.get(TicketCategory, (HALL, "A")).sla_minutes = 30
        session.add(Hall(code="152922", name="阿拉善右旗车管所", secret_key=b"k" * 32, created_at=u(2026, 1, 1)))
        session.flush()
        dec1, dec2 = date(2026, 12, 1), date(2026, 12, 2)
        session.add_all([
            # 00:30 hall time on 1 December (16:30 UTC the day before): December, hour 00
            _ticket(HALL, dec1, 1, u(2026, 11, 30, 16, 30), first=u(2026, 11, 30, 16, 35),
                    started=u(2026, 11, 30, 16, 36), finished=u(2026, 11, 30, 16, 46), counter=1, clerk="admin",
                    rating=4),
            # recalled later: the wait runs to the first call (10 min), service from start (5 min)
            _ticket(HALL, dec1, 2, u(2026, 12, 1, 1, 0), first=u(2026, 12, 1, 1, 10), called=u(2026, 12, 1, 1, 50),
                    started=u(2026, 12, 1, 1, 51), finished=u(2026, 12, 1, 1, 56), counter=2, clerk="admin",
                    rating=1, reason="等候时间太长"),
            # 60 min: over the 30-minute SLA; no start recorded: service from the call (8 min)
            _ticket(HALL, dec2, 1, u(2026, 12, 2, 2, 0), first=u(2026, 12, 2, 3, 0), finished=u(2026, 12, 2, 3, 8),
                    counter=1, clerk="admin", rating=3),
            _ticket(HALL, dec2, 2, u(2026, 12, 2, 2, 10), state="no_show", first=u(2026, 12, 2, 2, 50),
                    finished=u(2026, 12, 2, 2, 52), counter=1, clerk="admin"),
            _ticket(HALL, dec2, 3, u(2026, 12, 2, 2, 20), state="expired"),
            # 23:50 hall time on 30 November: November
            _ticket(HALL, date(2026, 11, 30), 1, u(2026, 11, 30, 15, 50), first=u(2026, 11, 30, 15, 52),
                    finished=u(2026, 11, 30, 16, 0), counter=1, clerk="admin"),
            _ticket("152922", dec1, 1, u(2026, 12, 1, 1, 0), first=u(2026, 12, 1, 1, 20),
                    finished=u(2026, 12, 1, 1, 30), counter=1, clerk="admin"),
        ])
    service = TallyService(sf, hall.clock)
    t = service.month(hall.admin, 2026, 12)
    body, total = _body(t.section("queue_by_category"))
    assert list(body) == ["A 机动车业务"]
    a = body["A 机动车业务"]
    # 5 tickets, 3 finished, 1 no-show of 4 called; waits 5, 10, 60, 40
    assert a == (5, 3, 1, 25.0, 28.75, 25.0, 54.0, pytest.approx(7.67, abs=0.006), pytest.approx(66.67, abs=0.006))
    assert total == a
    hours, _ = _body(t.section("queue_by_hour"))
    assert {k: v[0] for k, v in hours.items()} == {"00:00-01:00": 1, "09:00-10:00": 1, "10:00-11:00": 3}
    counters, _ = _body(t.section("queue_by_counter"))
    assert {k: v[0] for k, v in counters.items()} == {1: 3, 2: 1}
    clerks, _ = _body(t.section("queue_by_clerk"))
    (name,), = _sql(hall, "SELECT name FROM staff WHERE username = 'admin'")
    assert {k: v[0] for k, v in clerks.items()} == {f"{name}（admin）" if name else "admin": 4}
    sat, _ = _body(t.section("satisfaction"))
    assert sat["满意率（非常满意+满意）"] == (None, 2, pytest.approx(66.67, abs=0.006))
    assert t.section("unsatisfied_reasons").rows == (("等候时间太长", 1), ("合计", 1))
    h = {x.key: x for x in t.headlines}
    assert h["tickets"].value == 5 and h["tickets"].mom.previous == 1 and h["tickets"].mom.text == "上升400.00%"
    assert h["avg_wait"].value == 28.75 and h["avg_wait"].yoy.text == "—" and h["avg_wait"].yoy.previous is None
    assert (h["tickets"].yoy.previous, h["tickets"].yoy.pct, h["tickets"].yoy.text) == (0, None, "—")
    assert h["vehicle_cases"].value == 0 and h["vehicle_cases"].yoy.text == "持平"
    assert [d for d in t.daily if d[3]] == [(dec1, 0, 0, 2), (dec2, 0, 0, 3)]

    both = service.month(hall.admin, 2026, 12, "all")
    assert both.hall_name == "全部大厅" and both.headline("tickets").value == 6
    other = service.month(hall.admin, 2026, 12, "152922")
    assert other.hall_name == "阿拉善右旗车管所" and other.headline("avg_wait").value == 20.0

    with pytest.raises(PermissionDenied):
        service.month(Actor("c1", "clerk", HALL), 2026, 12)
    with pytest.raises(ValidationError):
        service.month(hall.admin, 2026, 12, "999999")
    with pytest.raises(ValidationError):
        service.month(hall.admin, 2026, 13)
    assert Counter(s.key for s in t.sections)["fees"] == 1

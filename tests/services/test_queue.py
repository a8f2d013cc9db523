"""Taking and calling tickets: the rules of the hall, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.errors import PermissionDenied, RefusedError, ValidationError
from desktop.domain.identifiers import make_resident_id


@pytest.fixture
def q(hall):
    """The hall with counters 1 (A), 2 (A,B), 3 (B) open, and one clerk at each."""
    s = hall.services
    for number, cats in ((1, "A"), (2, "A,B"), (3, "B")):
        s.halls.save_counter(hall.admin, number, cats)
    s.auth.create_staff(hall.admin, "clerk", "clerk", "clerkpass1")
    hall.clerks = {}
    for number in (1, 2, 3):
        actor = s.auth.login("clerk", "clerkpass1", counter=number)
        s.calling.open_counter(actor)
        hall.clerks[number] = actor
    return hall


def take(h, category="A", **kw):
    return h.services.tickets.take("152900", category, **kw)


def test_take_numbers_people_ahead_estimate_and_signed_slip(q):
    first = take(q)
    second = take(q)
    assert (first.ticket.label, second.ticket.label) == ("A001", "A002")
    assert (first.people_ahead, second.people_ahead) == (0, 1)
    assert second.estimate_minutes is not None and second.estimate_minutes >= first.estimate_minutes
    assert q.services.documents.verify(second.slip_payload).ok
    assert take(q, "B").ticket.label == "B001"


def test_numbers_restart_each_day_and_history_stays(q):
    take(q)
    q.clock.advance(days=1)
    assert take(q).ticket.label == "A001"
    assert q.services.tickets.expire("152900") == 1  # yesterday's waiting ticket


def test_outside_hours_and_caps_are_refused(q):
    s = q.services.tickets
    s.set_category(q.admin, "A", hours="10:00-12:00")  # it is 09:30 in the hall
    with pytest.raises(RefusedError) as exc:
        take(q)
    assert exc.value.code == "outside_hours" and "10:00-12:00" in exc.value.message_zh
    s.set_category(q.admin, "A", hours="00:00-24:00", daily_cap=2)
    take(q), take(q)
    with pytest.raises(RefusedError) as exc:
        take(q)
    assert exc.value.code == "daily_cap_reached"


def test_per_person_daily_cap_and_green_channel(q):
    young = make_resident_id("152921", date(1990, 5, 1), 11)
    old = make_resident_id("152921", date(1950, 5, 1), 12)
    assert not take(q, id_number=young).ticket.priority
    with pytest.raises(RefusedError) as exc:
        take(q, id_number=young)
    assert exc.value.code == "person_cap_reached"
    assert take(q, "B", id_number=young)  # the cap is per category
    senior = take(q, id_number=old)
    assert senior.ticket.priority and senior.ticket.priority_reason == "age"
    with pytest.raises(ValidationError):
        take(q, id_number="152921199005011234")


def test_appointment_check_in_goes_first_and_late_is_ordinary(q):
    from datetime import datetime

    from desktop.services.base import HALL_ZONE

    appts = q.services.appointments
    on_time = make_resident_id("152922", date(1985, 1, 1), 21)
    late = make_resident_id("152922", date(1985, 1, 1), 22)
    early = make_resident_id("152922", date(1985, 1, 1), 23)
    appts.book(q.admin, on_time, "王五", "A", datetime(2026, 11, 26, 9, 40, tzinfo=HALL_ZONE))
    appts.book(q.admin, late, "赵六", "A", datetime(2026, 11, 26, 9, 0, tzinfo=HALL_ZONE))
    appts.book(q.admin, early, "钱七", "A", datetime(2026, 11, 26, 11, 0, tzinfo=HALL_ZONE))
    walk_in = take(q)
    booked = take(q, id_number=on_time)
    assert booked.appointment and booked.ticket.name_masked == "王*"
    assert not take(q, id_number=late).appointment
    with pytest.raises(RefusedError) as exc:
        take(q, id_number=early)
    assert exc.value.code == "appointment_too_early"
    called = q.services.calling.call_next(q.clerks[1])
    assert called.id == booked.ticket.id != walk_in.ticket.id


def test_call_start_finish_and_rating(q):
    c = q.services.calling
    issued = take(q)
    clerk = q.clerks[1]
    assert c.call_next(clerk).label == "A001"
    assert c.recall(clerk).recalls == 1
    with pytest.raises(RefusedError) as exc:
        c.call_next(clerk)
    assert exc.value.code == "counter_busy"
    c.start(clerk)
    done = c.finish(clerk, cases=["V2026-1"])
    assert done.state == "finished" and done.outcome == "served"
    with pytest.raises(ValidationError):
        q.services.tickets.rate("152900", issued.ticket.id, 1, "")  # 不满意 needs a reason
    q.services.tickets.rate("152900", issued.ticket.id, 4)
    with pytest.raises(RefusedError):
        q.services.tickets.rate("152900", issued.ticket.id, 3)
    assert c.call_next(clerk) is None
    board = q.services.tickets.board("152900")
    assert [(x.label, x.counter, x.kind) for x in board.calls] == [("A001", 1, "recall"), ("A001", 1, "call")]


def test_counters_only_call_their_categories(q):
    take(q, "B")
    assert q.services.calling.call_next(q.clerks[1]) is None
    assert q.services.calling.call_next(q.clerks[3]).label == "B001"


def test_no_show_after_two_minutes_and_requeue_once(q):
    c = q.services.calling
    clerk = q.clerks[1]
    for _ in range(5):
        take(q)
        q.clock.advance(seconds=30)
    c.call_next(clerk)
    with pytest.raises(RefusedError) as exc:
        c.no_show(clerk)
    assert exc.value.code == "no_show_too_early"
    q.clock.advance(minutes=2)
    back = c.no_show(clerk, requeue=True)
    assert back.state == "waiting"
    order = []
    for _ in range(5):
        q.clock.advance(minutes=3)
        t = c.call_next(clerk)
        order.append(t.label)
        if t.label == "A001":
            q.clock.advance(minutes=2)
            with pytest.raises(RefusedError) as exc:
                c.no_show(clerk, requeue=True)
            assert exc.value.code == "requeue_limit"
            assert c.no_show(clerk).state == "no_show"
        else:
            c.finish(clerk)
    assert order == ["A002", "A003", "A004", "A001", "A005"]


def test_call_specific_needs_a_reason_and_is_audited(q):
    take(q), take(q)
    c = q.services.calling
    with pytest.raises(ValidationError):
        c.call_specific(q.clerks[1], "A002", "")
    assert c.call_specific(q.clerks[1], "A002", "行动不便").label == "A002"
    entry = q.services.audit.recent(q.admin, limit=1)[0]
    assert entry.action == "ticket_called" and "行动不便" in entry.detail
    with pytest.raises(RefusedError):
        c.call_specific(q.clerks[2], "A002", "x")


def test_hold_and_call_back(q):
    c = q.services.calling
    take(q), take(q)
    clerk = q.clerks[1]
    c.call_next(clerk)
    c.start(clerk)
    assert c.hold(clerk, "回家取行驶证").state == "held"
    assert c.call_next(clerk).label == "A002"
    c.finish(clerk)
    assert [t.label for t in c.held(clerk)] == ["A001"]
    assert c.call_back(clerk, "A001").state == "called"


def test_transfer_goes_to_the_front_of_the_other_queue(q):
    c = q.services.calling
    take(q)
    take(q, "B"), take(q, "B")
    c.call_next(q.clerks[1])
    moved = c.transfer(q.clerks[1], to_category="B", note="驾驶证业务")
    assert moved.category == "B" and moved.state == "waiting"
    assert c.call_next(q.clerks[3]).label == "A001"


def test_transfer_to_a_counter_only_that_counter_calls_it(q):
    c = q.services.calling
    take(q), take(q)
    c.call_next(q.clerks[1])
    c.transfer(q.clerks[1], to_counter=2)
    assert c.call_next(q.clerks[1]).label == "A002"
    c.finish(q.clerks[1])
    assert c.call_next(q.clerks[1]) is None
    assert c.call_next(q.clerks[2]).label == "A001"


def test_pause_needs_a_reason_and_blocks_calling(q):
    c = q.services.calling
    take(q)
    with pytest.raises(ValidationError):
        c.pause(q.clerks[1], "")
    c.pause(q.clerks[1], "会议")
    with pytest.raises(RefusedError):
        c.call_next(q.clerks[1])
    c.resume(q.clerks[1])
    assert c.call_next(q.clerks[1]).label == "A001"


def test_supervisor_cancels_and_reassigns_clerk_cannot(q):
    take(q), take(q)
    with pytest.raises(PermissionDenied):
        q.services.calling.cancel(q.clerks[1], "A001", "重复取号")
    assert q.services.calling.cancel(q.admin, "A001", "重复取号").state == "cancelled"
    assert q.services.calling.reassign(q.admin, "A002", to_category="B").category == "B"


def test_status_shows_counters_waiting_and_breaches(q):
    take(q), take(q, "B")
    q.services.calling.call_next(q.clerks[1])
    q.clock.advance(minutes=45)
    status = q.services.tickets.status("152900")
    by_code = {c.code: c for c in status.categories}
    assert by_code["A"].waiting == 0 and by_code["B"].waiting == 1 and by_code["B"].breaches == 1
    assert {c.number: c.state for c in status.counters} == {1: "called", 2: "idle", 3: "idle"}


def test_category_settings_are_checked_and_need_a_supervisor(q):
    t = q.services.tickets
    with pytest.raises(PermissionDenied):
        t.set_category(q.clerks[1], "A", daily_cap=5)
    for kwargs, code in [({"hours": "17:00-08:00"}, "hours_order"), ({"hours": "9-5"}, "hours_invalid"),
                         ({"daily_cap": 0}, "daily_cap_invalid"), ({"sla_minutes": "x"}, "sla_minutes_invalid")]:
        with pytest.raises(ValidationError) as exc:
            t.set_category(q.admin, "A", **kwargs)
        assert exc.value.code == code
    assert t.set_category(q.admin, "A", hours="00:00-24:00").hours == "00:00-24:00"


def test_expire_at_closing_time(q):
    take(q)
    q.clock.advance(hours=9)  # 18:30 in the hall, after 17:30
    assert q.services.tickets.expire("152900") == 1
    assert q.services.tickets.status("152900").categories[0].waiting == 0


def test_panel_shows_current_waiting_held_and_counts(q):
    c = q.services.calling
    take(q), take(q), take(q, "B")
    clerk = q.clerks[2]
    c.call_next(clerk)
    c.finish(clerk)
    c.call_next(clerk)
    c.hold(clerk, "取材料")
    c.call_next(clerk)
    panel = c.panel(clerk)
    assert panel.current.label == "B001" and panel.state == "called"
    assert [t.label for t in panel.held] == ["A002"] and panel.served_today == 1
    assert panel.waiting == [] and panel.waiting_by_category == {"A": 0, "B": 0}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_slip_is_80mm_chinese_and_its_qr_verifies(q):
    import pypdfium2 as pdfium

    from tests.unit.test_documents_pdf import pages, scanned

    issued = take(q, id_number=make_resident_id("152921", date(1950, 2, 3), 5))
    pdf = q.services.tickets.slip_pdf(issued)
    doc = pdfium.PdfDocument(pdf)
    width_mm = doc[0].get_width() / 72 * 25.4
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    assert abs(width_mm - 80) < 0.5
    assert "A001" in text and "排队号票" in text and "绿色通道" in text
    (payload,) = scanned(pages(pdf)[0][0])
    assert payload == issued.slip_payload and q.services.documents.verify(payload).ok

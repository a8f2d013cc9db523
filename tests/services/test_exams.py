"""The exam side on the services, SQLite and PostgreSQL: a 初次申领 accepted at the window becomes a
candidate; a request is allocated by priority within capacity (and re-running changes nothing); the
admission ticket verifies at check-in (a changed character, a cancelled booking, tomorrow's ticket
and another site refused); three failed identity checks lock until a supervisor releases; results
drive the permit, the retake wait, the fifth failure and, at the end, the licence."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlalchemy import func, select

from desktop.domain import exams as exam_rules
from desktop.domain.errors import NotFoundError, PermissionDenied, RefusedError, ValidationError
from desktop.domain.identifiers import make_resident_id
from desktop.services.base import HALL_ZONE
from desktop.services.driver_cases import DriverCaseRequest
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamSession
from desktop.store.models import AuditEntry, IssuedDocument
from tests.pgserver import race_behind_the_audit_head

MON_AM = [exam_rules.WeeklySlot(d, "am", "1", 2, frozenset({"C1", "C2"})) for d in range(5)]


def at(day: date, hour: int = 9) -> datetime:
    """A hall-time moment as the fake clock's UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=HALL_ZONE).astimezone(timezone.utc)


@pytest.fixture
def x(hall):
    s = hall.services
    for user, role in (("clerk", "clerk"), ("officer", "exam"), ("chief", "supervisor")):
        s.auth.create_staff(hall.admin, user, role, f"{user}pass1")
        setattr(hall, user, s.auth.login(user, f"{user}pass1"))
    s.exam_plans.save_site(hall.officer, "KC01", "阿拉善盟考试中心（科目一）", ["1"], ["C1", "C2"], "巴彦浩特镇")
    s.exam_plans.save_site(hall.officer, "KC02", "场地驾驶技能考场", ["2"], ["C1", "C2"])
    s.exam_plans.save_site(hall.officer, "KC03", "道路驾驶技能考场", ["3", "3s"], ["C1", "C2"])
    return hall


def applicant(x, n: int, name: str = "王小明", born: date = date(2000, 4, 5)):
    """A first-licence application at the window with no exams yet: accepted as 'examining'."""
    number = make_resident_id("152921", born, 30 + n)
    pid = x.services.persons.register(x.admin, number, name).id
    result = x.services.driver_cases.submit(x.clerk, DriverCaseRequest(
        "first_licence", person_id=pid, requested_class="C1", medical_on=date(2026, 11, 20)))
    assert result.state == "examining"
    cand = x.services.exam_candidates.find(x.clerk, result.case_no)[0]
    assert cand.application_no == result.case_no and cand.state == "active"
    return cand


def qr_of(pdf: bytes, page: int = 0) -> str:
    codes = zxingcpp.read_barcodes(pdfium.PdfDocument(pdf)[page].render(scale=3).to_pil())
    assert codes
    return codes[0].text


def count(x, model, *where):
    with x.ctx.session_factory() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_request_allocate_ticket_checkin_result(x):
    s = x.services
    plan = s.exam_plans.publish(x.officer, "KC01", MON_AM, date(2026, 12, 7), date(2026, 12, 11))
    assert plan.sessions == 5 and not plan.late  # 11 days ahead
    first, second, third = (applicant(x, i, n) for i, n in ((1, "王小明"), (2, "李大海"), (3, "张三")))
    for c in (third, first, second):  # request order does not matter: acceptance time does
        s.exam_bookings.request(x.clerk, c.id, "1", date(2026, 12, 7), date(2026, 12, 7))
    report = s.exam_bookings.allocate(x.officer, date(2026, 12, 31))
    assert [line.application_no for line in report.booked] == [first.application_no, second.application_no]
    assert [line.application_no for line in report.not_booked] == [third.application_no]
    assert "约满" in report.not_booked[0].reason or "已满" in report.not_booked[0].reason
    # re-running changes nothing
    before = count(x, ExamBooking)
    again = s.exam_bookings.allocate(x.officer, date(2026, 12, 31))
    assert again.booked == [] and count(x, ExamBooking) == before
    assert [line.request_id for line in again.not_booked] == [line.request_id for line in report.not_booked]

    booking = s.exam_bookings.bookings(x.clerk, first.id)[0]
    pdf = s.exam_bookings.ticket(x.clerk, booking.id)
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "准考证" in text and "王小明" in text and booking.code in text
    payload = qr_of(pdf)
    assert s.exam_bookings.ticket(x.clerk, booking.id) and qr_of(s.exam_bookings.ticket(x.clerk, booking.id)) == payload

    # exam day: tomorrow's ticket is refused today
    x.clock.now = at(date(2026, 12, 6))
    with pytest.raises(RefusedError) as e:
        s.exam_day.scan(x.officer, payload, "KC01")
    assert e.value.code == "wrong_day"
    x.clock.now = at(date(2026, 12, 7), 8)
    with pytest.raises(RefusedError) as e:
        s.exam_day.scan(x.officer, payload, "KC02")
    assert e.value.code == "wrong_site"
    tampered = payload[:-3] + ("A" if payload[-3] != "A" else "B") + payload[-2:]
    with pytest.raises(RefusedError) as e:
        s.exam_day.scan(x.officer, tampered, "KC01")
    assert e.value.code == "ticket_forged"
    seen = s.exam_day.scan(x.officer, payload, "KC01")
    assert seen.name == "王小明" and seen.id_masked.startswith("152921") and "*" in seen.id_masked
    assert s.exam_day.confirm(x.officer, seen.booking_id, True) is None
    with pytest.raises(RefusedError) as e:
        s.exam_day.scan(x.officer, payload, "KC01")
    assert e.value.code == "already_checked_in"

    result = s.exam_day.record_result(x.officer, seen.booking_id, 95)
    assert result.passed and result.permit_until == date(2029, 12, 6)
    assert s.exam_candidates.get(x.clerk, first.id).passed == ("1",)
    with pytest.raises(RefusedError):  # no second result for the sitting
        s.exam_day.record_result(x.officer, seen.booking_id, 99)
    # the second candidate never came: a no-show is a fail
    assert s.exam_day.mark_no_shows(x.officer, booking.session_id) == 1
    hist = s.exam_candidates.history(x.clerk, second.id)
    assert any("缺考" in h.detail for h in hist)
    assert s.audit.verify(x.admin).ok


def test_cancel_refused_on_the_last_day_and_ticket_revoked(x):
    s = x.services
    s.exam_plans.publish(x.officer, "KC01", MON_AM, date(2026, 12, 7), date(2026, 12, 11))
    c = applicant(x, 1)
    sessions = s.exam_plans.calendar(x.clerk, date(2026, 12, 7), date(2026, 12, 7))
    booking = s.exam_bookings.book(x.clerk, c.id, sessions[0].id)
    payload = qr_of(s.exam_bookings.ticket(x.clerk, booking.id))
    x.clock.now = at(date(2026, 12, 5))  # Saturday: the last working day before Monday was Friday
    with pytest.raises(RefusedError) as e:
        s.exam_bookings.cancel(x.clerk, booking.id)
    assert e.value.code == "cancel_too_late"
    x.clock.now = at(date(2026, 12, 4))
    s.exam_bookings.cancel(x.clerk, booking.id, "本人申请")
    assert s.exam_plans.calendar(x.clerk, date(2026, 12, 7), date(2026, 12, 7))[0].booked == 0
    x.clock.now = at(date(2026, 12, 7), 8)
    with pytest.raises(RefusedError) as e:
        s.exam_day.scan(x.officer, payload, "KC01")
    assert e.value.code in ("ticket_revoked", "booking_cancelled")


def test_three_failed_identity_checks_lock_until_released(x):
    s = x.services
    s.exam_plans.publish(x.officer, "KC01", MON_AM, date(2026, 12, 7), date(2026, 12, 11))
    c = applicant(x, 1)
    session_id = s.exam_plans.calendar(x.clerk, date(2026, 12, 7), date(2026, 12, 7))[0].id
    booking = s.exam_bookings.book(x.clerk, c.id, session_id)
    payload = qr_of(s.exam_bookings.ticket(x.clerk, booking.id))
    x.clock.now = at(date(2026, 12, 7), 8)
    seen = s.exam_day.scan(x.officer, payload, "KC01")
    for attempt in (1, 2):
        with pytest.raises(RefusedError) as e:
            s.exam_day.confirm(x.officer, seen.booking_id, False)
        assert e.value.code == "identity_not_confirmed"
    with pytest.raises(RefusedError) as e:
        s.exam_day.confirm(x.officer, seen.booking_id, False)
    assert e.value.code == "candidate_locked"
    with pytest.raises(RefusedError) as e:
        s.exam_day.scan(x.officer, payload, "KC01")
    assert e.value.code == "candidate_locked"
    with pytest.raises(PermissionDenied):
        s.exam_day.release(x.officer, c.id, "本人")
    with pytest.raises(ValidationError):
        s.exam_day.release(x.chief, c.id, "  ")
    s.exam_day.release(x.chief, c.id, "核对户籍照片，确系本人")
    assert s.exam_day.scan(x.officer, payload, "KC01").failed_checks == 0


def sit(x, cand_id: int, site: str, subject: str, day: date, score: int, retake: int | None = None):
    """Publish a session on `day`, book it a week ahead, check in and record the score."""
    s = x.services
    x.clock.now = at(day - timedelta(days=7))
    slot = [exam_rules.WeeklySlot(day.weekday(), "am", subject, 10, frozenset({"C1"}))]
    s.exam_plans.publish(x.officer, site, slot, day, day)
    session_id = [v for v in s.exam_plans.calendar(x.clerk, day, day, subject) if v.site_code == site][0].id
    booking = s.exam_bookings.book(x.clerk, cand_id, session_id)
    x.clock.now = at(day, 8)
    payload = qr_of(s.exam_bookings.ticket(x.clerk, booking.id))
    seen = s.exam_day.scan(x.officer, payload, site)
    s.exam_day.confirm(x.officer, seen.booking_id, True)
    return s.exam_day.record_result(x.officer, seen.booking_id, score, retake)


def test_all_subjects_then_the_licence_is_issued(x):
    s = x.services
    c = applicant(x, 1)
    assert sit(x, c.id, "KC01", "1", date(2026, 12, 7), 80, 92).passed  # passed on the retake
    with pytest.raises(RefusedError) as e:  # C1: 科目二 10 days after the permit
        sit(x, c.id, "KC02", "2", date(2026, 12, 16), 100)
    assert e.value.code == "wait_not_over"
    assert not sit(x, c.id, "KC02", "2", date(2026, 12, 17), 70, 75).passed
    with pytest.raises(RefusedError) as e:  # 10 days after a failed sitting
        sit(x, c.id, "KC02", "2", date(2026, 12, 25), 100)
    assert e.value.code == "retake_wait"
    assert sit(x, c.id, "KC02", "2", date(2026, 12, 28), 90).passed
    assert sit(x, c.id, "KC03", "3", date(2027, 1, 6), 92).passed  # 30 days after the permit (C1)
    result = sit(x, c.id, "KC03", "3s", date(2027, 1, 7), 90)
    assert result.passed and result.ready
    ready = s.exam_candidates.ready(x.clerk)
    assert [r.application_no for r in ready] == [c.application_no]
    waiting = s.driver_cases.examining(x.clerk)
    assert waiting[0][0] == c.application_no and waiting[0][4] is True
    issued = s.driver_cases.issue_after_exams(x.clerk, c.application_no)
    assert issued.state == "completed" and issued.classes == "C1"
    assert [d.kind for d in issued.documents] == ["LQ"]
    assert s.exam_candidates.get(x.clerk, c.id).state == "done"
    assert s.exam_candidates.ready(x.clerk) == []


def test_fifth_failure_voids_the_passes(x):
    s = x.services
    c = applicant(x, 1)
    sit(x, c.id, "KC01", "1", date(2026, 12, 7), 95)
    day = date(2026, 12, 17)
    for n in range(5):
        result = sit(x, c.id, "KC02", "2", day, 60, 70)
        assert not result.passed and result.voided == (n == 4)
        day += timedelta(days=14)
    view = s.exam_candidates.get(x.clerk, c.id)
    assert view.state == "voided"
    holder = s.licences.holder(x.clerk, view.person_id)
    assert holder.exams_passed == ()  # the 科目一 pass is void too


def test_capacity_is_never_exceeded_and_permissions(x):
    s = x.services
    s.exam_plans.publish(x.officer, "KC01", MON_AM, date(2026, 12, 7), date(2026, 12, 8))
    cands = [applicant(x, i, n) for i, n in enumerate(("赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七"), 1)]
    for c in cands:
        s.exam_bookings.request(x.clerk, c.id, "1", date(2026, 12, 7), date(2026, 12, 8))
    with pytest.raises(PermissionDenied):
        s.exam_bookings.allocate(x.clerk, date(2026, 12, 31))
    report = s.exam_bookings.allocate(x.officer, date(2026, 12, 31))
    assert len(report.booked) == 4 and len(report.not_booked) == 3
    with x.ctx.session_factory() as session:
        for sess in session.execute(select(ExamSession)).scalars():
            assert sess.booked <= sess.capacity
            assert sess.booked == session.execute(select(func.count()).select_from(ExamBooking).where(
                ExamBooking.session_id == sess.id, ExamBooking.state == "booked")).scalar_one()
    with pytest.raises(RefusedError) as e:  # an open request per subject
        s.exam_bookings.request(x.clerk, cands[-1].id, "1", date(2026, 12, 7), date(2026, 12, 8))
    assert e.value.code == "request_open"
    with pytest.raises(RefusedError) as e:  # 科目二 before 科目一
        s.exam_bookings.request(x.clerk, cands[0].id, "2", date(2026, 12, 20), date(2026, 12, 30))
    assert e.value.code == "permit_missing"
    with pytest.raises(ValidationError):
        s.exam_bookings.request(x.clerk, cands[0].id, "1", date(2026, 12, 30), date(2026, 12, 20))


def test_late_plan_is_flagged_and_a_bad_plan_changes_nothing(x):
    s = x.services
    late = s.exam_plans.publish(x.officer, "KC01", MON_AM, date(2026, 11, 30), date(2026, 12, 4))
    assert late.late
    with pytest.raises(ValidationError):  # KC01 does not examine 科目二
        s.exam_plans.publish(x.officer, "KC01", [exam_rules.WeeklySlot(0, "am", "2", 5, frozenset({"C1"}))],
                             date(2026, 12, 14), date(2026, 12, 18))
    with pytest.raises(ValidationError):
        s.exam_plans.publish(x.officer, "KC01", [exam_rules.WeeklySlot(0, "am", "1", 0, frozenset({"C1"}))],
                             date(2026, 12, 14), date(2026, 12, 18))
    assert count(x, ExamSession) == 5
    # the National Day week has no session
    x.clock.now = at(date(2026, 9, 1))
    s.exam_plans.publish(x.officer, "KC01", MON_AM, date(2026, 9, 28), date(2026, 10, 9))
    days = {v.day for v in s.exam_plans.calendar(x.clerk, date(2026, 9, 28), date(2026, 10, 9))}
    assert date(2026, 9, 30) in days and date(2026, 10, 8) in days
    assert not any(date(2026, 10, 1) <= d <= date(2026, 10, 7) for d in days)
    assert count(x, ExamCandidate) == 0


@pytest.mark.postgres
def test_two_pcs_printing_a_session_at_once_both_print_the_same_tickets(x):
    """Two PCs print one session's tickets at the same moment: the first registers them while the
    second waits for the bookings' locks, which then finds them registered — the same serials and
    QR codes, never "not in the document register" for a ticket just registered."""
    if not x.url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite has one writer at a time")
    s = x.services
    day = date(2026, 12, 7)
    s.exam_plans.publish(x.officer, "KC01", [exam_rules.WeeklySlot(0, "am", "1", 2, frozenset({"C1"}))], day, day)
    am = s.exam_plans.calendar(x.clerk, day, day)[0]
    for i, name in enumerate(("赵一", "钱二"), 1):
        s.exam_bookings.book(x.clerk, applicant(x, i, name).id, am.id)

    def print_session():
        return s.exam_bookings.session_tickets(x.clerk, am.id)

    # the first: the bookings locked, the serials drawn, the audit head awaited; the second: the bookings awaited
    printed = race_behind_the_audit_head(x.url, print_session, print_session)
    assert isinstance(printed[0], bytes), printed[0]
    assert isinstance(printed[1], bytes), printed[1]
    assert [qr_of(printed[1], k) for k in (0, 1)] == [qr_of(printed[0], k) for k in (0, 1)]
    assert count(x, IssuedDocument, IssuedDocument.kind == "AT") == 2
    assert s.audit.verify(x.admin).ok


def test_the_hall_may_extend_booking_to_three_days_before(x):
    s = x.services
    s.exam_plans.publish(x.officer, "KC01", MON_AM, date(2026, 12, 7), date(2026, 12, 11))
    c = applicant(x, 1)
    x.clock.now = at(date(2026, 12, 3))  # Thursday: four days before Monday's session
    monday = s.exam_plans.calendar(x.clerk, date(2026, 12, 7), date(2026, 12, 7))[0].id
    with pytest.raises(RefusedError) as e:
        s.exam_bookings.book(x.clerk, c.id, monday)
    assert e.value.code == "booking_closed"
    s.halls.set_setting(x.admin, "exam.booking_close_days", "3")
    assert s.exam_bookings.book(x.clerk, c.id, monday).order_no == 1


def page_texts(pdf: bytes) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]


def test_batch_tickets_of_a_session_and_of_a_day_at_a_site(x):
    """准考证批量打印: a session's live tickets in seat order, a day's at a site session after session; a
    ticket is registered once (its own serial, audit entry and QR) whichever way it is printed first."""
    s = x.services
    day = date(2026, 12, 7)
    s.exam_plans.publish(x.officer, "KC01", [exam_rules.WeeklySlot(0, half, "1", 2, frozenset({"C1"}))
                                             for half in ("pm", "am")], day, day)
    am, pm = sorted(s.exam_plans.calendar(x.clerk, day, day), key=lambda v: v.half)
    names = ("赵一", "钱二", "孙三", "李四")
    cands = [applicant(x, i, n) for i, n in enumerate(names, 1)]
    booked = [s.exam_bookings.book(x.clerk, c.id, sid) for c, sid in zip(cands, (am.id, am.id, pm.id, pm.id),
                                                                          strict=True)]
    single = qr_of(s.exam_bookings.ticket(x.clerk, booked[1].id))  # 钱二's ticket printed at the counter first
    s.exam_bookings.cancel(x.clerk, booked[3].id, "本人申请")  # 李四: not printed in any batch

    morning = s.exam_bookings.session_tickets(x.clerk, am.id)
    assert [n for t in page_texts(morning) for n in names if n in t] == ["赵一", "钱二"]  # seat order
    assert qr_of(morning, 1) == single  # a reprint: the same serial and QR
    whole_day = s.exam_bookings.day_tickets(x.clerk, day, " kc01 ")
    texts = page_texts(whole_day)
    assert [n for t in texts for n in names if n in t] == ["赵一", "钱二", "孙三"]  # morning first
    assert all("巴彦浩特镇" in t and "2026年12月07日" in t for t in texts)
    assert "上午" in texts[0] and "下午" in texts[2]
    assert qr_of(whole_day, 0) == qr_of(morning, 0)
    serials = [v.ticket_serial for c in cands[:3] for v in s.exam_bookings.bookings(x.clerk, c.id)]
    assert len(set(serials)) == 3 and all(serials)
    assert all(serial in text for serial, text in zip(serials, texts, strict=True))
    assert count(x, IssuedDocument, IssuedDocument.kind == "AT") == 3
    assert count(x, AuditEntry, AuditEntry.action == "document_issued", AuditEntry.record_id.in_(serials)) == 3
    assert s.audit.verify(x.admin).ok

    x.clock.now = at(day, 13)
    seen = s.exam_day.scan(x.officer, qr_of(whole_day, 2), "KC01")
    assert seen.name == "孙三" and seen.booking_id == booked[2].id

    with pytest.raises(RefusedError) as e:
        s.exam_bookings.day_tickets(x.clerk, day + timedelta(days=1), "KC01")
    assert e.value.code == "day_empty"
    with pytest.raises(NotFoundError) as e:
        s.exam_bookings.day_tickets(x.clerk, day, "KC99")
    assert e.value.code == "site_unknown"
    x.clock.now = at(date(2026, 12, 3))
    s.exam_bookings.cancel(x.clerk, booked[2].id, "本人申请")  # the afternoon has no live booking left
    with pytest.raises(RefusedError) as e:
        s.exam_bookings.session_tickets(x.clerk, pm.id)
    assert e.value.code == "session_empty"
    assert len(pdfium.PdfDocument(s.exam_bookings.day_tickets(x.clerk, day, "KC01"))) == 2

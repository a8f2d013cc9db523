"""The kiosk's service (自助办), on SQLite and PostgreSQL: tickets with and without an ID number, the
queue look-up by number and by the slip's QR, 科目一 self-booking and the reprint with ID + code, the
failure limiter that locks a kiosk's look-ups (and its PIN) for five minutes, the PIN stored hashed,
the idle setting, and the 办事指南 checklist."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from desktop.domain.errors import NotFoundError, PermissionDenied, RefusedError, ValidationError
from desktop.domain.identifiers import make_resident_id
from desktop.services.kiosk import DEFAULT_IDLE_SECONDS, PIN_SETTING, FailureLimiter
from desktop.store.exam_models import ExamBooking
from desktop.store.models import AuditEntry
from tests.services.test_exams import MON_AM, applicant

HALL = "152900"
KIOSK = "K1"


def pdf_text(pdf: bytes) -> str:
    return "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))


def wrong_id(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


@pytest.fixture
def k(hall):
    """The hall with counter 1 (A, B) open, a clerk, an exam officer and a 科目一 site."""
    s = hall.services
    s.halls.save_counter(hall.admin, 1, "A,B")
    for user, role in (("clerk", "clerk"), ("officer", "exam")):
        s.auth.create_staff(hall.admin, user, role, f"{user}pass1")
    hall.clerk = s.auth.login("clerk", "clerkpass1", counter=1)
    hall.officer = s.auth.login("officer", "officerpass1")
    s.calling.open_counter(hall.clerk)
    s.exam_plans.save_site(hall.officer, "KC01", "阿拉善盟考试中心（科目一）", ["1"], ["C1", "C2"], "巴彦浩特镇")
    return hall


def test_limiter_locks_after_five_failures_and_forgets_after_the_lockout():
    lim = FailureLimiter(max_failures=5, lockout=timedelta(minutes=5), window=timedelta(minutes=15))
    t = datetime(2026, 11, 26, 1, 30, tzinfo=timezone.utc)
    assert [lim.record_failure("K1", t + timedelta(seconds=i)) for i in range(5)] == [4, 3, 2, 1, 0]
    with pytest.raises(RefusedError) as e:
        lim.check("K1", t + timedelta(minutes=4, seconds=30))
    assert e.value.code == "kiosk_locked" and "1分钟" in e.value.message_zh
    lim.check("K2", t)  # another kiosk is not locked
    lim.check("K1", t + timedelta(minutes=5, seconds=5))  # the lockout is over and the count starts again
    assert lim.record_failure("K1", t + timedelta(minutes=6)) == 4
    # failures spread beyond the window never add up to a lockout
    slow = FailureLimiter(max_failures=3, window=timedelta(minutes=10))
    assert [slow.record_failure("K", t + timedelta(minutes=6 * i)) for i in range(6)] == [2, 1, 1, 1, 1, 1]


def test_take_with_and_without_an_id_number(k):
    s = k.services.kiosk
    cats = s.categories(HALL)
    assert [c.code for c in cats][:2] == ["A", "B"] and all(c.open_now for c in cats)
    plain = s.take(HALL, "A")
    assert plain.label == "A001" and plain.people_ahead == 0 and plain.name_masked == ""
    assert "A001" in pdf_text(plain.slip_pdf)
    number = make_resident_id("152921", date(1990, 3, 4), 12)
    k.services.persons.register(k.admin, number, "张三明")
    named = s.take(HALL, "A", id_number=number)
    assert named.label == "A002" and named.people_ahead == 1 and named.name_masked == "张*明"
    assert named.estimate_minutes is not None
    text = pdf_text(named.slip_pdf)
    assert "张*明" in text and number not in text
    assert [c.waiting for c in s.categories(HALL) if c.code == "A"] == [2]
    with pytest.raises(ValidationError) as e:
        s.take(HALL, "A", id_number=wrong_id(number))
    assert e.value.field == "id_number"


def test_queue_position_by_number_and_by_the_slips_qr(k):
    s = k.services
    first = s.tickets.take(HALL, "A")
    second = s.tickets.take(HALL, "A")
    pos = s.kiosk.queue_position(HALL, " a002 ")
    assert (pos.label, pos.state, pos.people_ahead) == ("A002", "waiting", 1) and pos.estimate_minutes is not None
    assert s.kiosk.queue_position(HALL, second.slip_payload).label == "A002"  # as a scanner types it
    s.calling.call_next(k.clerk)
    called = s.kiosk.queue_position(HALL, first.slip_payload)
    assert called.state == "called" and called.counter == 1 and "1 号窗口" in called.state_zh
    assert s.kiosk.queue_position(HALL, "A002").people_ahead == 0
    s.calling.start(k.clerk)
    s.calling.finish(k.clerk)
    assert s.kiosk.queue_position(HALL, "A001").state_zh == "已办结"
    with pytest.raises(NotFoundError):
        s.kiosk.queue_position(HALL, "A099")
    with pytest.raises(ValidationError):
        s.kiosk.queue_position(HALL, "hello")
    forged = second.slip_payload[:-2] + ("AA" if second.slip_payload[-2:] != "AA" else "BB")
    with pytest.raises(RefusedError) as e:
        s.kiosk.queue_position(HALL, forged)
    assert e.value.code == "bad_signature"
    k.clock.advance(days=1)
    with pytest.raises(RefusedError) as e:
        s.kiosk.queue_position(HALL, second.slip_payload)
    assert e.value.code == "ticket_old"


def test_book_subject_one_and_reprint_with_the_code(k):
    s = k.services
    s.exam_plans.publish(k.officer, "KC01", MON_AM, date(2026, 12, 7), date(2026, 12, 11))
    cand = applicant(k, 1, "王小明")
    number = make_resident_id("152921", date(2000, 4, 5), 31)
    found = s.kiosk.find_candidate(KIOSK, HALL, number, cand.application_no.lower())
    assert found.name_masked == "王*明" and number not in found.id_masked and found.cls == "C1"
    assert found.sessions and found.sessions[0].day == date(2026, 12, 7) and found.sessions[0].half == "上午"
    assert found.sessions[0].seats_left == 2 and "考试中心" in found.sessions[0].site_name
    booked = s.kiosk.book(KIOSK, HALL, number, cand.application_no, found.sessions[0].session_id)
    assert len(booked.code) == 8 and "2026年12月07日" in booked.session_text and booked.order_no == 1
    text = pdf_text(booked.ticket_pdf)
    assert "准考证" in text and booked.code in text
    with k.ctx.session_factory() as session:
        assert session.execute(select(ExamBooking.channel)).scalar_one() == "kiosk"
    again = s.kiosk.find_candidate(KIOSK, HALL, number, cand.application_no)
    assert again.sessions == () and "已预约" in again.reason_zh
    reprint = s.kiosk.reprint(KIOSK, HALL, number, booked.code.lower())
    assert reprint.code == booked.code and booked.code in pdf_text(reprint.ticket_pdf)


def test_wrong_codes_lock_the_kiosk_for_five_minutes(k):
    s = k.services
    cand = applicant(k, 2, "李大海")
    number = make_resident_id("152921", date(2000, 4, 5), 32)
    with pytest.raises(ValidationError):  # a bad check digit is told first and is not counted
        s.kiosk.find_candidate(KIOSK, HALL, wrong_id(number), cand.application_no)
    messages = []
    for _ in range(5):
        with pytest.raises(RefusedError) as e:
            s.kiosk.find_candidate(KIOSK, HALL, number, "DC26112699999")
        messages.append(e.value.message_zh)
    assert "还可尝试4次" in messages[0] and "还可尝试1次" in messages[3]
    assert "5分钟" in messages[4]
    with pytest.raises(RefusedError) as e:  # now even the right pair is refused, and so is a reprint
        s.kiosk.find_candidate(KIOSK, HALL, number, cand.application_no)
    assert e.value.code == "kiosk_locked"
    with pytest.raises(RefusedError) as e:
        s.kiosk.reprint(KIOSK, HALL, number, "ABCDEFGH")
    assert e.value.code == "kiosk_locked"
    assert s.kiosk.find_candidate("K2", HALL, number, cand.application_no).name_masked == "李*海"
    k.clock.advance(minutes=5)
    assert s.kiosk.find_candidate(KIOSK, HALL, number, cand.application_no).name_masked == "李*海"


def test_pin_is_hashed_admin_only_and_rate_limited(k):
    s = k.services
    assert not s.kiosk.config(HALL).pin_set
    with pytest.raises(RefusedError) as e:
        s.kiosk.check_pin(KIOSK, HALL, "2468")
    assert e.value.code == "pin_not_set"
    with pytest.raises(PermissionDenied):
        s.kiosk.set_pin(k.clerk, "2468")
    with pytest.raises(ValidationError):
        s.kiosk.set_pin(k.admin, "12ab")
    s.kiosk.set_pin(k.admin, "2468")
    stored = s.halls.settings(HALL)[PIN_SETTING]
    assert stored.startswith("$argon2") and "2468" not in stored
    with k.ctx.session_factory() as session:
        assert not any("2468" in d or "$argon2" in d for d in session.execute(select(AuditEntry.detail)).scalars())
    assert s.kiosk.config(HALL).pin_set
    with pytest.raises(RefusedError) as e:
        s.kiosk.check_pin(KIOSK, HALL, "1111")
    assert e.value.code == "pin_wrong" and "还可尝试4次" in e.value.message_zh
    s.kiosk.check_pin(KIOSK, HALL, "2468")


def test_idle_seconds_default_and_setting(k):
    s = k.services.kiosk
    config = s.config(HALL)
    assert config.idle_seconds == DEFAULT_IDLE_SECONDS and config.hall_name == "阿拉善盟车管所"
    assert s.set_idle_seconds(k.admin, "90") == 90 and s.config(HALL).idle_seconds == 90
    with pytest.raises(ValidationError):
        s.set_idle_seconds(k.admin, "5")


def test_guide_lists_both_catalogues_and_prints_the_materials(k):
    s = k.services.kiosk
    vehicle, driver = s.guide_entries("vehicle"), s.guide_entries("driver")
    assert any(e.name == "转让登记" for e in vehicle) and any(e.name == "期满换证" for e in driver)
    view = s.guide("vehicle", "transfer")
    assert view.business == "转让登记" and view.time_limit.endswith("办结") and view.fees
    assert view.materials and any(m.key for m in view.materials) and not all(m.key for m in view.materials)
    text = pdf_text(s.guide_pdf(HALL, "vehicle", "transfer"))
    assert "办事指南" in text and "转让登记" in text and "阿拉善盟车管所" in text
    for m in view.materials:
        assert m.name[:8] in text.replace("\r", "").replace("\n", "")
    assert "★" in text
    with pytest.raises(ValidationError):
        s.guide("boats", "transfer")

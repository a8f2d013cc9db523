"""自助办: what the hall's self-service kiosk does, always as the kiosk actor (tickets.kiosk_actor —
role clerk, username "kiosk"), never as a member of staff.

取号, 排队查询, 科目一自主预约, 补打准考证 and 办事指南, each one call here. The two look-ups that take a
secret pair (ID number + 受理编号, ID number + 预约码) and the admin PIN that ends kiosk mode go
through a failure limiter keyed by the kiosk's name: five failures lock that kiosk's look-ups for five
minutes, so the screen cannot be used to guess other people's codes. The limiter is pure logic with
its state in memory for the process (one kiosk process per touch screen; a restart clears it), and it
reads the service's clock, so tests move time.

The admin PIN is stored as an argon2 hash in the hall setting "kiosk.pin_hash"; the idle time
before the kiosk returns home is the hall setting "kiosk.idle_seconds" (default 60).
"""

from __future__ import annotations

import re
import threading
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import select

from desktop.documents.guide import GuideContent, guide_content, render_guide
from desktop.domain import exams as exam_rules
from desktop.domain import identifiers, licensing, queue_rules
from desktop.domain.catalog import Catalog
from desktop.domain.errors import NotFoundError, RefusedError, ValidationError
from desktop.domain.exam_allocation import HALVES
from desktop.services import audit
from desktop.services.auth import default_hasher, password_matches
from desktop.services.base import HALL_ZONE, Actor, Clock, Service, hall_date, require, utc_now
from desktop.services.catalogs import Catalogs
from desktop.services.documents import DocumentService
from desktop.services.exam_bookings import ExamBookingService
from desktop.services.exam_candidates import ExamCandidateService, candidate_facts
from desktop.services.halls import HallService
from desktop.services.tickets import TicketService, kiosk_actor
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamSession, ExamSite
from desktop.store.models import HallSetting, IssuedDocument
from desktop.store.queue_models import Ticket, TicketCategory

PIN_SETTING = "kiosk.pin_hash"
IDLE_SETTING = "kiosk.idle_seconds"
DEFAULT_IDLE_SECONDS = 60
IDLE_RANGE = (15, 600)  # shorter annoys a slow reader; longer leaves an ID number on a public screen
PIN_LENGTHS = (4, 12)  # digits only: the kiosk has a digit keypad and no keyboard
MAX_FAILURES = 5  # failed look-ups (or PINs) before the kiosk locks them [M]
LOCKOUT = timedelta(minutes=5)
FAILURE_WINDOW = timedelta(minutes=15)  # failures older than this are forgotten
SUBJECT_ONE = "1"
_LABEL_RE = re.compile(r"[A-Z]{1,2}\d{1,4}")
STATE_TEXT = {  # what a ticket's state means to the person holding it
    "waiting": ("等候中", "Waiting"),
    "called": ("已叫号", "Called"),
    "serving": ("正在办理", "Being served"),
    "held": ("已挂起，请留意叫号", "On hold: watch for the call"),
    "finished": ("已办结", "Finished"),
    "no_show": ("已过号，请到咨询台", "Missed: ask at the information desk"),
    "transferred": ("已转移", "Transferred"),
    "expired": ("已过期", "Expired"),
    "cancelled": ("已取消", "Cancelled"),
}


class FailureLimiter:
    """Failed secret look-ups per key (a kiosk's name): after `max_failures` within `window`, the
    key is locked for `lockout`; when the lockout ends its count starts again. A success does not
    clear the count — otherwise one's own valid pair could be interleaved with guesses. Pure logic:
    the time is passed in; state lives in memory for the process."""

    def __init__(self, max_failures: int = MAX_FAILURES, lockout: timedelta = LOCKOUT,
                 window: timedelta = FAILURE_WINDOW) -> None:
        self.max_failures, self.lockout, self.window = max_failures, lockout, window
        self._failures: dict[str, deque[datetime]] = {}
        self._locked_until: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def locked_until(self, key: str, now: datetime) -> datetime | None:
        with self._lock:
            return self._current_lock(key, now)

    def _current_lock(self, key: str, now: datetime) -> datetime | None:
        until = self._locked_until.get(key)
        if until is not None and now >= until:
            del self._locked_until[key]
            self._failures.pop(key, None)
            return None
        return until

    def check(self, key: str, now: datetime) -> None:
        """Refuse while the key is locked (before any look-up is made)."""
        until = self.locked_until(key, now)
        if until is not None:
            raise locked_error(until - now)

    def record_failure(self, key: str, now: datetime) -> int:
        """Count a failure; the attempts left before the lockout (0: locked from now)."""
        with self._lock:
            if self._current_lock(key, now) is not None:
                return 0
            seen = self._failures.setdefault(key, deque())
            while seen and now - seen[0] >= self.window:
                seen.popleft()
            seen.append(now)
            if len(seen) >= self.max_failures:
                self._locked_until[key] = now + self.lockout
                return 0
            return self.max_failures - len(seen)


def locked_error(left: timedelta) -> RefusedError:
    minutes = max(1, -(-int(left.total_seconds()) // 60))
    return RefusedError("kiosk_locked", f"核验失败次数过多，本机已暂停核验，请{minutes}分钟后再试，或到咨询台办理",
                        f"Too many failed checks: this kiosk pauses checks; try again in {minutes} min "
                        "or ask at the information desk")


# --- what the screens show ------------------------------------------------------------------------

@dataclass(frozen=True)
class KioskConfig:
    hall_code: str
    hall_name: str
    idle_seconds: int
    pin_set: bool


@dataclass(frozen=True)
class KioskCategory:
    """A tile of 取号: the category, how many wait, and whether tickets are issued now."""

    code: str
    name: str
    waiting: int
    open_now: bool
    hours: str


@dataclass(frozen=True)
class TakenTicket:
    label: str
    category_name: str
    people_ahead: int
    estimate_minutes: int | None
    name_masked: str
    priority: bool
    slip_pdf: bytes


@dataclass(frozen=True)
class QueuePosition:
    label: str
    category_name: str
    state: str
    state_zh: str
    state_en: str
    people_ahead: int | None  # waiting only
    estimate_minutes: int | None
    counter: int | None  # called / serving: the window to go to


@dataclass(frozen=True)
class SessionChoice:
    session_id: int
    day: date
    half: str  # 上午 / 下午
    half_code: str  # am / pm
    site_name: str
    site_address: str
    seats_left: int


@dataclass(frozen=True)
class KioskCandidate:
    """A candidate found by ID number + 受理编号: masked for the screen, the sessions open to them."""

    name_masked: str
    id_masked: str
    cls: str
    sessions: tuple[SessionChoice, ...]
    reason_zh: str = ""  # why there is nothing to book ("" when sessions are offered)
    reason_en: str = ""


@dataclass(frozen=True)
class PrintedBooking:
    code: str
    name_masked: str
    session_text: str  # 2026年12月02日 上午 科目一; the same as values below for a screen in another language
    site_name: str
    order_no: int
    ticket_pdf: bytes
    day: date | None = None
    half: str = ""  # am / pm
    subject: str = ""  # 1, 2, 3, 3s


@dataclass(frozen=True)
class GuideEntry:
    kind: str
    code: str
    name: str
    group: str
    name_en: str = ""  # the catalogue's English twins ("" when it has none), for the English screen
    group_en: str = ""


GUIDE_KINDS = {"vehicle": ("机动车业务", "Vehicle business"), "driver": ("驾驶证业务", "Driver business")}


class KioskService(Service):
    def __init__(self, session_factory, halls: HallService, tickets: TicketService,
                 candidates: ExamCandidateService, bookings: ExamBookingService, documents: DocumentService,
                 catalogs: Catalogs, clock: Clock = utc_now, hasher: PasswordHasher | None = None,
                 limiter: FailureLimiter | None = None) -> None:
        super().__init__(session_factory, clock)
        self._halls, self._tickets, self._candidates, self._bookings = halls, tickets, candidates, bookings
        self._documents, self._catalogs = documents, catalogs
        self._hasher = hasher or default_hasher()
        self.limiter = limiter or FailureLimiter()

    # --- set-up ---------------------------------------------------------------------------------
    def config(self, hall_code: str) -> KioskConfig:
        hall = self._halls.hall(hall_code)
        settings = self._halls.settings(hall_code)
        try:
            idle = int(settings.get(IDLE_SETTING, DEFAULT_IDLE_SECONDS))
        except ValueError:
            idle = DEFAULT_IDLE_SECONDS
        idle = min(max(idle, IDLE_RANGE[0]), IDLE_RANGE[1])
        return KioskConfig(hall.code, hall.name, idle, bool(settings.get(PIN_SETTING)))

    def set_pin(self, actor: Actor, pin: str) -> None:
        """The admin PIN that ends kiosk mode: digits only, stored as an argon2 hash."""
        require(actor, "hall.manage")
        pin = (pin or "").strip()
        if not (pin.isdigit() and pin.isascii() and PIN_LENGTHS[0] <= len(pin) <= PIN_LENGTHS[1]):
            raise ValidationError("pin", "pin_invalid", f"PIN须为{PIN_LENGTHS[0]}–{PIN_LENGTHS[1]}位数字",
                                  f"The PIN is {PIN_LENGTHS[0]} to {PIN_LENGTHS[1]} digits")
        self._write_setting(actor, PIN_SETTING, self._hasher.hash(pin), "kiosk_pin_set", "")

    def set_idle_seconds(self, actor: Actor, seconds: object) -> int:
        require(actor, "hall.manage")
        low, high = IDLE_RANGE
        try:
            value = int(str(seconds).strip())
        except ValueError:
            value = 0
        if not low <= value <= high:
            raise ValidationError("idle_seconds", "idle_seconds_invalid", f"无操作返回时间须为{low}–{high}秒",
                                  f"The idle time is {low} to {high} seconds")
        self._write_setting(actor, IDLE_SETTING, str(value), "kiosk_idle_set", f"{value}s")
        return value

    def _write_setting(self, actor: Actor, key: str, value: str, action: str, detail: str) -> None:
        # Not HallService.set_setting: that audits the old and new values, and a hash has no place there.
        with self._sessions() as session, session.begin():
            row = session.get(HallSetting, (actor.hall_code, key))
            if row is None:
                session.add(HallSetting(hall_code=actor.hall_code, key=key, value=value))
            else:
                row.value = value
            audit.record(session, actor=actor, at=self._clock(), action=action, record_type="hall_setting",
                         record_id=key, detail=detail)

    def check_pin(self, kiosk: str, hall_code: str, pin: str) -> None:
        """The admin PIN typed at the kiosk; a wrong one counts toward the kiosk's lockout."""
        now = self._clock()
        self.limiter.check(kiosk, now)
        stored = self._halls.settings(hall_code).get(PIN_SETTING)
        if not stored:
            raise RefusedError("pin_not_set", "未设置管理员PIN：请在电脑上运行 counterdesk kiosk --set-pin",
                               "No admin PIN is set: run counterdesk kiosk --set-pin")
        if not password_matches(stored, pin or "", self._hasher):
            self._failed(kiosk, now, "pin_wrong", "管理员PIN错误", "Wrong admin PIN")
        with self._sessions() as session, session.begin():
            audit.record(session, actor=kiosk_actor(hall_code), at=now, action="kiosk_closed",
                         record_type="kiosk", record_id=kiosk, detail="admin PIN")

    def _failed(self, kiosk: str, now: datetime, code: str, zh: str, en: str) -> None:
        left = self.limiter.record_failure(kiosk, now)
        if left == 0:
            raise locked_error(self.limiter.lockout)
        raise RefusedError(code, f"{zh}（还可尝试{left}次）", f"{en} ({left} attempts left)")

    # --- 取号 -------------------------------------------------------------------------------------
    def categories(self, hall_code: str) -> list[KioskCategory]:
        local = self._clock().astimezone(HALL_ZONE).time()
        waiting = {code: n for code, _name, n in self._tickets.board(hall_code, limit=1).waiting}
        out = []
        for c in self._tickets.categories(hall_code):
            if not c.active:
                continue
            open_now = queue_rules.parse_hours(c.hours).contains(local)
            out.append(KioskCategory(c.code, c.name, waiting.get(c.code, 0), open_now, c.hours))
        return out

    def take(self, hall_code: str, category: str, id_number: str | None = None) -> TakenTicket:
        """取号 with or without an ID number (a real-name ticket); the slip rendered for printing."""
        id_number = (id_number or "").strip() or None
        if id_number:
            identifiers.validate_resident_id(id_number, today=hall_date(self._clock()))
        issued = self._tickets.take(hall_code, category, id_number=id_number, actor=kiosk_actor(hall_code))
        t = issued.ticket
        return TakenTicket(t.label, issued.category_name, issued.people_ahead, issued.estimate_minutes,
                           t.name_masked, t.priority, self._tickets.slip_pdf(issued))

    # --- 排队查询 ---------------------------------------------------------------------------------
    def queue_position(self, hall_code: str, text: str) -> QueuePosition:
        """By the number on the slip (A023) or the slip's QR text as a scanner types it."""
        text = (text or "").strip().upper()
        now = self._clock()
        today = hall_date(now)
        if text.startswith("CD1."):
            ticket_id = self._slip_ticket(hall_code, text)
            where = [Ticket.id == ticket_id]
        elif _LABEL_RE.fullmatch(text):
            where = [Ticket.label == text, Ticket.day == today]
        else:
            raise ValidationError("number", "ticket_number_invalid", "请输入号票上的号码，例如 A023，或扫描号票二维码",
                                  "Type the number on the slip, e.g. A023, or scan the slip's QR code")
        with self._sessions() as session, session.begin():
            ticket = session.execute(select(Ticket).where(Ticket.hall_code == hall_code, *where)).scalar_one_or_none()
            if ticket is None:
                raise NotFoundError("ticket_not_found", f"今天没有 {text} 号", f"There is no ticket {text} today")
            if ticket.day != today:
                raise RefusedError("ticket_old", f"{ticket.label} 是{ticket.day:%m月%d日}的号票，已失效，请重新取号",
                                   f"{ticket.label} is from {ticket.day}: no longer valid, take a new ticket")
            name = session.execute(select(TicketCategory.name).where(
                TicketCategory.hall_code == hall_code, TicketCategory.code == ticket.category)).scalar_one_or_none()
            ahead = estimate = None
            if ticket.state == "waiting":
                # The same promise 取号 makes, worked out again now (the calling policy and today's pace).
                ahead, estimate = self._tickets.promise_in(session, hall_code, today, ticket.id,
                                                          ticket.category, now)
            zh, en = STATE_TEXT.get(ticket.state, (ticket.state, ticket.state))
            counter = ticket.counter_number if ticket.state in ("called", "serving") else None
            if counter is not None:
                zh, en = f"{zh}，请到 {counter} 号窗口", f"{en}: go to window {counter}"
            return QueuePosition(ticket.label, name or ticket.category, ticket.state, zh, en, ahead, estimate, counter)

    def _slip_ticket(self, hall_code: str, payload: str) -> int:
        check = self._documents.verify(payload)
        if not check.ok:
            raise RefusedError(check.code, f"二维码无法识别：{check.message_zh}", f"QR not accepted: {check.message_en}")
        if check.kind != "SL" or check.hall_code != hall_code:
            raise RefusedError("not_a_slip", "这不是本大厅的排队号票二维码", "This is not a queue slip of this hall")
        with self._sessions() as session, session.begin():
            record = session.execute(select(IssuedDocument.record_id).where(
                IssuedDocument.hall_code == hall_code, IssuedDocument.serial == check.serial)).scalar_one()
        return int(record)

    # --- 科目一自主预约 / 补打准考证 -----------------------------------------------------------------
    def _verified(self, kiosk: str, hall_code: str, id_number: str, code: str, lookup, what: str):
        """Validate the ID number (a bad check digit is told before any look-up and is not counted),
        then the lockout, then the look-up; a mismatch counts."""
        now = self._clock()
        identifiers.validate_resident_id(id_number, today=hall_date(now))
        if not (code or "").strip():
            raise ValidationError("code", "code_required", f"请输入{what}", "Type the code")
        self.limiter.check(kiosk, now)
        try:
            return lookup()
        except NotFoundError as exc:
            self._failed(kiosk, now, exc.code, exc.message_zh, exc.message_en)

    def find_candidate(self, kiosk: str, hall_code: str, id_number: str, application_no: str) -> KioskCandidate:
        """ID number + 受理编号 → the candidate (masked) and the 科目一 sessions open to them."""
        actor = kiosk_actor(hall_code)
        cand = self._verified(kiosk, hall_code, id_number, application_no,
                              lambda: self._candidates.by_credentials(actor, id_number, application_no), "受理编号")
        rows = self._bookings.eligible_sessions(actor, cand.id, SUBJECT_ONE)
        sessions = self._choices([r[0] for r in rows], {r[0]: r[2] for r in rows})
        reason_zh = reason_en = ""
        if not sessions:
            reason_zh, reason_en = self._why_nothing(cand.id)
        return KioskCandidate(cand.name_masked, cand.id_masked, cand.cls, tuple(sessions), reason_zh, reason_en)

    def _choices(self, ids: list[int], free: dict[int, int]) -> list[SessionChoice]:
        if not ids:
            return []
        with self._sessions() as session, session.begin():
            rows = session.execute(select(ExamSession, ExamSite).join(ExamSite, ExamSite.id == ExamSession.site_id)
                                   .where(ExamSession.id.in_(ids))).all()
        found = {s.id: SessionChoice(s.id, s.day, HALVES.get(s.half, s.half), s.half, site.name, site.address,
                                   free[s.id])
                 for s, site in rows}
        return [found[i] for i in ids if i in found]

    def _why_nothing(self, candidate_id: int) -> tuple[str, str]:
        today = hall_date(self._clock())
        with self._sessions() as session, session.begin():
            cand = session.get(ExamCandidate, candidate_id)
            if cand.state != "active":
                return "该考试申请已结束，不能预约", "The application is closed: no booking"
            facts = candidate_facts(session, cand)
        day = today + timedelta(days=self._bookings.policy.booking_close_days + 1)
        refusals = exam_rules.check_eligibility(facts, SUBJECT_ONE, day, today, self._bookings.policy).refusals
        timing = {"day_past", "booking_closed"}
        first = next((r for r in refusals if r.code not in timing), None)
        if first is not None:
            return first.zh, first.en
        return ("暂无可预约的科目一场次，请留意考试计划或到窗口咨询",
                "No 科目一 session is open for booking: watch the exam plan or ask at a window")

    def book(self, kiosk: str, hall_code: str, id_number: str, application_no: str,
             session_id: int) -> PrintedBooking:
        """Book the chosen 科目一 session (channel kiosk) and render the admission ticket. The pair
        is checked again: the screen's choice is not trusted on its own."""
        actor = kiosk_actor(hall_code)
        cand = self._verified(kiosk, hall_code, id_number, application_no,
                              lambda: self._candidates.by_credentials(actor, id_number, application_no), "受理编号")
        booking = self._bookings.book(actor, cand.id, session_id, channel="kiosk")
        return self._printed(actor, booking.id, booking.code, cand.name_masked)

    def reprint(self, kiosk: str, hall_code: str, id_number: str, code: str) -> PrintedBooking:
        """补打准考证: ID number + 预约码 → the same ticket again (same serial and QR)."""
        actor = kiosk_actor(hall_code)
        booking = self._verified(kiosk, hall_code, id_number, code,
                                 lambda: self._bookings.by_code(actor, id_number, code), "预约码")
        cand = self._candidates.get(actor, booking.candidate_id)
        return self._printed(actor, booking.id, booking.code, cand.name_masked)

    def _printed(self, actor: Actor, booking_id: int, code: str, name_masked: str) -> PrintedBooking:
        pdf = self._bookings.ticket(actor, booking_id)
        with self._sessions() as session, session.begin():
            booking = session.get(ExamBooking, booking_id)
            s = session.get(ExamSession, booking.session_id)
            site = session.get(ExamSite, s.site_id)
            text = f"{s.day:%Y年%m月%d日} {HALVES.get(s.half, s.half)} {licensing.SUBJECT_NAMES[s.subject]}"
            return PrintedBooking(code, name_masked, text, site.name, booking.order_no, pdf, s.day, s.half, s.subject)

    # --- 办事指南 ---------------------------------------------------------------------------------
    def _catalog(self, kind: str) -> Catalog:
        if kind not in GUIDE_KINDS:
            raise ValidationError("kind", "guide_kind_unknown", "没有这类业务", "No such kind of business")
        return self._catalogs.vehicle if kind == "vehicle" else self._catalogs.driver

    def guide_entries(self, kind: str) -> list[GuideEntry]:
        """The businesses of the vehicle or driver catalogue, in menu order."""
        return [GuideEntry(kind, b.code, b.name, b.group, b.name_en, b.group_en)
                for b in self._catalog(kind).businesses.values()]

    def guide_catalog(self, kind: str) -> Catalog:
        """The catalogue a guide is read from, for a screen that shows it in the UI language (the
        printed guide is Chinese)."""
        return self._catalog(kind)

    def guide(self, kind: str, code: str, hall_code: str = "") -> GuideContent:
        """One business's guide: its materials (key ones marked), time limit, who may apply, fees."""
        hall_name = self._halls.hall(hall_code).name if hall_code else ""
        now = self._clock().astimezone(HALL_ZONE)
        return guide_content(self._catalog(kind), code, kind_name=GUIDE_KINDS[kind][0], hall_name=hall_name,
                             printed_at=f"{now:%Y-%m-%d %H:%M}")

    def guide_pdf(self, hall_code: str, kind: str, code: str) -> bytes:
        """The 办事指南 checklist for the 80 mm roll: tick off the materials before queueing."""
        return render_guide(self.guide(kind, code, hall_code))

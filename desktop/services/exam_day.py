"""The exam day (考试当天): check-in by scanning the admission ticket, the officer's identity
confirmation against the photo (our stand-in for the hall's face check; three failures lock the
candidate until a supervisor releases them), the sitting's scores with its one retake, and the
no-shows. Results go to `exam_results`; passing 科目一 issues the 学习驾驶证明, and the fifth failed
booking of 科目二 or 科目三 voids the application (Art.47)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from desktop.domain import exams as exam_rules
from desktop.domain import licensing, masking
from desktop.domain.errors import NotFoundError, RefusedError, ValidationError
from desktop.services import audit
from desktop.services.base import Actor, Clock, Service, hall_date, require, utc_now
from desktop.services.documents import DocumentService
from desktop.services.exam_candidates import booking_in, candidate_facts
from desktop.store.driver_models import ExamResult
from desktop.store.exam_models import ExamBooking, ExamCandidate, ExamSession, ExamSite
from desktop.store.models import Person


@dataclass(frozen=True)
class CheckIn:
    """What the officer sees after a scan: the photo large, the name and masked ID to compare."""

    booking_id: int
    candidate_id: int
    name: str
    id_masked: str
    photo: bytes | None
    subject: str
    cls: str
    session_label: str
    order_no: int
    failed_checks: int


@dataclass(frozen=True)
class ResultView:
    booking_id: int
    passed: bool
    permit_until: date | None  # set when 科目一 was passed
    voided: bool  # the fifth failure voided the application
    ready: bool  # every subject passed: ready for the licence


class ExamDayService(Service):
    def __init__(self, session_factory, documents: DocumentService, clock: Clock = utc_now,
                 policy: exam_rules.ExamPolicy = exam_rules.DEFAULT_EXAM_POLICY) -> None:
        super().__init__(session_factory, clock)
        self._documents = documents
        self.policy = policy

    # -- check-in ----------------------------------------------------------------------------------

    def scan(self, actor: Actor, payload: str, site_code: str) -> CheckIn:
        """Verify a scanned ticket for today's sessions at this site; refusals say why."""
        require(actor, "exam.checkin")
        text = (payload or "").strip()
        check = self._documents.verify(text)
        if not check.ok:
            if check.code == "revoked":
                raise RefusedError("ticket_revoked", "该准考证已作废（预约已取消或已改约）",
                                   "This admission ticket was revoked (cancelled or moved)")
            raise RefusedError("ticket_forged", f"准考证核验失败：{check.message_zh}",
                               f"The admission ticket does not verify: {check.message_en}")
        if check.kind != "AT":
            raise RefusedError("not_a_ticket", f"这不是准考证（{check.kind_zh}）",
                               f"This is not an admission ticket ({check.kind_en})")
        today = hall_date(self._clock())
        with self._sessions() as session, session.begin():
            booking = session.execute(select(ExamBooking).where(ExamBooking.hall_code == check.hall_code,
                                                                ExamBooking.ticket_serial == check.serial)
                                      ).scalar_one_or_none()
            if booking is None:
                raise RefusedError("ticket_forged", "登记簿中没有这张准考证", "No booking carries this ticket")
            s = session.get(ExamSession, booking.session_id)
            site = session.get(ExamSite, s.site_id)
            cand = session.get(ExamCandidate, booking.candidate_id)
            if booking.state == "cancelled":
                raise RefusedError("booking_cancelled", "该预约已取消", "The booking was cancelled")
            if s.day != today:
                raise RefusedError("wrong_day", f"该准考证的考试日期是{s.day:%Y年%m月%d日}，不是今天",
                                   f"This ticket is for {s.day}, not today")
            if site.code != (site_code or "").strip().upper():
                raise RefusedError("wrong_site", f"该准考证的考场是{site.name}，不是本考场",
                                   f"This ticket is for site {site.code}, not this one")
            if booking.state != "booked":
                raise RefusedError("already_checked_in", "该考生已签到", "The candidate is already checked in")
            if cand.locked:
                raise RefusedError("candidate_locked", "身份核验已连续失败三次，考生已锁定，请科长解除",
                                   "Identity check failed three times: locked until a supervisor releases it")
            person = session.get(Person, cand.person_id)
            return CheckIn(booking.id, cand.id, person.name, masking.mask_id_number(person.id_number), person.photo,
                           s.subject, cand.cls, f"{s.day:%Y-%m-%d} {exam_rules.HALVES[s.half]} "
                                               f"{licensing.SUBJECT_NAMES[s.subject]} {site.name}",
                           booking.order_no, cand.failed_checks)

    def confirm(self, actor: Actor, booking_id: int, same_person: bool) -> CheckIn | None:
        """The officer's verdict on the photo: the same person → checked in (returns None); not the
        same → one failed check; the third locks the candidate (RefusedError says so)."""
        require(actor, "exam.checkin")
        now = self._clock()
        with self._sessions() as session, session.begin():
            booking = booking_in(session, actor, booking_id)
            cand = session.get(ExamCandidate, booking.candidate_id, with_for_update=True)
            if cand.locked:
                raise RefusedError("candidate_locked", "考生已锁定，请科长解除", "The candidate is locked")
            if booking.state != "booked":
                raise RefusedError("already_checked_in", "该考生已签到", "The candidate is already checked in")
            if same_person:
                booking.state, booking.checked_in_at, booking.checked_in_by = "checked_in", now, actor.username
                cand.failed_checks = 0
                audit.record(session, actor=actor, at=now, action="exam_checked_in", record_type="exam_booking",
                             record_id=booking.code)
                return None
            cand.failed_checks += 1
            locked = cand.failed_checks >= self.policy.lock_after_failed_checks
            cand.locked = locked
            audit.record(session, actor=actor, at=now, action="exam_identity_failed", record_type="exam_candidate",
                         record_id=cand.application_no, detail=f"{cand.failed_checks}" + (" locked" if locked else ""))
        if locked:
            raise RefusedError("candidate_locked", "身份核验连续三次未通过，考生已锁定，须科长解除后方可签到",
                               "Identity not confirmed three times: the candidate is locked until a supervisor "
                               "releases them")
        raise RefusedError("identity_not_confirmed", f"身份核验未通过（第{cand.failed_checks}次），不能签到",
                           f"Identity not confirmed (attempt {cand.failed_checks}): not checked in")

    def release(self, actor: Actor, candidate_id: int, reason: str) -> None:
        """A supervisor releases a locked candidate (with a reason, audited)."""
        require(actor, "exam.release")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "reason_required", "请填写解除锁定的原因", "Give the reason for the release")
        with self._sessions() as session, session.begin():
            cand = session.get(ExamCandidate, candidate_id, with_for_update=True)
            if cand is None or cand.hall_code != actor.hall_code:
                raise NotFoundError("candidate_unknown", "没有该考生", "No such candidate")
            if not cand.locked:
                raise RefusedError("not_locked", "该考生未被锁定", "The candidate is not locked")
            cand.locked, cand.failed_checks = False, 0
            audit.record(session, actor=actor, at=self._clock(), action="exam_candidate_released",
                         record_type="exam_candidate", record_id=cand.application_no, detail=reason[:200])

    def checked_in(self, actor: Actor, session_id: int) -> list[tuple[int, int, str, str, str, int | None, int | None]]:
        """A session's seats for results entry: (booking id, order, masked name, masked ID, state, score, retake)."""
        require(actor, "exam.view")
        with self._sessions() as session, session.begin():
            rows = session.execute(
                select(ExamBooking, Person.name, Person.id_number)
                .join(ExamCandidate, ExamCandidate.id == ExamBooking.candidate_id)
                .join(Person, Person.id == ExamCandidate.person_id)
                .where(ExamBooking.session_id == session_id, ExamBooking.hall_code == actor.hall_code,
                       ExamBooking.state != "cancelled").order_by(ExamBooking.order_no)).all()
            return [(b.id, b.order_no, masking.mask_name(name), masking.mask_id_number(idn), b.state, b.score,
                     b.retake_score) for b, name, idn in rows]

    def checked_in_counts(self, actor: Actor, session_ids) -> dict[int, tuple[int, int]]:
        """The check-in tally of many sessions in one query: session id → (checked in or sat, seats
        not cancelled), the counts `checked_in` rows would give; (0, 0) for a session with no seat."""
        require(actor, "exam.view")
        ids = list(session_ids)
        counts = {sid: (0, 0) for sid in ids}
        if not ids:
            return counts
        arrived = func.sum(case((ExamBooking.state.in_(("checked_in", "sat")), 1), else_=0))
        with self._sessions() as session, session.begin():
            for sid, done, seats in session.execute(
                    select(ExamBooking.session_id, arrived, func.count())
                    .where(ExamBooking.session_id.in_(ids), ExamBooking.hall_code == actor.hall_code,
                           ExamBooking.state != "cancelled").group_by(ExamBooking.session_id)):
                counts[sid] = (int(done or 0), seats)
        return counts

    # -- results -----------------------------------------------------------------------------------

    def record_result(self, actor: Actor, booking_id: int, score: int, retake_score: int | None = None) -> ResultView:
        """成绩: the first attempt and, when it failed, the one retake of the same sitting."""
        require(actor, "exam.result")
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            booking = booking_in(session, actor, booking_id)
            if booking.state != "checked_in":
                raise RefusedError("not_checked_in", "考生未签到，不能登记成绩（缺考请按缺考处理）",
                                   "The candidate is not checked in: no result (mark absentees as no-shows)")
            s = session.get(ExamSession, booking.session_id)
            if s.day > today:
                raise RefusedError("exam_not_held", "考试尚未举行", "The exam has not been held yet")
            cand = session.get(ExamCandidate, booking.candidate_id, with_for_update=True)
            passed = exam_rules.sitting_passed(s.subject, cand.cls, score, retake_score, self.policy)
            booking.state, booking.score, booking.retake_score, booking.passed = "sat", score, retake_score, passed
            booking.result_at, booking.result_by = now, actor.username
            best = score if retake_score is None else max(score, retake_score)
            return self._record(session, actor, cand, booking, s, passed, best, "exam", now)

    def mark_no_shows(self, actor: Actor, session_id: int) -> int:
        """After the session: every seat still only booked is a no-show, which counts as a fail."""
        require(actor, "exam.result")
        now = self._clock()
        with self._sessions() as session, session.begin():
            s = session.get(ExamSession, session_id)
            if s is None or s.hall_code != actor.hall_code:
                raise NotFoundError("session_unknown", "没有该考试场次", "No such exam session")
            if s.day > hall_date(now):
                raise RefusedError("exam_not_held", "考试尚未举行，不能登记缺考", "The exam has not been held yet")
            absent = session.execute(select(ExamBooking).where(ExamBooking.session_id == s.id,
                                                               ExamBooking.state == "booked")
                                     .with_for_update()).scalars().all()
            for booking in absent:
                cand = session.get(ExamCandidate, booking.candidate_id, with_for_update=True)
                booking.state, booking.passed, booking.result_at, booking.result_by = "no_show", False, now, actor.username
                self._record(session, actor, cand, booking, s, False, None, "no_show", now)
            return len(absent)

    def _record(self, session: Session, actor: Actor, cand: ExamCandidate, booking: ExamBooking, s: ExamSession,
                passed: bool, score: int | None, source: str, now: datetime) -> ResultView:
        person = session.get(Person, cand.person_id)
        session.execute(update(ExamResult).where(ExamResult.person_id == person.id, ExamResult.subject == s.subject,
                                                 ExamResult.cls == cand.cls, ExamResult.exam_date == s.day)
                        .values(score=score, passed=passed, source=source, candidate_id=cand.id))
        if session.execute(select(ExamResult.id).where(ExamResult.person_id == person.id,
                                                       ExamResult.subject == s.subject, ExamResult.cls == cand.cls,
                                                       ExamResult.exam_date == s.day)).first() is None:
            session.add(ExamResult(hall_code=cand.hall_code, person_id=person.id, subject=s.subject, cls=cand.cls,
                                   exam_date=s.day, score=score, passed=passed, used=False, source=source,
                                   created_at=now, candidate_id=cand.id))
        session.flush()
        permit_until = None
        if passed and s.subject == "1" and cand.permit_from is None:
            cand.permit_from = s.day
            cand.permit_until = permit_until = exam_rules.permit_until(s.day, person.birth_date, cand.cls, self.policy)
        facts = candidate_facts(session, cand, person.birth_date)
        voided = not passed and exam_rules.fifth_failure(facts, s.subject)
        if voided:
            cand.state = "voided"
        ready = cand.state == "active" and facts.subjects <= exam_rules.subjects_passed(facts)
        audit.record(session, actor=actor, at=now, action="exam_result", record_type="exam_booking",
                     record_id=booking.code, detail=f"{cand.application_no} {s.subject} {source} "
                                                    f"{score if score is not None else '-'} {'合格' if passed else '不合格'}"
                                                    + (" 作废" if voided else ""))
        return ResultView(booking.id, passed, permit_until, voided, ready)

"""Driver business at the window (驾驶证业务受理): one case per submission, checked against 令162 as
amended by 令172, with materials, fees and any 容缺 commitment; the 受理凭证, 收费收据, 容缺受理通知书
and, when a licence is issued, the 领证凭证 (pickup slip) are registered and signed with it.

As at the vehicle window, a case without a deferred material is completed at once and takes effect
on the register; a 容缺 case takes effect when the material is supplied."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.domain import deferral as deferral_rules
from desktop.domain import licensing, masking
from desktop.domain.licence_terms import DEFAULT_POLICY as LICENCE_POLICY
from desktop.domain.errors import NotFoundError, RefusedError, ValidationError
from desktop.domain.working_days import add_working_days
from desktop.services import audit
from desktop.services.base import Actor, Clock, Service, hall_date, require, utc_now
from desktop.services.case_documents import CaseDocuments, RenderedDocument, hall_closed_days
from desktop.services.catalogs import Catalogs
from desktop.services.documents import DocumentService
from desktop.services.exam_candidates import accept_in
from desktop.services.licences import class_order, exams_passed, licence_facts
from desktop.services.case_records import (PartyInput, add_materials_and_fees, deferred_materials,
                                           find_or_register_party, not_applicable_materials)
from desktop.store.driver_models import DriverCase, DrivingLicence, ExamResult, LicenceClass
from desktop.store.exam_models import ExamCandidate
from desktop.store.models import Person
from desktop.store.vehicle_models import Deferral

EXAM_BUSINESSES = ("first_licence", "add_class")  # accepted before the exams (令162 Art.16/17)
ISSUES_LICENCE = "驾驶证"  # a business whose catalogue entry issues this gets a 领证凭证


@dataclass
class DriverCaseRequest:
    business: str
    applicant: PartyInput | None = None  # the holder or candidate as typed (a person) …
    person_id: int | None = None  # … or the one already chosen from the register
    requested_class: str | None = None
    agent: PartyInput | None = None
    deferred: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()
    commitment_signed: bool = False
    event_date: date | None = None
    medical_on: date | None = None
    three_abilities_passed: bool = False
    changes: dict[str, str] | None = None  # new_address, new_name, downgrade_to, reason …
    ticket_id: int | None = None


@dataclass(frozen=True)
class DriverCaseResult:
    case_id: int
    case_no: str
    state: str
    business_name: str
    classes: str
    valid_until: date | None
    fee_total: Decimal
    deferral_deadline: date | None
    warnings: tuple[str, ...]
    documents: tuple[RenderedDocument, ...]
    warnings_en: tuple[str, ...] = ()  # the same warnings in English, for the English screen


class DriverCaseService(Service):
    def __init__(self, session_factory, catalogs: Catalogs, documents: DocumentService,
                 clock: Clock = utc_now) -> None:
        super().__init__(session_factory, clock)
        self.catalogs = catalogs
        self._docs = CaseDocuments(documents)

    def submit(self, actor: Actor, request: DriverCaseRequest) -> DriverCaseResult:
        """受理: check, record and sign one driver case; returns the case and its PDFs."""
        require(actor, "vehicle.business")
        biz = self.catalogs.driver.business(request.business)
        deferred = deferred_materials(biz, request.deferred)
        not_applicable = not_applicable_materials(biz, request.not_applicable, request.deferred)
        cls = (request.requested_class or "").strip().upper() or None
        if cls is not None and cls not in licensing.CLASSES:
            raise ValidationError("licence_class", "class_unknown", f"没有准驾车型“{cls}”",
                                  f"Unknown licence class {cls}")
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            closed = hall_closed_days(session, actor.hall_code)
            if request.person_id is not None:
                person = session.get(Person, request.person_id)
                if person is None:
                    raise NotFoundError("person_unknown", "没有该申请人", "No such applicant")
            elif request.applicant is not None:
                person = find_or_register_party(session, actor, request.applicant, now, field="applicant")
            else:
                raise ValidationError("applicant", "applicant_required", "请先查询选定申请人，或填写申请人身份证号",
                                      "Choose the applicant, or enter the applicant's ID number")
            if not isinstance(person, Person):
                raise ValidationError("applicant", "applicant_must_be_person", "驾驶证业务的申请人须为自然人（身份证号）",
                                      "A driver case is for a person: enter a resident ID number")
            agent = find_or_register_party(session, actor, request.agent, now, field="agent") \
                if request.agent else None
            if agent is not None and not isinstance(agent, Person):
                raise ValidationError("agent", "agent_must_be_person", "代理人须为自然人，请填写代理人的身份证号",
                                      "An agent must be a person: enter the agent's resident ID number")
            licence = session.execute(select(DrivingLicence).where(DrivingLicence.person_id == person.id)
                                      .with_for_update()).scalar_one_or_none()
            facts = licence_facts(session, licence)
            passed = exams_passed(session, person.id, cls)
            app = licensing.DriverApplication(
                business=biz.code, requested_class=cls, by_agent=agent is not None, event_date=request.event_date,
                subject1_passed_on=passed.get("1"), exams_passed=frozenset(passed), medical_on=request.medical_on,
                three_abilities_passed=request.three_abilities_passed)
            outcome = licensing.check_driver_application(app, person.birth_date, facts, today)
            # 初次申领 / 增驾 with exams still to pass is accepted as the exam application (考试申请): the
            # case waits in 'examining' and the candidate can book 科目一 with the 受理编号.
            exam_application = biz.code in EXAM_BUSINESSES and bool(outcome.refusals) and all(
                r.code == "exams_incomplete" for r in outcome.refusals)
            if not exam_application:
                outcome.raise_if_refused()
            deadline = None
            if deferred:
                barred = max(session.execute(select(Deferral.barred_until).where(
                    Deferral.state == "terminated", Deferral.person_id == person.id,
                    Deferral.barred_until >= today)).scalars(), default=None)
                deferral_rules.check_deferral(deferred, barred, today)
                if not request.commitment_signed:
                    raise ValidationError("commitment", "commitment_unsigned",
                                          "容缺受理须申请人签署书面承诺，请先签署承诺书",
                                          "容缺 needs the applicant's signed commitment: have it signed first")
                deadline = deferral_rules.deferral_deadline(today, deferral_rules.DeferralPolicy(), closed)
            fees = self.catalogs.driver.fees_for(biz.code, None)
            total = self.catalogs.driver.total(fees)
            case_no = self._docs.next_case_no(session, actor.hall_code, today, "DC")
            detail = dict(request.changes or {})
            detail.update({k: v.isoformat() for k, v in (("event_date", request.event_date),
                                                           ("medical_on", request.medical_on)) if v})
            if cls:
                detail["requested_class"] = cls
            detail["warnings"] = [w.zh for w in outcome.warnings]
            case = DriverCase(
                hall_code=actor.hall_code, case_no=case_no, day=today, business=biz.code, business_name=biz.name,
                licence_id=licence.id if licence else None, person_id=person.id,
                agent_person_id=agent.id if agent else None, ticket_id=request.ticket_id, counter=actor.counter,
                state="deferred" if deferred else "accepted", fee_total=total,
                classes=" ".join(class_order(h.cls for h in facts.classes)) if facts else "",
                due_on=add_working_days(today, biz.time_limit_days, closed),
                detail=json.dumps(detail, ensure_ascii=False), accepted_by=actor.username, accepted_at=now)
            session.add(case)
            session.flush()
            add_materials_and_fees(session, "driver", case, biz, deferred, not_applicable, fees)
            if exam_application:
                accept_in(session, actor, person, cls, case_no, now, now=now, source="window")
            if deferred:
                session.add(Deferral(
                    hall_code=actor.hall_code, case_type="driver", case_id=case.id, case_no=case_no,
                    business_name=biz.name, person_id=person.id, missing="、".join(m.name for m in deferred),
                    commitment=deferral_rules.commitment_text(biz.name, [m.name for m in deferred], deadline),
                    accepted_on=today, deadline=deadline, state="pending"))
            else:
                self.complete_in(session, actor, case, now)
            case.pickup = case.state == "completed" and ISSUES_LICENCE in biz.issued
            audit.record(session, actor=actor, at=now, action="driver_case_accepted", record_type="driver_case",
                         record_id=case_no, detail=f"{biz.code} {cls or ''} {total} 容缺:{len(deferred)}")
            contents = self._docs.issue_in(session, actor, case, deadline=deadline, case_type="driver")
            licence = session.get(DrivingLicence, case.licence_id) if case.licence_id else None
            result = (case.id, case.state, case.classes, licence.valid_until if licence else None)
        rendered = tuple(self._docs.render(contents))
        return DriverCaseResult(result[0], case_no, result[1], biz.name, result[2], result[3], total, deadline,
                                tuple(w.zh for w in outcome.warnings), rendered, tuple(w.en for w in outcome.warnings))

    # -- completion (the 容缺 service calls these too) ---------------------------------------------

    def case_in(self, session: Session, case_id: int) -> DriverCase:
        case = session.get(DriverCase, case_id, with_for_update=True)
        if case is None:
            raise NotFoundError("case_unknown", "没有该业务", "No such case")
        return case

    def complete_in(self, session: Session, actor: Actor, case: DriverCase, now: datetime) -> None:
        """办结: apply the case to the licence register. An exam application whose exams are not all
        passed waits in 'examining' instead (`issue_after_exams` completes it)."""
        from desktop.services.driver_effects import apply_driver_effect

        detail = json.loads(case.detail or "{}")
        if case.business in EXAM_BUSINESSES:
            cls = detail.get("requested_class") or ""
            if not LICENCE_POLICY.subjects_for(cls) <= set(exams_passed(session, case.person_id, cls)):
                case.state = "examining"
                return
        person = session.get(Person, case.person_id)
        licence = apply_driver_effect(session, case, person, detail, now=now)
        if licence is not None:
            case.licence_id = licence.id
            held = session.execute(select(LicenceClass.cls).where(LicenceClass.licence_id == licence.id)).scalars()
            case.classes = " ".join(class_order(held))
        case.state, case.completed_at = "completed", now
        if case.business in EXAM_BUSINESSES:  # the exam application is finished
            session.execute(update(ExamCandidate).where(
                ExamCandidate.person_id == case.person_id, ExamCandidate.cls == detail.get("requested_class"),
                ExamCandidate.state == "active").values(state="done"))

    def issue_after_exams(self, actor: Actor, case_no: str) -> DriverCaseResult:
        """发证: an exam application ('examining') whose exams are all passed is checked again and
        completed; the licence is issued and the 领证凭证 printed."""
        require(actor, "vehicle.business")
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            case = session.execute(select(DriverCase).where(DriverCase.hall_code == actor.hall_code,
                                                            DriverCase.case_no == (case_no or "").strip().upper())
                                   .with_for_update()).scalar_one_or_none()
            if case is None:
                raise NotFoundError("case_unknown", f"没有受理编号为 {case_no} 的业务", f"No case with number {case_no}")
            if case.state != "examining":
                raise RefusedError("case_not_examining", "该业务不在考试中，不能发证",
                                   "This case is not waiting for exams: nothing to issue")
            detail = json.loads(case.detail or "{}")
            cls = detail.get("requested_class")
            person = session.get(Person, case.person_id)
            licence = session.execute(select(DrivingLicence).where(DrivingLicence.person_id == person.id)
                                      .with_for_update()).scalar_one_or_none()
            passed = exams_passed(session, person.id, cls)
            app = licensing.DriverApplication(business=case.business, requested_class=cls, by_agent=False,
                                              subject1_passed_on=passed.get("1"), exams_passed=frozenset(passed))
            outcome = licensing.check_driver_application(app, person.birth_date, licence_facts(session, licence),
                                                         today)
            outcome.raise_if_refused()
            self.complete_in(session, actor, case, now)
            contents = self._docs.issue_pickup_in(session, actor, case)
            audit.record(session, actor=actor, at=now, action="driver_licence_issued", record_type="driver_case",
                         record_id=case.case_no, detail=f"{case.business} {cls}")
            licence = session.get(DrivingLicence, case.licence_id)
            result = (case.id, case.state, case.classes, licence.valid_until if licence else None, case.business_name)
        return DriverCaseResult(result[0], case.case_no, result[1], result[4], result[2], result[3], Decimal("0"), None,
                                tuple(w.zh for w in outcome.warnings), tuple(self._docs.render(contents)),
                                tuple(w.en for w in outcome.warnings))

    def examining(self, actor: Actor, limit: int = 200) -> list[tuple[str, str, str, str, bool]]:
        """Exam applications waiting at the driver window: (case no, masked name, class, accepted on, ready)."""
        require(actor, "vehicle.view")
        with self._sessions() as session, session.begin():
            rows = session.execute(select(DriverCase, Person.name).join(Person, Person.id == DriverCase.person_id)
                                   .where(DriverCase.hall_code == actor.hall_code, DriverCase.state == "examining")
                                   .order_by(DriverCase.accepted_at).limit(limit)).all()
            out = []
            for case, name in rows:
                cls = json.loads(case.detail or "{}").get("requested_class") or ""
                ready = LICENCE_POLICY.subjects_for(cls) <= set(exams_passed(session, case.person_id, cls))
                out.append((case.case_no, masking.mask_name(name), cls, f"{case.day:%Y-%m-%d}", ready))
            out.sort(key=lambda r: (not r[4], r[3]))
            return out

    def terminate_in(self, session: Session, actor: Actor, case: DriverCase, now: datetime) -> None:
        case.state = "terminated"

    # -- reading -----------------------------------------------------------------------------------

    def today(self, actor: Actor) -> list[DriverCase]:
        require(actor, "vehicle.view")
        today = hall_date(self._clock())
        with self._sessions() as session, session.begin():
            rows = session.execute(select(DriverCase, Person.name).join(Person, Person.id == DriverCase.person_id)
                                   .where(DriverCase.hall_code == actor.hall_code, DriverCase.day == today)
                                   .order_by(DriverCase.id.desc())).all()
            return [_Row(c.id, c.case_no, c.accepted_at, c.business_name, c.classes, masking.mask_name(name),
                         c.state, c.fee_total, c.ticket_id) for c, name in rows]

    def reprint(self, actor: Actor, case_no: str) -> list[RenderedDocument]:
        require(actor, "vehicle.view")
        with self._sessions() as session, session.begin():
            case = session.execute(select(DriverCase).where(DriverCase.hall_code == actor.hall_code,
                                                            DriverCase.case_no == case_no.strip().upper())
                                   ).scalar_one_or_none()
            if case is None:
                raise NotFoundError("case_unknown", f"没有受理编号为 {case_no} 的业务",
                                    f"No case with number {case_no}")
            contents = self._docs.contents_for(session, case, "driver")
        return list(self._docs.render(contents))

    def mark_exams_used(self, session: Session, person_id: int, cls: str) -> None:
        session.execute(update(ExamResult).where(ExamResult.person_id == person_id, ExamResult.cls == cls,
                                                 ExamResult.passed.is_(True)).values(used=True))


@dataclass(frozen=True)
class _Row:
    id: int
    case_no: str
    accepted_at: datetime
    business_name: str
    classes: str
    applicant_masked: str
    state: str
    fee_total: Decimal
    ticket_id: int | None

"""容缺受理 follow-up: the commitments waiting for a material, supplied in time or terminated when
overdue (and the applicant barred from 容缺 for a while). Shared by the vehicle and driver windows:
each window registers a handler that completes or terminates its own kind of case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import deferral as deferral_rules
from desktop.domain import masking
from desktop.domain.errors import NotFoundError, RefusedError
from desktop.services import audit
from desktop.services.base import Actor, Clock, Service, hall_date, require, utc_now
from desktop.store.models import Company, Person
from desktop.store.vehicle_models import CaseMaterial, Deferral


class CaseHandler(Protocol):
    def case_in(self, session: Session, case_id: int): ...
    def complete_in(self, session: Session, actor: Actor, case, now: datetime) -> None: ...
    def terminate_in(self, session: Session, actor: Actor, case, now: datetime) -> None: ...


@dataclass(frozen=True)
class DeferralRow:
    id: int
    case_type: str
    case_no: str
    business_name: str
    applicant_masked: str
    missing: str
    accepted_on: date
    deadline: date
    state: str
    overdue: bool
    barred_until: date | None


class DeferralService(Service):
    def __init__(self, session_factory, handlers: dict[str, CaseHandler], clock: Clock = utc_now,
                 policy: deferral_rules.DeferralPolicy | None = None) -> None:
        super().__init__(session_factory, clock)
        self._handlers = dict(handlers)
        self.policy = policy or deferral_rules.DeferralPolicy()

    def list(self, actor: Actor, *, states: tuple[str, ...] = ("pending",), limit: int = 500) -> list[DeferralRow]:
        """容缺待补 (and, on request, supplied or terminated ones), the most urgent first."""
        require(actor, "deferral.manage")
        today = hall_date(self._clock())
        with self._sessions() as session, session.begin():
            rows = list(session.execute(select(Deferral).where(
                Deferral.hall_code == actor.hall_code, Deferral.state.in_(states)).order_by(
                Deferral.deadline, Deferral.id).limit(limit)).scalars())
            people = {p.id: p for p in session.execute(select(Person).where(
                Person.id.in_({r.person_id for r in rows if r.person_id}))).scalars()}
            firms = {c.id: c for c in session.execute(select(Company).where(
                Company.id.in_({r.company_id for r in rows if r.company_id}))).scalars()}
            out = []
            for r in rows:
                p, c = people.get(r.person_id), firms.get(r.company_id)
                who = masking.mask_name(p.name) if p else (c.name if c else "")
                out.append(DeferralRow(r.id, r.case_type, r.case_no, r.business_name, who, r.missing, r.accepted_on,
                                       r.deadline, r.state,
                                       r.state == "pending" and deferral_rules.is_overdue(r.deadline, today),
                                       r.barred_until))
            return out

    def _find(self, session: Session, actor: Actor, case_no: str) -> Deferral:
        row = session.execute(select(Deferral).where(Deferral.hall_code == actor.hall_code,
                                                     Deferral.case_no == (case_no or "").strip().upper())
                              .with_for_update()).scalar_one_or_none()
        if row is None:
            raise NotFoundError("deferral_unknown", f"受理编号 {case_no} 没有容缺承诺",
                                f"Case {case_no} has no 容缺 commitment")
        return row

    def supply(self, actor: Actor, case_no: str) -> DeferralRow:
        """补齐: the missing materials are handed in; the case completes and takes effect."""
        require(actor, "deferral.manage")
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            row = self._find(session, actor, case_no)
            if row.state != "pending":
                raise RefusedError("deferral_closed", f"该容缺承诺已{'补齐' if row.state == 'supplied' else '终止'}，不能再补交",
                                   f"This commitment is already {row.state}")
            if deferral_rules.is_overdue(row.deadline, today):
                raise RefusedError("deferral_overdue",
                                   f"已超过补交期限（{row.deadline:%Y年%m月%d日}），该业务已终止，请重新申请",
                                   f"The deadline ({row.deadline}) has passed: the case is terminated; apply again")
            handler = self._handlers[row.case_type]
            case = handler.case_in(session, row.case_id)
            for m in session.execute(select(CaseMaterial).where(
                    CaseMaterial.case_type == row.case_type, CaseMaterial.case_id == row.case_id,
                    CaseMaterial.status == "deferred")).scalars():
                m.status, m.supplied_at = "supplied", now
            handler.complete_in(session, actor, case, now)
            row.state, row.closed_at = "supplied", now
            audit.record(session, actor=actor, at=now, action="deferral_supplied", record_type="deferral",
                         record_id=row.case_no, detail=row.missing)
            return self._row(row, today)

    def terminate_overdue(self, actor: Actor) -> list[str]:
        """容缺终止: every pending commitment past its deadline; the applicant is barred from 容缺 for
        the policy's period. Run at start-up, on the panel's refresh and by `counterdesk deferrals`."""
        require(actor, "deferral.manage")
        now = self._clock()
        today = hall_date(now)
        done = []
        with self._sessions() as session, session.begin():
            rows = list(session.execute(select(Deferral).where(
                Deferral.hall_code == actor.hall_code, Deferral.state == "pending",
                Deferral.deadline < today).with_for_update()).scalars())
            for row in rows:
                if not deferral_rules.is_overdue(row.deadline, today):
                    continue
                handler = self._handlers[row.case_type]
                handler.terminate_in(session, actor, handler.case_in(session, row.case_id), now)
                row.state, row.closed_at = "terminated", now
                row.barred_until = deferral_rules.bar_until(today, self.policy)
                audit.record(session, actor=actor, at=now, action="deferral_terminated", record_type="deferral",
                             record_id=row.case_no, detail=f"{row.missing}; 限制至 {row.barred_until}")
                done.append(row.case_no)
        return done

    def _row(self, r: Deferral, today: date) -> DeferralRow:
        return DeferralRow(r.id, r.case_type, r.case_no, r.business_name, "", r.missing, r.accepted_on, r.deadline,
                           r.state, r.state == "pending" and deferral_rules.is_overdue(r.deadline, today),
                           r.barred_until)

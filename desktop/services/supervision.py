"""What a supervisor (科长) does to the queue from the hall monitor: cancel and reassign tickets.
Mixed into CallingService, so the UI and the CLI call them in the same place."""

from __future__ import annotations

from sqlalchemy import select

from desktop.domain.errors import RefusedError, ValidationError
from desktop.services import audit
from desktop.services.base import Actor, hall_date, require
from desktop.services.queue_views import TicketView, ticket_view
from desktop.store.queue_models import Ticket, TicketCategory


class SupervisionMixin:
    def cancel(self, actor: Actor, label: str, reason: str) -> TicketView:
        """作废号票 (supervisor): a waiting or held ticket is cancelled, with a reason."""
        require(actor, "queue.supervise")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "reason_required", "请填写作废原因", "Give the reason for cancelling")
        now = self._clock()
        with self._sessions() as session, session.begin():
            ticket = session.execute(select(Ticket).where(
                Ticket.hall_code == actor.hall_code, Ticket.day == hall_date(now),
                Ticket.label == (label or "").strip().upper()).with_for_update()).scalar_one_or_none()
            if ticket is None or ticket.state not in ("waiting", "held"):
                raise RefusedError("ticket_not_waiting", f"号票 {label} 不在等候中，不能作废",
                                   f"Ticket {label} is not waiting and cannot be cancelled")
            ticket.state, ticket.outcome, ticket.finished_at, ticket.note = "cancelled", "cancelled", now, reason[:200]
            audit.record(session, actor=actor, at=now, action="ticket_cancelled", record_type="ticket",
                         record_id=ticket.id, detail=f"{ticket.label} {reason}")
            return ticket_view(ticket)

    def reassign(self, actor: Actor, label: str, *, to_category: str | None = None,
                 to_counter: int | None = None, note: str = "") -> TicketView:
        """改派 (supervisor): move a waiting ticket to another category or counter."""
        require(actor, "queue.supervise")
        now = self._clock()
        with self._sessions() as session, session.begin():
            ticket = session.execute(select(Ticket).where(
                Ticket.hall_code == actor.hall_code, Ticket.day == hall_date(now),
                Ticket.label == (label or "").strip().upper()).with_for_update()).scalar_one_or_none()
            if ticket is None or ticket.state != "waiting":
                raise RefusedError("ticket_not_waiting", f"号票 {label} 不在等候中", f"Ticket {label} is not waiting")
            if to_category:
                code = to_category.strip().upper()
                if session.get(TicketCategory, (actor.hall_code, code)) is None:
                    raise ValidationError("category", "category_unknown", f"没有业务类别 {code}",
                                          f"There is no ticket category {code}")
                ticket.category = code
            if to_counter:
                ticket.target_counter = int(to_counter)
            ticket.note = (note or "").strip()[:200]
            audit.record(session, actor=actor, at=now, action="ticket_reassigned", record_type="ticket",
                         record_id=ticket.id, detail=f"{ticket.label} → {ticket.category} {to_counter or ''}")
            return ticket_view(ticket)

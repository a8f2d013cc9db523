"""The clerk's queue panel view of one counter (read only; refreshed every few seconds).
Mixed into CallingService beside the counter actions."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.domain.errors import NotFoundError
from desktop.services.base import Actor, hall_date
from desktop.services.queue_views import CounterPanel, ticket_view
from desktop.store.models import Counter
from desktop.store.queue_models import CounterState, Ticket


class CounterPanelMixin:
    def panel(self, actor: Actor, counter: int | None = None) -> CounterPanel:
        """The queue panel's view of this counter (read only; refreshed every few seconds)."""
        now = self._clock()
        today = hall_date(now)
        with self._sessions() as session, session.begin():
            desk = session.execute(select(Counter).where(
                Counter.hall_code == actor.hall_code,
                Counter.number == (counter if counter is not None else actor.counter))).scalar_one_or_none()
            if desk is None:
                raise NotFoundError("counter_unknown", f"没有{counter or actor.counter}号窗口",
                                    f"Counter {counter or actor.counter} does not exist")
            state = session.execute(select(CounterState).where(
                CounterState.hall_code == actor.hall_code, CounterState.counter_number == desk.number)
            ).scalar_one_or_none()
            current = session.get(Ticket, state.ticket_id) if state and state.ticket_id else None
            cats = desk.category_list
            waiting = session.execute(select(Ticket).where(
                Ticket.hall_code == actor.hall_code, Ticket.day == today, Ticket.state == "waiting",
                Ticket.category.in_(cats)).order_by(Ticket.sort_at, Ticket.id)).scalars().all()
            waiting = [t for t in waiting if t.target_counter in (None, desk.number)]
            held = session.execute(select(Ticket).where(
                Ticket.hall_code == actor.hall_code, Ticket.state == "held",
                Ticket.counter_number == desk.number)).scalars().all()
            outcomes = dict(session.execute(select(Ticket.outcome, func.count(Ticket.id)).where(
                Ticket.hall_code == actor.hall_code, Ticket.day == today, Ticket.counter_number == desk.number)
                .group_by(Ticket.outcome)).all())
            by_cat: dict[str, int] = {c: 0 for c in cats}
            for t in waiting:
                by_cat[t.category] = by_cat.get(t.category, 0) + 1
            return CounterPanel(desk.number, cats, state.state if state else "closed",
                                state.pause_reason if state else "", ticket_view(current) if current else None,
                                [ticket_view(t) for t in waiting], [ticket_view(t) for t in held],
                                outcomes.get("served", 0), outcomes.get("no_show", 0), by_cat)

"""Calling policy (叫号策略): which waiting ticket a counter calls next.

`choose_next` is a pure function the queue service calls inside its call-next transaction, with
the hall's waiting tickets, the calling counter's profile, the time and the counter's stored
priority streak. It returns the ticket, why it was chosen (shown to the clerk and audited) and the
streak to store back. The order, among the tickets this counter may call:

0. **transferred** — a ticket transferred to this counter (target_counter) goes first: a clerk
   sent the person here by name, after they already queued once. Only that counter may call it,
   whatever its category (the transfer is an explicit human decision; a category filter would
   strand the person).
1. **appointment** — checked-in appointments that are due (from `appointment_early_minutes`
   before the booked time), earliest booked time first. A booked time is a promise; the office
   plans appointment capacity, so honouring it is the point of booking (Qmatic, Novo SGA, TheQ:
   check-in puts the citizen at the top). An appointment not yet due competes as an ordinary
   ticket by its arrival, so an early arrival is never worse off than a walk-in. How late a
   check-in may still count as an appointment is decided at check-in, not here.
2. **sla_breach** — any ticket waiting longer than its category's service-level target
   (now − issued_at > sla_minutes[category]), the one furthest over first. This is the
   escalation rule of Qmatic work profiles ("wait in X > 60 min → call X") and the backstop that
   bounds every other preference: counter weights, the green channel, a stream of priority
   tickets. It uses the real issue time, so a transfer "to the front" does not reset it.
3. **priority / normal interleave** — green-channel tickets (绿色通道: 60+, disability,
   military) go before normal ones, but while a normal ticket waits at most `priority_ratio`
   priority tickets are called in a row, then one normal ticket.
4. **normal** — otherwise first come first served by sort_at.

Within a level the counter's category weights decide first (higher = preferred: a counter set up
for D enquiries takes D first), then sort_at, then id, so the result is fully deterministic and
does not depend on the order of `waiting`.

The starvation fix. Strict priority ordering (Novo SGA's priority weight, TheQ's High/Default)
lets a steady trickle of green-channel tickets hold a normal ticket indefinitely: the interleave
asked for in Novo SGA #222 and #335 (declined there) and the fairness complaints #279, #281, #299,
#431. Here the counter keeps `priority_streak`: the number of priority tickets it has called in a
row *while a normal ticket it could call was waiting*. When the streak reaches `priority_ratio`
the next call is the first normal ticket in line, which resets the streak. A priority call made
while no normal ticket waits does not count (it delays nobody), so no waiting normal ticket ever
sees more than `priority_ratio` green-channel calls in a row. Calls made by rules 0–2 update the
streak by the same rule (a priority ticket extends it, a normal one resets it): a run can grow
past the ratio only by a transfer, a due appointment or a service-level breach — and rule 2 then
puts whoever is furthest past the target first, green channel or not.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import itemgetter
from types import MappingProxyType

from desktop.domain.errors import NotFoundError, ValidationError

REASONS = ("transferred", "appointment", "sla_breach", "priority", "normal")


@dataclass(frozen=True)
class WaitingTicket:
    """A ticket in the waiting state, as the policy sees it."""

    id: int
    category: str  # "A".."D"
    sort_at: datetime  # arrival time for FCFS (a transfer "to the front" gives an earlier sort_at)
    issued_at: datetime  # real issue time, for the service-level target
    priority: bool  # green channel (60+, disability, military)
    appointment_at: datetime | None = None  # checked-in appointment time
    target_counter: int | None = None  # transferred to one counter: only that counter may call it


@dataclass(frozen=True)
class CounterProfile:
    """A counter (窗口) and the categories it serves, with optional preferences."""

    number: int
    categories: tuple[str, ...]
    weights: Mapping[str, int] = field(default_factory=dict)  # per category, higher = preferred; default 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))

    def weight(self, category: str) -> int:
        return self.weights.get(category, 1)

    def may_call(self, ticket: WaitingTicket) -> bool:
        """Its own transfers, whatever the category; otherwise untargeted tickets of its categories."""
        if ticket.target_counter is not None:
            return ticket.target_counter == self.number
        return ticket.category in self.categories


@dataclass(frozen=True)
class PolicySettings:
    """The hall's calling policy: green-channel ratio, appointment window, service-level targets."""

    priority_ratio: int = 2  # at most this many priority calls in a row while a normal ticket waits
    appointment_early_minutes: int = 15  # an appointment is due from this many minutes before its time
    sla_minutes: Mapping[str, int] = field(default_factory=dict)  # per category; absent = no target

    def __post_init__(self) -> None:
        if not isinstance(self.priority_ratio, int) or self.priority_ratio < 1:
            raise ValidationError("priority_ratio", "priority_ratio_invalid",
                                  "优先号连续叫号数须为不小于1的整数",
                                  "The priority ratio must be a whole number of at least 1")
        if not isinstance(self.appointment_early_minutes, int) or self.appointment_early_minutes < 0:
            raise ValidationError("appointment_early_minutes", "appointment_early_invalid",
                                  "预约提前叫号时间须为不小于0的整数分钟",
                                  "The appointment lead time must be a whole number of minutes, 0 or more")
        for category, minutes in self.sla_minutes.items():
            if not isinstance(minutes, int) or minutes < 1:
                raise ValidationError("sla_minutes", "sla_invalid",
                                      f"{category}类服务目标时长须为正整数分钟",
                                      f"The service-level target of {category} must be a positive number of minutes")
        object.__setattr__(self, "sla_minutes", MappingProxyType(dict(self.sla_minutes)))
        # choose_next runs many times a call (and the estimator plays it forward): the spans once here.
        object.__setattr__(self, "_appointment_lead", timedelta(minutes=self.appointment_early_minutes))
        object.__setattr__(self, "_sla_spans", tuple((category, timedelta(minutes=minutes))
                                                     for category, minutes in self.sla_minutes.items()))


@dataclass(frozen=True)
class Choice:
    """The ticket to call, why, and the priority streak the counter stores for its next call."""

    ticket: WaitingTicket
    reason: str  # one of REASONS
    priority_streak: int


def _check_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValidationError("now", "naive_datetime", "时间缺少时区", "The time has no time zone")


def choose_next(waiting: Sequence[WaitingTicket], counter: CounterProfile, now: datetime,
                settings: PolicySettings, priority_streak: int) -> Choice | None:
    """The next ticket this counter calls, or None when it may call none of the waiting tickets.

    One pass over the waiting tickets (the estimator plays this forward many times per ticket
    issued, so it is kept linear and free of per-ticket allocations)."""
    _check_aware(now)
    weights = counter.weights
    number, categories = counter.number, counter.categories
    due_from = now + settings._appointment_lead
    # excess over the target > 0  ⟺  issued_at < now − target: compare with a limit per category.
    limits = {cat: now - span for cat, span in settings._sla_spans}
    special: dict[str, tuple] = {}  # transferred / appointment / sla_breach: rare, kept by _keep
    best_priority = best_normal = None  # the common rules, compared inline: this loop is the hot path
    normal_count = 0
    for t in waiting:
        target, cat = t.target_counter, t.category
        if target is not None:
            if target != number:
                continue
        elif cat not in categories:
            continue
        key = (-weights.get(cat, 1) if weights else -1, t.sort_at, t.id)
        if t.priority:
            if best_priority is None or key < best_priority[0]:
                best_priority = (key, t)
        else:
            normal_count += 1
            if best_normal is None or key < best_normal[0]:
                best_normal = (key, t)
        if target is not None:
            _keep(special, "transferred", key, t)
        if t.appointment_at is not None and t.appointment_at <= due_from:
            _keep(special, "appointment", (t.appointment_at, *key), t)
        if limits:
            limit = limits.get(cat)
            if limit is not None and t.issued_at < limit:
                _keep(special, "sla_breach", (t.issued_at - limit, *key), t)
    if best_priority is None and best_normal is None:
        return None
    for reason in ("transferred", "appointment", "sla_breach"):
        if reason in special:
            chosen = special[reason][-1]
            break
    else:
        if best_priority is not None and (best_normal is None or max(priority_streak, 0) < settings.priority_ratio):
            reason, chosen = "priority", best_priority[1]
        else:
            reason, chosen = "normal", best_normal[1]
    if chosen.priority:
        streak = max(priority_streak, 0) + 1 if normal_count > 0 else 0
    else:
        streak = 0
    return Choice(chosen, reason, streak)


def ranking(waiting: Sequence[WaitingTicket], counter: CounterProfile, now: datetime, settings: PolicySettings,
            priority_streak: int) -> Iterator[Choice]:
    """choose_next again and again, each time without the tickets chosen before (with the same
    streak: the choices a counter offers at once, for the first one still free to be claimed) — the
    same Choices, one sort per rule instead of a pass over the queue per choice."""
    _check_aware(now)
    weights = counter.weights
    due_from = now + settings._appointment_lead
    limits = {cat: now - span for cat, span in settings._sla_spans}
    transferred, appointment, breach, priority, normal = [], [], [], [], []
    for t in filter(counter.may_call, waiting):  # (choose_next's loop inlines this: it runs far more often)
        target, cat = t.target_counter, t.category
        key = (-weights.get(cat, 1) if weights else -1, t.sort_at, t.id)  # as choose_next orders a rule
        (priority if t.priority else normal).append((key, t))
        if target is not None:
            transferred.append((key, t))
        if t.appointment_at is not None and t.appointment_at <= due_from:
            appointment.append(((t.appointment_at, *key), t))
        limit = limits.get(cat)
        if limit is not None and t.issued_at < limit:
            breach.append(((t.issued_at - limit, *key), t))
    lines = [sorted(line, key=itemgetter(0)) for line in (transferred, appointment, breach, priority, normal)]
    heads = [0] * 5  # each line's first ticket not chosen yet
    gone: set[int] = set()
    normal_left = len(normal)
    prefer_priority = max(priority_streak, 0) < settings.priority_ratio
    while True:
        for i, line in enumerate(lines):
            while heads[i] < len(line) and line[heads[i]][1].id in gone:
                heads[i] += 1
        head = [line[h][1] if h < len(line) else None for line, h in zip(lines, heads)]
        if head[3] is None and head[4] is None:
            return
        for reason, chosen in zip(("transferred", "appointment", "sla_breach"), head):
            if chosen is not None:
                break
        else:
            if head[3] is not None and (head[4] is None or prefer_priority):
                reason, chosen = "priority", head[3]
            else:
                reason, chosen = "normal", head[4]
        streak = (max(priority_streak, 0) + 1 if normal_left > 0 else 0) if chosen.priority else 0
        yield Choice(chosen, reason, streak)
        gone.add(chosen.id)
        if not chosen.priority:
            normal_left -= 1


def _keep(best: dict[str, tuple], rule: str, key: tuple, ticket: WaitingTicket) -> None:
    current = best.get(rule)
    if current is None or key < current[0]:
        best[rule] = (key, ticket)


def position_in_queue(waiting: Sequence[WaitingTicket], ticket_id: int, *,
                      settings: PolicySettings | None = None) -> int:
    """前面还有N人: how many people are ahead of this ticket, for the slip and the estimate.

    Approximate by design — counted as if one counter served only this category, from a zero
    priority streak, ignoring service-level breaches and counter weights (which depend on the
    moment of each call, not on the moment of issue):

    - a ticket transferred to a counter is ahead of everyone else of its category (its counter
      calls it first); a transferred ticket counts only earlier transfers to the same counter;
    - a checked-in appointment is ahead of every walk-in of its category, since it goes first
      once due and is usually due within minutes; an appointment counts the transfers and the
      appointments booked before it;
    - a normal walk-in with k normal walk-ins before it (by sort_at, id) has those k ahead plus
      the priority tickets the 2:1 interleave lets in first: min(waiting priority, ratio × (k+1));
    - a priority walk-in with j priority walk-ins before it has those j plus the normal walk-ins
      the interleave lets in between them: min(waiting normal, j // ratio).

    Raises NotFoundError when the ticket is not in `waiting`.
    """
    settings = settings or PolicySettings()
    ratio = settings.priority_ratio
    me = next((t for t in waiting if t.id == ticket_id), None)
    if me is None:
        raise NotFoundError("ticket_not_waiting", "这张号票不在等候中", "This ticket is not waiting")
    others = [t for t in waiting if t.id != me.id]

    def before(t: WaitingTicket) -> bool:
        return (t.sort_at, t.id) < (me.sort_at, me.id)

    if me.target_counter is not None:
        return sum(1 for t in others if t.target_counter == me.target_counter and before(t))
    same = [t for t in others if t.category == me.category]
    transferred = sum(1 for t in same if t.target_counter is not None)
    line = [t for t in same if t.target_counter is None]
    booked = [t for t in line if t.appointment_at is not None]
    if me.appointment_at is not None:
        key = (me.appointment_at, me.sort_at, me.id)
        return transferred + sum(1 for t in booked if (t.appointment_at, t.sort_at, t.id) < key)
    walk_in = [t for t in line if t.appointment_at is None]
    priority = [t for t in walk_in if t.priority]
    normal = [t for t in walk_in if not t.priority]
    if me.priority:
        j = sum(1 for t in priority if before(t))
        return transferred + len(booked) + j + min(len(normal), j // ratio)
    k = sum(1 for t in normal if before(t))
    return transferred + len(booked) + k + min(len(priority), ratio * (k + 1))

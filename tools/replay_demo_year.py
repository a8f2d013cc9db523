"""Replay the demo year in a database against the wait estimator.

For a sample of the year's tickets, rebuild what the hall knew at the moment each ticket was
issued (who was waiting, which counters were busy with what, the services finished before), ask
the estimator, and compare with the wait that really followed (first call − issue). Prints the
median and 90th-percentile absolute error per category.

    python tools/replay_demo_year.py --db sqlite:///demo.sqlite3 [--sample 3000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from desktop.domain.queueing import CounterProfile, PolicySettings, WaitingTicket  # noqa: E402
from desktop.domain.wait_estimate import CounterNow, ServiceSample, estimate_wait  # noqa: E402
from desktop.store.engine import make_engine, make_session_factory  # noqa: E402
from desktop.store.models import Counter  # noqa: E402
from desktop.store.queue_models import Ticket, TicketCategory  # noqa: E402


def replay(db: str, sample: int, seed: int) -> dict[str, list[float]]:
    factory = make_session_factory(make_engine(db))
    errors: dict[str, list[float]] = defaultdict(list)
    with factory() as session:
        counters = [(c.number, tuple(c.category_list)) for c in session.execute(select(Counter)).scalars()]
        cats = session.execute(select(TicketCategory)).scalars().all()
        defaults = {c.code: c.default_service_minutes for c in cats}
        settings = PolicySettings(sla_minutes={c.code: c.sla_minutes for c in cats})
        days = sorted(session.execute(select(Ticket.day).distinct()).scalars())
        rng = random.Random(seed)
        per_day = max(1, sample // max(1, len(days)))
        for day in days:
            tickets = session.execute(select(Ticket).where(Ticket.day == day)).scalars().all()
            called = [t for t in tickets if t.first_called_at is not None]
            for t in rng.sample(called, min(per_day, len(called))):
                now = t.issued_at
                waiting = [WaitingTicket(w.id, w.category, w.sort_at, w.issued_at, w.priority)
                           for w in tickets if w.issued_at <= now
                           and (w.first_called_at is None or w.first_called_at > now or w.id == t.id)]
                busy = {w.counter_number: w for w in tickets if w.first_called_at is not None
                        and w.first_called_at <= now and (w.finished_at or now) > now}
                counter_states = [CounterNow(CounterProfile(n, c), busy[n].category if n in busy else None,
                                             busy[n].first_called_at if n in busy else None)
                                  for n, c in counters]
                recent = [ServiceSample(w.category, w.started_at, w.finished_at, w.counter_number)
                          for w in tickets if w.started_at and w.finished_at and w.finished_at <= now]
                green = defaultdict(float)
                for w in tickets:
                    if w.priority and now - timedelta(hours=1) <= w.issued_at < now:
                        green[w.category] += 1
                me = next(w for w in waiting if w.id == t.id)
                estimate = estimate_wait(ticket=me, waiting=waiting, counters=counter_states, now=now,
                                         recent=recent, defaults_minutes=defaults, settings=settings,
                                         priority_per_hour=green)
                if estimate is None:
                    continue
                real = (t.first_called_at - t.issued_at).total_seconds() / 60
                errors[t.category].append(abs(estimate.total_seconds() / 60 - real))
            session.expunge_all()
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    errors = replay(args.db, args.sample, args.seed)
    print("category  n      median |error| (min)  p90 |error| (min)")
    for cat in sorted(errors):
        values = sorted(errors[cat])
        p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
        print(f"{cat:8}  {len(values):5}  {statistics.median(values):22.1f}  {p90:17.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The demo's quick time-to-text conversion (services/demo_bulk._utc_text) writes what the store's
own UTCDateTime column would for the same value: in the hall's zone across its summer times of
1986–1991 and its steady +08:00 since, in UTC and in fixed offsets; a naive time is refused."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from desktop.services.base import HALL_ZONE
from desktop.services.demo_bulk import _STEADY_FROM, _utc_text, bare_dialect
from desktop.store.queue_models import Ticket


def _reference():
    return Ticket.__table__.c.issued_at.type._cached_bind_processor(bare_dialect("sqlite"))


def test_every_zone_and_era_gives_the_columns_own_text():
    reference, rng = _reference(), random.Random(4)
    zones = (HALL_ZONE, timezone.utc, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30)))
    start = datetime(1900, 1, 1)
    values = [(start + timedelta(seconds=rng.uniform(0, 200 * 365.25 * 86400))).replace(
        microsecond=rng.choice((0, rng.randrange(1_000_000))), tzinfo=rng.choice(zones)) for _ in range(20_000)]
    # around 1986–1991's summer times in the hall's zone, and the steady span's first instant
    values += [datetime(y, m, d, h, tzinfo=HALL_ZONE, fold=f) for y in range(1985, 1993) for m in (4, 5, 9, 10)
               for d in (1, 10, 14, 15, 16) for h in (0, 1, 2, 3, 23) for f in (0, 1)]
    values += [_STEADY_FROM, _STEADY_FROM - timedelta(microseconds=1), None]
    assert all(_utc_text(v) == reference(v) for v in values)
    assert _STEADY_FROM == datetime(1992, 1, 1, tzinfo=HALL_ZONE)  # the quick way is on for the hall's zone


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="naive"):
        _utc_text(datetime(2026, 11, 26, 9, 30))

"""The campaign's count (issue 9: at least 1,000 generated bad inputs over the imports and the service
entry points). Runs last (file order); when only part of tests/property ran, it says so and skips."""

from __future__ import annotations

import pytest

from tests.property import support


def test_at_least_1000_bad_inputs_over_every_entry_point():
    missing = [e for e in support.ENTRY_POINTS if not support.COUNTS[e]]
    if missing:
        pytest.skip(f"run the whole tests/property directory: no examples ran for {', '.join(missing)}")
    total = sum(support.COUNTS.values())
    print(f"bad-input campaign: {total} generated inputs over {len(support.ENTRY_POINTS)} entry points")
    assert total >= support.MIN_TOTAL, dict(support.COUNTS)

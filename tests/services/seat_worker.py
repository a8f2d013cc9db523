"""One PC in the exam-seat race: book each of its candidates into the first session with a seat;
print which candidates got seats and how many were refused as full."""

from __future__ import annotations

import json
import sys
from datetime import datetime

from desktop.context import open_app
from desktop.domain.errors import RefusedError


def race(url: str, at: str, candidates: list[int], sessions: list[int]) -> dict:
    moment = datetime.fromisoformat(at)
    ctx = open_app(url, clock=lambda: moment)
    try:
        clerk = ctx.services.auth.login("racer", "racepass1")
        got, full = [], 0
        for cand in candidates:
            for session_id in sessions:
                try:
                    ctx.services.exam_bookings.book(clerk, cand, session_id)
                    got.append(cand)
                    break
                except RefusedError as exc:
                    assert exc.code == "session_full", exc.code
                    full += 1
        return {"got": got, "full": full}
    finally:
        ctx.dispose()


if __name__ == "__main__":
    print(json.dumps(race(sys.argv[1], sys.argv[2], [int(c) for c in sys.argv[3].split(",")],
                          [int(s) for s in sys.argv[4].split(",")])))

"""One counter PC in the drain test: call and finish until nothing waits; print what it claimed."""

from __future__ import annotations

import json
import sys
from datetime import datetime

from desktop.context import open_app


def drain(url: str, counter: int, at: str) -> list[int]:
    moment = datetime.fromisoformat(at)
    ctx = open_app(url, clock=lambda: moment)
    try:
        clerk = ctx.services.auth.login("drainer", "drainpass1", counter=counter)
        claimed = []
        while True:
            ticket = ctx.services.calling.call_next(clerk, counter)
            if ticket is None:
                return claimed
            claimed.append(ticket.id)
            ctx.services.calling.finish(clerk, counter)
    finally:
        ctx.dispose()


if __name__ == "__main__":
    print(json.dumps(drain(sys.argv[1], int(sys.argv[2]), sys.argv[3])))

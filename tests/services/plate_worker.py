"""One counter PC in the plate race: draw twice (50选1, held), then try to register a car on each of
the shared self-composed numbers; print what it held and what it got."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime

from desktop.context import open_app
from desktop.domain.errors import RefusedError
from desktop.domain.identifiers import make_resident_id, make_vin
from desktop.services.plates import PlateChoice
from desktop.services.vehicle_cases import CaseRequest, NewVehicleInput, PartyInput


def race(url: str, worker: int, at: str, numbers: list[str]) -> dict:
    moment = datetime.fromisoformat(at)
    ctx = open_app(url, clock=lambda: moment)
    try:
        clerk = ctx.services.auth.login("racer", "racepass1")
        held = [n for _ in range(2) for n in ctx.services.plates.draw(clerk).numbers]
        got, refused = [], 0
        for i, number in enumerate(numbers):
            owner = make_resident_id("152921", date(1970 + worker, 1, 1 + i % 28), i)
            try:
                ctx.services.vehicle_cases.submit(clerk, CaseRequest(
                    "register", new_vehicle=NewVehicleInput(make_vin(f"LRACE{worker:03d}{i:08d}")),
                    owner=PartyInput(owner, "测试"), plate=PlateChoice("self", number)))
                got.append(number)
            except RefusedError as exc:
                assert exc.code == "plate_taken", exc.code
                refused += 1
        return {"held": held, "got": got, "refused": refused}
    finally:
        ctx.dispose()


if __name__ == "__main__":
    print(json.dumps(race(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4].split(","))))

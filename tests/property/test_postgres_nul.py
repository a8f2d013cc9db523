"""NUL bytes on the hall server (PostgreSQL): SQLite stores "\\x00" in text, PostgreSQL refuses it
("PostgreSQL text fields cannot contain NUL (0x00) bytes", psycopg.DataError). So a NUL in an import
cell or a typed field that SQLite takes crashes the same call on the server. One hall on the
throwaway PostgreSQL cluster of tests/conftest.py; a handful of calls (the hypothesis loops run on
SQLite). Fixed: an import cell with a control character is its row's error naming the column
(imports.Columns.picker → domain.text.check_text); typed text is checked field by field where the
services take it, and desktop/store/guards.py refuses any NUL still on its way to the driver, on
both stores alike."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.context import open_app, open_store
from desktop.domain.errors import CounterDeskError
from desktop.domain.identifiers import make_resident_id, make_vin
from desktop.services.case_records import PartyInput
from desktop.services.plates import PlateChoice
from desktop.services.setup import initialise
from desktop.services.vehicle_cases import CaseRequest, NewVehicleInput
from tests.conftest import ADMIN_PASSWORD, FAST_HASHER, HALL, FakeClock
from tests.property import support
from tests.property.conftest import CampaignHall
from tests.property.support import short_traceback

pytestmark = [pytest.mark.postgres, support.QUIET]

OWNER = make_resident_id("152921", date(1975, 5, 6), 21)
HEADER = "hphm,clsbdh,cllx,syxz,sfzmhm,syr,ccdjrq\n"


@pytest.fixture(scope="module")
def pg(pg_databases):
    url = pg_databases.create()
    clock = FakeClock()
    _, engine, factory = open_store(url)
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password=ADMIN_PASSWORD, clock=clock, hasher=FAST_HASHER)
    engine.dispose()
    ctx = open_app(url, clock=clock, hasher=FAST_HASHER)
    hall = CampaignHall(url, ctx, clock, ctx.services.auth.login("admin", ADMIN_PASSWORD))
    ctx.services.auth.create_staff(hall.admin, "clerk", "clerk", "clerkpass1")
    hall.clerk = ctx.services.auth.login("clerk", "clerkpass1")
    hall.watch = support.Watch(ctx)
    yield hall
    ctx.dispose()
    pg_databases.drop(url)


def refused_cleanly(hall, call, *args):
    before = hall.watch.snapshot()
    with pytest.raises(CounterDeskError) as exc, short_traceback():
        call(*args)
    support.assert_clear(exc.value)
    assert hall.watch.snapshot().counts == before.counts


def test_bad_rows_are_reported_on_postgresql_too(pg, tmp_path):
    path = tmp_path / "v.csv"
    path.write_bytes((HEADER + f"蒙M12345,LSVAM4187C0000001,K33,A,{OWNER},张三明,2019-05-10\n").encode("utf-8"))
    before = pg.watch.snapshot()
    report = pg.services.vehicle_import.import_file(pg.admin, path)
    support.check_report("postgres", report, [2])
    support.imported_nothing(pg.watch, "postgres", before)


def test_a_nul_in_an_import_cell(pg, tmp_path):
    """A good row but for a NUL in the owner's name: the whole import crashes today."""
    path = tmp_path / "nul.csv"
    path.write_bytes((HEADER + f"蒙M12345,{make_vin('LSVAM4187C000002')},K33,A,{OWNER},张\x00三,2019-05-10\n")
                     .encode("utf-8"))
    before = pg.watch.snapshot()
    with short_traceback():
        report = pg.services.vehicle_import.import_file(pg.admin, path)
    assert report.imported == 0 and [(e.row, e.field) for e in report.errors] == [(2, "owner_name")]
    support.imported_nothing(pg.watch, "postgres", before)


def test_a_nul_in_a_vehicle_case(pg):
    request = CaseRequest("register", new_vehicle=NewVehicleInput(make_vin("LSVAM4187C000003"), brand="大\x00众"),
                          owner=PartyInput(OWNER, "张三明"), plate=PlateChoice("self", "蒙M3A7K9"))
    refused_cleanly(pg, pg.services.vehicle_cases.submit, pg.clerk, request)


@pytest.mark.parametrize("call", ["take", "tally", "site"])
def test_a_nul_in_a_looked_up_or_stored_code(pg, call):
    s = pg.services
    if call == "take":
        refused_cleanly(pg, s.tickets.take, "15\x002900", "A")
    elif call == "tally":
        refused_cleanly(pg, s.tallies.month, pg.admin, 2026, 11, "1529\x0000")
    else:
        refused_cleanly(pg, s.exam_plans.save_site, pg.admin, "KC01", "考\x00场", ["1"], ["C1"])

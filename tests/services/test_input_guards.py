"""What no service call may let through to the database, on SQLite and PostgreSQL alike: a NUL or
other control character in text (PostgreSQL cannot store NUL; SQLite would), a whole number beyond
64 bits; and what a writer sees when another process holds SQLite's write lock past the wait (a
long import): a DatabaseBusy it can show, not a raw OperationalError."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.context import open_app, open_store
from desktop.domain.errors import CounterDeskError, DatabaseBusy, ValidationError
from desktop.domain.identifiers import make_resident_id, make_vin
from desktop.services.case_records import PartyInput
from desktop.services.plates import PlateChoice
from desktop.services.setup import initialise
from desktop.services.vehicle_cases import CaseRequest, NewVehicleInput
from desktop.store import engine as engine_module
from desktop.store.models import AuditEntry, Person
from desktop.store.vehicle_models import Vehicle
from tests.conftest import ADMIN_PASSWORD, FAST_HASHER, HALL, FakeClock

OWNER = make_resident_id("152921", date(1975, 5, 6), 21)


def _count(hall, model) -> int:
    with hall.ctx.session_factory() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_control_character_in_a_typed_field_names_the_field(hall):
    for bad in ("北京路\x00一号", "北京路\x07一号"):
        with pytest.raises(ValidationError) as exc:
            hall.services.persons.register(hall.admin, OWNER, "张三明", address=bad)
        assert exc.value.field == "address" and exc.value.code == "control_character"
        assert "控制字符" in exc.value.message_zh and "control character" in exc.value.message_en
    assert _count(hall, Person) == 0
    # A search stores nothing: the stray character is dropped, not refused.
    hall.services.persons.register(hall.admin, OWNER, "张三明")
    assert [p.id for p in hall.services.persons.find(hall.admin, "张\x00三明")] == \
        [p.id for p in hall.services.persons.find(hall.admin, "张三明")]


def test_a_nul_the_field_checks_missed_is_refused_before_the_driver(hall):
    """vehicle_cases takes a brand as free text: the store's guard refuses the NUL on both stores."""
    audit_before = _count(hall, AuditEntry)
    request = CaseRequest("register", new_vehicle=NewVehicleInput(make_vin("LSVAM4187C000003"), brand="大\x00众"),
                          owner=PartyInput(OWNER, "张三明"), plate=PlateChoice("self", "蒙M3A7K9"))
    with pytest.raises(CounterDeskError) as exc:
        hall.services.vehicle_cases.submit(hall.admin, request)
    assert exc.value.code == "control_character"
    assert _count(hall, Vehicle) == 0 and _count(hall, AuditEntry) == audit_before


def test_a_number_beyond_64_bits_is_refused_before_the_driver(hall):
    with pytest.raises(CounterDeskError) as exc:
        hall.services.persons.view(hall.admin, 2**70)
    assert exc.value.code == "number_out_of_range"


def test_an_import_cell_with_a_control_character_is_its_rows_error(hall, tmp_path):
    path = tmp_path / "v.csv"
    vin = make_vin("LSVAM4187C000004")
    path.write_bytes((f"hphm,clsbdh,cllx,syxz,sfzmhm,syr,ccdjrq,clpp1\n"
                      f"蒙M12345,{vin},K33,A,{OWNER},张三明,2019-05-10,大\x00众\n"
                      f"蒙M12346,{make_vin('LSVAM4187C000005')},K33,A,{OWNER},张三明,2019-05-10,大众\n").encode("utf-8"))
    report = hall.services.vehicle_import.import_file(hall.admin, path)
    assert [(e.row, e.field) for e in report.errors] == [(2, "brand")] and report.imported == 1
    assert "中文品牌" in report.errors[0].message


def test_a_write_while_another_process_holds_the_lock_says_the_database_is_busy(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 200)  # not the 10 s a hall waits
    path = tmp_path / "busy.sqlite3"
    url = f"sqlite:///{path}"
    clock = FakeClock()
    _, engine, factory = open_store(url)
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password=ADMIN_PASSWORD, clock=clock, hasher=FAST_HASHER)
    engine.dispose()
    ctx = open_app(url, clock=clock, hasher=FAST_HASHER)
    try:
        admin = ctx.services.auth.login("admin", ADMIN_PASSWORD)
        importer = sqlite3.connect(path, isolation_level=None)  # another process's long import
        importer.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(DatabaseBusy) as exc:
                ctx.services.persons.register(admin, OWNER, "张三明")
        finally:
            importer.execute("ROLLBACK")
            importer.close()
        assert exc.value.code == "database_busy"
        assert "稍候再试" in exc.value.message_zh and "try again" in exc.value.message_en
        assert ctx.services.persons.register(admin, OWNER, "张三明").id  # the lock gone, the same call works
    finally:
        ctx.dispose()

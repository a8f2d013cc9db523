"""A few bad inputs end to end through `python -m desktop` (subprocesses, all started when collection
ends — see conftest — since each spends about two seconds importing): the command exits 1 with a
message a person can read, and no traceback reaches stderr."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.property.support import SQL_META

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff]")


def _vehicle_rows() -> str:
    from datetime import date

    from desktop.domain.identifiers import make_resident_id, make_vin, uscc_check_char

    vin = make_vin("LJMPKRT000000009")
    wrong_vin = vin[:8] + ("0" if vin[8] != "0" else "1") + vin[9:]
    owner = make_resident_id("152921", date(1975, 5, 6), 21)
    wrong_owner = owner[:17] + next(c for c in "0123456789" if c not in (owner[17], uscc_check_char(owner[:17])))
    head = "hphm,clsbdh,cllx,syxz,sfzmhm,syr,ccdjrq"
    return "\n".join([
        head,
        f"蒙M12345,{wrong_vin},K33,A,{owner},张三明,2019-05-10",  # 2: VIN check digit
        f"蒙M12346,{vin},K33,A,{owner},{SQL_META[0]},2019-02-30",  # 3: no 30 February
        f"蒙M12347,{vin},K33,A,{wrong_owner},张三明,2019-05-10",  # 4: the ID's check digit
    ]) + "\n"


CASES = {
    # name: (argv after --db, file name, file bytes, password of the --as user). Kept to four: each process
    # costs two seconds of CPU; the same bugs are pinned in-process by test_known_bugs.
    "vehicles_bad_rows": (["import", "vehicles"], "vehicles.csv", None, None),
    "licences_random_bytes": (["import", "licences"], "licences.csv", b"\xff\xfe\x80" + os.urandom(300), None),
    "vehicles_not_a_workbook": (["import", "vehicles"], "vehicles.xlsx", os.urandom(400), None),
    "export_year_0": (["export", "--month", "0000-01", "--format", "csv", "--out", "{tmp}/out"], None, None, None),
}


_running: dict[str, subprocess.Popen] = {}


def start(template: Path, tmp_path_factory) -> None:
    """Start every case against a copy of the campaign's initialised hall (conftest calls this when
    collection ends); the `cli` fixture collects the results."""
    if _running:
        return
    tmp = tmp_path_factory.mktemp("cli")
    db = tmp / "cli.sqlite3"
    shutil.copyfile(template, db)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERDESK_")}
    env.update(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    for name, (argv, file_name, data, password) in CASES.items():
        argv = [a.replace("{tmp}", str(tmp)) for a in argv]
        if file_name is not None:
            path = tmp / file_name
            path.write_bytes(data if data is not None else _vehicle_rows().encode("gbk"))
            argv = [*argv, str(path)]
        case_env = dict(env, COUNTERDESK_PASSWORD=password) if password else env
        _running[name] = subprocess.Popen([sys.executable, "-m", "desktop", "--db", f"sqlite:///{db}", *argv],
                                          cwd=ROOT, env=case_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          stdin=subprocess.DEVNULL, text=True)


def stop() -> None:
    for proc in _running.values():
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    _running.clear()


@pytest.fixture(scope="module")
def cli(hall_template, tmp_path_factory):
    start(hall_template, tmp_path_factory)  # already started when collection ended, as a rule
    results = {}
    for name, proc in _running.items():
        out, err = proc.communicate(timeout=300)
        results[name] = (proc.returncode, out, err)
    return results


def refused_with_a_message(result) -> str:
    code, out, err = result
    assert "Traceback" not in err, err[-2000:]
    assert code == 1, (code, out, err)
    assert CJK.search(out + err) and re.search("[A-Za-z]", out + err)
    return out + err


def test_import_vehicles_bad_rows_named_by_row_and_field(cli):
    text = refused_with_a_message(cli["vehicles_bad_rows"])
    for row, field in ((2, "vin"), (3, "first_registered"), (4, "owner_id")):
        assert f"第{row}行 / row {row} [{field}]" in text
    assert "imported 0" in text


def test_import_licences_random_bytes(cli):
    assert "[file]" in refused_with_a_message(cli["licences_random_bytes"])


def test_import_vehicles_xlsx_that_is_not_a_workbook(cli):
    refused_with_a_message(cli["vehicles_not_a_workbook"])


# Was: a ValueError traceback (tallies._month; the year was never checked): now domain.tallies.check_year.
def test_export_month_of_year_zero(cli):
    refused_with_a_message(cli["export_year_0"])

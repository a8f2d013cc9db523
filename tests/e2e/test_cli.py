"""The `counterdesk` command as a subprocess: exit codes, prompts, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(db, *args, env=None, input_text=None):
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith("COUNTERDESK_") or k == "COUNTERDESK_TEST_PG_URL"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "desktop", "--db", db, *args], capture_output=True, text=True,
                          cwd=ROOT, env=full_env, input=input_text, timeout=300)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'demo.sqlite3'}"
    result = run(db, "demo-data", "--scale", "0.01", "--year", "2026")
    assert result.returncode == 0, result.stderr
    return db, result.stdout


def test_demo_data_initialises_and_prints_accounts(demo_db):
    db, out = demo_db
    assert "已初始化" in out and "clerk01" in out and "demo1234" in out
    listed = run(db, "counter", "list", "--json")
    assert listed.returncode == 0
    assert [c["number"] for c in json.loads(listed.stdout)] == list(range(1, 15))


def test_demo_data_twice_adds_nothing(demo_db):
    db, _ = demo_db
    again = run(db, "demo-data", "--scale", "0.01", "--year", "2026")
    assert again.returncode == 0 and "新增申请人 0" in again.stdout


def test_init_is_idempotent_and_keeps_the_admin_password(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    env = {"COUNTERDESK_ADMIN_PASSWORD": "first1234"}
    first = run(db, "init", "--hall-code", "152900", "--hall-name", "阿拉善盟车管所", "--admin", "boss", env=env)
    assert first.returncode == 0, first.stderr
    second = run(db, "init", "--hall-code", "152900", "--hall-name", "阿拉善盟车管所", "--admin", "boss",
                 env={"COUNTERDESK_ADMIN_PASSWORD": "other1234"})
    assert second.returncode == 0 and "已存在" in second.stdout
    ok = run(db, "staff", "list", "--as", "boss", "--json", env={"COUNTERDESK_PASSWORD": "first1234"})
    assert ok.returncode == 0 and json.loads(ok.stdout)[0]["username"] == "boss"


def test_staff_commands_and_exit_codes(demo_db):
    db, _ = demo_db
    admin = {"COUNTERDESK_PASSWORD": "demo1234"}
    add = run(db, "staff", "add", "clerk99", "--role", "clerk", "--name", "测试", "--as", "admin",
              env={**admin, "COUNTERDESK_NEW_PASSWORD": "newpass123"})
    assert add.returncode == 0, add.stderr
    # The new clerk may not manage staff: refused, exit 1.
    refused = run(db, "staff", "add", "x1", "--role", "admin", "--as", "clerk99",
                  env={"COUNTERDESK_PASSWORD": "newpass123", "COUNTERDESK_NEW_PASSWORD": "abcd12345"})
    assert refused.returncode == 1 and "无权" in refused.stderr
    # No terminal and no password variable: exit 2 instead of waiting.
    no_tty = run(db, "staff", "disable", "clerk99", "--as", "admin", input_text="")
    assert no_tty.returncode == 2 and "COUNTERDESK_PASSWORD" in no_tty.stderr
    assert run(db, "staff", "disable", "clerk99", "--as", "admin", env=admin).returncode == 0
    assert run(db, "staff", "bogus").returncode == 2
    bad_counter = run(db, "counter", "add", "0", "--categories", "A", "--as", "admin", env=admin)
    assert bad_counter.returncode == 1 and "窗口号" in bad_counter.stderr


def test_verify_and_audit(demo_db):
    db, _ = demo_db
    assert run(db, "verify", "CD1.XX.1.2.3.4").returncode == 1
    audit = run(db, "audit", "verify", "--json")
    assert audit.returncode == 0 and json.loads(audit.stdout)["ok"] is True


def test_uninitialised_database_says_what_to_do(tmp_path):
    result = run(f"sqlite:///{tmp_path / 'empty.sqlite3'}", "counter", "list")
    assert result.returncode == 1 and "counterdesk init" in result.stderr
    assert "Traceback" not in result.stderr


def test_printed_qr_round_trip_through_verify(demo_db, tmp_path):
    """Issue a document in the register → render the PDF → rasterise → decode the QR → `counterdesk
    verify` accepts it; any single changed character is rejected."""
    from desktop.context import open_app
    from desktop.documents.render import NoticeContent, render_notice
    from tests.unit.test_documents_pdf import pages, scanned

    db, _ = demo_db
    ctx = open_app(db)
    try:
        clerk = ctx.services.auth.login("clerk01", "demo1234", counter=1)
        ref = ctx.services.documents.issue(clerk, "TD", subject="回归测试")
    finally:
        ctx.dispose()
    pdf = render_notice(NoticeContent(office_name="阿拉善盟公安局交通管理支队车辆管理所", title="测试凭证",
                                      fields=[("编号", ref.serial)], materials=[], deadline=None, notes=[],
                                      qr_payload=ref.payload, serial=ref.serial, clerk="clerk01",
                                      issued_at="2026-11-26 09:41"))
    (decoded,) = scanned(pages(pdf)[0][0])
    assert decoded == ref.payload
    ok = run(db, "verify", decoded)
    assert ok.returncode == 0 and "有效" in ok.stdout and ref.serial in ok.stdout
    changed = decoded[:-3] + ("A" if decoded[-3] != "A" else "B") + decoded[-2:]
    bad = run(db, "verify", changed)
    assert bad.returncode == 1 and "bad_signature" in bad.stdout


def test_queue_commands_and_appointment_import(demo_db, tmp_path):
    db, _ = demo_db
    clerk = {"COUNTERDESK_PASSWORD": "demo1234"}
    all_day = run(db, "category", "set", "A", "--hours", "00:00-24:00", "--as", "kezhang", env=clerk)
    assert all_day.returncode == 0, all_day.stderr
    slip = tmp_path / "slip.pdf"
    taken = run(db, "queue", "take", "--category", "A", "--slip", str(slip), "--json")
    assert taken.returncode == 0, taken.stderr
    ticket = json.loads(taken.stdout)
    assert ticket["ticket"]["label"].startswith("A") and slip.read_bytes().startswith(b"%PDF")
    assert run(db, "verify", ticket["slip_payload"]).returncode == 0
    called = run(db, "queue", "call", "--counter", "1", "--as", "clerk01", "--json", env=clerk)
    assert called.returncode == 0 and json.loads(called.stdout)["ticket"]["label"] == ticket["ticket"]["label"]
    assert run(db, "queue", "finish", "--counter", "1", "--as", "clerk01", env=clerk).returncode == 0
    empty = run(db, "queue", "call", "--counter", "1", "--as", "clerk01", "--json", env=clerk)
    assert json.loads(empty.stdout) == {"ticket": None}
    status = json.loads(run(db, "queue", "status", "--json").stdout)
    assert {c["code"] for c in status["categories"]} == {"A", "B", "C", "D"}
    assert run(db, "queue", "pause", "--counter", "1", "--as", "clerk01", "--reason", "会议", env=clerk).returncode == 0
    refused = run(db, "queue", "call", "--counter", "1", "--as", "clerk01", env=clerk)
    assert refused.returncode == 1 and "暂停" in refused.stderr
    assert run(db, "queue", "resume", "--counter", "1", "--as", "clerk01", env=clerk).returncode == 0
    bad_hours = run(db, "category", "set", "A", "--hours", "9-5", "--as", "kezhang", env=clerk)
    assert bad_hours.returncode == 1 and "HH:MM" in bad_hours.stderr
    csv_file = tmp_path / "appointments.csv"
    from datetime import date as _date

    from desktop.domain.identifiers import make_resident_id

    good = make_resident_id("152923", _date(1991, 7, 8), 3)
    csv_file.write_text("sfzmhm,xm,类别,预约时间\n"
                        f"{good},李四,A,2026-12-01 09:30\n"
                        "152921199001011234,坏号,A,2026-12-01 10:00\n", encoding="gb18030")
    first = run(db, "import", "appointments", str(csv_file))
    assert first.returncode == 1 and "row 3" in first.stdout and "imported 1" in first.stdout
    again = run(db, "import", "appointments", str(csv_file))
    assert "imported 0" in again.stdout and "unchanged 1" in again.stdout


@pytest.mark.parametrize("url,words", [("nosuch://x", "URL"), ("postgresql://u@127.0.0.1:1/x", "refused")])
def test_unreachable_database_is_a_message_not_a_traceback(url, words):
    result = run(url, "counter", "list")
    assert result.returncode == 1 and "无法连接数据库" in result.stderr and words in result.stderr
    assert "Traceback" not in result.stderr

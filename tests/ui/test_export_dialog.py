"""统计 menu: the export dialog runs off the GUI thread with progress and cancel; reminder lists."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest

from desktop.ui.dbop import DbWorker
from desktop.ui.export_dialog import ExportDialog, ReminderDialog

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
WAIT = 30000


@pytest.fixture
def worker():
    w = DbWorker()
    yield w
    w.drain()


def test_export_a_month_then_a_year_cancelled(hall, qtbot, tmp_path):
    dialog = ExportDialog(hall.ctx, hall.admin, today=date(2026, 11, 26))
    qtbot.addWidget(dialog)
    dialog.out_dir.setText(str(tmp_path))
    dialog.formats["pdf"].setChecked(False)
    dialog.on_start_requested()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    names = sorted(p.name for p in dialog.result.files if p.parent == tmp_path / "2026-11")
    assert any(n.endswith(".json") for n in names) and any(n.endswith(".xlsx") for n in names)
    assert "已导出" in dialog.status.text()
    # a year, cancelled at once: it stops between months, says so, and the GUI was never blocked
    dialog.result = None
    dialog.by_year.setChecked(True)
    dialog.on_start_requested()
    dialog.on_cancel_requested()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    assert dialog.result.cancelled and "已取消" in dialog.status.text()


def test_no_format_chosen_is_a_message(hall, qtbot, tmp_path):
    dialog = ExportDialog(hall.ctx, hall.admin, today=date(2026, 11, 26))
    qtbot.addWidget(dialog)
    for box in dialog.formats.values():
        box.setChecked(False)
    dialog.on_start_requested()
    assert dialog.thread is None and dialog.status.property("error") is True


def test_reminder_lists(hall, qtbot, tmp_path, worker):
    dialog = ReminderDialog(hall.ctx, hall.admin, worker, today=date(2026, 11, 26))
    qtbot.addWidget(dialog)
    dialog.out.setText(str(tmp_path))
    for kind in ("inspection", "renewal"):
        dialog.written = None
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.on_generate_requested()
        qtbot.waitUntil(lambda: dialog.written is not None, timeout=WAIT)
        assert dialog.written.read_bytes().startswith(b"%PDF") or dialog.written.stat().st_size > 0


def test_a_dialog_destroyed_while_its_export_runs_does_not_take_the_thread_with_it(hall, qtbot, tmp_path):
    """Destroyed without being closed (never shown: done() is not called): the export thread was its
    child, and Qt aborted the whole process when it still ran ("QThread: Destroyed while thread is
    still running"); seen in CI, under load."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication

    dialog = ExportDialog(hall.ctx, hall.admin, today=date(2026, 11, 26))
    dialog.out_dir.setText(str(tmp_path))
    dialog.by_year.setChecked(True)
    dialog.on_start_requested()
    thread = dialog.thread
    assert thread.parent() is QCoreApplication.instance() and thread.isRunning()
    thread.cancel_event.set()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=WAIT)  # gone, its export maybe not
    qtbot.waitUntil(lambda: not shiboken6.isValid(thread) or thread.isFinished(), timeout=WAIT)

"""月度统计导出 and the reminder lists, from the 统计 menu. The export runs on its own thread (a year is
thirteen tallies and their files) with a progress bar and 取消; the GUI never waits on it."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QThread, Signal, Slot
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QProgressBar, QPushButton, QRadioButton, QSpinBox, QVBoxLayout,
                               QWidget)

from desktop.domain.errors import CounterDeskError
from desktop.services import tally_export
from desktop.ui import formats
from desktop.ui.dbop import InternalError
from desktop.ui.notify import error_text, set_status


class ExportThread(QThread):
    progressed = Signal(int, int, str)
    finished_with = Signal(object)  # ExportResult | CounterDeskError

    def __init__(self, job, parent=None) -> None:
        super().__init__(parent)
        self._job = job
        self.cancel_event = threading.Event()

    def run(self) -> None:
        try:
            result = self._job(lambda done, total, what: self.progressed.emit(done, total, what),
                               self.cancel_event.is_set)
        except CounterDeskError as exc:
            result = exc
        except Exception:  # noqa: BLE001 - logged by the caller's message, never a traceback on screen
            import logging

            logging.getLogger(__name__).exception("export failed")
            result = InternalError()
        self.finished_with.emit(result)


class ExportDialog(QDialog):
    def __init__(self, ctx, actor, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("月度统计导出"))
        self._ctx, self._actor = ctx, actor
        today = today or date.today()
        self.result = None
        self.thread: ExportThread | None = None
        self.by_month = QRadioButton(self.tr("按月"))
        self.by_year = QRadioButton(self.tr("全年（12个月及年度汇总）"))
        self.by_month.setChecked(True)
        self.month = QDateEdit(QDate(today.year, today.month, 1))
        self.month.setDisplayFormat("yyyy-MM")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.formats = {f: QCheckBox(f.upper()) for f in tally_export.FORMATS}
        for box in self.formats.values():
            box.setChecked(True)
        self.hall = QComboBox()
        self.hall.addItem(self.tr("本大厅"), None)
        self.hall.addItem(self.tr("全部大厅（合并）"), "all")
        self.out_dir = QLineEdit(str(Path.home() / "counterdesk-exports"))
        self.out_dir.setMinimumWidth(self.out_dir.fontMetrics().averageCharWidth() * 40)  # a whole path shows
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self.on_browse_requested)
        self.progress = QProgressBar()
        self.progress.setRange(0, 13)
        self.status = QLabel()
        self.status.setObjectName("statusLine")
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self.tr("导出"))
        self.start_button.clicked.connect(self.on_start_requested)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.on_cancel_requested)
        form = QFormLayout()
        form.addRow(self.by_month, self.month)
        form.addRow(self.by_year, self.year)
        formats = QHBoxLayout()
        for box in self.formats.values():
            formats.addWidget(box)
        form.addRow(self.tr("格式"), formats)
        form.addRow(self.tr("范围"), self.hall)
        out = QHBoxLayout()
        out.addWidget(self.out_dir, 1)
        out.addWidget(browse)
        form.addRow(self.tr("导出到"), out)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    @Slot()
    def on_browse_requested(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("导出到"), self.out_dir.text())
        if chosen:
            self.out_dir.setText(chosen)

    def chosen_formats(self) -> tuple[str, ...]:
        return tuple(f for f, box in self.formats.items() if box.isChecked())

    @Slot()
    def on_start_requested(self) -> None:
        try:
            formats = tally_export.parse_formats(self.chosen_formats())
        except CounterDeskError as exc:
            set_status(self.status, error_text(exc), error=True)
            return
        out_dir = Path(self.out_dir.text().strip() or ".")
        services, actor, hall = self._ctx.services, self._actor, self.hall.currentData()
        if self.by_month.isChecked():
            jobs = tally_export.month_jobs(self.month.date().year(), self.month.date().month(), hall)
        else:
            jobs = tally_export.year_jobs(self.year.value(), hall)
        self.progress.setRange(0, len(jobs))
        self.progress.setValue(0)

        def job(progress, cancelled):
            return tally_export.export_periods(services.tallies, services.documents, actor, jobs, out_dir, formats,
                                               progress, cancelled)

        # Not the dialog's child: a dialog destroyed without being closed (never shown, or its parent
        # going) would destroy a thread still running — Qt aborts the process. The thread ends on its
        # own (the export finishes its month) and deletes itself; closing the dialog still waits (done).
        self.thread = thread = ExportThread(job, QCoreApplication.instance())
        thread.finished.connect(thread.deleteLater)
        thread.finished.connect(lambda: self._forget(thread))
        thread.progressed.connect(self.on_progress)
        thread.finished_with.connect(self.on_finished)
        self.start_button.setEnabled(False)
        set_status(self.status, self.tr("正在导出…"))
        self.thread.start()

    @Slot(int, int, str)
    def on_progress(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        set_status(self.status, self.tr("正在导出 {what}（{done}/{total}）").format(what=what, done=done, total=total))

    @Slot(object)
    def on_finished(self, result) -> None:
        self.start_button.setEnabled(True)
        self.result = result
        if isinstance(result, CounterDeskError):
            set_status(self.status, error_text(result), error=True)
        elif result.cancelled:
            set_status(self.status, self.tr("已取消；已写出 {n} 个文件").format(n=len(result.files)))
        else:
            self.progress.setValue(self.progress.maximum())
            set_status(self.status, self.tr("已导出 {n} 个文件到 {dir}").format(n=len(result.files),
                                                                          dir=self.out_dir.text()))

    @Slot()
    def on_cancel_requested(self) -> None:
        if self.thread is not None and self.thread.isRunning():
            self.thread.cancel_event.set()
            set_status(self.status, self.tr("正在取消（当前月份写完后停止）…"))
        else:
            self.reject()

    def _forget(self, thread: ExportThread) -> None:
        if self.thread is thread:  # (about to be deleted: not to be asked whether it runs)
            self.thread = None

    def done(self, code: int) -> None:  # closing waits for a running export to stop cleanly
        if self.thread is not None and self.thread.isRunning():
            self.thread.cancel_event.set()
            self.thread.wait()
        super().done(code)


class ReminderDialog(QDialog):
    """提醒清单: 检验到期 (vehicles) or 换证/体检/审验到期 (licences), written as CSV, XLSX or PDF."""

    def __init__(self, ctx, actor, worker, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("提醒清单"))
        self._ctx, self._actor, self._worker = ctx, actor, worker
        today = today or date.today()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("检验到期提醒"), "inspection")
        self.kind.addItem(self.tr("换证、体检、审验到期提醒"), "renewal")
        self.on = QDateEdit(QDate(today.year, today.month, today.day))
        self.on.setDisplayFormat(formats.edit_format())
        self.within = QSpinBox()
        self.within.setRange(0, 366)
        self.within.setValue(30)
        self.fmt = QComboBox()
        for f in tally_export.FORMATS:
            self.fmt.addItem(f.upper(), f)
        self.out = QLineEdit(str(Path.home() / "counterdesk-exports"))
        self.out.setMinimumWidth(self.out.fontMetrics().averageCharWidth() * 40)
        self.status = QLabel()
        self.status.setObjectName("statusLine")
        self.status.setWordWrap(True)
        self.written: Path | None = None
        go = QPushButton(self.tr("生成"))
        go.clicked.connect(self.on_generate_requested)
        form = QFormLayout()
        form.addRow(self.tr("清单"), self.kind)
        form.addRow(self.tr("截至"), self.on)
        form.addRow(self.tr("提前天数"), self.within)
        form.addRow(self.tr("格式"), self.fmt)
        form.addRow(self.tr("导出到"), self.out)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(go)

    @Slot()
    def on_generate_requested(self) -> None:
        from desktop.ui.dbop import DbOp

        kind, on, within, fmt = self.kind.currentData(), self.on.date().toPython(), self.within.value(), \
            self.fmt.currentData()
        out_dir = Path(self.out.text().strip() or ".")
        services, actor = self._ctx.services, self._actor

        def job():
            if kind == "inspection":
                report = services.reports.inspection_due(actor, on, within)
                data = services.reports.render_inspection_due(report, fmt)
                name, count = f"检验到期提醒_{on:%Y%m%d}.{fmt}", len(report.rows)
            else:
                report = services.driver_reports.renewal_due(actor, on, within)
                data = services.driver_reports.render_renewal_due(report, fmt)
                name, count = f"换证到期提醒_{on:%Y%m%d}.{fmt}", len(report.rows)
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / name).write_bytes(data)
            return out_dir / name, count

        def done(result):
            self.written, count = result
            set_status(self.status, self.tr("已生成 {n} 条：{path}").format(n=count, path=str(self.written)))

        DbOp(self._worker, job).success(done).failure(lambda exc: set_status(self.status, error_text(exc),
                                                                             error=True)).run()

"""The counter main window (UI.md): the counter bar on top, the four panels, the status bar."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QWidget

from desktop.context import AppContext
from desktop.domain.roles import ROLE_NAMES, Role, allowed
from desktop.services.base import HALL_ZONE, Actor, hall_date
from desktop.services.queue_views import TicketView
from desktop.ui.changes import ChangeWatcher
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.forms.ui_counter_window import Ui_CounterWindow
from desktop.ui.notify import bilingual, error_text, show_message, ui_language
from desktop.ui.qtapp import save_language
from desktop.ui.queue_panel import QueuePanel
from desktop.ui.rating_window import RatingWindow

PANELS = ("queue", "vehicle", "driver", "exam")
# The business panels are built (and their modules imported) the first time they are shown or
# needed: the window paints sooner, and a clerk who only calls tickets never loads the exam code.
LAZY_PAGES = {"vehicle": ("desktop.ui.vehicle_panel", "VehiclePage"),
              "driver": ("desktop.ui.driver_panel", "DriverPage"),
              "exam": ("desktop.ui.exam_panel", "ExamPage")}


def default_printer() -> str:
    try:
        from PySide6.QtPrintSupport import QPrinterInfo

        name = QPrinterInfo.defaultPrinterName()
    except ImportError:
        name = ""
    return name


class CounterWindow(QMainWindow):
    panel_changed = Signal(str)

    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker | None = None,
                 parent: QWidget | None = None, *, clock=None, refresh_ms: int = 3000) -> None:
        super().__init__(parent)
        self.ui = Ui_CounterWindow()
        self.ui.setupUi(self)
        self.ctx, self.actor = ctx, actor
        self.worker = worker or DbWorker(self)
        self.worker.default_failure = lambda exc: show_message(self, error_text(exc))
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.ui.counterBar.setObjectName("counterBar")
        self.ui.currentLabel.setObjectName("barTicket")
        self.ui.clockLabel.setObjectName("barClock")
        self.ui.identityLabel.setObjectName("barIdentity")
        self.queue_panel = QueuePanel(ctx, actor, self.worker, clock=self._clock, refresh_ms=refresh_ms)
        # another process's change (a ticket taken at the kiosk, a call at another counter) shows
        # within a poll of the change marker, not at the next slow refresh
        self.changes = ChangeWatcher(ctx.services.changes.marker, parent=self)
        self.changes.changed.connect(self.queue_panel.refresh)
        if refresh_ms > 0:
            self.changes.start()
        self._built: dict[str, QWidget] = {"queue": self.queue_panel}
        self._ticket: TicketView | None = None
        names = (self.tr("排队叫号"), self.tr("机动车业务"), self.tr("驾驶证业务"), self.tr("考试预约"))
        for i, name in enumerate(names):
            self.ui.navList.addItem(f"{name}   Ctrl+{i + 1}")
            self.ui.pages.addWidget(self.queue_panel if i == 0 else QWidget())  # a placeholder until first shown
            hotkey = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda i=i: self.show_panel(PANELS[i]))
            hotkey.setWhatsThis(self.tr("打开“{panel}”").format(panel=name))  # 帮助 → 快捷键 lists it
        self.panel_names = dict(zip(PANELS, names, strict=True))
        self.ui.navList.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.ui.navList.setMaximumWidth(230)
        self.ui.navList.currentRowChanged.connect(self.on_nav_changed)
        self.ui.navList.setCurrentRow(0)
        self.rating_window = RatingWindow(ctx, self.worker, self)
        self.queue_panel.ticket_changed.connect(self.on_ticket_changed)
        self.queue_panel.ticket_finished.connect(self.rating_window.ask)
        self.queue_panel.business_requested.connect(self.on_business_requested)
        self._status_labels()
        self._menus()
        self._tick = QTimer(self)
        self._tick.timeout.connect(self.on_tick)
        self._tick.start(1000)
        self.on_tick()
        DbOp(self.worker, lambda: ctx.services.halls.hall(ctx.hall_code)).success(self._show_hall).run()

    # --- chrome -------------------------------------------------------------------------------
    def _status_labels(self) -> None:
        role = bilingual(ROLE_NAMES[Role(self.actor.role)])
        counter = self.tr("{n}号窗口").format(n=self.actor.counter) if self.actor.counter else self.tr("未在窗口")
        self.hall_status = QLabel(self.ctx.hall_code)
        self.counter_status = QLabel(counter)
        self.clerk_status = QLabel(self.tr("经办人 {name}（{role}）").format(name=self.actor.name or self.actor.username,
                                                                      role=role))
        self.db_status = QLabel(self.tr("数据库 {db}").format(db=self.ctx.db_label))
        printer = default_printer()
        self.printer_status = QLabel(self.tr("打印机 {p}").format(p=printer) if printer else self.tr("打印机 未配置"))
        for label in (self.hall_status, self.counter_status, self.clerk_status, self.db_status, self.printer_status):
            self.statusBar().addPermanentWidget(label)
        self.ui.identityLabel.setText(self._identity(self.ctx.hall_code, counter))

    def _show_hall(self, hall) -> None:
        counter = self.tr("{n}号窗口").format(n=self.actor.counter) if self.actor.counter else self.tr("未在窗口")
        self.hall_status.setText(f"{hall.code} {hall.name}")
        self.ui.identityLabel.setText(self._identity(hall.name, counter))
        # the top-level window's title: this one's, or the main window's when it is its page
        self.window().setWindowTitle(self.tr("{hall} · 车驾管业务窗口服务台").format(hall=hall.name))

    def _identity(self, hall: str, counter: str) -> str:
        return self.tr("{hall} · {counter} · 工号 {user} {name}").format(hall=hall, counter=counter,
                                                                        user=self.actor.badge or self.actor.username,
                                                                        name=self.actor.name)

    def _menus(self) -> None:
        ui = self.ui
        ui.quitAction.triggered.connect(lambda: self.window().close())
        ui.adminAction.setEnabled(allowed(self.actor.role, "staff.manage"))
        ui.monitorAction.setEnabled(allowed(self.actor.role, "queue.supervise"))
        ui.auditAction.setEnabled(allowed(self.actor.role, "audit.view"))
        ui.adminAction.triggered.connect(self.open_admin)
        ui.monitorAction.triggered.connect(self.open_monitor)
        ui.auditAction.triggered.connect(self.on_audit_requested)
        ui.aboutAction.triggered.connect(self.on_about_requested)
        ui.shortcutsAction.triggered.connect(self.on_shortcuts_requested)
        ui.changePasswordAction.triggered.connect(self.on_change_password_requested)
        lang = ui_language()
        ui.languageZhAction.setChecked(lang == "zh")
        ui.languageEnAction.setChecked(lang == "en")
        ui.languageZhAction.triggered.connect(lambda: self.on_language_chosen("zh"))
        ui.languageEnAction.triggered.connect(lambda: self.on_language_chosen("en"))
        reports = QMenu(self.tr("统计"), self)
        self.menuBar().insertMenu(ui.helpMenu.menuAction(), reports)  # 帮助 stays last
        can_report = allowed(self.actor.role, "report.view")
        self.export_action = reports.addAction(self.tr("月度统计导出…"), self.open_export)
        self.reminder_action = reports.addAction(self.tr("提醒清单…"), self.open_reminders)
        self.deferral_action = reports.addAction(self.tr("容缺待补与逾期"), self.show_deferrals)
        self.export_action.setEnabled(can_report)
        self.reminder_action.setEnabled(can_report)

    def open_export(self):
        from desktop.ui.export_dialog import ExportDialog

        self.export_dialog = ExportDialog(self.ctx, self.actor, self, today=hall_date(self._clock()))
        self.export_dialog.open()
        return self.export_dialog

    def open_reminders(self):
        from desktop.ui.export_dialog import ReminderDialog

        self.reminder_dialog = ReminderDialog(self.ctx, self.actor, self.worker, self,
                                              today=hall_date(self._clock()))
        self.reminder_dialog.open()
        return self.reminder_dialog

    def show_deferrals(self) -> None:
        self.show_panel("vehicle")
        self.vehicle_page.tabs.setCurrentIndex(1)
        self.vehicle_page.refresh()

    @Slot()
    def on_tick(self) -> None:
        now = self._clock().astimezone(HALL_ZONE)
        self.ui.clockLabel.setText(now.strftime("%H:%M:%S"))

    # --- the panels, built on first use ---------------------------------------------------------
    def page(self, name: str) -> QWidget:
        """The panel called `name`, built now if this is its first use."""
        built = self._built.get(name)
        if built is None:
            from importlib import import_module

            module, cls = LAZY_PAGES[name]
            # built inside the stack: a parentless widget would be a window of its own for a moment and
            # take the activation (and with it the F-key shortcuts) from this one
            built = getattr(import_module(module), cls)(self.ctx, self.actor, self.worker, self.ui.pages)
            index = PANELS.index(name)
            current = self.ui.pages.currentIndex()
            placeholder = self.ui.pages.widget(index)
            self.ui.pages.insertWidget(index, built)
            self.ui.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self.ui.pages.setCurrentIndex(current)
            self._built[name] = built
            if name in ("vehicle", "driver"):
                built.set_ticket(self._ticket)
        return built

    @property
    def vehicle_page(self):
        return self.page("vehicle")

    @property
    def driver_page(self):
        return self.page("driver")

    @property
    def exam_page(self):
        return self.page("exam")

    def show_panel(self, name: str) -> None:
        self.ui.navList.setCurrentRow(PANELS.index(name))

    def current_panel(self) -> str:
        return PANELS[self.ui.pages.currentIndex()]

    @Slot(int)
    def on_nav_changed(self, row: int) -> None:
        if 0 <= row < len(PANELS):
            self.page(PANELS[row])
            self.ui.pages.setCurrentIndex(row)
            self.panel_changed.emit(PANELS[row])

    @Slot(object)
    def on_ticket_changed(self, ticket: TicketView | None) -> None:
        self._ticket = ticket
        for name in ("vehicle", "driver"):  # the cases accepted now belong to this ticket
            if name in self._built:
                self._built[name].set_ticket(ticket)  # a panel built later gets it then
        if ticket is None:
            self.ui.currentLabel.setText(self.tr("当前无号"))
        else:
            self.ui.currentLabel.setText(self.tr("当前 {label}  {name}").format(label=ticket.label,
                                                                              name=ticket.name_masked))

    @Slot(object)
    def on_business_requested(self, ticket: TicketView) -> None:
        """开始办理: open the business panel of the ticket's category, with its person if known."""
        panel = {"A": "vehicle", "B": "driver", "C": "exam"}.get(ticket.category)
        if panel is None:
            return
        self.show_panel(panel)
        page = {"vehicle": self.vehicle_page, "driver": self.driver_page}.get(panel)
        if page is not None and ticket.person_id is not None:
            persons, actor = self.ctx.services.persons, self.actor
            DbOp(self.worker, lambda: persons.view(actor, ticket.person_id)).success(page.show_person).run()

    # --- dialogs ------------------------------------------------------------------------------
    def open_admin(self):
        from desktop.ui.staff_admin import StaffAdminDialog

        dialog = StaffAdminDialog(self.ctx, self.actor, self.worker, self)
        dialog.open()
        self.admin_dialog = dialog
        return dialog

    def open_monitor(self):
        from desktop.ui.monitor import MonitorDialog

        dialog = MonitorDialog(self.ctx, self.actor, self.worker, self)
        dialog.open()
        self.monitor_dialog = dialog
        return dialog

    @Slot()
    def on_audit_requested(self) -> None:
        audit = self.ctx.services.audit

        def show(report):
            if report.ok:
                show_message(self, self.tr("审计链完整：共 {n} 条记录").format(n=report.checked), warning=False)
            else:
                problem = report.problem_en if ui_language() == "en" else report.problem_zh
                show_message(self, self.tr("审计链被破坏：第 {id} 条。{p}").format(id=report.bad_entry_id, p=problem))

        DbOp(self.worker, audit.verify).success(show).run()

    @Slot()
    def on_about_requested(self) -> None:
        from desktop.ui.help_dialogs import AboutDialog

        self.about_dialog = AboutDialog(self.ctx.db_label, self)
        self.about_dialog.open()

    @Slot()
    def on_shortcuts_requested(self) -> None:
        from desktop.ui.help_dialogs import ShortcutsDialog, gather_shortcuts

        pages = (self.queue_panel, self.vehicle_page, self.driver_page, self.exam_page)
        scopes = [(page, self.panel_names[name]) for name, page in zip(PANELS, pages, strict=True)]
        self.shortcuts_dialog = ShortcutsDialog(gather_shortcuts(self, scopes, self.tr("所有面板")), self)
        self.shortcuts_dialog.open()

    @Slot()
    def on_change_password_requested(self) -> None:
        from PySide6.QtWidgets import QLineEdit

        from desktop.ui.form_dialog import FormDialog

        old, new = QLineEdit(), QLineEdit()
        for edit in (old, new):
            edit.setEchoMode(QLineEdit.Password)
        dialog = FormDialog(self, self.tr("修改密码"), [("old", self.tr("原密码"), old), ("new", self.tr("新密码"), new)])
        auth, actor = self.ctx.services.auth, self.actor
        dialog.submitted.connect(lambda v: DbOp(self.worker, lambda: auth.change_own_password(actor, v["old"], v["new"]))
                                 .success(lambda _: show_message(self, self.tr("密码已修改"), warning=False)).run())
        dialog.open()
        self.password_dialog = dialog

    def on_language_chosen(self, lang: str) -> None:
        save_language(lang)
        self.ui.languageZhAction.setChecked(lang == "zh")
        self.ui.languageEnAction.setChecked(lang == "en")
        show_message(self, self.tr("界面语言将在下次启动时生效"), warning=False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._tick.stop()
        self.changes.stop()
        self.queue_panel.stop()
        if "exam" in self._built:
            self._built["exam"].stop()  # an allocation run finishes its transaction first
        self.rating_window.close()
        self.worker.drain()
        super().closeEvent(event)

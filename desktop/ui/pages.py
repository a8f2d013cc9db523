"""The business panels not built yet: driver (applicant lookup for now) and exams. Each is its own
class so the driver and exam capabilities replace them cleanly (the vehicle panel is vehicle_panel.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.services.base import Actor
from desktop.ui.dbop import DbWorker
from desktop.ui.person_search import PersonSearch


class _Page(QWidget):
    def __init__(self, title: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.layout_.addWidget(heading)
        self.note = QLabel(note)
        self.note.setObjectName("pageNote")
        self.note.setWordWrap(True)
        self.layout_.addWidget(self.note)


class DriverPage(_Page):
    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("驾驶证业务"), self.tr("查询申请人；驾驶证业务受理模块未启用。"), parent)
        self.search = PersonSearch(ctx, actor, worker)
        self.layout_.addWidget(self.search, 1)


class ExamPage(_Page):
    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("考试预约"), self.tr("考试预约模块未启用。"), parent)
        self.layout_.addStretch(1)

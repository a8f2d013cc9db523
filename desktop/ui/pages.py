"""The business panel not built yet: exams (the vehicle and driver panels are vehicle_panel.py and
driver_panel.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.services.base import Actor
from desktop.ui.dbop import DbWorker


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


class ExamPage(_Page):
    def __init__(self, ctx: AppContext, actor: Actor, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("考试预约"), self.tr("考试预约模块未启用。"), parent)
        self.layout_.addStretch(1)

"""50选1: the drawn numbers as large buttons; the applicant points, the clerk clicks, OK.
The hold's remaining time counts down; when it lapses the dialog says so and refuses the choice."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QGridLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.services.plates import PlateDraw

COLUMNS = 5


class PlateDrawDialog(QDialog):
    def __init__(self, draw: PlateDraw, parent: QWidget | None = None, *, clock=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("选号（{n}选1）").format(n=len(draw.numbers)))
        self.draw = draw
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.chosen: str | None = None
        layout = QVBoxLayout(self)
        self.hint = QLabel(self.tr("请申请人从下列号码中选择一个："))
        layout.addWidget(self.hint)
        grid = QGridLayout()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        for i, number in enumerate(draw.numbers):
            button = QPushButton(number)
            button.setObjectName("plateChoice")
            button.setCheckable(True)
            button.setMinimumHeight(40)
            self.group.addButton(button, i)
            grid.addWidget(button, i // COLUMNS, i % COLUMNS)
            self.buttons.append(button)
        layout.addLayout(grid)
        self.countdown = QLabel()
        self.countdown.setObjectName("statusLine")
        layout.addWidget(self.countdown)
        self.box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.box.button(QDialogButtonBox.Ok).setText(self.tr("确定选号"))
        self.box.button(QDialogButtonBox.Cancel).setText(self.tr("取消"))
        self.box.accepted.connect(self.on_accept_requested)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.on_tick)
        self.timer.start(1000)
        self.on_tick()

    def remaining_seconds(self) -> int:
        return max(0, int((self.draw.held_until - self._clock()).total_seconds()))

    @Slot()
    def on_tick(self) -> None:
        left = self.remaining_seconds()
        if left == 0:
            self.countdown.setText(self.tr("保留时间已过，请取消后重新选号"))
            self.countdown.setProperty("error", True)
            self.box.button(QDialogButtonBox.Ok).setEnabled(False)
            self.timer.stop()
        else:
            self.countdown.setText(self.tr("号码保留剩余 {m} 分 {s:02d} 秒").format(m=left // 60, s=left % 60))
        self.countdown.style().unpolish(self.countdown)
        self.countdown.style().polish(self.countdown)

    def choose(self, number: str) -> None:
        self.buttons[self.draw.numbers.index(number)].setChecked(True)

    @Slot()
    def on_accept_requested(self) -> None:
        button = self.group.checkedButton()
        if button is None:
            self.countdown.setText(self.tr("请先点选一个号码"))
            return
        self.chosen = button.text()
        self.timer.stop()
        self.accept()

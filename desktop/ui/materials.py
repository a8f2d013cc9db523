"""The materials checklist of a business form (申请材料), shared by the vehicle and driver windows:
✓ received; unticked = not received (容缺 for a non-key material, which needs the signed
commitment); half-ticked = not applicable (only for a conditional material)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.domain.catalog import BusinessType
from desktop.ui.notify import ui_language


class MaterialsChecklist(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("申请材料"), self.tr("类别"), self.tr("已收")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.table.setMinimumHeight(150)
        self.table.verticalHeader().setVisible(False)
        self.table.itemChanged.connect(self.on_item_changed)
        self.commitment = QCheckBox(self.tr("申请人已签署容缺受理承诺书"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.commitment)

    def set_business(self, biz: BusinessType) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(biz.materials))
        for row, material in enumerate(biz.materials):
            lang = ui_language()
            note = material.note_in(lang)
            name = QTableWidgetItem(material.name_in(lang) + (self.tr("（{note}）").format(note=note) if note else ""))
            name.setFlags(Qt.ItemIsEnabled)
            name.setToolTip(name.text())  # a long note is cut off in the column
            name.setData(Qt.UserRole, material.code)
            kind = QTableWidgetItem(self.tr("关键") if material.key else self.tr("非关键（可容缺）"))
            kind.setFlags(Qt.ItemIsEnabled)
            tick = QTableWidgetItem()
            flags = Qt.ItemIsEnabled | Qt.ItemIsUserCheckable
            if material.note:  # conditional: a third state, 不适用 (shown half-ticked)
                flags |= Qt.ItemIsUserTristate
                tick.setToolTip(self.tr("点击切换：已收 / 不适用 / 未收"))
            tick.setFlags(flags)
            tick.setCheckState(Qt.Checked)
            for col, item in enumerate((name, kind, tick)):
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self.on_item_changed()

    def _codes_in_state(self, state) -> list[str]:
        return [self.table.item(row, 0).data(Qt.UserRole) for row in range(self.table.rowCount())
                if self.table.item(row, 2).checkState() == state]

    def deferred_codes(self) -> list[str]:
        """Unticked: not received — 容缺 for a non-key material (the service refuses a key one)."""
        return self._codes_in_state(Qt.Unchecked)

    def not_applicable_codes(self) -> list[str]:
        return self._codes_in_state(Qt.PartiallyChecked)

    def tick(self, code: str, received: bool | None) -> None:
        """True received, False not received (容缺), None not applicable."""
        state = Qt.Checked if received else Qt.PartiallyChecked if received is None else Qt.Unchecked
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.UserRole) == code:
                self.table.item(row, 2).setCheckState(state)

    @Slot()
    def on_item_changed(self, *_args) -> None:
        deferring = bool(self.deferred_codes())
        self.commitment.setEnabled(deferring)
        if not deferring:
            self.commitment.setChecked(False)
        self.changed.emit()

"""A small non-blocking form dialog: (key, label, widget) rows; OK emits the values as a dict."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget


class FormDialog(QDialog):
    submitted = Signal(dict)

    def __init__(self, parent: QWidget, title: str, rows: list[tuple[str, str, QWidget]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._rows = rows
        form = QFormLayout(self)
        for _, label, widget in rows:
            form.addRow(label, widget)
        self.error = QLabel("")
        self.error.setObjectName("errorLabel")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.on_submit_requested)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        out: dict[str, object] = {}
        for key, _, widget in self._rows:
            if isinstance(widget, QLineEdit):
                out[key] = widget.text().strip()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentText().strip() if widget.isEditable() else widget.currentData()
            elif isinstance(widget, QSpinBox):
                out[key] = widget.value()
        return out

    @Slot()
    def on_submit_requested(self) -> None:
        self.submitted.emit(self.values())
        self.accept()

"""Showing errors and notices in the UI language — never a traceback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from desktop.domain.errors import CounterDeskError


def ui_language(widget: QWidget | None = None) -> str:
    from PySide6.QtCore import QLocale

    return "en" if QLocale().language() == QLocale.English else "zh"


def bilingual(pair: tuple[str, str]) -> str:
    """A (Chinese, English) pair from the domain's data tables, in the UI language."""
    return pair[1] if ui_language() == "en" else pair[0]


def error_text(exc: CounterDeskError) -> str:
    return exc.message(ui_language())


def show_message(parent: QWidget, text: str, *, title: str = "", warning: bool = True) -> QMessageBox:
    """A window-modal box that does not block the event loop (open(), not exec())."""
    box = QMessageBox(QMessageBox.Warning if warning else QMessageBox.Information, title or parent.windowTitle(),
                      text, QMessageBox.Ok, parent)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()
    parent._last_message = text  # what the last box said (read by tests and the status bar)
    return box


def set_status(label: QLabel, text: str, *, error: bool = False) -> None:
    """A form's status line: blue for information, red for an error (the style sheet reads the
    `error` property)."""
    label.setProperty("error", error)
    label.setText(text)
    label.style().unpolish(label)
    label.style().polish(label)

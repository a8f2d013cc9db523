"""The papers of a case, after it is submitted: print each through Qt's print dialog, or save it.

PDF pages are drawn with QtPdf onto the printer at its own resolution, so the 80 mm receipt and the
A4 notices print at their real size."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Slot
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QGridLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.ui.notify import show_message


def pdf_page_count(pdf: bytes) -> int:
    doc, _buf = _open(pdf)
    return doc.pageCount()


def _open(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.ReadOnly)
    doc = QPdfDocument()
    doc.load(buffer)
    return doc, buffer  # the buffer must outlive the document's use


def print_pdf(pdf: bytes, printer: QPrinter) -> bool:
    """Draw every page of the PDF onto the printer, scaled to the printable area."""
    doc, _buffer = _open(pdf)
    if doc.pageCount() == 0:
        return False
    first = doc.pagePointSize(0)
    printer.setPageSize(QPageSize(first, QPageSize.Point))
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for page in range(doc.pageCount()):
            if page:
                printer.newPage()
            area = painter.viewport()
            size = doc.pagePointSize(page)
            scale = min(area.width() / size.width(), area.height() / size.height())
            image = doc.render(page, QSize(int(size.width() * scale), int(size.height() * scale)))
            painter.drawImage(0, 0, image)
    finally:
        painter.end()
    return True


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text)


class DocumentsDialog(QDialog):
    """One row per document: its title and serial, [打印…] and [保存PDF…]."""

    def __init__(self, parent: QWidget | None, title: str, documents, *, save_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._documents = list(documents)
        self._save_dir = save_dir or Path.home()
        self.saved: list[Path] = []
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        grid = QGridLayout()
        for row, doc in enumerate(self._documents):
            grid.addWidget(QLabel(f"{doc.title}　{doc.serial}"), row, 0)
            print_button = QPushButton(self.tr("打印…"))
            print_button.clicked.connect(lambda _=False, d=doc: self.print_document(d))
            save_button = QPushButton(self.tr("保存PDF…"))
            save_button.clicked.connect(lambda _=False, d=doc: self.on_save_requested(d))
            grid.addWidget(print_button, row, 1)
            grid.addWidget(save_button, row, 2)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.Close).setText(self.tr("关闭"))
        layout.addWidget(buttons)

    def print_document(self, doc) -> None:
        printer = QPrinter(QPrinter.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.Accepted:
            return
        if not print_pdf(doc.pdf, printer):
            show_message(self, self.tr("打印失败：请检查打印机，或先保存为PDF"))

    def save_to(self, doc, path: Path) -> Path:
        path.write_bytes(doc.pdf)
        self.saved.append(path)
        return path

    @Slot()
    def on_save_requested(self, doc) -> None:
        suggested = self._save_dir / f"{_safe_name(doc.title)}_{doc.serial}.pdf"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存PDF"), str(suggested), "PDF (*.pdf)")
        if name:
            try:
                self.save_to(doc, Path(name))
            except OSError as exc:
                show_message(self, self.tr("保存失败：{reason}").format(reason=exc.strerror or str(exc)))


__all__ = ["DocumentsDialog", "print_pdf", "pdf_page_count"]

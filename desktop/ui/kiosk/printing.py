"""Silent printing for the kiosk: straight to the default printer, no dialog (nobody at a kiosk
could answer one). The PDF's pages are drawn with QtPdf onto a QPrinter at its own resolution
(documents_dialog.print_pdf), so the 80 mm slip and the A4 admission ticket come out at their size.

A printer is any callable (pdf bytes, title) → outcome; it runs on the kiosk's print worker, off
the GUI thread. Tests pass a fake one."""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

PRINTED, NO_PRINTER, FAILED = "printed", "no_printer", "failed"
Printer = Callable[[bytes, str], str]


def default_printer_name() -> str:
    from PySide6.QtPrintSupport import QPrinterInfo

    return QPrinterInfo.defaultPrinterName()


def print_silently(pdf: bytes, title: str) -> str:
    """To the system's default printer: PRINTED, NO_PRINTER (none configured) or FAILED."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from desktop.ui.documents_dialog import print_pdf

    name = default_printer_name()
    if not name:
        return NO_PRINTER
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        return NO_PRINTER
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    try:
        return PRINTED if print_pdf(pdf, printer) else FAILED
    except Exception:  # noqa: BLE001 - a driver's failure must not end the kiosk; logged, said on screen
        log.exception("kiosk printing failed")
        return FAILED

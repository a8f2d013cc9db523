"""The QApplication: the bundled CJK font, the translator, the style sheet, the saved language."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from desktop.paths import cjk_font_path, resource_path

ORGANISATION, APPLICATION = "CounterDesk", "counterdesk"
LANGUAGES = ("zh", "en")


def settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def saved_language() -> str:
    value = settings().value("ui/language", "zh")
    return value if value in LANGUAGES else "zh"


def save_language(lang: str) -> None:
    settings().setValue("ui/language", lang if lang in LANGUAGES else "zh")


def register_font() -> str:
    """Register the bundled WenQuanYi Micro Hei so Chinese renders on a machine with no CJK font."""
    font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else QFont().family()


def app_icon() -> QIcon:
    """The one application icon (resources/icons; installer/make_icons.py draws it): windows, About."""
    icon = QIcon()
    for size in (48, 128, 256):
        path = resource_path("icons", f"counterdesk-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


def install_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Chinese is the source language; English comes from counterdesk_en.qm."""
    for old in getattr(app, "_counterdesk_translators", []):
        app.removeTranslator(old)
    app._counterdesk_translators = []
    if lang != "en":
        QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
        # Qt's own strings (OK, Cancel, …) from the translations PySide6 ships.
        qt_strings = QTranslator(app)
        if qt_strings.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_strings)
            app._counterdesk_translators.append(qt_strings)
        return None
    translator = QTranslator(app)
    if translator.load(str(resource_path("translations", "counterdesk_en.qm"))):
        app.installTranslator(translator)
        app._counterdesk_translators.append(translator)
        QLocale.setDefault(QLocale(QLocale.English, QLocale.UnitedStates))
        return translator
    return None


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
                or not sys.platform.startswith("linux"))


def create_application(lang: str | None = None, *, offscreen: bool = False) -> QApplication:
    """The one QApplication of the process (reused if it exists, as under pytest-qt).
    offscreen: render without a screen (screenshots), whatever the machine has."""
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    family = register_font()
    font = QFont(family)
    font.setPixelSize(15)
    app.setFont(font)
    app.setWindowIcon(app_icon())
    install_translator(app, lang or saved_language())
    style = resource_path("styles", "counterdesk.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app

"""帮助 menu: 快捷键 (the keyboard shortcuts a window really has) and 关于 (version, database, Qt, Python).

The shortcut list is read from the live window — its QActions, QShortcuts and buttons with a
shortcut — when the dialog opens, so it cannot go stale: a key added anywhere appears here, and a
QShortcut without a description (its whatsThis) shows up as a gap that tests/ui/test_help.py catches.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QDialog, QDialogButtonBox,
                               QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget)

from desktop import __version__
from desktop.ui.models import RecordTableModel
from desktop.ui.qtapp import app_icon


@dataclass(frozen=True)
class ShortcutRow:
    keys: str  # as the platform writes them (NativeText): Ctrl+1, F1
    action: str
    where: str


def _plain(text: str) -> str:
    """A menu or button text without its mnemonic and trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ").strip()


def _where(obj, scopes: list[tuple[QWidget, str]], everywhere: str) -> str:
    """The panel a shortcut belongs to: the first scope widget among its ancestors."""
    widget = obj if isinstance(obj, QWidget) else obj.parent()
    while widget is not None:
        for scope, name in scopes:
            if widget is scope:
                return name
        widget = widget.parentWidget()
    return everywhere


def gather_shortcuts(window: QWidget, scopes: list[tuple[QWidget, str]], everywhere: str) -> list[ShortcutRow]:
    """Every shortcut defined under `window`: menu actions, QShortcuts (described by whatsThis) and
    buttons with a key; `scopes` names the panels (widget, name) so a row says where its key works."""
    rows: list[ShortcutRow] = []
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            if not seq.isEmpty() and action.text():
                rows.append(ShortcutRow(seq.toString(QKeySequence.NativeText), _plain(action.text()), everywhere))
    for shortcut in window.findChildren(QShortcut):
        for seq in shortcut.keys():
            if not seq.isEmpty():
                rows.append(ShortcutRow(seq.toString(QKeySequence.NativeText), _plain(shortcut.whatsThis()),
                                        _where(shortcut, scopes, everywhere)))
    for button in window.findChildren(QAbstractButton):
        seq = button.shortcut()
        if not seq.isEmpty():
            rows.append(ShortcutRow(seq.toString(QKeySequence.NativeText), _plain(button.text()),
                                    _where(button, scopes, everywhere)))
    order = {name: i for i, (_, name) in enumerate(scopes)}

    def key(r: ShortcutRow):
        # F-keys in number order (F2 before F10), then the rest alphabetically
        fkey = r.keys[1:].isdigit() and r.keys.startswith("F")
        return (order.get(r.where, -1), not fkey, int(r.keys[1:]) if fkey else 0, r.keys)

    return sorted(set(rows), key=key)


class ShortcutsDialog(QDialog):
    """快捷键: a table of key, what it does, where it works."""

    def __init__(self, rows: list[ShortcutRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("快捷键"))
        self.rows = rows
        self.model = RecordTableModel([(self.tr("按键"), lambda r: r.keys), (self.tr("功能"), lambda r: r.action),
                                       (self.tr("适用于"), lambda r: r.where)], self)
        self.model.set_rows(rows)
        self.view = QTableView()
        self.view.setObjectName("shortcutTable")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        note = QLabel(self.tr("功能键在“排队叫号”面板中有效；Tab 和 Shift+Tab 在输入框之间移动，回车确认。"))
        note.setObjectName("pageNote")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(620, min(760, 150 + 34 * len(rows)))


class AboutDialog(QDialog):
    """关于: the icon, the name, the version, where the data is, what it runs on, the licence."""

    def __init__(self, db_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于 CounterDesk"))
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignTop)
        title = QLabel(self.tr("车驾管业务窗口服务台"))
        title.setObjectName("aboutTitle")
        self.version_label = QLabel(self.tr("CounterDesk 版本 {v}").format(v=__version__))
        self.version_label.setObjectName("aboutVersion")
        self.version_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.details = QLabel(self._details(db_label))
        self.details.setTextFormat(Qt.PlainText)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse)  # a clerk can copy it into a support request
        self.details.setWordWrap(True)
        licence = QLabel(self.tr("© 2026 CounterDesk 项目。专有软件，供车辆管理所内部使用。\n"
                                 "界面字体：文泉驿微米黑（Apache-2.0）；PySide6（LGPLv3）。"))
        licence.setObjectName("pageNote")
        licence.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(8)
        for widget in (title, self.version_label, self.details, licence):
            text.addWidget(widget)
        row = QHBoxLayout()
        row.setSpacing(20)
        row.addWidget(icon)
        row.addLayout(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)

    def _details(self, db_label: str) -> str:
        return "\n".join((
            self.tr("数据库：{db}").format(db=db_label),
            f"Qt {qVersion()} · PySide6 {pyside_version} · Python {platform.python_version()}",
            self.tr("系统：{os}").format(os=f"{platform.system()} {platform.release()} ({sys.platform})"),
        ))

"""Qt table models over plain rows (dataclasses from the services). Each is checked with
qtmodeltester in the tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.ui import formats

Column = tuple[str, Callable[[Any], object]]


class RecordTableModel(QAbstractTableModel):
    """Read-only rows, one per record; columns are (header, getter)."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            value = self._columns[index.column()][1](self._rows[index.row()])
            if isinstance(value, datetime):  # a date is written the UI language's way, never as str() does
                return formats.day_time(value)
            if isinstance(value, date):
                return formats.day(value)
            return "" if value is None else str(value)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> object:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section][0]
        if role == Qt.DisplayRole and orientation == Qt.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

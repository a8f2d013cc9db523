"""The exported XLSX opens in LibreOffice (headless, as a person's spreadsheet program would) with
the same sheets and the same numbers: LibreOffice reads our file and writes its own, which is read
back and compared cell by cell."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from desktop.exports.tally_files import tally_xlsx


def _soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        message = "LibreOffice is not installed (apt-get install libreoffice-calc)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _values(path):
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: [tuple(c for c in row) for row in ws.iter_rows(values_only=True)
                           if any(c not in (None, "") for c in row)] for ws in book.worksheets}
    finally:
        book.close()


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) < 1e-9
    return (a if a not in ("",) else None) == (b if b not in ("",) else None)


def test_tally_xlsx_opens_in_libreoffice_with_the_same_numbers(demo_hall, tmp_path):
    soffice = _soffice()
    hall, _ = demo_hall
    tally = hall.services.tallies.month(hall.admin, 2026, 3)
    ours = tmp_path / "tally.xlsx"
    ours.write_bytes(tally_xlsx(tally))
    out = tmp_path / "lo"
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                           "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(ours)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    theirs = out / "tally.xlsx"
    assert theirs.is_file(), done.stdout + done.stderr
    a, b = _values(ours), _values(theirs)
    assert list(a) == list(b)  # the same sheets in the same order, Chinese names intact
    numbers = 0
    for sheet, rows in a.items():
        assert len(rows) == len(b[sheet]), sheet
        for row_a, row_b in zip(rows, b[sheet], strict=True):
            width = max(len(row_a), len(row_b))
            row_a, row_b = row_a + (None,) * (width - len(row_a)), row_b + (None,) * (width - len(row_b))
            assert all(_same(x, y) for x, y in zip(row_a, row_b, strict=True)), (sheet, row_a, row_b)
            numbers += sum(isinstance(x, (int, float)) for x in row_a)
    assert numbers > 50  # the numbers are numbers on both sides, not text

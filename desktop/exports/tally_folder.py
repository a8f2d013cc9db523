"""One period's tally written to its folder: OUT/<period>/<hall>_<period>.xlsx, .pdf,
<hall>_<period>_csv/NN_<section>.csv and <hall>_<period>.json. Pure rendering and file writes, no
database: the year export runs it in a writer process, which then imports only ReportLab, openpyxl
and the renderers (not SQLAlchemy or the services)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from desktop.documents.tally_report import render_tally_report
from desktop.domain.tallies import MonthTally
from desktop.exports.tally_files import period_code, tally_csv, tally_json, tally_xlsx


def write_tally(tally: MonthTally, out: Path, formats: Iterable[str], *, qr_payload: str | None = None,
                serial: str = "") -> list[Path]:
    """The tally's files in out/<period>/: the chosen formats and the JSON. Returns what was written."""
    folder = Path(out) / period_code(tally)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{tally.hall_code}_{period_code(tally)}"
    written = []
    if "xlsx" in formats:
        written.append(_write(folder / f"{stem}.xlsx", tally_xlsx(tally)))
    if "csv" in formats:
        csv_folder = folder / f"{stem}_csv"
        csv_folder.mkdir(exist_ok=True)
        for name, data in tally_csv(tally).items():
            written.append(_write(csv_folder / name, data))
    if "pdf" in formats:
        written.append(_write(folder / f"{stem}.pdf", render_tally_report(tally, qr_payload=qr_payload,
                                                                           serial=serial)))
    written.append(_write(folder / f"{stem}.json", tally_json(tally)))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path




def warm() -> None:
    """Nothing: submitted first, so that the writer process starts (and imports this module) while
    the first tally is computed."""

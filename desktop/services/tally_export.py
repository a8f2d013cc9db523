"""Writing tallies to files (月度统计导出): a month or a year (the twelve months and the year summary),
in XLSX / CSV / PDF, always with the JSON that `export merge` reads. Shared by `counterdesk export` and
the GUI's export dialog: progress goes to a callback and a cancel check is asked between periods.

Each period goes into its own folder (OUT/2026-11/, OUT/2026/ for the year) as <hall>_<period>.xlsx,
.pdf, <hall>_<period>_csv/NN_<section>.csv and <hall>_<period>.json. A PDF gets a registered serial
and a signed QR (统计报表, kind TR) when the hall can sign."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from desktop.documents.tally_report import render_tally_report
from desktop.domain.errors import CounterDeskError, ValidationError
from desktop.domain.tallies import EXPORT_FORMATS, MonthTally
from desktop.exports.tally_files import period_code, tally_csv, tally_json, tally_xlsx
from desktop.services.base import Actor

FORMATS = EXPORT_FORMATS

Progress = Callable[[int, int, str], None]  # done, total, what
Job = tuple[str, Callable[[object, Actor], MonthTally]]  # label, (tally service, actor) → tally


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)
    periods: int = 0
    cancelled: bool = False


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    items = [t.strip().lower() for t in (text.split(",") if isinstance(text, str) else text) if t.strip()]
    unknown = [t for t in items if t not in FORMATS]
    if unknown or not items:
        raise ValidationError("format", "format_unknown",
                              f"导出格式应为 xlsx、csv、pdf 中的一个或多个，收到：{','.join(unknown) or '（空）'}",
                              f"Formats are one or more of xlsx, csv, pdf; got: {','.join(unknown) or '(none)'}")
    return tuple(dict.fromkeys(items))


def month_jobs(year: int, month: int, hall: str | None) -> list[Job]:
    return [(f"{year}-{month:02d}", lambda s, a: s.month(a, year, month, hall))]


@dataclass(frozen=True)
class YearSummary:
    """The year summary as a job that can be sent to another process: it takes as long as the twelve
    months together, so export_periods computes it there while the months are computed here."""

    year: int
    hall: str | None

    def __call__(self, tallies, actor: Actor) -> MonthTally:
        return tallies.year(actor, self.year, self.hall)


def year_jobs(year: int, hall: str | None) -> list[Job]:
    jobs: list[Job] = [(f"{year}-{m:02d}", lambda s, a, m=m: s.month(a, year, m, hall)) for m in range(1, 13)]
    jobs.append((f"{year} 全年", YearSummary(year, hall)))
    return jobs


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


def signed(documents, actor: Actor, tally: MonthTally) -> tuple[str | None, str]:
    """A registered serial and its signed QR payload for the PDF, or none when this hall cannot sign
    (no key): the report is still written, without the QR."""
    try:
        ref = documents.issue(actor, "TR", subject=f"统计报表 {tally.hall_code} {period_code(tally)}",
                              record_type="tally", record_id=period_code(tally))
    except CounterDeskError:
        return None, ""
    return ref.payload, ref.serial


def export_periods(tallies, documents, actor: Actor, jobs: list[Job], out: Path, formats: Iterable[str],
                   progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Compute each period's tally and write its files. With several periods the files are written
    by a second process while the next tally is computed (the two halves take about as long each),
    so a year in three formats takes about half the time; a single period is written in-process."""
    formats = tuple(formats)
    result = ExportResult()
    pool = _render_pool() if len(jobs) > 1 else None
    pending: list[tuple[str, Future]] = []
    # The year summary starts at once in a third process (on its own connection to the same database).
    url = tallies.shared_url() if pool is not None and hasattr(tallies, "shared_url") else None
    side = _render_pool() if url and any(isinstance(make, YearSummary) for _, make in jobs) else None
    early = {i: side.submit(_tally_elsewhere, url, make, actor, tallies.now()) for i, (_, make) in enumerate(jobs)
             if side is not None and isinstance(make, YearSummary)}

    def collect(block: bool) -> None:
        while pending and (block or pending[0][1].done()):
            label, future = pending.pop(0)
            result.files += future.result()
            result.periods += 1
            if progress is not None:
                progress(result.periods, len(jobs), label)

    try:
        for i, (label, make) in enumerate(jobs):
            if cancelled is not None and cancelled():
                result.cancelled = True
                break
            tally = _early_result(early.get(i))
            if tally is None:
                tally = make(tallies, actor)
            qr, serial = signed(documents, actor, tally) if "pdf" in formats else (None, "")
            if pool is None:
                result.files += write_tally(tally, out, formats, qr_payload=qr, serial=serial)
                result.periods += 1
                if progress is not None:
                    progress(result.periods, len(jobs), label)
                continue
            pending.append((label, pool.submit(write_tally, tally, out, formats, qr_payload=qr, serial=serial)))
            collect(block=len(pending) > 2)  # at most two periods waiting for the writer
        collect(block=True)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if side is not None:
            side.shutdown(wait=not result.cancelled, cancel_futures=True)
    return result


def _tally_elsewhere(url: str, make: YearSummary, actor: Actor, at) -> MonthTally:
    """In the side process: the tally on a connection of its own, stamped with the parent's time."""
    from desktop.services.tallies import TallyService
    from desktop.store.engine import make_engine, make_session_factory

    engine = make_engine(url)
    try:
        return make(TallyService(make_session_factory(engine), lambda: at), actor)
    finally:
        engine.dispose()


def _early_result(future: Future | None) -> MonthTally | None:
    """The side process's tally; None when there was none or it failed (it is then computed here,
    where a refusal raises with its own message)."""
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - whatever went wrong there, the in-process run reports it properly
        return None


def _render_pool() -> Executor | None:
    """One writer process (spawned: safe from a Qt thread); None where processes cannot start."""
    try:
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError, NotImplementedError):
        return None

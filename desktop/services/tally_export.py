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

from desktop.domain.errors import CounterDeskError, ValidationError
from desktop.domain.tallies import EXPORT_FORMATS, MonthTally
from desktop.exports.tally_files import period_code
from desktop.exports.tally_folder import warm, write_tally
from desktop.services.base import Actor

FORMATS = EXPORT_FORMATS
# Tallies computed and waiting for the writer process at most (a year's thirteen are a few hundred KB).
MAX_WAITING = 13

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


class _YearRun:
    """The thirteen jobs of a year share one TallyService.year_run (the summary merges the months'
    queue figures; each month's 环比 reads the month before's); a new one when the service or actor
    changes."""

    def __init__(self, year: int, hall: str | None) -> None:
        self.year, self.hall = year, hall
        self._run = None
        self._for: tuple[int, int] | None = None

    def of(self, tallies, actor: Actor):
        if self._run is None or self._for != (id(tallies), id(actor)):
            self._run, self._for = tallies.year_run(actor, self.year, self.hall), (id(tallies), id(actor))
        return self._run


def year_jobs(year: int, hall: str | None) -> list[Job]:
    """The twelve months, then the year summary (its label 'YYYY 全年')."""
    shared = _YearRun(year, hall)
    jobs: list[Job] = [(f"{year}-{m:02d}", lambda s, a, m=m: shared.of(s, a).month(m)) for m in range(1, 13)]
    jobs.append((f"{year} 全年", lambda s, a: shared.of(s, a).summary()))
    return jobs


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
    if pool is not None:
        pool.submit(warm)  # the writer starts up while the first tally is computed
    pending: list[tuple[str, Future]] = []

    def collect(block: bool) -> None:
        while pending and (block or pending[0][1].done()):
            label, future = pending.pop(0)
            result.files += future.result()
            result.periods += 1
            if progress is not None:
                progress(result.periods, len(jobs), label)

    try:
        for label, make in jobs:
            if cancelled is not None and cancelled():
                result.cancelled = True
                break
            tally = make(tallies, actor)
            qr, serial = signed(documents, actor, tally) if "pdf" in formats else (None, "")
            if pool is None:
                result.files += write_tally(tally, out, formats, qr_payload=qr, serial=serial)
                result.periods += 1
                if progress is not None:
                    progress(result.periods, len(jobs), label)
                continue
            pending.append((label, pool.submit(write_tally, tally, out, formats, qr_payload=qr, serial=serial)))
            collect(block=len(pending) > MAX_WAITING)
        collect(block=True)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return result


def _render_pool() -> Executor | None:
    """One writer process (spawned: safe from a Qt thread); None where processes cannot start."""
    try:
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError, NotImplementedError):
        return None

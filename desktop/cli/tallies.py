"""`export` (月度/年度统计 as files) and `export merge` (the league's tally from its halls' files).

    counterdesk export --month 2026-11 --format xlsx,csv,pdf --out DIR [--hall CODE|all]
    counterdesk export --year 2026 --out DIR          # the twelve months and the year, with a progress bar
    counterdesk export merge 左旗.json 右旗.json 额济纳.json --out DIR

Each period goes into its own folder (DIR/2026-11/, DIR/2026/ for the year) as <hall>_<period>.xlsx,
.pdf, <hall>_<period>_csv/NN_<section>.csv, and always <hall>_<period>.json — the file merge reads.
A PDF gets a registered serial and a signed QR (统计报表, kind TR) when the hall has a signing key.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from desktop.cli.common import UsageError, open_context
from desktop.cli.vehicles import _system
from desktop.domain.errors import ValidationError
from desktop.domain.tallies import EXPORT_FORMATS as FORMATS
_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")


def register(sub) -> None:
    p = sub.add_parser("export", help="monthly / yearly tallies as files (月度统计导出); `export merge` combines halls")
    period = p.add_mutually_exclusive_group()
    period.add_argument("--month", help="YYYY-MM")
    period.add_argument("--year", help="YYYY: the twelve months and the year summary")
    p.add_argument("--format", default=",".join(FORMATS),
                   help="comma-separated, of xlsx,csv,pdf (default: all); the JSON is always written")
    p.add_argument("--out", type=Path, help="the folder to write into")
    p.add_argument("--hall", help="a hall code, or all for every hall of the database (default: this hall)")
    p.set_defaults(handler=cmd_export)
    merge = p.add_subparsers(dest="export_action").add_parser(
        "merge", help="combine halls' JSON exports of one period into the league's tally (盟级合并)")
    merge.add_argument("files", nargs="+", type=Path, metavar="FILE.json")
    merge.add_argument("--out", type=Path, required=True)
    merge.add_argument("--format", default=",".join(FORMATS), help="as for export (default: all)")
    merge.set_defaults(handler=cmd_merge)


def _formats(text: str) -> list[str]:
    chosen = [f.strip().lower() for f in text.split(",") if f.strip()]
    if bad := [f for f in chosen if f not in FORMATS]:
        raise UsageError(f"unknown format {bad[0]!r}: give a comma-separated list of {','.join(FORMATS)}")
    return list(dict.fromkeys(chosen))


def _month(text: str) -> tuple[int, int]:
    m = _MONTH_RE.fullmatch(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise UsageError(f"--month must be YYYY-MM, not {text!r}")
    return int(m.group(1)), int(m.group(2))


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise UsageError(f"--year must be YYYY, not {text!r}")
    return int(text)


def _progress(done: int, total: int, label: str) -> None:
    """A text bar on stderr, redrawn in place on a terminal, a line a step otherwise."""
    width = 24
    filled = round(width * done / total)
    line = f"[{'#' * filled}{'-' * (width - filled)}] {done:>2}/{total} {label}"
    if sys.stderr.isatty():
        print(f"\r{line}", end="" if done < total else "\n", file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr, flush=True)


def _tallies(ctx):
    """The tally service; built here on the context's sessions until Services carries it."""
    service = getattr(ctx.services, "tallies", None)
    if service is None:
        from desktop.services.tallies import TallyService

        service = TallyService(ctx.session_factory)
    return service


def cmd_export(args) -> int:
    from desktop.services import tally_export  # PDF and XLSX writers: loaded only by the commands that write

    if args.month is None and args.year is None:
        raise UsageError("give --month YYYY-MM or --year YYYY (or: export merge FILE.json… --out DIR)")
    if args.out is None:
        raise UsageError("give --out DIR")
    formats = _formats(args.format)
    hall = args.hall.strip() if args.hall else None
    hall = "all" if hall and hall.lower() == "all" else hall
    if args.month is not None:
        year, month = _month(args.month)
        jobs = tally_export.month_jobs(year, month, hall)
    else:
        jobs = tally_export.year_jobs(_year(args.year), hall)
    ctx = open_context(args)
    try:
        result = tally_export.export_periods(_tallies(ctx), ctx.services.documents, _system(ctx, "report"), jobs,
                                             args.out, formats, progress=_progress if len(jobs) > 1 else None)
    finally:
        ctx.dispose()
    written = result.files
    folders = sorted({p.parent.parent if p.parent.name.endswith("_csv") else p.parent for p in written})
    print(f"月度统计 / tallies: {len(jobs)} 期 / periods, {len(written)} 个文件 / files → "
          + ", ".join(str(f) for f in folders))
    return 0


def cmd_merge(args) -> int:
    from desktop.exports.tally_files import merge_tallies, read_tally_json
    from desktop.services import tally_export

    formats = _formats(args.format)
    tallies = []
    for path in args.files:
        if not path.is_file():
            raise ValidationError("file", "file_missing", f"找不到文件：{path}", f"No such file: {path}")
        try:
            tallies.append(read_tally_json(path.read_bytes()))
        except ValidationError as exc:
            raise ValidationError("file", exc.code, f"{path}：{exc.message_zh}", f"{path}: {exc.message_en}") from None
    merged = merge_tallies(tallies)
    written = tally_export.write_tally(merged, args.out, formats)
    print(f"合并 / merged {len(tallies)} 个大厅 / halls ({', '.join(t.hall_code for t in tallies)}) → "
          f"{written[-1].parent} ({len(written)} 个文件 / files)")
    return 0

"""Bad input to the month's tally (tallies.month: years, months and halls that do not exist), to the export
formats (tally_export.parse_formats) and to restore (backup.restore from a file that is not a
backup): each refused with a clear message; the database is left as it was."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import ValidationError
from desktop.domain.tallies import FIRST_YEAR, LAST_YEAR
from desktop.services import backup
from desktop.services.tally_export import FORMATS, parse_formats
from tests.conftest import HALL
from tests.property import support
from tests.property.support import campaign, junk, noise, refused, tick

pytestmark = support.QUIET


@given(data=st.data(), fault=st.sampled_from(["month", "hall", "year"]))
@campaign(30)
def test_month_tally_refuses_months_and_halls_that_do_not_exist(phall, data, fault):
    year = data.draw(st.one_of(st.integers(max_value=FIRST_YEAR - 1), st.integers(min_value=LAST_YEAR + 1),
                               st.sampled_from([0, 1, 9999, 10000]))) if fault == "year" \
        else data.draw(st.integers(FIRST_YEAR, LAST_YEAR))
    month = data.draw(st.one_of(st.integers(max_value=0), st.integers(min_value=13))) if fault == "month" \
        else data.draw(st.integers(1, 12))
    hall = data.draw(junk.filter(lambda t: t and t not in (HALL, "all"))) if fault == "hall" else None
    refused(phall.watch, "tallies.month", phall.services.tallies.month, phall.chief, year, month, hall)


format_items = st.one_of(st.sampled_from([*FORMATS, "XLSX", " pdf ", "xls", "docx", "csv;pdf", "", " ", "pdf,"]), noise)


@given(text=st.one_of(format_items, st.lists(format_items, max_size=5).map(",".join), st.lists(format_items, max_size=5)))
@campaign(50)
def test_parse_formats_returns_formats_or_says_which_are_unknown(text):
    """Any text (or list of texts): the formats asked for, in order, each once — or a ValidationError
    that names the unknown ones. Never anything else."""
    tick("tally_export.parse_formats")
    try:
        formats = parse_formats(text)
    except ValidationError as exc:
        support.assert_clear(exc, "tally_export.parse_formats")
        assert exc.field == "format"
        return
    items = [t.strip().lower() for t in (text.split(",") if isinstance(text, str) else text) if t.strip()]
    assert formats and set(formats) <= set(FORMATS) and len(set(formats)) == len(formats)
    assert list(formats) == list(dict.fromkeys(items))


SQLITE_HEADER = b"SQLite format 3\x00"
_names = itertools.count(1)


def _sidecar(path: Path, backend: str) -> None:
    backup.sidecar(path).write_text(json.dumps(dict(last_audit_id=0, last_audit_at="", halls=[HALL],
                                                    backend=backend)), encoding="utf-8")


@st.composite
def not_backups(draw, folder: Path) -> Path:
    """A file that is not a backup: random bytes, an empty or a text file, a missing file or a
    folder; or random bytes (with or without the SQLite header) beside a well-formed .json that
    says SQLite or PostgreSQL. (A damaged .json and an SQLite file that is not ours: test_known_bugs.)"""
    kind = draw(st.sampled_from(["random", "empty", "text", "missing", "folder", "random+json", "header+json",
                                 "postgres+json"]))
    path = folder / f"b{next(_names)}{draw(st.sampled_from(['.sqlite3', '.bak', '', '.json']))}"
    if kind == "missing":
        return path
    if kind == "folder":
        path.mkdir(exist_ok=True)
        return path
    if kind == "random":
        data = draw(st.binary(min_size=1, max_size=3000).filter(lambda b: not b.startswith(SQLITE_HEADER[:6])))
    elif kind == "empty":
        data = b""
    elif kind == "text":
        data = draw(noise).encode("utf-8") + b"\nvin,plate\n"
    elif kind == "header+json":
        data = SQLITE_HEADER + draw(st.binary(min_size=0, max_size=3000))
    else:
        data = os.urandom(draw(st.integers(1, 3000)))
    path.write_bytes(data)
    if kind.endswith("+json"):
        _sidecar(path, "postgresql" if kind.startswith("postgres") else "sqlite")
    elif backup.sidecar(path).exists():
        backup.sidecar(path).unlink()
    return path


@given(data=st.data(), force=st.booleans())
@campaign(25)
def test_restore_refuses_a_file_that_is_not_a_backup(phall, files, data, force):
    src = data.draw(not_backups(files))
    refused(phall.watch, "backup.restore", backup.restore, phall.url, src, force=force)

"""What the bad-input campaign (issue 9) shares: the example counter, the database snapshot, the
check that a refusal is a clear bilingual CounterDeskError that changed nothing, and the strategies
that make bad identifiers, dates, plates and text.

Every hypothesis test body calls `tick(entry)` once per generated example, so the campaign can say
how many bad inputs each entry point saw (printed at the end of the run; test_zz_campaign asserts
the total)."""

from __future__ import annotations

import calendar
import os
import re
import sqlite3
import string
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from desktop.domain import plates as plate_rules
from desktop.domain.errors import CounterDeskError, ValidationError
from desktop.domain.identifiers import (
    USCC_ALPHABET,
    VIN_ALPHABET,
    _VIN_VALUES,
    make_resident_id,
    make_uscc,
    make_vin,
    resident_id_check_digit,
    uscc_check_char,
    validate_resident_id,
    validate_uscc,
)
from desktop.services.appointments import ImportReport
from desktop.store.base import Base

TODAY = date(2026, 11, 26)  # the FakeClock's hall day (tests/conftest.py)

# -- the count of generated inputs -----------------------------------------------------------------

COUNTS: Counter[str] = Counter()
LONGEST: dict[str, int] = {}  # the longest message each entry point gave (a paste echoed back shows here)
# Every entry point the campaign covers: test_zz_campaign checks they all ran before asserting the total.
ENTRY_POINTS = (
    "vehicle_import", "licence_import", "candidate_import", "candidate_import.rows", "appointments.import",
    "import.file_level", "import.xlsx_formulas",
    "persons.register", "persons.register_company", "auth.login", "auth.create_staff", "tickets.take",
    "calling.call_specific", "vehicle_cases.submit", "plates.self_composed", "driver_cases.submit",
    "exam_plans.save_site", "exam_plans.publish", "exam_bookings.request", "exam_day.scan",
    "exam_day.record_result", "documents.verify", "tallies.month", "tally_export.parse_formats",
    "backup.restore",
)
MIN_TOTAL = 1000
# A failing example with a 100k-character cell makes hypothesis warn about its own report, and the
# project turns warnings into errors: that would hide the real failure.
QUIET = pytest.mark.filterwarnings("ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning")


def tick(entry: str) -> None:
    assert entry in ENTRY_POINTS, entry
    COUNTS[entry] += 1


# CAMPAIGN_SCALE=10 runs ten times the examples (a deeper search, minutes instead of a minute).
SCALE = float(os.environ.get("CAMPAIGN_SCALE", "1"))


def campaign(examples: int):
    """hypothesis settings for one loop: no deadline (SQLite on a busy 2-core machine), no example
    database (nothing written outside tmp), module fixtures shared between examples."""
    return settings(max_examples=max(1, round(examples * SCALE)), deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much,
                                           HealthCheck.large_base_example])


# -- the database before and after -------------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int]
    data_version: int | None  # SQLite: changes whenever another connection commits a write

    def diff(self, other: Snapshot) -> dict[str, tuple[int, int]]:
        return {t: (n, other.counts[t]) for t, n in self.counts.items() if other.counts[t] != n}


class Watch:
    """Row counts of every table (the audit log included) plus, on SQLite, PRAGMA data_version read
    on a connection of our own: it moves whenever any service connection commits a change."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        url = make_url(ctx.db_url)
        self._raw = sqlite3.connect(url.database, isolation_level=None) if url.get_backend_name() == "sqlite" else None

    _tables = [t.name for t in Base.metadata.sorted_tables]
    _one_query = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{name}")' for name in _tables)

    def snapshot(self) -> Snapshot:
        if self._raw is None:
            with self.ctx.engine.connect() as conn:
                counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                          for t in Base.metadata.sorted_tables}
            return Snapshot(counts, None)
        # One statement on our own connection (autocommit: it sees the last commit of any other).
        counts = dict(zip(self._tables, self._raw.execute(self._one_query).fetchone(), strict=True))
        return Snapshot(counts, self._raw.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()


# -- what a refusal must look like --------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def assert_clear(exc: BaseException, entry: str = "") -> None:
    """A CounterDeskError with a code, a Chinese message and an English one."""
    assert isinstance(exc, CounterDeskError), f"{entry}: {type(exc).__name__}: {exc!r}"
    assert isinstance(exc.code, str) and exc.code.strip(), f"{entry}: no error code: {exc!r}"
    assert isinstance(exc.message_zh, str) and _CJK.search(exc.message_zh), f"{entry}: no Chinese message: {exc!r}"
    assert isinstance(exc.message_en, str) and _LATIN.search(exc.message_en), f"{entry}: no English message: {exc!r}"
    if isinstance(exc, ValidationError):
        assert isinstance(exc.field, str) and exc.field.strip(), f"{entry}: a ValidationError names no field"
    if entry:
        LONGEST[entry] = max(LONGEST.get(entry, 0), len(exc.message_zh), len(exc.message_en))


@contextmanager
def short_traceback():
    """The bug's exception as a one-line AssertionError: pytest formats a traceback for every xfail,
    and one from deep inside SQLAlchemy or openpyxl costs it a second or two of parsing their sources."""
    try:
        yield
    except (AssertionError, CounterDeskError):
        raise
    except Exception as exc:  # noqa: BLE001 — this is the bug being pinned
        raise AssertionError(f"{type(exc).__module__}.{type(exc).__name__}: {str(exc)[:300]}") from None


def refused(watch: Watch, entry: str, call, *args, **kwargs) -> CounterDeskError:
    """Run one call with a bad input: it must raise a clear CounterDeskError and change no row.
    Any other exception propagates and fails the test with its traceback."""
    tick(entry)
    before = watch.snapshot()
    try:
        result = call(*args, **kwargs)
    except CounterDeskError as exc:
        assert_clear(exc, entry)
        after = watch.snapshot()
        assert after.counts == before.counts, f"{entry}: a refused call changed rows: {before.diff(after)}"
        assert after.data_version == before.data_version, f"{entry}: a refused call committed a change"
        return exc
    raise AssertionError(f"{entry}: a bad input was accepted: args={_short(args)} kwargs={_short(kwargs)} "
                         f"→ {_short(result)}")


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 400 else text[:400] + f"… ({len(text)} characters)"


def check_report(entry: str, report: ImportReport, data_rows: list[int] | None) -> None:
    """An import of bad rows: nothing imported, and every error names its row and its field with a
    bilingual message. `data_rows`: the spreadsheet rows that hold data (each must be reported)."""
    assert isinstance(report, ImportReport), report
    assert report.imported == 0 and report.unchanged == 0, f"{entry}: bad rows were imported: {report}"
    for e in report.errors:
        assert isinstance(e.row, int) and e.row >= 1, f"{entry}: {e}"
        assert isinstance(e.field, str) and e.field.strip(), f"{entry}: an error names no field: {e}"
        assert _CJK.search(e.message) and _LATIN.search(e.message), f"{entry}: not bilingual: {e}"
        LONGEST[entry] = max(LONGEST.get(entry, 0), len(e.message))
    if data_rows is not None:
        reported = {e.row for e in report.errors}
        column_errors = {e.row for e in report.errors} == {1}  # a whole column is missing: said once, row 1
        assert column_errors or reported == set(data_rows), \
            f"{entry}: rows {sorted(set(data_rows) - reported)} not reported ({report.errors[:5]})"


def imported_nothing(watch: Watch, entry: str, before: Snapshot) -> None:
    """After an import of bad rows: no table changed but the audit log, by its one import entry."""
    after = watch.snapshot()
    changed = before.diff(after)
    audit = changed.pop("audit_log", None)
    assert not changed, f"{entry}: bad rows changed tables: {changed}"
    assert audit is None or audit[1] - audit[0] == 1, f"{entry}: audit entries {audit}"


# -- strategies: text ----------------------------------------------------------------------------------

SQL_META = ["'; DROP TABLE persons; --", "\" OR 1=1 --", "%", "_", "%_%", "\\", "'", "''", "1; DELETE FROM staff",
            "Robert'); DROP TABLE staff;--", "NULL", "\x00", "a\x00b", "\u200f", "\u202e", "\ufeff", "\u200b",
            "😀", "👨‍👩‍👧", "𠀋𡈽", "ع", "שלום", "\u3000", "\t", "\r\n", "=1+1", "=HYPERLINK(\"http://x\",\"y\")",
            "@SUM(A1:A9)", "+1", "-1", "0x1F", "NaN", "inf", "-0", "1e999"]
HUGE = "号" * 100_000  # a 100k-character cell
HUGE_ASCII = "9" * 100_000

noise = st.one_of(
    st.sampled_from(SQL_META),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.text(alphabet="'%_\\\";-=@+ \x00\u200f\u202e😀", max_size=12),
)
junk = st.one_of(noise, st.sampled_from(["", " ", "\u3000", HUGE, HUGE_ASCII]))


# -- strategies: identifiers ---------------------------------------------------------------------------

REGIONS = ("152921", "152922", "152923", "110101", "440305", "650102")
birth_dates = st.dates(min_value=date(1935, 1, 1), max_value=date(2007, 12, 31))
valid_ids = st.builds(make_resident_id, st.sampled_from(REGIONS), birth_dates, st.integers(0, 999))


def _is_valid_party(text: str) -> bool:
    """Would the party-ID rule take it (as a resident ID, or as a USCC)?"""
    try:
        validate_resident_id(text, today=TODAY)
        return True
    except ValidationError:
        pass
    try:
        validate_uscc(text)
        return True
    except ValidationError:
        return False


@st.composite
def wrong_check_ids(draw) -> str:
    """A real-looking ID number with a wrong check character — also the one that is, by chance, the
    USCC check character of the same 17 digits (it stays a mistyped ID: test_known_bugs)."""
    good = draw(valid_ids)
    wrong = draw(st.sampled_from([c for c in "0123456789X" if c != good[17]]))
    return good[:17] + wrong


@st.composite
def impossible_birth_ids(draw) -> str:
    """18 digits with a correct check digit but no such birth date (Feb 30, month 13, year 1850…)."""
    year = draw(st.sampled_from([1850, 1899, 1983, 2000, 2001, 2023]))
    month, day = draw(st.sampled_from([(2, 30), (2, 31), (13, 1), (0, 10), (4, 31), (6, 0), (2, 29), (99, 99)]))
    if (month, day) == (2, 29) and calendar.isleap(year):
        day = 30
    first17 = f"{draw(st.sampled_from(REGIONS))}{year:04d}{month:02d}{day:02d}{draw(st.integers(0, 999)):03d}"
    return first17 + resident_id_check_digit(first17)


@st.composite
def future_birth_ids(draw) -> str:
    birth = draw(st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2099, 12, 31)))
    return make_resident_id(draw(st.sampled_from(REGIONS)), birth, draw(st.integers(0, 999)))


@st.composite
def malformed_ids(draw) -> str:
    good = draw(valid_ids)
    kind = draw(st.sampled_from(["short", "long", "letter", "old15", "space_letter", "fullwidth_x_mid"]))
    if kind == "short":
        return good[:draw(st.integers(1, 17))]
    if kind == "long":
        return good + draw(st.text(alphabet=string.digits, min_size=1, max_size=5))
    if kind == "letter":
        i = draw(st.integers(0, 16))
        return good[:i] + draw(st.sampled_from("ABCDEFXYZ")) + good[i + 1:]
    if kind == "old15":
        return good[:6] + good[8:17]
    if kind == "space_letter":
        return good[:10] + " O " + good[11:]
    return good[:8] + "Ｘ" + good[9:]


bad_ids = st.one_of(wrong_check_ids(), impossible_birth_ids(), future_birth_ids(), malformed_ids(),
                    junk.filter(lambda t: not _is_valid_party(t) if isinstance(t, str) and len(t) < 70 else True))


def bad_party_ids():
    """Bad as a person's ID and as a company's USCC alike."""
    return st.one_of(bad_ids, bad_usccs).filter(lambda t: len(t) > 70 or not _is_valid_party(t))


vin_templates = st.text(alphabet=VIN_ALPHABET, min_size=16, max_size=16)
valid_vins = vin_templates.map(make_vin)


@st.composite
def bad_vins(draw) -> str:
    """Wrong check digit; one character changed to one of another value (always caught); I/O/Q;
    wrong length; or junk."""
    good = draw(valid_vins)
    kind = draw(st.sampled_from(["check", "changed", "ioq", "length", "junk"]))
    if kind == "check":
        return good[:8] + draw(st.sampled_from([c for c in "0123456789X" if c != good[8]])) + good[9:]
    if kind == "changed":
        i = draw(st.sampled_from([n for n in range(17) if n != 8]))
        others = [c for c in VIN_ALPHABET if _VIN_VALUES[c] != _VIN_VALUES[good[i]]]
        return good[:i] + draw(st.sampled_from(others)) + good[i + 1:]
    if kind == "ioq":
        i = draw(st.integers(0, 16))
        return good[:i] + draw(st.sampled_from("IOQioq")) + good[i + 1:]
    if kind == "length":
        return draw(st.sampled_from([good[:16], good + "1", good[:10], good * 2]))
    return draw(junk)


first17_uscc = st.tuples(st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "Y1"]),
                         st.text(alphabet=string.digits, min_size=6, max_size=6),
                         st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8).map(lambda t: "M" + t)
                         ).map(lambda p: "".join(p))  # an "M" in it: never an ID number
valid_usccs = first17_uscc.map(make_uscc)


@st.composite
def _bad_usccs(draw) -> str:
    good = draw(valid_usccs)
    kind = draw(st.sampled_from(["check", "forbidden", "length", "region_letter"]))
    if kind == "check":
        return good[:17] + draw(st.sampled_from([c for c in USCC_ALPHABET if c != good[17]]))
    if kind == "forbidden":
        i = draw(st.integers(0, 17))
        return good[:i] + draw(st.sampled_from("IOZSV")) + good[i + 1:]
    if kind == "length":
        return draw(st.sampled_from([good[:17], good + "0", good[:9]]))
    first17 = good[:3] + "A" + good[4:17]
    return first17 + uscc_check_char(first17)


bad_usccs = _bad_usccs()


def _plate_invalid(text: str) -> bool:
    try:
        plate_rules.validate_plate(text)
    except ValidationError:
        return True
    return False


bad_plates = st.one_of(
    st.sampled_from(["蒙M1234", "蒙M123456", "蒙MI2345", "蒙M12O45", "XM12345", "M12345", "蒙12345", "京", "蒙M",
                     "蒙M-", "蒙蒙12345", "蒙MD1234", "蒙M1234挂挂", "蒙M·I2345", "'; DROP TABLE persons; --"]),
    st.text(alphabet="蒙京M1234567890IOABCDXYZ挂学警·- ", min_size=0, max_size=10),
    junk,
).filter(lambda t: len(t) > 70 or _plate_invalid(t))


# -- strategies: dates -----------------------------------------------------------------------------------

@st.composite
def impossible_date_texts(draw) -> str:
    """A date that does not exist, in the ways a register export writes dates."""
    year = draw(st.sampled_from([0, 1, 1899, 2019, 2021, 2023, 9999]))
    month, day = draw(st.sampled_from([(2, 30), (2, 29), (13, 1), (0, 1), (4, 31), (12, 32), (1, 0), (99, 99)]))
    if (month, day) == (2, 29) and calendar.isleap(year):
        day = 30
    fmt = draw(st.sampled_from(["{y:04d}-{m:02d}-{d:02d}", "{y:04d}{m:02d}{d:02d}", "{y:04d}/{m:02d}/{d:02d}",
                                "{y:04d}.{m:02d}.{d:02d}"]))
    return fmt.format(y=year, m=month, d=day)


bad_date_texts = st.one_of(
    impossible_date_texts(),
    st.sampled_from(["明天", "yesterday", "=TODAY()", "2019-5", "19-05-10", "2019_05_10", "'; DROP TABLE persons; --",
                     "05/10/2019", "2019年13月1日", "\u200f2019-05-10\u200f"]),
)

"""The campaign's own hall: one initialised SQLite database per test module (tests/conftest.py's
`hall` is per test and on both stores — too slow for hundreds of examples). Examples share it;
every refused example is checked to leave the row counts and the audit log as they were."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.context import open_app, open_store
from desktop.services.setup import initialise
from tests.conftest import ADMIN_PASSWORD, FAST_HASHER, HALL, FakeClock, Hall
from tests.property import support

STAFF = (("clerk", "clerk"), ("officer", "exam"), ("chief", "supervisor"))


class CampaignHall(Hall):
    """tests.conftest.Hall with a short repr: hypothesis prints the fixture in a failing example."""

    def __repr__(self) -> str:
        return f"<hall {self.url}>"


def make_hall(path) -> Hall:
    clock = FakeClock()
    url = f"sqlite:///{path}"
    _, engine, factory = open_store(url)
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password=ADMIN_PASSWORD, clock=clock, hasher=FAST_HASHER)
    engine.dispose()
    ctx = open_app(url, clock=clock, hasher=FAST_HASHER)
    hall = CampaignHall(url, ctx, clock, ctx.services.auth.login("admin", ADMIN_PASSWORD))
    for user, role in STAFF:
        ctx.services.auth.create_staff(hall.admin, user, role, f"{user}pass1")
        setattr(hall, user, ctx.services.auth.login(user, f"{user}pass1"))
    return hall


def open_hall(path) -> Hall:
    """The hall in an initialised database file (a copy of the template), everyone logged in."""
    clock = FakeClock()
    url = f"sqlite:///{path}"
    ctx = open_app(url, clock=clock, hasher=FAST_HASHER)
    hall = CampaignHall(url, ctx, clock, ctx.services.auth.login("admin", ADMIN_PASSWORD))
    for user, _ in STAFF:
        setattr(hall, user, ctx.services.auth.login(user, f"{user}pass1"))
    return hall


_template: list[Path] = []


def template_path(tmp_path_factory) -> Path:
    """One initialised database per session: each module works on its own copy."""
    if not _template:
        path = tmp_path_factory.mktemp("template") / "campaign.sqlite3"
        make_hall(path).ctx.dispose()  # the last connection closes: the file alone is the database
        _template.append(path)
    return _template[0]


@pytest.fixture(scope="session")
def hall_template(tmp_path_factory):
    return template_path(tmp_path_factory)


def pytest_collection_finish(session):
    """The CLI cases run as subprocesses that take two seconds each just to import: when test_z_cli is
    among the tests, start them now, so they run beside the in-process tests instead of after them."""
    if any(item.path.name == "test_z_cli.py" and item.path.parent.name == "property" for item in session.items):
        from tests.property import test_z_cli as cli_cases

        cli_cases.start(template_path(session.config._tmp_path_factory), session.config._tmp_path_factory)


def pytest_sessionfinish(session):
    from tests.property import test_z_cli as cli_cases

    cli_cases.stop()


@pytest.fixture(scope="module")
def phall(hall_template, tmp_path_factory):
    """An initialised hall (152900) on SQLite with admin, clerk, officer (考试员) and chief (科长), the
    clock at 09:30 on Thursday 26 November 2026; `watch` snapshots its tables."""
    path = tmp_path_factory.mktemp("campaign") / "campaign.sqlite3"
    shutil.copyfile(hall_template, path)
    hall = open_hall(path)
    hall.watch = support.Watch(hall.ctx)
    yield hall
    hall.watch.close()
    hall.ctx.dispose()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A folder for the generated files (module scoped: hypothesis examples reuse it)."""
    return tmp_path_factory.mktemp("files")


def pytest_terminal_summary(terminalreporter):
    if not support.COUNTS:
        return
    write = terminalreporter.write_line
    write("")
    write("bad-input campaign (issue 9): generated inputs per entry point (longest message in characters)")
    for entry in support.ENTRY_POINTS:
        if support.COUNTS[entry]:
            write(f"  {entry:<30} {support.COUNTS[entry]:>6}   {support.LONGEST.get(entry, 0):>7}")
    write(f"  {'total':<30} {sum(support.COUNTS.values()):>6}")

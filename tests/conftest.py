"""Shared fixtures: a fresh, initialised database per test on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher

from desktop.context import open_app, open_store
from desktop.services.base import Actor
from desktop.services.setup import initialise
from desktop.store import migrate
from tests.pgserver import PgDatabases, ThrowawayCluster, find_bindir

HALL = "152900"
# Cheap argon2 parameters for tests only (the product uses argon2-cffi's defaults, ~0.3 s a hash).
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
ADMIN_PASSWORD = "admin1234"


class FakeClock:
    """A settable clock: services take the clock as an argument, tests move it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 26, 1, 30, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture(scope="session")
def pg_admin_url():
    url = os.environ.get("COUNTERDESK_TEST_PG_URL")
    if url:
        yield url
        return
    if find_bindir() is None:
        message = "PostgreSQL is not installed (apt-get install postgresql) and COUNTERDESK_TEST_PG_URL is unset"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    cluster = ThrowawayCluster()
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_databases(pg_admin_url):
    dbs = PgDatabases(pg_admin_url)
    yield dbs
    dbs.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'counterdesk.sqlite3'}"
        return
    dbs = request.getfixturevalue("pg_databases")
    url = dbs.create()
    yield url
    dbs.drop(url)


@dataclass
class Hall:
    url: str
    ctx: object
    clock: FakeClock
    admin: Actor

    @property
    def services(self):
        return self.ctx.services


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory):
    """An SQLite file migrated to head once per run: each hall starts as a copy of it."""
    path = tmp_path_factory.mktemp("schema") / "schema.sqlite3"
    _, engine, _ = open_store(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()  # the last connection closes: the WAL is checkpointed, the file alone is the database
    return path


@pytest.fixture(scope="session")
def pg_schema(pg_databases):
    """A PostgreSQL database migrated to head once per run: each hall is created from it as a template."""
    url = pg_databases.create()
    _, engine, _ = open_store(url)
    migrate.upgrade(engine)
    engine.dispose()  # CREATE DATABASE … TEMPLATE needs the template without connections
    return url


def migrated(db_url: str, request) -> None:
    """Fill the empty database behind db_url with the schema at head, from the run's template: the same
    tables as running the migrations, without running them for every test (seconds a test on PostgreSQL)."""
    from sqlalchemy.engine import make_url

    if db_url.startswith("sqlite"):
        shutil.copyfile(request.getfixturevalue("sqlite_schema"), make_url(db_url).database)
    else:
        request.getfixturevalue("pg_databases").recreate(db_url, template=request.getfixturevalue("pg_schema"))


@pytest.fixture
def hall(db_url, clock, request):
    """An initialised hall (152900) with an admin account, services on a fake clock."""
    migrated(db_url, request)
    _, engine, factory = open_store(db_url)
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password=ADMIN_PASSWORD, clock=clock, hasher=FAST_HASHER)
    engine.dispose()
    ctx = open_app(db_url, clock=clock, hasher=FAST_HASHER)
    admin = ctx.services.auth.login("admin", ADMIN_PASSWORD)
    yield Hall(db_url, ctx, clock, admin)
    ctx.dispose()


DEMO_SCALE, DEMO_YEAR, DEMO_SEED = 0.01, 2026, 7


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One small demo hall (SQLite), generated once per run: the demo tests each get a copy."""
    from desktop.services.demo import DemoDataService

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    clock = FakeClock()
    _, engine, factory = open_store(f"sqlite:///{path}")
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password=ADMIN_PASSWORD, clock=clock, hasher=FAST_HASHER)
    first = DemoDataService(factory, clock).generate(HALL, year=DEMO_YEAR, scale=DEMO_SCALE, seed=DEMO_SEED)
    engine.dispose()  # the last connection closes: WAL checkpointed, the file alone is the database
    return path, first


@pytest.fixture
def demo_hall(demo_template, tmp_path, clock):
    """A copy of the demo hall with services on a fake clock, and the first run's summary."""
    import shutil

    path, first = demo_template
    copy = tmp_path / "demo.sqlite3"
    shutil.copyfile(path, copy)
    url = f"sqlite:///{copy}"
    ctx = open_app(url, clock=clock, hasher=FAST_HASHER)
    admin = ctx.services.auth.login("admin", ADMIN_PASSWORD)
    yield Hall(url, ctx, clock, admin), first
    ctx.dispose()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist with --dist loadgroup (pyproject.toml) one worker runs a whole file, so a module
    fixture (a demo database made by the CLI) is built once; and tests/property runs whole in one
    worker, because its last test counts the generated inputs of every file of the campaign. The
    group is the suffix after "@" that loadgroup schedules by (what the xdist_group mark would add,
    which pytest-xdist 3.8 no longer manages to do under pytest 9)."""
    if not getattr(config.option, "loadgroup", False):  # set in the workers of a loadgroup run
        return
    from _pytest.nodeid import coerce_node_id  # pytest 9 keeps the id here; pytest-xdist 3.8 sets _nodeid

    for item in items:
        path = item.nodeid.split("::")[0]
        if "@" not in item.nodeid:
            item._id = coerce_node_id(f"{item.nodeid}@{'tests/property' if path.startswith('tests/property/') else path}")

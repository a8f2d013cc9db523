"""Demo data (演示数据): a realistic 阿拉善盟 hall — counters, staff, applicants, companies.

At scale 1.0 the volumes follow the seed (the office's 2022 review): 132,847 vehicle and 24,363
driver transactions a year. Later capabilities add their own records (tickets, cases, exams)."""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.domain import identifiers
from desktop.domain.roles import Role
from desktop.services import audit
from desktop.services import auth as auth_module
from desktop.services.auth import AuthService
from desktop.services.base import Actor, Clock, hall_date, utc_now
from desktop.services.catalogs import Catalogs
from desktop.services.demo_bulk import insert_rows
from desktop.services.demo_drivers import (
    add_year_of_driver_cases,
    draw_licences,
    licence_register_plan,
    write_licences,
)
from desktop.services.demo_exams import add_year_of_exams
from desktop.services.demo_helper import Helper, demo_engine, shared_url
from desktop.services.demo_queue import add_ticket_days, ticket_day_seeds, ticket_year_plan
from desktop.services.demo_vehicles import add_drawn_register, add_year_of_vehicle_cases, vehicle_register_snapshot
from desktop.services.halls import HallService
from desktop.store.engine import make_session_factory, reading
from desktop.store.models import Company, Person

Progress = Callable[[str, int, int], None]

# The seed's yearly volumes (shared/seed: 2022 review of the 阿拉善盟 traffic police).
VEHICLE_TRANSACTIONS_PER_YEAR = 132_847
DRIVER_TRANSACTIONS_PER_YEAR = 24_363
# Distinct applicants per transaction (many people come more than once a year): an estimate.
PERSONS_PER_TRANSACTION = 0.45
COMPANIES_AT_SCALE_1 = 1_500
# From this scale on a helper process draws and writes the vehicle register and the ticket year
# (below it, starting the process costs more than it saves: ~1 s of imports).
HELPER_FROM_SCALE = 0.1
# The share of the ticket days the helper simulates and writes first: while this process writes the
# persons the register is drawn from (it has nothing else to do then).
EARLY_TICKET_DAYS = 0.1

DEMO_PASSWORD = "demo1234"
DEMO_ACCOUNTS: list[tuple[str, Role, str, str]] = [
    ("admin", Role.ADMIN, "系统管理员", "0001"),
    ("kezhang", Role.SUPERVISOR, "王建国", "0002"),
    ("clerk01", Role.CLERK, "李娜", "0012"),
    ("clerk02", Role.CLERK, "巴特尔", "0013"),
    ("clerk03", Role.CLERK, "张伟", "0014"),
    ("clerk04", Role.CLERK, "其其格", "0015"),
    ("clerk05", Role.CLERK, "刘洋", "0016"),
    ("clerk06", Role.CLERK, "乌日娜", "0017"),
    ("exam01", Role.EXAM, "赵志刚", "0021"),
    ("exam02", Role.EXAM, "宝音", "0022"),
]
# Fourteen windows: the seed's volume is mostly vehicle business (132,847 a year against 24,363).
DEMO_COUNTERS: list[tuple[int, str, str]] = [
    *((n, "A", "机动车业务") for n in range(1, 9)), (9, "A,D", "机动车业务"), (10, "A,B", "综合业务"),
    (11, "B", "驾驶证业务"), (12, "B,D", "驾驶证业务"), (13, "C", "考试业务"), (14, "A,B,C,D", "综合业务"),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀英", "霞", "平", "刚", "桂英", "建国", "志强", "海燕", "晓东", "文", "华", "红梅", "玉兰", "春生", "亮"]
MONGOLIAN_NAMES = ["巴特尔", "其其格", "乌日娜", "额尔敦", "宝音", "那仁", "斯琴", "图雅", "阿拉坦", "苏和",
                   "朝鲁", "萨仁", "孟和", "乌兰", "达来", "敖登", "布和", "哈斯", "吉日嘎拉", "娜仁花"]
# Region codes and where people live (DOMAIN.md §6; 152921 左旗 holds most of the population).
REGIONS = [
    ("152921", 0.72, "阿拉善左旗巴彦浩特镇", ["王府街", "额鲁特大街", "土尔扈特路", "巴彦街", "安德街", "新华街"]),
    ("152922", 0.13, "阿拉善右旗额肯呼都格镇", ["巴丹吉林路", "雅布赖路", "曼德拉路"]),
    ("152923", 0.15, "额济纳旗达来呼布镇", ["居延路", "胡杨路", "航天路", "额济纳路"]),
]
COMPANY_WORDS = ["驼峰", "贺兰", "巴丹", "腾格里", "居延", "胡杨", "沙漠", "阿拉善", "金沙", "天骄", "瀚海", "绿洲"]
COMPANY_KINDS = ["汽车运输有限公司", "物流有限公司", "客运有限责任公司", "旅游汽车服务有限公司", "矿业有限公司",
                 "建筑工程有限公司", "危险货物运输有限公司", "机动车驾驶员培训有限公司", "汽车销售服务有限公司"]


@dataclass
class DemoSummary:
    hall_code: str
    counters: int = 0
    staff_created: list[str] = field(default_factory=list)
    persons: int = 0
    companies: int = 0
    tickets: int = 0
    vehicles: int = 0
    vehicle_cases: int = 0
    licences: int = 0
    driver_cases: int = 0
    exams: int = 0  # exam bookings


def _person_name(rng: random.Random) -> str:
    if rng.random() < 0.18:
        return rng.choice(MONGOLIAN_NAMES)
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN)[:1] if rng.random() < 0.55 else "")


def _region(rng: random.Random):
    r, acc = rng.random(), 0.0
    for region in REGIONS:
        acc += region[1]
        if r < acc:
            return region
    return REGIONS[0]


def _mobile(rng: random.Random) -> str:
    return rng.choice(["13", "15", "18", "17", "19"]) + str(rng.randint(0, 9)) + f"{rng.randint(0, 99_999_999):08d}"


def _org_code(rng: random.Random) -> str:
    """A GB 11714 organisation code: 8 digits and its check character."""
    body = f"{rng.randint(0, 99_999_999):08d}"
    return body + identifiers.org_code_check_char(body)


class _HashOnce:
    """The demo accounts share one password: argon2 hashes it once, not once per account (it is
    slow on purpose: ~0.5 s a hash, a tenth of a small demo run)."""

    def __init__(self, hasher) -> None:
        self._hasher = hasher
        self._hashes: dict[str, str] = {}

    def hash(self, password: str) -> str:
        if password not in self._hashes:
            self._hashes[password] = self._hasher.hash(password)
        return self._hashes[password]

    def __getattr__(self, name: str):
        return getattr(self._hasher, name)


class DemoDataService:
    def __init__(self, session_factory: sessionmaker[Session], clock: Clock = utc_now,
                 catalogs: Catalogs | None = None) -> None:
        self._sessions = session_factory
        self._clock = clock
        self._catalogs = catalogs

    def generate(self, hall_code: str, *, year: int, scale: float = 1.0, seed: int = 2022,
                 progress: Progress | None = None) -> DemoSummary:
        """Adds what is missing; a second run with the same seed adds nothing."""
        # Without the cyclic collector while it runs: the demo holds hundreds of thousands of rows
        # it made (no cycles among them), and the collector kept walking them — ~10 % of a year.
        collecting = gc.isenabled()
        gc.disable()
        # On a SQLite file the demo writes through an engine of its own (demo_helper.DEMO_CACHE_KIB), disposed of
        # at the end; elsewhere through the app's.
        url = shared_url(self._sessions)
        engine = demo_engine(url) if url is not None and url.startswith("sqlite") else None
        sessions = make_session_factory(engine) if engine is not None else self._sessions
        try:
            return self._generate(sessions, hall_code, year, scale, seed, progress or (lambda *_: None))
        finally:
            if engine is not None:
                engine.dispose()
            if collecting:
                gc.enable()

    def _generate(self, sessions: sessionmaker[Session], hall_code: str, year: int, scale: float, seed: int,
                  progress: Progress) -> DemoSummary:
        rng = random.Random(seed)
        # The helper process (below) starts now: its imports take the time the persons do.
        helper = Helper(scale >= HELPER_FROM_SCALE, sessions)
        try:
            summary = self._generate_with(helper, sessions, hall_code, year, scale, seed, rng, progress)
        except BaseException:
            helper.close(failed=True)
            raise
        helper.close()
        return summary

    def _generate_with(self, helper: Helper, sessions: sessionmaker[Session], hall_code: str, year: int,
                       scale: float, seed: int, rng: random.Random, progress: Progress) -> DemoSummary:
        summary = DemoSummary(hall_code)
        system = Actor.system(hall_code)
        halls = HallService(sessions, self._clock)
        for number, categories, name in DEMO_COUNTERS:
            halls.save_counter(system, number, categories, f"{number}号窗口 {name}")
            summary.counters += 1
        progress("counters", len(DEMO_COUNTERS), len(DEMO_COUNTERS))
        auth = AuthService(sessions, self._clock, hasher=_HashOnce(auth_module.default_hasher()))
        known = {row.username for row in auth.list_staff(system)}
        for username, role, name, badge in DEMO_ACCOUNTS:
            if username not in known:
                auth.create_staff(system, username, role, DEMO_PASSWORD, name=name, badge=badge)
                summary.staff_created.append(username)
        progress("staff", len(DEMO_ACCOUNTS), len(DEMO_ACCOUNTS))
        transactions = VEHICLE_TRANSACTIONS_PER_YEAR + DRIVER_TRANSACTIONS_PER_YEAR
        persons = self._draw_persons(sessions, hall_code, year, round(transactions * PERSONS_PER_TRANSACTION * scale),
                                     rng)
        companies = self._draw_companies(sessions, hall_code, max(1, round(COMPANIES_AT_SCALE_1 * scale)), rng)
        today = hall_date(self._clock())
        until = today if year == today.year else None
        # The ticket days' seeds come from the demo's stream after the persons and companies: drawn
        # before they are written, so the helper starts on the first days while they are (the register
        # is drawn from the persons written; it would wait for them otherwise).
        ticket_plan = ticket_year_plan(sessions, hall_code, year, until)
        counters = [(n, tuple(c.split(","))) for n, c, _ in DEMO_COUNTERS]
        ticket_parts, rest = [], []
        if ticket_plan:
            days, done, sla = ticket_plan
            seeded = ticket_day_seeds(rng.getstate(), days)
            early = math.ceil(len(seeded) * EARLY_TICKET_DAYS)
            ticket_parts.append(helper.submit(add_ticket_days, hall_code, scale, counters, seeded[:early], len(days),
                                              done, sla))
            rest = seeded[early:]
        summary.persons = self._write_batches(sessions, Person, persons, "persons", progress)
        summary.companies = self._write_batches(sessions, Company, companies, "companies", progress)
        # Work split with a helper process (issue 9: the demo year's wall time). It draws and writes the
        # first ticket days, the vehicle register, then the other ticket days, on a connection of its
        # own, while this process writes the licences, the driver year and the exams (drawn without
        # the write lock, then written in one short transaction: not in the way of the register's
        # copies), then the vehicle cases (they need the register written; the exams and the vehicle
        # cases read and write nothing of each other's). No table is written by both processes: each
        # part's rows come from a stream of their own and from what is written before they start, so
        # the same seed gives the same rows with the helper or without it (small scales: each part
        # then runs here when it is submitted).
        catalogs = self._catalogs or Catalogs.load()
        register = vehicle_register_snapshot(sessions, hall_code, scale)
        vehicles = helper.submit(add_drawn_register, register, random.Random(f"{seed}/vehicles"), today,
                                 catalogs.inspection) if register else None
        if rest:
            ticket_parts.append(helper.submit(add_ticket_days, hall_code, scale, counters, rest, len(days), done,
                                              sla))
        summary.licences = write_licences(sessions, draw_licences(
            hall_code, *licence_register_plan(sessions, hall_code), random.Random(f"{seed}/licences"),
            scale, today), progress)
        summary.driver_cases = add_year_of_driver_cases(
            sessions, hall_code, year, scale, random.Random(f"{seed}/driver-cases/{year}"),
            catalogs.driver, until=until, progress=progress)
        summary.exams = add_year_of_exams(
            sessions, hall_code, year, scale, random.Random(f"{seed}/exams/{year}"),
            until=until, today=today, progress=progress)
        if vehicles is not None:
            summary.vehicles = vehicles()
            progress("vehicles", summary.vehicles, summary.vehicles)
        summary.vehicle_cases = add_year_of_vehicle_cases(
            sessions, hall_code, year, scale, random.Random(f"{seed}/vehicle-cases/{year}"),
            catalogs.vehicle, until, progress)
        if ticket_parts:
            summary.tickets = sum(part() for part in ticket_parts)
            progress("ticket days", len(days), len(days))
        with sessions() as session, session.begin():
            audit.record(session, actor=system, at=self._clock(), action="demo_data",
                         record_type="hall", record_id=hall_code,
                         detail=f"year={year} scale={scale} seed={seed} persons+={summary.persons} "
                                f"companies+={summary.companies} staff+={len(summary.staff_created)} "
                                f"tickets+={summary.tickets} vehicles+={summary.vehicles} "
                                f"vehicle_cases+={summary.vehicle_cases} licences+={summary.licences} "
                                f"driver_cases+={summary.driver_cases} exams+={summary.exams}")
        return summary

    def _draw_persons(self, sessions: sessionmaker[Session], hall_code: str, year: int, count: int,
                      rng: random.Random) -> list[dict]:
        """`count` draws of persons, less those whose ID number is taken."""
        with reading(sessions) as session:
            existing = set(session.execute(select(Person.id_number)).scalars())
        now = self._clock()
        latest_birth = date(year - 16, 12, 31)
        rows, seen = [], set(existing)
        for _ in range(count):
            region_code, _, town, streets = _region(rng)
            birth = date(1948, 1, 1) + timedelta(days=rng.randint(0, (latest_birth - date(1948, 1, 1)).days))
            number = identifiers.make_resident_id(region_code, birth, rng.randint(0, 999))
            name = _person_name(rng)
            phone = _mobile(rng)
            address = f"内蒙古自治区阿拉善盟{town}{rng.choice(streets)}{rng.randint(1, 299)}号"
            if number in seen:
                continue
            seen.add(number)
            sex = "M" if int(number[16]) % 2 else "F"
            rows.append(dict(id_number=number, name=name, sex=sex, birth_date=birth, phone=phone,
                             address=address, photo=None, hall_code=hall_code, created_at=now))
        return rows

    def _draw_companies(self, sessions: sessionmaker[Session], hall_code: str, count: int,
                        rng: random.Random) -> list[dict]:
        with reading(sessions) as session:
            seen = set(session.execute(select(Company.uscc)).scalars())
        now = self._clock()
        rows = []
        for _ in range(count):
            region_code, _, town, streets = _region(rng)
            uscc = identifiers.make_uscc("91" + region_code + _org_code(rng))
            name = "阿拉善盟" + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KINDS)
            address, phone = f"内蒙古自治区阿拉善盟{town}{rng.choice(streets)}", _mobile(rng)
            if uscc in seen:  # every draw above, so a skipped company does not shift the next ones
                continue
            seen.add(uscc)
            rows.append(dict(uscc=uscc, name=name, address=address, contact_phone=phone, hall_code=hall_code,
                             created_at=now))
        return rows

    def _write_batches(self, sessions: sessionmaker[Session], model, rows: list[dict], stage: str,
                       progress: Progress) -> int:
        """The rows written 5,000 a transaction."""
        for k in range(0, len(rows), 5000):
            with sessions() as session, session.begin():
                insert_rows(session, model.__table__, rows[k:k + 5000])
            progress(stage, min(k + 5000, len(rows)), len(rows))
        progress(stage, len(rows), len(rows))
        return len(rows)

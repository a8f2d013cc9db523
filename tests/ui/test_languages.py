"""Every window is complete in both languages: in English no Chinese is left on screen, in Chinese no
English word (beyond keys and product names). A string that misses tr(), sits in the wrong
translation context, or was never translated fails here — tools/build_ui.py --check (run by
tests/unit/test_generated_ui.py) only sees the strings lupdate found.

What is data, not interface, is exempt: the hall's and the clerk's names, the database path, exam site
names, plate numbers — what people typed into the database. The business catalogue is not: each of its
businesses, groups, materials, notes and fee items has an English twin (resources/catalog, name_en …)
that the English screen shows; the national vehicle code tables (车辆类型, 使用性质, 车身颜色, 号牌种类) and
the 准驾车型 have their English in the UI (desktop/ui/code_names.py, tr()); and the service-made words
(licence status, warnings, exam history and session labels) are rendered from codes or English twins.
Also checked here: dates, numbers and money in each language's way (desktop.ui.formats)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu, QTableView, QTabWidget,
                               QTreeView, QWidget)

from desktop.ui import formats
from desktop.ui.counter_window import CounterWindow
from desktop.ui.dbop import DbWorker
from desktop.ui.help_dialogs import AboutDialog, ShortcutsDialog, gather_shortcuts
from desktop.ui.login_window import LoginPanel
from desktop.ui.qtapp import install_translator, register_font

WAIT = 5000

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # ideographs and full-width punctuation
WORD = re.compile(r"[A-Za-z]{3,}")
# English that belongs in the Chinese interface: keys, formats, product and standard names
ZH_ALLOWED = {"Ctrl", "Shift", "Tab", "Return", "Enter", "Esc", "CounterDesk", "SQLite", "PostgreSQL", "Python",
              "PySide", "Linux", "Windows", "Apache", "LGPLv", "English", "PDF", "XLSX", "CSV", "JSON", "VIN",
              "Del", "Backspace", "linux", "win", "PIN"}
TAGS = re.compile(r"<[^>]+>|&[a-z]+;")


def widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """(what, text) for every piece of interface text under root: titles, labels, buttons, tabs, group
    boxes, placeholders, tool tips, menu items, combo items, table headers."""
    out: list[tuple[str, str]] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = f"{type(w).__name__}#{w.objectName() or '?'}"
        if w.isWindow() and w.windowTitle():
            out.append((f"{name} title", w.windowTitle()))
        if w.toolTip():
            out.append((f"{name} tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            out.append((name, TAGS.sub(" ", w.text())))
        elif isinstance(w, QAbstractButton):
            out.append((name, w.text()))
        elif isinstance(w, QLineEdit):
            out.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QTabWidget):
            out += [(f"{name} tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            out += [(f"{name} item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QMenu):
            out.append((f"{name} menu", w.title()))
        elif isinstance(w, (QTableView, QTreeView)) and w.model() is not None:
            model = w.model()
            columns = range(model.columnCount(QModelIndex()))
            out += [(f"{name} header", str(model.headerData(c, Qt.Horizontal) or "")) for c in columns]
            out += [(f"{name} cell {r},{c}", str(model.index(r, c).data() or ""))  # the rows too: catalogue names
                    for r in range(min(model.rowCount(QModelIndex()), 60)) for c in columns]
    out += [(f"action {a.objectName() or '?'}", a.text()) for a in root.findChildren(QAction)]
    return [(what, text) for what, text in out if text and text.strip()]


def untranslated(texts: list[tuple[str, str]], lang: str, data: set[str]) -> list[str]:
    """The texts that are in the other language, after the data (names, catalogue) is taken out."""
    found = []
    for what, text in texts:
        rest = text
        for value in sorted(data, key=len, reverse=True):
            rest = rest.replace(value, " ")
        if lang == "en":
            bad = CJK.search(rest) is not None
        else:
            bad = any(word not in ZH_ALLOWED for word in WORD.findall(rest))
        if bad:
            found.append(f"{what}: {text!r}")
    return found


def data_names() -> set[str]:
    """What stays Chinese by design beyond the hall's own data: only the language menu's 中文 (each
    language is named in its own). The business catalogue, the national vehicle code tables and the
    准驾车型 are NOT here: the English screen shows them in English."""
    return {"中文"}


@pytest.fixture
def db_url(tmp_path):
    """SQLite only: what is checked here is the screen, not the store."""
    return f"sqlite:///{tmp_path / 'counterdesk.sqlite3'}"


@pytest.fixture(params=["zh", "en"])
def lang(request):
    app = QCoreApplication.instance()
    install_translator(app, request.param)
    yield request.param
    install_translator(app, "zh")


@pytest.fixture
def desk(hall, qtbot):
    register_font()
    s = hall.services
    s.halls.save_counter(hall.admin, 1, "A,B")
    s.auth.create_staff(hall.admin, "li", "clerk", "clerkpass1", name="李娜")
    s.auth.create_staff(hall.admin, "wang", "supervisor", "superpass1", name="王建国")
    hall.worker = DbWorker()
    hall.data = {"阿拉善盟车管所", "李娜", "王建国", "系统管理员", hall.ctx.db_label, "152900"} | data_names()
    yield hall
    hall.worker.drain()


def counter_window(qtbot, desk, user: str, password: str, counter: int | None = 1) -> CounterWindow:
    actor = desk.services.auth.login(user, password, counter=counter)
    window = CounterWindow(desk.ctx, actor, desk.worker, clock=desk.clock, refresh_ms=0)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: "阿拉善盟车管所" in window.hall_status.text(), timeout=WAIT)
    return window


def test_the_checker_finds_a_string_left_in_the_other_language(qtbot):
    """The check itself can fail: Chinese in the English interface, an English word in the Chinese."""
    root = QWidget()
    qtbot.addWidget(root)
    QLabel("请刷身份证", root)
    assert untranslated(widget_texts(root), "en", set()) == ["QLabel#?: '请刷身份证'"]
    bad = untranslated(widget_texts(root), "zh", set())
    assert not bad, "\n".join(bad)
    QLabel("Please scan the ID card (Ctrl+I)", root)
    assert untranslated(widget_texts(root), "zh", set()) == ["QLabel#?: 'Please scan the ID card (Ctrl+I)'"]
    bad = untranslated(widget_texts(root), "en", {"请刷身份证"})
    assert not bad, "\n".join(bad)


def test_counter_window_and_its_dialogs_are_in_one_language(desk, qtbot, lang):
    window = counter_window(qtbot, desk, "li", "clerkpass1")
    for panel in ("queue", "vehicle", "driver", "exam"):
        window.show_panel(panel)
    window.on_about_requested()
    window.on_shortcuts_requested()
    window.on_change_password_requested()
    window.rating_window.message.setText(window.rating_window.tr("号码 {label}").format(label="A001"))
    texts = widget_texts(window) + widget_texts(window.rating_window)
    bad = untranslated(texts, lang, desk.data)
    assert not bad, "\n".join(bad)
    assert len(texts) > 150  # the walk saw the panels, not only the frame


def test_supervisor_dialogs_are_in_one_language(desk, qtbot, lang):
    window = counter_window(qtbot, desk, "wang", "superpass1", counter=None)
    dialogs = [window.open_monitor(), window.open_export(), window.open_reminders()]
    desk.worker.drain()
    texts = [t for d in dialogs for t in widget_texts(d)]
    bad = untranslated(texts, lang, desk.data)
    assert not bad, "\n".join(bad)


def test_login_and_admin_are_in_one_language(desk, qtbot, lang):
    login = LoginPanel(desk.ctx, desk.worker)
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: login.ui.counterCombo.count() > 1, timeout=WAIT)
    window = CounterWindow(desk.ctx, desk.admin, desk.worker, clock=desk.clock, refresh_ms=0)
    qtbot.addWidget(window)
    admin = window.open_admin()
    desk.worker.drain()
    texts = widget_texts(login) + widget_texts(admin)
    bad = untranslated(texts, lang, desk.data)
    assert not bad, "\n".join(bad)


def test_kiosk_screens_are_in_one_language(desk, qtbot, lang):
    from desktop.ui.kiosk import KioskWindow

    s = desk.services
    window = KioskWindow(s.kiosk, s.kiosk.config(desk.ctx.hall_code), desk.worker, name="K1", now=s.kiosk.now,
                         lockdown=False, printer=lambda pdf, title: None)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    for key in window.screens:
        window.open_screen(key)
    desk.worker.drain()
    bad = untranslated(widget_texts(window), lang, desk.data)
    assert not bad, "\n".join(bad)
    window.stop()


def test_display_board_words_follow_the_language(lang):
    from desktop.ui.display.board import DisplayBoard

    board = DisplayBoard(lambda: None, None, autostart=False, now=lambda: datetime(2026, 11, 27, 9, 41))
    try:
        texts = [("title", board.windowTitle()), ("notice", board.notice), *(("header", t) for t in board.header_texts())]
        bad = untranslated(texts, lang, {"2026", "09", "41"})
        assert not bad, "\n".join(bad)
    finally:
        board.stop()
        board.deleteLater()


def test_shortcuts_dialog_lists_every_key_with_a_description(desk, qtbot, lang):
    window = counter_window(qtbot, desk, "li", "clerkpass1")
    window.on_shortcuts_requested()
    rows = window.shortcuts_dialog.rows
    keys = {r.keys for r in rows}
    assert {f"F{n}" for n in range(1, 10)} | {"Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+Q"} <= keys
    assert all(r.action.strip() for r in rows), [r for r in rows if not r.action.strip()]
    call = next(r for r in rows if r.keys == "F1")
    assert call.action == window.queue_panel.buttons["call"].text().split()[0]
    assert call.where == window.panel_names["queue"]


def test_a_new_shortcut_appears_in_the_list(desk, qtbot):
    """The list is read from the window, so a key added anywhere shows up (and without whatsThis, blank)."""
    from PySide6.QtGui import QKeySequence, QShortcut

    window = counter_window(qtbot, desk, "li", "clerkpass1")
    QShortcut(QKeySequence("Ctrl+F12"), window.driver_page).setWhatsThis("打印驾驶证")
    rows = gather_shortcuts(window, [(window.driver_page, "驾驶证业务")], "所有面板")
    assert any(r.keys == "Ctrl+F12" and r.action == "打印驾驶证" and r.where == "驾驶证业务" for r in rows)
    assert ShortcutsDialog(rows, window).model.rowCount() == len(rows)


def test_about_names_the_version_and_the_database(desk, qtbot):
    from desktop import __version__

    about = AboutDialog(desk.ctx.db_label)
    qtbot.addWidget(about)
    assert __version__ in about.version_label.text()
    assert desk.ctx.db_label in about.details.text() and "Qt 6." in about.details.text()


def test_dates_numbers_and_money_each_language_its_way():
    d = date(2026, 11, 27)
    assert formats.day(d, "zh") == "2026-11-27" and formats.day(d, "en") == "27 Nov 2026"
    assert formats.long_day(d, "zh") == "2026年11月27日" and formats.long_day(d, "en") == "27 November 2026"
    assert formats.month_day(d, "zh") == "11月27日" and formats.month_day(d, "en") == "27 Nov"
    assert formats.long_day(date(2026, 12, 7), "zh") == "2026年12月07日"  # as the printed notices write it
    assert formats.weekday(d, "zh") == "周五" and formats.weekday(d, "en", short=False) == "Friday"
    assert formats.money(Decimal("1234.5"), "zh") == "¥1,234.50"
    assert formats.money(Decimal("1234.5"), "en") == "CNY 1,234.50"
    assert formats.money(-3, "zh") == "-¥3.00"
    assert formats.number(132847) == "132,847"
    assert formats.day(None) == ""


def test_formats_follow_the_installed_language(lang):
    d = date(2026, 11, 27)
    assert formats.day(d) == ("27 Nov 2026" if lang == "en" else "2026-11-27")
    assert formats.money(Decimal("50")) == ("CNY 50.00" if lang == "en" else "¥50.00")
    assert QLocale().language() == (QLocale.English if lang == "en" else QLocale.Chinese)


def test_the_forms_energy_words_cover_the_domains():
    from desktop.domain.plates import ENERGY_NAMES
    from desktop.ui.business_form import ENERGY_WORDS

    assert ENERGY_WORDS.keys() == ENERGY_NAMES.keys()
    assert all(ENERGY_WORDS[c] == n for c, n in ENERGY_NAMES.items())  # the Chinese is the domain's


def test_every_business_of_both_catalogues_is_in_one_language(desk, qtbot, lang):
    """Each business in turn, in the vehicle form and the driver form: its menu entry, its fields, its
    materials checklist (names and notes) and its fee line."""
    window = counter_window(qtbot, desk, "li", "clerkpass1")
    form, driver = window.vehicle_page.form, window.driver_page
    bad, seen = [], 0
    for vehicle in (None, "registered"):
        if vehicle is not None:  # the businesses on a registered vehicle: the form offers them once one is chosen
            from desktop.services.vehicles import VehicleView

            fields = {f: None for f in VehicleView.__dataclass_fields__}
            form.set_vehicle(VehicleView(**{**fields, "plate": "蒙M12345", "vin": "LSVAU2180N2123456", "hpzl": "02",
                                            "cllx": "K33", "cllx_name": "小型轿车", "owner_masked": "李*", "energy": "fuel",
                                            "flags": ()}))
        for i in range(form.business.count()):
            form.business.setCurrentIndex(i)
            seen += 1
            bad += untranslated(widget_texts(form), lang, desk.data | {"蒙M12345", "李*"})
    for i in range(driver.business.count()):
        driver.business.setCurrentIndex(i)
        seen += 1
        bad += untranslated(widget_texts(driver), lang, desk.data)
    catalogs = desk.services.catalogs
    assert seen == len(catalogs.vehicle.businesses) + len(catalogs.driver.businesses) + 1  # 临牌 is in both menus
    assert not bad, "\n".join(sorted(set(bad)))


def test_the_kiosk_guide_shows_every_business_in_one_language(desk, qtbot, lang):
    from desktop.ui.kiosk import KioskWindow

    s = desk.services
    window = KioskWindow(s.kiosk, s.kiosk.config(desk.ctx.hall_code), desk.worker, name="K1", now=s.kiosk.now,
                         lockdown=False, printer=lambda pdf, title: None)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.open_screen("guide")
    guide = window.screens["guide"]
    bad = []
    for kind, catalog in (("vehicle", s.catalogs.vehicle), ("driver", s.catalogs.driver)):
        guide.open_kind(kind)
        desk.worker.drain()
        qtbot.waitUntil(lambda catalog=catalog: set(guide.business_buttons) == set(catalog.businesses), timeout=WAIT)
        bad += untranslated(widget_texts(guide), lang, desk.data)
        for code, biz in catalog.businesses.items():
            guide.open_business(kind, code)
            desk.worker.drain()
            qtbot.waitUntil(lambda biz=biz: guide.view is not None and guide.view.business == biz.name, timeout=WAIT)
            assert guide.business_title.text() == (biz.name_en if lang == "en" else biz.name)
            bad += untranslated(widget_texts(guide), lang, desk.data)
    window.stop()
    assert not bad, "\n".join(sorted(set(bad)))


def test_the_holder_card_renders_status_warnings_and_exams_in_one_language(qtbot, lang):
    """Service-made words on the driver card: status letters, the warnings (English twins), the subjects
    passed and the 准驾车型 — none of it may stay Chinese in English."""
    from desktop.domain import licensing
    from desktop.services.licences import HolderView
    from desktop.ui.driver_panel import HolderCardText

    words = HolderCardText()
    holder = HolderView(1, "李*", "152921********0011", date(1990, 1, 1), 36, 7, ("C1", "C5"), date(2020, 1, 1),
                        date(2026, 1, 1), "HM", "违法未处理、逾期未换证", 3,
                        ("C5实习期至2027-01-01", "已逾期未换证（有效期止2026年01月01日）"), False, ("1",),
                        ("C5 probation until 2027-01-01", "Overdue for renewal since 2026-01-01"))
    pupil = HolderView(2, "王*", "152921********0022", date(2006, 1, 1), 20, None, (), None, None, "", "", 0, (),
                       False, ("1", "2"))
    texts = [("card", TAGS.sub(" ", words.html(holder))), ("pupil", TAGS.sub(" ", words.html(pupil)))]
    texts += [(f"class {c}", words.class_name(c)) for c in licensing.CLASSES]
    texts += [(f"status {s}", words.status_name(s)) for s in licensing.LICENCE_STATUS]
    bad = untranslated(texts, lang, {"李*", "王*"})
    assert not bad, "\n".join(bad)
    if lang == "en":
        assert "Overdue for renewal since 1 Jan 2026" in texts[0][1] and "Subject 1" in texts[1][1]


def test_exam_history_and_session_labels_in_one_language(qtbot, lang):
    from desktop.services.exam_candidates import HistoryRow
    from desktop.ui.exam_dialogs import ExamWords

    w = ExamWords()
    day = date(2026, 12, 7)
    rows = [HistoryRow(day, "受理", "SQ001 C1 阿拉善驾校", event="accepted", reference="SQ001 C1 阿拉善驾校"),
            HistoryRow(day, "申请科目二", "…", event="request", subject="2", state="refused", first_day=day,
                       last_day=date(2026, 12, 11), reason="所选日期内的考试场次已约满，请另选日期或考场",
                       reason_code="sessions_full"),
            HistoryRow(day, "科目一", "…", event="booking", subject="1", state="sat", site="一号考场", half="am",
                       order_no=3, score=92, passed=True),
            HistoryRow(day, "学习驾驶证明", "…", event="permit", until=date(2029, 12, 7))]
    texts = [(f"{h.event} what", w.history_what(h)) for h in rows] + [(f"{h.event} detail", w.history_detail(h))
                                                                    for h in rows]
    site = "阿拉善盟机动车驾驶人考试中心（科目一）"  # data: a site named after its subject keeps its name
    texts.append(("label", w.label(f"2026-12-07 上午 科目三安全文明驾驶常识 {site}")))
    bad = untranslated(texts, lang, {"一号考场", "SQ001", "阿拉善驾校", site})
    assert not bad, "\n".join(bad)
    assert texts[-1][1].endswith(site)
    assert texts[-1][1].startswith("7 Dec 2026 Morning Subject 3 safe driving" if lang == "en" else "2026-12-07 上午")


def test_a_services_english_sentence_gets_its_dates_the_english_way():
    assert formats.days_in("C5 probation until 2027-09-28", "en") == "C5 probation until 28 Sep 2027"
    assert formats.days_in("C5实习期至2027年09月28日", "zh") == "C5实习期至2027年09月28日"


def test_the_national_code_tables_have_english_for_every_code(lang):
    """desktop/ui/code_names.py keeps in step with desktop/domain/vehicle_codes.py: a code added there
    without English here would show Chinese on the English screen."""
    from desktop.domain import vehicle_codes
    from desktop.ui import code_names

    for table, english, name in ((vehicle_codes.CLLX, code_names.CLLX_EN, code_names.cllx),
                                 (vehicle_codes.SYXZ, code_names.SYXZ_EN, code_names.syxz),
                                 (vehicle_codes.CSYS, code_names.CSYS_EN, code_names.csys),
                                 (vehicle_codes.HPZL, code_names.HPZL_EN, code_names.hpzl)):
        assert english.keys() == table.keys()
        texts = [(code, name(code)) for code in table]
        assert not untranslated(texts, lang, set())
        assert all(name(code) == (english[code] if lang == "en" else table[code]) for code in table)
    assert code_names.parts_in_english("重型厢式货车") == "heavy box truck"
    assert code_names.parts_in_english("重型飞行货车") is None  # an unknown part is not guessed


def test_the_allocation_reports_reasons_in_one_language(desk, qtbot, lang):
    """排考's 未排上 table: the service's reason comes as zh and en twins; the table shows the UI's."""
    from desktop.domain.exam_allocation import SESSIONS_FULL
    from desktop.services.exam_allocation import AllocationLine
    from desktop.ui.exam_panel import ExamPage

    actor = desk.admin
    page = ExamPage(desk.ctx, actor, desk.worker)
    qtbot.addWidget(page)
    model = page.allocation.refused_model
    model.set_rows([AllocationLine(1, "SQ001", "王*明", "1", "", SESSIONS_FULL.zh, SESSIONS_FULL.en)])
    reason = model.data(model.index(0, 3))
    assert reason == (SESSIONS_FULL.en if lang == "en" else SESSIONS_FULL.zh)

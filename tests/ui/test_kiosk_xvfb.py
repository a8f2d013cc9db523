"""The kiosk as a real top-level window on a real X server (Xvfb, the xcb platform), not the offscreen
platform. Esc, Alt+F4, Ctrl+Q and Ctrl+W are given with QTest.keyClick to the window's QWindow: they
enter at Qt's input layer (QWindowSystemInterface, where the xcb plugin hands over the keys it reads
from the X server), not through the X server itself (no XTest, and no window manager runs on the
display to act on Alt+F4). QWidget.close(), QWindow.close() and a real WM_DELETE_WINDOW — the
WM_PROTOCOLS client message a window manager sends for its close button or Alt+F4, sent through the
X server from another X connection (libxcb) — each reach closeEvent and are refused. All of it leaves
the kiosk fullscreen and running; five taps in the corner and the admin PIN (QTest.mouseClick,
QTest.keyClicks) end it.

The pytest process already runs Qt offscreen, so the kiosk runs in a child process (this file, run
as a script) on a display of its own, and reports what it saw on stdout."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HALL = "152900"
PIN = "8642"


@pytest.fixture(scope="module")
def display():
    """A throwaway Xvfb on a free display number (-displayfd), stopped after the module."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        message = "Xvfb is not installed (apt-get install xvfb; installer/debian-setup.sh --test does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    read_end, write_end = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp",
                             "-noreset"], pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 15)
        number = os.read(read_end, 32).decode().strip() if ready else ""
        if not number:
            pytest.fail("Xvfb did not report its display within 15 s")
        yield f":{number}"
    finally:
        os.close(read_end)
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def hall_db(tmp_path):
    from desktop.context import open_app, open_store
    from desktop.services.setup import initialise
    from tests.conftest import ADMIN_PASSWORD, FAST_HASHER

    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    _, engine, factory = open_store(url)
    initialise(engine, factory, hall_code=HALL, hall_name="阿拉善盟车管所", admin_username="admin",
               admin_password=ADMIN_PASSWORD, hasher=FAST_HASHER)
    engine.dispose()
    ctx = open_app(url, hasher=FAST_HASHER)
    ctx.services.kiosk.set_pin(ctx.services.auth.login("admin", ADMIN_PASSWORD), PIN)
    ctx.dispose()
    return url


def test_real_window_survives_escape_keys_and_close_requests_and_the_pin_ends_it(display, hall_db):
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, __file__, hall_db], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=90)
    seen = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert result.returncode == 0, result.stdout + result.stderr
    assert seen["platform"] == "xcb"
    assert seen["shown"] == "fullscreen=1 visible=1"
    assert seen["keys"] == "swallowed=4 visible=1 fullscreen=1"
    # each close request reached closeEvent (refused counts up) and was refused
    assert seen["widget-close"] == "accepted=0 visible=1 refused=1"
    assert seen["qwindow-close"] == "accepted=0 visible=1 refused=2"
    assert seen["wm-close"] == "visible=1 fullscreen=1 refused=3"
    assert seen["gesture"] == "screen=pin"
    assert seen["wrong-pin"].startswith("visible=1 ") and "PIN" in seen["wrong-pin"]
    assert seen["pin"] == "exited=1 visible=0"


# --- the child process ----------------------------------------------------------------------------

def send_wm_delete(window_id: int) -> None:
    """What a window manager sends when its close button or Alt+F4 is used: WM_PROTOCOLS /
    WM_DELETE_WINDOW, as a ClientMessage from another X connection (libxcb through ctypes)."""
    import ctypes
    import ctypes.util
    import struct

    class Cookie(ctypes.Structure):
        _fields_ = [("sequence", ctypes.c_uint)]

    class AtomReply(ctypes.Structure):
        _fields_ = [("response_type", ctypes.c_uint8), ("pad0", ctypes.c_uint8), ("sequence", ctypes.c_uint16),
                    ("length", ctypes.c_uint32), ("atom", ctypes.c_uint32)]

    xcb = ctypes.CDLL(ctypes.util.find_library("xcb") or "libxcb.so.1")
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_intern_atom.restype = Cookie
    xcb.xcb_intern_atom.argtypes = [ctypes.c_void_p, ctypes.c_uint8, ctypes.c_uint16, ctypes.c_char_p]
    xcb.xcb_intern_atom_reply.restype = ctypes.POINTER(AtomReply)
    xcb.xcb_intern_atom_reply.argtypes = [ctypes.c_void_p, Cookie, ctypes.c_void_p]
    xcb.xcb_send_event.restype = Cookie
    xcb.xcb_send_event.argtypes = [ctypes.c_void_p, ctypes.c_uint8, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_char_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    libc.free.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(None, None)

    def atom(name: bytes) -> int:
        reply = xcb.xcb_intern_atom_reply(conn, xcb.xcb_intern_atom(conn, 0, len(name), name), None)
        value = reply.contents.atom
        libc.free(ctypes.cast(reply, ctypes.c_void_p))
        return value

    protocols, delete = atom(b"WM_PROTOCOLS"), atom(b"WM_DELETE_WINDOW")
    event = struct.pack("=BBHII5I", 33, 32, 0, window_id, protocols, delete, 0, 0, 0, 0)  # 33: ClientMessage
    xcb.xcb_send_event(conn, 0, window_id, 0, event)  # no mask: to the client that made the window
    atom(b"WM_PROTOCOLS")  # a round trip: the server has handled the event before we hang up
    failed = xcb.xcb_connection_has_error(conn)
    xcb.xcb_disconnect(conn)
    if failed:
        raise OSError(f"xcb connection error {failed}")


def drive(url: str) -> int:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    from desktop.context import open_app
    from desktop.ui.dbop import DbWorker
    from desktop.ui.kiosk import KioskWindow
    from desktop.ui.qtapp import create_application

    def report(step: str, text: str) -> None:
        print(f"{step} {text}", flush=True)

    app = create_application("zh")
    app.setQuitOnLastWindowClosed(False)
    report("platform", QGuiApplication.platformName())
    ctx = open_app(url)
    worker = DbWorker()
    window = KioskWindow(ctx.services.kiosk, ctx.services.kiosk.config(HALL), worker, name="xvfb",
                         printer=lambda pdf, title: "printed")
    exited = []
    window.exit_requested.connect(lambda: exited.append(True))
    window.exit_requested.connect(app.quit)
    window.showFullScreen()
    if not QTest.qWaitForWindowExposed(window, 10000):
        report("shown", "not exposed")
        return 1
    QTest.qWait(200)

    def state() -> str:
        return f"visible={int(window.isVisible())} fullscreen={int(window.isFullScreen())}"

    report("shown", f"fullscreen={int(window.isFullScreen())} visible={int(window.isVisible())}")
    handle = window.windowHandle()
    for key, mods in ((Qt.Key_Escape, Qt.NoModifier), (Qt.Key_F4, Qt.AltModifier), (Qt.Key_Q, Qt.ControlModifier),
                      (Qt.Key_W, Qt.ControlModifier)):
        QTest.keyClick(handle, key, mods)
        QTest.qWait(50)
    report("keys", f"swallowed={window.key_guard.swallowed} {state()}")
    accepted = window.close()
    QTest.qWait(50)
    report("widget-close", f"accepted={int(accepted)} visible={int(window.isVisible())} "
                           f"refused={window.refused_closes}")
    accepted = handle.close()
    QTest.qWait(50)
    report("qwindow-close", f"accepted={int(accepted)} visible={int(window.isVisible())} "
                            f"refused={window.refused_closes}")
    before = window.refused_closes
    send_wm_delete(int(window.winId()))
    for _ in range(100):  # the message goes through the X server and Qt's event reader
        if window.refused_closes > before:
            break
        QTest.qWait(50)
    QTest.qWait(100)
    report("wm-close", f"{state()} refused={window.refused_closes}")

    for _ in range(5):
        QTest.mouseClick(window.hotspot, Qt.LeftButton)
        QTest.qWait(30)
    report("gesture", f"screen={window.current}")
    pin = window.screens["pin"]
    QTest.keyClicks(pin.field, "0000")
    QTest.keyClick(pin.field, Qt.Key_Return)
    for _ in range(200):
        if pin.message.text():
            break
        QTest.qWait(50)
    report("wrong-pin", f"visible={int(window.isVisible())} {pin.message.text()}")
    QTest.keyClicks(pin.field, PIN)
    QTest.keyClick(pin.field, Qt.Key_Return)
    QTimer.singleShot(15000, lambda: app.exit(3))  # never hang the test run
    code = app.exec()
    report("pin", f"exited={int(bool(exited))} visible={int(window.isVisible())}")
    window.stop()
    worker.drain()
    ctx.dispose()
    return code


if __name__ == "__main__":
    sys.exit(drive(sys.argv[1]))

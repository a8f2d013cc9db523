"""Builds CounterDesk's installers: the PyInstaller one-folder bundle, its smoke test, the .deb.

    .venv/bin/pip install -e ".[build]"            # PyInstaller, pinned
    .venv/bin/python tools/build_installers.py     # bundle + smoke test + .deb
    .venv/bin/python tools/build_installers.py --test-deb   # … and install, run, remove the .deb (root)

Options: --skip-bundle reuses dist/counterdesk/; --no-smoke, --no-deb leave those steps out; --xz makes a
smaller .deb (≈83 instead of ≈111 MiB) in ≈10 min instead of ≈40 s; --keep keeps the smoke test's folder.
Output: dist/counterdesk/ (the bundle), dist/counterdesk_<version>_amd64.deb; build/ holds the work files.
The Windows installer (installer/counterdesk.iss) is built on Windows from the same spec: see that file.

Slow (measured on 2 busy cores: bundle 2.5 min, smoke test 2 min, .deb 45 s, .deb test 1.2 min; 6.5 min
in all with --test-deb), so not part of the default test run; tests/packaging/test_bundle.py runs the
same steps with COUNTERDESK_BUILD_TESTS=1.

The smoke test (like qutebrowser's frozen-binary check) runs the bundle's executable with a throwaway
data directory, offscreen: --version, init, demo-data, a screenshot checked to be a real picture, a
month's export in XLSX and PDF (the bundled font must be embedded), a year's CSV export (the spawned
writer process must start from the frozen executable), the hall display in a real X window under Xvfb
(the xcb plugin; where Xvfb is installed), a queue ticket whose QR payload `verify` accepts
and whose tampered copy it refuses; and the bundle must not have written into itself."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "counterdesk.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
NAME = "counterdesk"  # the spec's COLLECT name: dist/counterdesk/, and the executable's name
PREFIX = f"/opt/{NAME}"
DESKTOP_FILES = ("counterdesk.desktop", "counterdesk-kiosk.desktop", "counterdesk-display.desktop")
ICON_SIZES = (48, 128, 256)

# What the bundle links to but does not carry (PyInstaller leaves out the C library, the GL/EGL stack,
# libxcb and Wayland: they must match the machine), and the Debian package of each. The .deb build
# fails when the bundle needs a library missing from this table, so a new one cannot slip through.
SYSTEM_LIBRARIES = {
    "libc.so.6": "libc6", "libm.so.6": "libc6", "libdl.so.2": "libc6", "libpthread.so.0": "libc6",
    "librt.so.1": "libc6", "libutil.so.1": "libc6", "libresolv.so.2": "libc6",
    "ld-linux-x86-64.so.2": "libc6",
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0", "libdrm.so.2": "libdrm2", "libxcb.so.1": "libxcb1",
    "libwayland-client.so.0": "libwayland-client0", "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
# Carried in the bundle, but they read the machine's configuration: fontconfig its /etc/fonts (the
# package brings fontconfig-config and a font), libxkbcommon the keyboard layouts (xkb-data).
ALSO_DEPENDS = ("libfontconfig1", "libxkbcommon0")
# Not needed to start: voice calls fall back to a chime without espeak-ng (desktop/ui/voice.py), and
# GL drivers for a real screen; apt installs recommended packages by default.
RECOMMENDS = ("espeak-ng", "libgl1-mesa-dri")


def log(message: str) -> None:
    print(message, flush=True)


def version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def human(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


# --- the bundle -------------------------------------------------------------------------------------

def build_bundle(dist: Path = DIST, work: Path = WORK / "pyinstaller") -> Path:
    """PyInstaller with installer/counterdesk.spec → dist/counterdesk/. Returns the bundle's folder."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit('PyInstaller is missing: .venv/bin/pip install -e ".[build]"') from None
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--clean",
               "--distpath", str(dist), "--workpath", str(work), "--log-level", "WARN"]
    log("$ " + " ".join(command))
    subprocess.run(command, check=True, cwd=ROOT)
    bundle = dist / NAME
    if not executable(bundle).is_file():
        raise SystemExit(f"PyInstaller left no executable in {bundle}")
    return bundle


def executable(bundle: Path) -> Path:
    return bundle / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


# --- the smoke test ---------------------------------------------------------------------------------

class SmokeFailure(AssertionError):
    pass


@dataclass
class SmokeReport:
    steps: list[tuple[str, float]] = field(default_factory=list)
    screenshot: Path | None = None
    colours: int = 0
    spawned_writer: bool = False
    window: Path | None = None  # the display in a real X window (Xvfb), when Xvfb is installed
    folder: Path | None = None


def clean_env(data_dir: Path, home: Path) -> dict[str, str]:
    """The machine's environment without any COUNTERDESK_ setting (a COUNTERDESK_DB would point the test
    at a real database), with a throwaway data directory, settings and caches, offscreen Qt."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COUNTERDESK_", "PYTHON", "QT_")) and k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(COUNTERDESK_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_DATA_HOME=str(home / ".local" / "share"), LANG="C.UTF-8")
    return env


def run_step(report: SmokeReport, label: str, command: list[str], env: dict[str, str], *,
             expect: int = 0, timeout: float = 300, watch: Callable[[subprocess.Popen], None] | None = None,
             extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**env, **(extra_env or {})}, stdin=subprocess.DEVNULL)
    if watch is not None:
        watch(process)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise SmokeFailure(f"{label}: no answer in {timeout:.0f} s\n{out}\n{err}") from None
    elapsed = time.perf_counter() - started
    report.steps.append((label, elapsed))
    log(f"  {label:<44} {elapsed:6.1f} s  exit {process.returncode}")
    if process.returncode != expect:
        raise SmokeFailure(f"{label}: exit {process.returncode}, expected {expect}\n"
                           f"$ {' '.join(command)}\n--- stdout\n{out}\n--- stderr\n{err}")
    if "Traceback" in err:
        raise SmokeFailure(f"{label}: a traceback on stderr\n{err}")
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def picture_colours(png: Path) -> tuple[tuple[int, int], int]:
    """The PNG's size and number of distinct colours (a blank or one-colour render has a handful)."""
    from PIL import Image

    with Image.open(png) as image:
        rgb = image.convert("RGB")
        return rgb.size, len(rgb.getcolors(maxcolors=1 << 24) or [])


def children_with(parent_pid: int, marker: str) -> bool:
    """Whether a process whose parent is parent_pid has marker in its command line (Linux /proc)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == parent_pid and marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                return True
        except (OSError, ValueError, IndexError):
            continue
    return False


def real_window(program: str, env: dict[str, str], out: Path, report: SmokeReport, *, timeout: float = 90) -> None:
    """The hall display in a real X window (Xvfb): the bundle's xcb platform plugin and the libraries it
    needs load, and the window shows something. Skipped where Xvfb is not installed."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None or not sys.platform.startswith("linux"):
        log("  (no Xvfb: the real-window check is left out)")
        return
    from PIL import ImageGrab

    started = time.perf_counter()
    server = subprocess.Popen([xvfb, "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    app = None
    try:
        display = f":{server.stdout.readline().strip()}"
        window_env = {**env, "DISPLAY": display}
        window_env.pop("QT_QPA_PLATFORM", None)
        errors = out / "display-xcb.stderr"
        with errors.open("w") as err:
            app = subprocess.Popen([program, "display", "--windowed"], env=window_env, stdout=subprocess.DEVNULL,
                                   stderr=err, stdin=subprocess.DEVNULL)
            colours = 0
            while time.perf_counter() - started < timeout and app.poll() is None:
                time.sleep(1)
                image = ImageGrab.grab(xdisplay=display).convert("RGB")
                colours = len(image.getcolors(maxcolors=1 << 24) or [])
                if colours >= 200:
                    time.sleep(2)  # let it finish painting
                    image = ImageGrab.grab(xdisplay=display).convert("RGB")
                    image.save(out / "display-xcb.png")
                    break
            exited = app.poll()
        text = errors.read_text(errors="replace")
        check(exited is None, f"display exited ({exited}) under Xvfb:\n{text}")
        check("Could not load the Qt platform plugin" not in text and "Traceback" not in text,
              f"display under Xvfb:\n{text}")
        check(colours >= 200, f"the display window under Xvfb shows {colours} colours after {timeout:.0f} s")
        report.window = out / "display-xcb.png"
    finally:
        for process in (app, server):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        server.stdout.close()
    elapsed = time.perf_counter() - started
    report.steps.append(("display in a real X window (Xvfb)", elapsed))
    log(f"  {'display in a real X window (Xvfb)':<44} {elapsed:6.1f} s  {report.window}")


def smoke_test(program: str | Path, folder: Path, *, bundle: Path | None = None, full: bool = True) -> SmokeReport:
    """Runs the frozen executable (or the installed `counterdesk` launcher) through the app's main paths
    in folder (a throwaway data directory and home). full=False: --version, demo data, a screenshot and
    the real-window check only (the installed .deb's check). Raises SmokeFailure with the output of the
    step that failed."""
    program = str(program)
    folder.mkdir(parents=True, exist_ok=True)
    data, home, out = folder / "data", folder / "home", folder / "out"
    for path in (data, home, out):
        path.mkdir(exist_ok=True)
    env = clean_env(data, home)
    report = SmokeReport(folder=folder)
    before = {p for p in bundle.rglob("*")} if bundle is not None else set()

    done = run_step(report, "--version", [program, "--version"], env, timeout=60)
    check(done.stdout.strip() == f"counterdesk {version()}", f"--version printed {done.stdout!r}")

    if full:
        done = run_step(report, "init", [program, "init", "--hall-code", "152900", "--hall-name", "测试",
                                         "--admin", "admin"], env,
                        extra_env={"COUNTERDESK_ADMIN_PASSWORD": "smoke-test-1234"})
        check("0006" in done.stdout or "schema" in done.stdout, f"init said: {done.stdout}")
        check((data / "counterdesk.sqlite3").is_file(), f"init made no database in {data}")
    run_step(report, "demo-data --scale 0.01", [program, "demo-data", "--scale", "0.01"], env, timeout=600)

    png = out / "main.png"
    run_step(report, "screenshot --view main", [program, "screenshot", "--view", "main", "--out", str(png)], env)
    check(png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"no PNG at {png}")
    size, colours = picture_colours(png)
    report.screenshot, report.colours = png, colours
    check(size == (1366, 768), f"screenshot is {size[0]}x{size[1]}, expected the default 1366x768")
    # Text (anti-aliased, the CJK font), the blue header and the buttons give about a thousand.
    check(colours >= 200, f"screenshot {png} has {colours} colours: blank or unstyled?")
    real_window(program, env, out, report)
    if not full:
        return report

    month = out / "month"
    run_step(report, "export --month 2026-11 --format xlsx,pdf",
             [program, "export", "--month", "2026-11", "--format", "xlsx,pdf", "--out", str(month)], env)
    period = month / "2026-11"
    xlsx, pdf = period / "152900_2026-11.xlsx", period / "152900_2026-11.pdf"
    check(xlsx.is_file() and zipfile.is_zipfile(xlsx), f"no XLSX workbook at {xlsx}")
    with zipfile.ZipFile(xlsx) as book:
        check("xl/workbook.xml" in book.namelist(), f"{xlsx} is not a workbook")
    check(pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), f"no PDF at {pdf}")
    pdf_bytes = pdf.read_bytes()
    check(b"WenQuanYiMicroHei" in pdf_bytes and b"/FontFile2" in pdf_bytes,
          f"{pdf} does not embed the bundled WenQuanYi Micro Hei: Chinese would not show")
    check((period / "152900_2026-11.json").is_file(), "the month's JSON is missing")

    year = out / "year"
    seen: dict[str, bool] = {"writer": False}

    def watch(process: subprocess.Popen) -> None:
        # The year's files are written by a spawned process: the frozen executable started again with
        # --multiprocessing-fork. Look for it while the export runs.
        if not sys.platform.startswith("linux"):
            return
        while process.poll() is None:
            if children_with(process.pid, "--multiprocessing-fork"):
                seen["writer"] = True
                return
            time.sleep(0.02)

    run_step(report, "export --year 2026 --format csv (spawned writer)",
             [program, "export", "--year", "2026", "--format", "csv", "--out", str(year)], env, watch=watch)
    folders = sorted(p.name for p in year.iterdir() if p.is_dir())
    check(folders == ["2026", *(f"2026-{m:02d}" for m in range(1, 13))], f"year export wrote {folders}")
    csvs = list(year.glob("2026/*_csv/*.csv"))
    check(len(csvs) > 0, "the year summary has no CSV files")
    report.spawned_writer = seen["writer"]
    if sys.platform.startswith("linux"):
        check(seen["writer"], "the year export ran without a spawned writer process")

    # A queue ticket's slip carries a signed QR payload: verify accepts it and refuses a changed copy.
    clerk = {"COUNTERDESK_PASSWORD": "demo1234"}
    run_step(report, "category set A --hours 00:00-24:00",
             [program, "category", "set", "A", "--hours", "00:00-24:00", "--as", "kezhang"], env, extra_env=clerk)
    slip = out / "slip.pdf"
    import json

    done = run_step(report, "queue take --slip", [program, "queue", "take", "--category", "A", "--slip", str(slip),
                                                   "--json"], env)
    payload = json.loads(done.stdout)["slip_payload"]
    check(slip.read_bytes().startswith(b"%PDF"), "the ticket slip is not a PDF")
    done = run_step(report, "verify <payload>", [program, "verify", payload], env)
    check("有效" in done.stdout, f"verify did not say valid: {done.stdout}")
    changed = payload[:-3] + ("A" if payload[-3] != "A" else "B") + payload[-2:]
    run_step(report, "verify <tampered payload> (refused)", [program, "verify", changed], env, expect=1)

    if bundle is not None:
        written = sorted(str(p.relative_to(bundle)) for p in set(bundle.rglob("*")) - before)
        check(not written, f"the app wrote into its bundle (a package could not be removed cleanly): {written}")
    return report


# --- the .deb ---------------------------------------------------------------------------------------

def elf_needed(path: Path) -> set[str] | None:
    """The NEEDED entries of an ELF file, or None when it is not one."""
    with path.open("rb") as handle:
        if handle.read(4) != b"\x7fELF":
            return None
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
    return {line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")}


def glibc_floor(paths: list[Path]) -> str:
    """The newest GLIBC_x.y symbol version any file of the bundle asks for."""
    best = (2, 17)
    for path in paths:
        out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", out):
            best = max(best, (int(major), int(minor)))
    return f"{best[0]}.{best[1]}"


def system_dependencies(bundle: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The Depends list: a package for each library the bundle's ELF files link to and do not carry.
    Also returns, for each such library, which files need it."""
    elves: dict[Path, set[str]] = {}
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            needed = elf_needed(path)
            if needed is not None:
                elves[path] = needed
    carried = {p.name for p in bundle.rglob("*")}
    external: dict[str, list[str]] = {}
    for path, needed in elves.items():
        for soname in needed - carried:
            external.setdefault(soname, []).append(path.name)
    unknown = sorted(set(external) - set(SYSTEM_LIBRARIES))
    if unknown:
        raise SystemExit("the bundle needs libraries with no Debian package in SYSTEM_LIBRARIES "
                         f"(tools/build_installers.py): {', '.join(unknown)}")
    packages = {SYSTEM_LIBRARIES[s] for s in external} | set(ALSO_DEPENDS)
    floor = glibc_floor(list(elves))
    depends = [f"libc6 (>= {floor})" if p == "libc6" else p for p in sorted(packages)]
    return depends, external


LAUNCHER = f"""#!/bin/sh
# CounterDesk: the one-folder bundle in {PREFIX}/ (counterdesk gui | kiosk | display | --help)
exec {PREFIX}/{NAME} "$@"
"""


def build_deb(bundle: Path, out_dir: Path = DIST, work: Path = WORK / "deb", *, xz: bool = False) -> tuple[Path, str]:
    """dpkg-deb --build of: /opt/counterdesk (the bundle), /usr/bin/counterdesk, three .desktop entries,
    the icon in hicolor, a copyright file. Returns the .deb and its Depends line.
    Compression: gzip (≈35 s, every dpkg reads it); xz=True makes it ≈25 % smaller but takes ≈10 min
    on 2 cores."""
    ver = version()
    stage = work / f"{NAME}_{ver}_amd64"
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / PREFIX.lstrip("/")
    shutil.copytree(bundle, opt, symlinks=True)

    usr_bin = stage / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / NAME).write_text(LAUNCHER, encoding="utf-8")
    (usr_bin / NAME).chmod(0o755)

    applications = stage / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    for name in DESKTOP_FILES:
        shutil.copy2(INSTALLER / name, applications / name)
    icons = stage / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        folder = icons / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(INSTALLER / "icons" / f"counterdesk-{size}.png", folder / f"{NAME}.png")
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(INSTALLER / "icons" / "counterdesk.svg", icons / "scalable" / "apps" / f"{NAME}.svg")

    doc = stage / "usr" / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "CounterDesk (车驾管业务窗口服务台)\nLicense: proprietary\n\n"
        f"The bundle in {PREFIX} carries Python, Qt for Python (LGPL-3.0) and the Python packages listed\n"
        f"in {PREFIX}/_internal/*.dist-info, each under its own licence.\n"
        f"Font: WenQuanYi Micro Hei, Apache-2.0 or GPL-3+ with font exception; see\n"
        f"{PREFIX}/_internal/desktop/resources/fonts/.\n", encoding="utf-8")

    for path in [stage, *stage.rglob("*")]:  # a package's files: root-owned (below), readable by all
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        path.chmod(0o755 if path.is_dir() or mode & 0o111 else 0o644)

    depends, _ = system_dependencies(opt)
    control = stage / "DEBIAN"
    control.mkdir()
    installed_kib = (tree_size(stage) + 1023) // 1024
    (control / "control").write_text(
        f"Package: {NAME}\nVersion: {ver}\nArchitecture: amd64\nSection: misc\nPriority: optional\n"
        f"Maintainer: CounterDesk <counterdesk@localhost>\nInstalled-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends)}\nRecommends: {', '.join(RECOMMENDS)}\n"
        "Description: service hall of a vehicle administration office (车驾管业务窗口服务台)\n"
        " CounterDesk runs the counters of a vehicle and driver service hall: queue and\n"
        " calling, vehicle and driving-licence business, exam booking, the hall display\n"
        " board and the self-service kiosk. Chinese and English.\n", encoding="utf-8")

    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{NAME}_{ver}_amd64.deb"
    compression = ["-Zxz", "-z6", "--threads-max=0"] if xz else ["-Zgzip", "-z6"]
    subprocess.run(["dpkg-deb", "--root-owner-group", *compression, "--build", str(stage), str(deb)], check=True,
                   stdout=subprocess.DEVNULL)
    return deb, ", ".join(depends)


def installed(package: str) -> bool:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return done.returncode == 0 and "install ok installed" in done.stdout


def as_root(command: list[str]) -> list[str]:
    return command if os.geteuid() == 0 else ["sudo", "-n", *command]


def test_deb(deb: Path, folder: Path) -> list[str]:
    """apt-get install the .deb, run `counterdesk --version` and a screenshot from the PATH, apt-get
    remove it and check nothing of it is left. Needs root (or sudo without a password). Returns notes."""
    if installed(NAME):
        raise SmokeFailure(f"{NAME} is already installed here: not touching it (apt-get remove {NAME} first)")
    notes = []
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    started = time.perf_counter()
    done = subprocess.run(as_root(["apt-get", "install", "-y", str(deb.resolve())]),
                          capture_output=True, text=True, env=apt_env)
    if done.returncode != 0:
        raise SmokeFailure(f"apt-get install failed\n{done.stdout}\n{done.stderr}")
    newly = re.search(r"The following NEW packages will be installed:\n((?:  .*\n)+)", done.stdout)
    notes.append(f"apt-get install: {time.perf_counter() - started:.1f} s; new packages: "
                 f"{' '.join(newly.group(1).split()) if newly else '?'}")
    try:
        check(installed(NAME), "dpkg does not list the package as installed")
        launcher = shutil.which(NAME, path="/usr/bin")
        check(launcher == f"/usr/bin/{NAME}", f"no /usr/bin/{NAME} (found {launcher})")
        for name in DESKTOP_FILES:
            check(Path("/usr/share/applications", name).is_file(), f"/usr/share/applications/{name} missing")
        check(Path("/usr/share/icons/hicolor/256x256/apps/counterdesk.png").is_file(), "icon missing")
        report = smoke_test(f"/usr/bin/{NAME}", folder, bundle=Path(PREFIX), full=False)
        notes.append("installed: " + ", ".join(f"{label} {secs:.1f} s" for label, secs in report.steps)
                     + f"; screenshot {report.screenshot} ({report.colours} colours); real window {report.window}")
    finally:
        removed = subprocess.run(as_root(["apt-get", "remove", "-y", NAME]), capture_output=True, text=True,
                                 env=apt_env)
    check(removed.returncode == 0, f"apt-get remove failed\n{removed.stdout}\n{removed.stderr}")
    left = [p for p in (PREFIX, f"/usr/bin/{NAME}", *(f"/usr/share/applications/{n}" for n in DESKTOP_FILES),
                        "/usr/share/icons/hicolor/256x256/apps/counterdesk.png") if os.path.lexists(p)]
    check(not left, f"left behind after apt-get remove: {left}")
    check(not installed(NAME), "dpkg still lists the package")
    notes.append(f"apt-get remove: {PREFIX} and /usr/bin/{NAME} gone, nothing left")
    return notes


# --- the command ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-bundle", action="store_true", help="reuse dist/counterdesk/")
    parser.add_argument("--no-smoke", action="store_true", help="leave out the smoke test")
    parser.add_argument("--no-deb", action="store_true", help="leave out the .deb")
    parser.add_argument("--test-deb", action="store_true",
                        help="apt-get install the .deb, run it, apt-get remove it (root or sudo)")
    parser.add_argument("--xz", action="store_true", help="compress the .deb with xz: smaller, much slower")
    parser.add_argument("--keep", action="store_true", help="keep the smoke test's throwaway folders")
    args = parser.parse_args(argv)
    times: list[tuple[str, float]] = []

    def timed(label: str, action: Callable[[], object]):
        started = time.perf_counter()
        result = action()
        times.append((label, time.perf_counter() - started))
        return result

    bundle = DIST / NAME
    if args.skip_bundle:
        if not executable(bundle).is_file():
            raise SystemExit(f"no bundle in {bundle}: run without --skip-bundle")
    else:
        log("== bundle (PyInstaller)")
        bundle = timed("bundle", build_bundle)
    log(f"bundle: {bundle}  ({human(tree_size(bundle))}, {sum(1 for _ in bundle.rglob('*'))} files)")

    scratch = Path(tempfile.mkdtemp(prefix="counterdesk-smoke-"))
    try:
        if not args.no_smoke:
            log("== smoke test (throwaway data dir, offscreen)")
            report = timed("smoke test", lambda: smoke_test(executable(bundle), scratch / "bundle", bundle=bundle))
            log(f"smoke test passed: screenshot {report.screenshot} ({report.colours} colours), "
                f"real window {report.window}, spawned writer seen: {report.spawned_writer}")
        deb = None
        if not args.no_deb and sys.platform.startswith("linux"):
            log("== .deb (dpkg-deb)")
            deb, depends = timed(".deb", lambda: build_deb(bundle, xz=args.xz))
            log(f".deb: {deb}  ({human(deb.stat().st_size)})\nDepends: {depends}\nRecommends: {', '.join(RECOMMENDS)}")
        if args.test_deb:
            if deb is None:
                raise SystemExit("--test-deb needs the .deb (not with --no-deb)")
            log("== .deb test (apt-get install, run, apt-get remove)")
            for note in timed(".deb test", lambda: test_deb(deb, scratch / "installed")):
                log(f"  {note}")
    except SmokeFailure as exc:
        log(f"FAILED: {exc}")
        log(f"(the throwaway folder is kept: {scratch})")
        return 1
    if args.keep:
        log(f"kept: {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    log("== times: " + ", ".join(f"{label} {secs:.0f} s" for label, secs in times))
    return 0


if __name__ == "__main__":
    sys.exit(main())

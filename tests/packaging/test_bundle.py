"""The frozen bundle and the .deb, built and run for real (tools/build_installers.py does the work).

Slow — ≈3 min to build the bundle, ≈2 min of smoke test, ≈2 min for the .deb — so left out of the
default run: every test here is skipped unless COUNTERDESK_BUILD_TESTS=1.

    .venv/bin/pip install -e ".[build]"
    COUNTERDESK_BUILD_TESTS=1 .venv/bin/python -m pytest tests/packaging -v

The bundle is built into a temporary folder; COUNTERDESK_BUNDLE=dist/counterdesk tests one built
before (by tools/build_installers.py) instead. The .deb test installs and removes the package
`counterdesk` on this machine with apt-get: it needs root (or sudo without a password) and refuses to
run where the package is already installed."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENABLED = os.environ.get("COUNTERDESK_BUILD_TESTS") == "1"

pytestmark = pytest.mark.skipif(not ENABLED, reason="slow packaging tests: set COUNTERDESK_BUILD_TESTS=1")


def load_tool():
    spec = importlib.util.spec_from_file_location("build_installers", ROOT / "tools" / "build_installers.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return load_tool()


@pytest.fixture(scope="module")
def bundle(tool, tmp_path_factory) -> Path:
    given = os.environ.get("COUNTERDESK_BUNDLE")
    if given:
        path = Path(given).resolve()
        assert tool.executable(path).is_file(), f"COUNTERDESK_BUNDLE={given}: no executable there"
        return path
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail('PyInstaller is not installed: .venv/bin/pip install -e ".[build]"')
    folder = tmp_path_factory.mktemp("pyinstaller")
    return tool.build_bundle(dist=folder / "dist", work=folder / "work")


def pyz_modules(tool, bundle: Path) -> set[str]:
    from PyInstaller.archive.readers import CArchiveReader

    return set(CArchiveReader(str(tool.executable(bundle))).open_embedded_archive("PYZ.pyz").toc)


def test_bundle_carries_the_app_and_its_data(tool, bundle):
    internal = bundle / "_internal"
    resources = internal / "desktop" / "resources"
    for name in ("fonts/wqy-microhei.ttc", "fonts/LICENSE-wqy-microhei.txt", "translations/counterdesk_en.qm",
                 "styles/counterdesk.qss", "sounds/chime.wav", "__init__.py"):
        assert (resources / name).is_file(), f"{name} missing from the bundle"
    catalog = sorted(p.name for p in (ROOT / "resources" / "catalog").glob("*.toml"))
    assert sorted(p.name for p in (resources / "catalog").glob("*.toml")) == catalog
    # Alembic reads the migrations as files ...
    migrations = internal / "desktop" / "store" / "migrations"
    versions = sorted(p.name for p in (ROOT / "desktop" / "store" / "migrations" / "versions").glob("0*.py"))
    assert versions and sorted(p.name for p in (migrations / "versions").glob("0*.py")) == versions
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    # ... and every module of the app is in the archive, the compiled forms among them.
    modules = pyz_modules(tool, bundle)
    source = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
              for p in (ROOT / "desktop").rglob("*.py")}
    assert source - modules == set(), f"modules left out of the bundle: {sorted(source - modules)}"
    assert {m for m in modules if m.startswith("desktop.ui.forms.ui_")}
    assert "pkg_resources" not in modules


def test_bundle_is_lean(bundle):
    pyside = bundle / "_internal" / "PySide6"
    bindings = {p.name.split(".")[0] for p in pyside.glob("Qt*.so")}
    assert {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtPdf", "QtMultimedia"} <= bindings
    assert not bindings & {"QtQml", "QtQuick", "QtCharts", "QtWebEngineCore", "Qt3DCore", "QtTextToSpeech"}
    names = {p.name for p in bundle.rglob("*")}
    assert not {"libqgtk3.so", "libqtvirtualkeyboardplugin.so", "libQt6VirtualKeyboard.so.6",
                "libgtk-3.so.0", "libatk-1.0.so.0"} & names
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < 350 * 2**20, f"the bundle grew to {size / 2**20:.0f} MiB"


def test_smoke(tool, bundle, tmp_path):
    """--version, init, demo data, a screenshot, exports (the PDF font, the spawned writer), a real
    window under Xvfb, verify — from the frozen executable, in a throwaway data directory."""
    report = tool.smoke_test(tool.executable(bundle), tmp_path, bundle=bundle)
    assert report.colours >= 200
    if sys.platform.startswith("linux"):
        assert report.spawned_writer
    if shutil.which("Xvfb"):
        assert report.window is not None and report.window.is_file()


def can_be_root() -> bool:
    if os.geteuid() == 0:
        return True
    return shutil.which("sudo") is not None and subprocess.run(["sudo", "-n", "true"],
                                                               capture_output=True).returncode == 0


def test_deb_installs_runs_and_removes(tool, bundle, tmp_path):
    if not sys.platform.startswith("linux") or shutil.which("dpkg-deb") is None or shutil.which("apt-get") is None:
        pytest.skip("needs a Debian-based system (dpkg-deb, apt-get)")
    if not can_be_root():
        pytest.skip("needs root or sudo without a password to install the .deb")
    deb, depends = tool.build_deb(bundle, out_dir=tmp_path, work=tmp_path / "work")
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    for path in ("./opt/counterdesk/counterdesk", "./usr/bin/counterdesk",
                 "./usr/share/applications/counterdesk.desktop", "./usr/share/applications/counterdesk-kiosk.desktop",
                 "./usr/share/applications/counterdesk-display.desktop",
                 "./usr/share/icons/hicolor/256x256/apps/counterdesk.png",
                 "./usr/share/icons/hicolor/scalable/apps/counterdesk.svg"):
        assert f" {path}" in listing, f"{path} missing from the .deb"
    field = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert field == depends
    for package in ("libc6", "libgl1", "libegl1", "libxcb1", "libfontconfig1"):
        assert package in depends
    notes = tool.test_deb(deb, tmp_path / "installed")
    assert any("nothing left" in note for note in notes)

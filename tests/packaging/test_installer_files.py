"""The installer files agree with each other, with the app and with its command line — fast, no build
(the builds themselves are in test_bundle.py, behind COUNTERDESK_BUILD_TESTS=1). The Windows script
cannot be compiled here: these checks are what keeps its paths matching the PyInstaller spec."""

from __future__ import annotations

import configparser
import re
import tomllib
from pathlib import Path

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
MODES = {"counterdesk.desktop": "gui", "counterdesk-kiosk.desktop": "kiosk", "counterdesk-display.desktop": "display"}


def spec_text() -> str:
    return (INSTALLER / "counterdesk.spec").read_text(encoding="utf-8")


def iss_text() -> str:
    raw = (INSTALLER / "counterdesk.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads the Chinese names right only with a UTF-8 BOM"
    return raw.decode("utf-8-sig")


def test_windows_script_matches_the_spec_and_the_version():
    name = re.search(r'^NAME = "([^"]+)"', spec_text(), re.M).group(1)
    assert 'name=f"{NAME}w", console=False' in spec_text()
    iss = iss_text()
    assert re.search(r'#define BundleDir "\.\.\\dist\\' + re.escape(name) + '"', iss)
    assert f'#define WindowExe "{name}w.exe"' in iss
    assert f'#define MyAppVersion "{__version__}"' in iss, "installer/counterdesk.iss: update MyAppVersion"
    assert (INSTALLER / re.search(r"^SetupIconFile=(.+)$", iss, re.M).group(1).strip().replace("\\", "/")).is_file()
    modes = re.findall(r'^Name: "\{group\}[^"]*"; Filename: "\{app\}\\\{#WindowExe\}"; Parameters: "(\w+)"', iss, re.M)
    assert sorted(modes) == sorted(MODES.values())


@pytest.mark.parametrize("filename", sorted(MODES))
def test_desktop_entries_start_a_mode_the_command_has(filename):
    from desktop.cli import build_parser

    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str
    entry.read(INSTALLER / filename, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Icon"] == "counterdesk"
    program, command = section["Exec"].split()
    assert (program, command) == ("counterdesk", MODES[filename])
    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert command in commands
    assert section["Name[zh_CN]"]


def test_icons_exist_at_their_sizes():
    from PIL import Image

    assert "<svg" in (INSTALLER / "icons" / "counterdesk.svg").read_text(encoding="utf-8")
    for size in (48, 128, 256):
        with Image.open(INSTALLER / "icons" / f"counterdesk-{size}.png") as image:
            assert image.size == (size, size)
    with Image.open(INSTALLER / "icons" / "counterdesk.ico") as image:
        assert (256, 256) in image.info["sizes"]


def test_pyinstaller_is_pinned():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (pin,) = config["project"]["optional-dependencies"]["build"]
    assert re.fullmatch(r"pyinstaller==\d+\.\d+\.\d+", pin)

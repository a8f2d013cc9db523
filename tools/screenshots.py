"""Regenerate every picture in docs/screenshots/: each view of the counter window, its dialogs, the
display board and every kiosk screen, in Chinese and in English.

    .venv/bin/python tools/screenshots.py --db sqlite:////tmp/demo.sqlite3    # a database with demo data
    .venv/bin/python tools/screenshots.py                                    # builds one first (~4 min)
    .venv/bin/python tools/screenshots.py --only queue,about --lang en       # a few, one language

Each window and dialog picture comes from `counterdesk screenshot --view V --lang L` (a process per
picture, as a person would run it); the kiosk gallery from desktop.ui.kiosk.shots (every screen of every
flow, staged on a throwaway copy of the database). Nothing changes in the database given: the exam and
check-in views and the kiosk gallery stage their data on a copy.

Output: docs/screenshots/<lang>/<view>.png and docs/screenshots/<lang>/kiosk-<screen>[-large].png. The
README shows the Chinese ones; look at every file after a change to the UI (clipped text, a string left
untranslated, an empty panel).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
LANGS = ("zh", "en")
COUNTER = (1366, 768)  # the smallest counter PC the hall has (UI.md)
# view → size; the counter window's panels, its dialogs, the hall TV and the kiosk's home screen
VIEWS: dict[str, tuple[int, int]] = {
    "login": COUNTER, "queue": COUNTER, "vehicle": COUNTER, "driver": COUNTER, "exam": COUNTER,
    "checkin": COUNTER, "shortcuts": COUNTER, "about": COUNTER, "password": COUNTER, "rating": COUNTER,
    "export": COUNTER, "reminders": COUNTER, "monitor": COUNTER, "admin": COUNTER,
    "display": (1920, 1080),
}
KIOSK_SIZE = (1920, 1080)


def counterdesk() -> list[str]:
    exe = Path(sys.executable).parent / "counterdesk"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "desktop"]


def build_demo(folder: Path) -> str:
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    print(f"building a demo database in {folder} (a year of a hall: a few minutes)…", flush=True)
    subprocess.run([*counterdesk(), "--db", url, "demo-data"], check=True, stdout=subprocess.DEVNULL)
    return url


def shoot(db: str, view: str, lang: str, out: Path) -> None:
    w, h = VIEWS[view]
    cmd = [*counterdesk(), "--db", db, "screenshot", "--view", view, "--lang", lang, "--size", f"{w}x{h}",
           "--out", str(out)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}\n{result.stdout}{result.stderr}")


def kiosk_gallery(db: str, lang: str, folder: Path) -> list[Path]:
    """Every kiosk screen, normal and 大字模式, in `lang` (in a child process: one language per Qt app)."""
    code = ("import sys; from pathlib import Path; from desktop.context import open_app; "
            "from desktop.ui.qtapp import create_application; from desktop.ui.kiosk.shots import shoot_all; "
            f"create_application({lang!r}, offscreen=True); ctx = open_app({db!r}, lang={lang!r}); "
            f"files = shoot_all(ctx, Path({str(folder)!r}), {KIOSK_SIZE!r}); ctx.dispose(); "
            "print('\\n'.join(str(f) for f in files))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"kiosk gallery ({lang}) failed:\n{result.stdout}{result.stderr}")
    return [Path(line) for line in result.stdout.splitlines() if line.endswith(".png")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database with demo data (default: build one in a temporary folder)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--lang", default=",".join(LANGS), help="zh,en (default both)")
    parser.add_argument("--only", default="", help="comma-separated views (and 'kiosk-gallery'); default all")
    args = parser.parse_args()
    langs = [lang for lang in args.lang.split(",") if lang]
    wanted = [v for v in args.only.split(",") if v] or [*VIEWS, "kiosk-gallery"]
    unknown = [v for v in wanted if v not in VIEWS and v != "kiosk-gallery"]
    if unknown or not set(langs) <= set(LANGS):
        parser.error(f"unknown view or language: {', '.join(unknown) or args.lang}")
    with tempfile.TemporaryDirectory(prefix="counterdesk-shots-") as tmp:
        db = args.db or build_demo(Path(tmp))
        written: list[Path] = []
        for lang in langs:
            folder = args.out / lang
            folder.mkdir(parents=True, exist_ok=True)
            for view in (v for v in wanted if v in VIEWS):
                started = time.monotonic()
                out = folder / f"{view}.png"
                shoot(db, view, lang, out)
                written.append(out)
                print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}  "
                      f"({time.monotonic() - started:.1f} s)", flush=True)
            if "kiosk-gallery" in wanted:
                gallery = kiosk_gallery(db, lang, folder)
                written += gallery
                print(f"{folder}/kiosk-*.png: {len(gallery)} screens", flush=True)
    print(f"{len(written)} pictures in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Compiled forms and translations match their sources (tools/build_ui.py --check)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_files_have_not_drifted():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_ui.py"), "--check"], capture_output=True,
                            text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

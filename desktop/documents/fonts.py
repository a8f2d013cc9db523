"""The bundled CJK font, registered with ReportLab once per process.

Only WenQuanYi Micro Hei (resources/fonts/) is used: it has Latin, digits and CJK, ReportLab embeds
a subset of it in every PDF, and so Chinese shows on a machine with no fonts installed. Never
STSong-Light: ReportLab does not embed that CID font, and a viewer without CJK fonts shows nothing.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from desktop.paths import cjk_font_path

CJK_FONT_NAME = "WenQuanYiMicroHei"

# Process cache of what is registered (resolved path -> ReportLab font name). Registration parses
# a 5 MB TTC (65–190 ms), so it happens once; the lock keeps a render on the DB worker and one on
# the GUI thread from both doing it.
_registered: dict[Path, str] = {}
_lock = threading.Lock()


def register_cjk_font(path: Path | None = None) -> str:
    """Register the CJK font (the bundled one unless `path` is given) and return its ReportLab name."""
    resolved = (path or cjk_font_path()).resolve()
    name = _registered.get(resolved)
    if name is not None:
        return name
    with _lock:
        name = _registered.get(resolved)
        if name is not None:
            return name
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        if resolved == cjk_font_path().resolve():
            name = CJK_FONT_NAME
        else:
            # Another font file gets its own name, so it can never shadow the bundled one.
            name = f"{CJK_FONT_NAME}-{hashlib.sha1(str(resolved).encode()).hexdigest()[:8]}"
        pdfmetrics.registerFont(TTFont(name, str(resolved), subfontIndex=0))
        _registered[resolved] = name
        return name

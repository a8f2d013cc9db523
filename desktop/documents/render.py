"""The document renderers: plain data in, PDF bytes out. No database, no Qt.

    render_slip(SlipContent)     80 mm roll: 排队号票, 收费收据
    render_notice(NoticeContent) A4: 受理凭证, 容缺受理通知书, 准考证

The QR text comes from signing.sign_payload; the fonts from fonts.register_cjk_font.
"""

from __future__ import annotations

from desktop.documents.notice import NoticeContent, render_notice
from desktop.documents.slip import SlipContent, render_slip

__all__ = ["NoticeContent", "SlipContent", "render_notice", "render_slip"]

"""QR codes for printed documents, drawn as a 1-bit bitmap (the `qrcode` library is ~3x faster
than ReportLab's vector QR and the PDF is smaller). The payload is the signed text from
signing.sign_payload: upper-case and dots only, so it encodes in alphanumeric mode (version 4 for
a 70-character payload)."""

from __future__ import annotations

import qrcode
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white round the code, as the standard asks; it is part of the bitmap


def qr_image(payload: str) -> Image.Image:
    """The QR as a black-on-white 1-bit image, one pixel per module, quiet zone included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = Image.new("1", (size, size))
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    return image


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR with its lower-left corner at (x, y), `size` points square (quiet zone included)."""
    c.drawImage(ImageReader(qr_image(payload)), x, y, width=size, height=size)

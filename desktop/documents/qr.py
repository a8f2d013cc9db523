"""QR codes for printed documents, drawn as filled rectangles straight onto the PDF page (one path,
one fill): crisp at any printer resolution, no image to encode. The payload is the signed text from
signing.sign_payload: upper-case and dots only, so it encodes in alphanumeric mode (version 4 for
a 70-character payload).

The symbol is exactly the one the `qrcode` library makes (same segments, version, codewords and
mask): the library still splits the payload into segments and writes their bits, but the bit
buffer, Reed-Solomon remainders, module placement and mask choice — eight full placements, each
scored in pure Python, were ~70 % of a slip's render time — are done here with integers, strings
and per-version tables. tests/unit/test_qr.py checks the matrices are identical to the library's,
from version 1 to 40 and in all three modes.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from operator import itemgetter, xor

import qrcode
from qrcode import LUT as qr_lut
from qrcode import base as qr_base
from qrcode import util as qr_util
from qrcode.exceptions import DataOverflowError
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white round the code, as the standard asks; drawn as part of the code
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M

# Neither pattern can overlap itself and both cannot start at one place, so str.count (which
# counts non-overlapping matches) counts every window the library's scan finds.
_FINDER_LIKE = ("10111010000", "00001011101")


class _Bits:
    """The bit buffer QRData.write fills, as one integer (qrcode's BitBuffer appends bit by bit)."""

    __slots__ = ("value", "length")

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length


def _segment_bits(data_list, version: int) -> _Bits:
    bits = _Bits()
    for data in data_list:
        bits.put(data.mode, 4)
        bits.put(len(data), qr_util.length_in_bits(data.mode, version))
        data.write(bits)
    return bits


def _best_fit(data_list, start: int = 1) -> int:
    """QRCode.best_fit: the smallest version whose capacity holds the bits (mode sizes grow at 10, 27)."""
    mode_sizes = qr_util.mode_sizes_for_version(start)
    needed = _segment_bits(data_list, start).length
    version = bisect_left(qr_util.BIT_LIMIT_TABLE[ERROR_CORRECTION], needed, start)
    if version == 41:
        raise DataOverflowError()
    if mode_sizes is not qr_util.mode_sizes_for_version(version):
        return _best_fit(data_list, version)
    return version


@lru_cache(maxsize=None)
def _generator_rows(ec_count: int) -> tuple[tuple[int, ...], ...]:
    """For each feedback byte, what it adds to the remainder: the Reed-Solomon generator (qrcode's
    polynomial, after its leading 1) times that byte over GF(256)."""
    if ec_count in qr_lut.rsPoly_LUT:
        poly = qr_base.Polynomial(qr_lut.rsPoly_LUT[ec_count], 0)
    else:
        poly = qr_base.Polynomial([1], 0)
        for i in range(ec_count):
            poly = poly * qr_base.Polynomial([1, qr_base.gexp(i)], 0)
    exp, log = qr_base.EXP_TABLE, qr_base.LOG_TABLE
    coefficients = list(poly)[1:]
    rows = [(0,) * ec_count]
    for factor in range(1, 256):
        rows.append(tuple(exp[(log[c] + log[factor]) % 255] if c else 0 for c in coefficients))
    return tuple(rows)


def _remainder(block: list[int], ec_count: int) -> list[int]:
    """block · x^ec mod generator over GF(256): the block's error-correction codewords."""
    rows = _generator_rows(ec_count)
    rem = [0] * ec_count
    for byte in block:
        factor = byte ^ rem[0]
        del rem[0]
        rem.append(0)
        rem = list(map(xor, rem, rows[factor]))
    return rem


def _codewords(data_list, version: int) -> list[int]:
    """qrcode.util.create_data: data bits, terminator, padding, then blocks interleaved with their
    error-correction codewords."""
    bits = _segment_bits(data_list, version)
    blocks = qr_base.rs_blocks(version, ERROR_CORRECTION)
    bit_limit = sum(block.data_count * 8 for block in blocks)
    if bits.length > bit_limit:
        raise DataOverflowError(f"Code length overflow. Data size ({bits.length}) > size available ({bit_limit})")
    bits.put(0, min(bit_limit - bits.length, 4))
    if bits.length % 8:
        bits.put(0, 8 - bits.length % 8)
    pad = (bit_limit - bits.length) // 8
    stream = list(bits.value.to_bytes(bits.length // 8, "big")) + [(qr_util.PAD0, qr_util.PAD1)[i % 2]
                                                                    for i in range(pad)]
    data_blocks, ec_blocks, offset = [], [], 0
    for block in blocks:
        dc = stream[offset:offset + block.data_count]
        offset += block.data_count
        data_blocks.append(dc)
        ec_blocks.append(_remainder(dc, block.total_count - block.data_count))
    out = []
    for group in (data_blocks, ec_blocks):
        for i in range(max(len(b) for b in group)):
            out.extend(b[i] for b in group if i < len(b))
    return out


class _Layout:
    """One version's fixed modules and the order in which data bits are placed (map_data's zigzag)."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.n = n = version * 4 + 17
        test = _skeleton(version, test=True, mask=0)
        self.positions = positions = _placement_order(test, n)
        count = len(positions)
        data_index = {flat: i for i, flat in enumerate(positions)}
        # Flat matrix = itemgetter(*perm)(data bits + fixed modules): data cells read their bit,
        # fixed cells their own character of the skeleton string (offset by the data length).
        self.perm = [data_index.get(k, count + k) for k in range(n * n)]
        self.test_fixed = _flat_string(test)
        self._final_fixed: dict[int, str] = {}
        self.masks = [int("".join("1" if fn(k // n, k % n) else "0" for k in positions), 2)
                      for fn in (qr_util.mask_func(m) for m in range(8))]

    def final_fixed(self, mask: int) -> str:
        fixed = self._final_fixed.get(mask)
        if fixed is None:
            fixed = self._final_fixed[mask] = _flat_string(_skeleton(self.version, test=False, mask=mask))
        return fixed


def _skeleton(version: int, *, test: bool, mask: int) -> list[list[bool | None]]:
    """The function patterns and format/version areas as QRCode.makeImpl sets them (None = data)."""
    code = qrcode.QRCode(version=version, error_correction=ERROR_CORRECTION)
    n = code.modules_count = version * 4 + 17
    code.modules = [[None] * n for _ in range(n)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(n - 7, 0)
    code.setup_position_probe_pattern(0, n - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(test, mask)
    if version >= 7:
        code.setup_type_number(test)
    return code.modules


def _placement_order(modules: list[list[bool | None]], n: int) -> list[int]:
    """Flat indices of the data cells in the order QRCode.map_data fills them."""
    order, row, inc = [], n - 1, -1
    for col in range(n - 1, 0, -2):
        if col <= 6:
            col -= 1
        while True:
            for c in (col, col - 1):
                if modules[row][c] is None:
                    order.append(row * n + c)
            row += inc
            if row < 0 or n <= row:
                row -= inc
                inc = -inc
                break
    return order


def _flat_string(modules: list[list[bool | None]]) -> str:
    return "".join("1" if m else "0" for row in modules for m in row)


@lru_cache(maxsize=None)
def _layout(version: int) -> _Layout:
    return _Layout(version)  # built once per version (two threads racing build the same tables)


def _lost_point(flat: str, n: int) -> int:
    """qrcode.util.lost_point of the flat '0'/'1' matrix: the same four rules and arithmetic."""
    rows = [flat[i:i + n] for i in range(0, n * n, n)]
    columns = [flat[c::n] for c in range(n)]
    full = (1 << n) - 1
    points = 0
    # Rule 1, runs of five or more alike in a row or column: 3 points for five, +1 per extra module.
    # A run of L gives L-4 five-module windows, one block of set bits in `windows`; so the points,
    # the sum of (L - 2), are the windows plus two per block.
    for line in rows + columns:
        v = int(line, 2)
        alike = ~(v ^ (v >> 1)) & (full >> 1)  # bit j: modules j and j+1 (from the right) agree
        windows = alike & (alike >> 1) & (alike >> 2) & (alike >> 3)
        points += windows.bit_count() + 2 * (windows & ~(windows << 1)).bit_count()
    # Rule 2, 2x2 blocks of one colour: 3 points each.
    values = [int(r, 2) for r in rows]
    blocks = 0
    for top, bottom in zip(values, values[1:]):
        same = ~(top ^ bottom) & full  # per column: the two rows agree
        blocks += (same & (same >> 1) & ~(top ^ (top >> 1)) & (full >> 1)).bit_count()
    points += 3 * blocks
    # Rule 3, the 1:1:3:1:1 finder-like pattern with four light modules on one side: 40 points each.
    lines = "|".join(rows) + "|" + "|".join(columns)
    points += 40 * sum(lines.count(pattern) for pattern in _FINDER_LIKE)
    # Rule 4, the dark share's distance from 50 %, 10 points per whole 5 %.
    percent = float(flat.count("1")) / (n**2)
    return points + int(abs(percent * 100 - 50) / 5) * 10


def qr_modules(payload: str) -> list[str]:
    """The QR symbol (no quiet zone) as rows of '1' (dark) and '0', exactly as `qrcode` makes it with
    error correction M: same version, codewords and mask pattern."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION)
    code.add_data(payload)  # the library's segmenting (numeric / alphanumeric / byte runs)
    version = _best_fit(code.data_list)
    layout = _layout(version)
    n, count = layout.n, len(layout.positions)
    data = _codewords(code.data_list, version)
    # Bits beyond the codewords (the remainder bits) are light before masking, as in map_data.
    bits = int.from_bytes(bytes(data), "big") << (count - 8 * len(data))
    pick = itemgetter(*layout.perm)
    best_mask, best_points, best_data = 0, 0, ""
    for mask in range(8):
        masked = format(bits ^ layout.masks[mask], f"0{count}b")
        points = _lost_point("".join(pick(masked + layout.test_fixed)), n)
        if mask == 0 or points < best_points:
            best_mask, best_points, best_data = mask, points, masked
    flat = "".join(pick(best_data + layout.final_fixed(best_mask)))
    return [flat[i:i + n] for i in range(0, n * n, n)]


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR as rows of booleans (True = dark), quiet zone included: QRCode.get_matrix()'s value."""
    rows = qr_modules(payload)
    width = len(rows) + 2 * QUIET_ZONE
    blank = [[False] * width for _ in range(QUIET_ZONE)]
    side = [False] * QUIET_ZONE
    body = [side + [m == "1" for m in row] + side for row in rows]
    return blank + body + [[False] * width for _ in range(QUIET_ZONE)]


def qr_image(payload: str):
    """The QR as a black-on-white 1-bit PIL image, one pixel per module, quiet zone included."""
    from PIL import Image

    matrix = qr_matrix(payload)
    size = len(matrix)
    image = Image.new("1", (size, size))
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    return image


def qr_path_ops(rows: list[str]) -> str:
    """PDF path operators for the dark modules in module units (x right, y down from the top-left
    of the symbol): one rectangle per horizontal run of dark modules, filled by the caller."""
    ops = []
    for r, row in enumerate(rows):
        x = 0
        for run in row.split("0"):
            if run:
                ops.append(f"{x} {r} {len(run)} 1 re")
            x += len(run) + 1
    return "\n".join(ops)


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR with its lower-left corner at (x, y), `size` points square (quiet zone included):
    a white square, then the dark modules as one filled path in black."""
    rows = qr_modules(payload)
    module = size / (len(rows) + 2 * QUIET_ZONE)
    inset = QUIET_ZONE * module
    c.addLiteral(
        f"q 1 g {fp_str(x, y, size, size)} re f\n"
        f"0 g {fp_str(module, 0, 0, -module, x + inset, y + size - inset)} cm\n"
        f"{qr_path_ops(rows)}\nf Q"
    )

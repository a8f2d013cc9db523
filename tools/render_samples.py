"""Write sample documents to out/ (PDF, and PNG at 200 dpi) to look at them, with render times.

    .venv/bin/python tools/render_samples.py [--long]

--long also writes a notice with enough materials and notes to flow onto a second page.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.documents.fonts import register_cjk_font  # noqa: E402
from desktop.documents.render import NoticeContent, SlipContent, render_notice, render_slip  # noqa: E402
from desktop.documents.signing import DocumentRef, new_hall_key, sign_payload  # noqa: E402

HALL = "152900"
OFFICE = "阿拉善盟公安局交通管理支队车辆管理所"
ISSUED = date(2026, 11, 26)


def sample_slip(key: bytes) -> SlipContent:
    serial = "SL20261126A023"
    return SlipContent(
        hall_name=OFFICE,
        title="排队号票",
        big_text="A023",
        fields=[
            ("业务类型", "机动车业务"),
            ("取号人", "张*明"),
            ("前面等候", "8 人"),
            ("预约时段", "09:30–10:00"),
        ],
        qr_payload=sign_payload(DocumentRef("SL", serial, HALL, ISSUED), key),
        serial=serial,
        issued_at="2026-11-26 09:41:07",
        footer_lines=["请留意叫号屏幕和语音提示，过号请重新取号。", "服务监督电话：0483-8330110"],
    )


def sample_receipt(key: bytes) -> SlipContent:
    serial = "RC20261126000057"
    return SlipContent(
        hall_name=OFFICE,
        title="收费收据",
        big_text="¥ 125.00",
        fields=[
            ("缴费人", "内蒙古阿拉善盟某某运输有限责任公司"),
            ("号牌号码", "蒙M·A12*5"),
            ("机动车号牌工本费", "¥ 100.00"),
            ("行驶证工本费", "¥ 15.00"),
            ("检验合格标志", "¥ 10.00"),
            ("收款窗口", "3号窗口 · 工号 0012"),
        ],
        qr_payload=sign_payload(DocumentRef("RC", serial, HALL, ISSUED), key),
        serial=serial,
        issued_at="2026-11-26 10:02:51",
        footer_lines=["本收据为缴费凭证，请妥善保管。"],
    )


def sample_notice(key: bytes, long: bool = False) -> NoticeContent:
    serial = "RN20261126000123"
    materials = [
        ("机动车登记业务申请表", "✓"),
        ("机动车所有人身份证明（居民身份证）", "✓"),
        ("机动车登记证书", "✓"),
        ("机动车交通事故责任强制保险凭证", "✓"),
        ("车辆购置税完税证明", "容缺"),
    ]
    notes = [
        "本通知书是容缺受理的凭证，请妥善保管，补交材料时请出示。",
        "逾期未补交容缺材料的，本次受理作废，已收取的费用按规定办理退费。",
        "可通过交管12123 App 或到任一就近办服务站点补交材料。",
    ]
    if long:
        materials = materials * 5
        notes = notes * 6
    return NoticeContent(
        office_name=OFFICE,
        title="机动车业务容缺受理通知书",
        fields=[
            ("申请人", "张*明"),
            ("身份证明号码", "152921********0017"),
            ("联系电话", "139****5678"),
            ("业务类型", "机动车转移登记（同一车辆管理所辖区内）"),
            ("号牌号码", "蒙M·A12*5（小型汽车）"),
            ("车辆识别代号", "LSVAM4187C2******"),
            ("受理窗口", "阿拉善盟车管所 3号窗口"),
            ("受理日期", "2026年11月26日"),
        ],
        materials=materials,
        deadline="请于2026年12月10日（星期四）前补交容缺材料，逾期本次受理作废。",
        notes=notes,
        qr_payload=sign_payload(DocumentRef("RN", serial, HALL, ISSUED), key),
        serial=serial,
        clerk="李*（工号 0012）",
        issued_at="2026-11-26 10:05",
    )


def to_png(pdf: bytes, path: Path, dpi: int = 200) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72).to_pil()
            target = path if i == 0 else path.with_name(f"{path.stem}_p{i + 1}.png")
            image.save(target)
    finally:
        doc.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--long", action="store_true")
    args = parser.parse_args()
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    t = time.perf_counter()
    register_cjk_font()
    print(f"font registration: {(time.perf_counter() - t) * 1000:.0f} ms")
    key = new_hall_key()
    jobs = [
        ("sample_slip", render_slip, sample_slip(key)),
        ("sample_receipt", render_slip, sample_receipt(key)),
        ("sample_notice", render_notice, sample_notice(key)),
    ]
    if args.long:
        jobs.append(("sample_notice_long", render_notice, sample_notice(key, long=True)))
    for name, render, content in jobs:
        render(content)  # warm
        runs = 20
        t = time.perf_counter()
        for _ in range(runs):
            pdf = render(content)
        ms = (time.perf_counter() - t) * 1000 / runs
        (out / f"{name}.pdf").write_bytes(pdf)
        to_png(pdf, out / f"{name}.png")
        payload = content.qr_payload or ""
        print(f"{name}: {ms:.1f} ms, {len(pdf) / 1024:.1f} KB, payload {payload} ({len(payload)})")


if __name__ == "__main__":
    main()

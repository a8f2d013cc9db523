"""收费收据 (80 mm) and the money helpers behind it: ¥ formatting and 人民币大写."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
import zxingcpp

from desktop.documents.money import amount_in_words, format_yuan
from desktop.documents.receipt import FeeLineText, ReceiptContent, render_receipt
from desktop.documents.signing import DocumentRef, sign_payload, verify_payload

KEY = bytes(range(32))
ROLL_WIDTH_PT = 80 / 25.4 * 72


@pytest.mark.parametrize(
    "amount,words",
    [
        ("0", "零元整"),
        ("0.00", "零元整"),
        ("0.05", "伍分"),
        ("0.5", "伍角"),
        ("1.05", "壹元零伍分"),
        ("1.5", "壹元伍角"),
        ("10", "壹拾元整"),
        ("10.02", "壹拾元零贰分"),
        ("100", "壹佰元整"),
        ("120", "壹佰贰拾元整"),
        ("1005", "壹仟零伍元整"),
        ("1010", "壹仟零壹拾元整"),
        ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
        ("10010.5", "壹万零壹拾元伍角"),
        ("100050", "壹拾万零伍拾元整"),
        ("1200000", "壹佰贰拾万元整"),
        ("100000000", "壹亿元整"),
        ("100000001", "壹亿零壹元整"),
        ("105000000", "壹亿零伍佰万元整"),
        ("1000000000000", "壹万亿元整"),
        ("2.345", "贰元叁角伍分"),  # rounded half-up to the fen
        ("2.344", "贰元叁角肆分"),
    ],
)
def test_amount_in_words(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


@pytest.mark.parametrize("bad", [Decimal("-1"), Decimal("-0.01"), Decimal("NaN"), Decimal("Infinity"),
                                 Decimal(10) ** 16])
def test_amount_in_words_refuses_negative_and_impossible_amounts(bad: Decimal) -> None:
    with pytest.raises(ValueError):
        amount_in_words(bad)


@pytest.mark.parametrize("amount,text", [("0", "¥0.00"), ("1234.5", "¥1,234.50"), ("120", "¥120.00"),
                                         ("0.005", "¥0.01"), ("-3", "-¥3.00")])
def test_format_yuan(amount: str, text: str) -> None:
    assert format_yuan(Decimal(amount)) == text


def receipt(**changes) -> ReceiptContent:
    serial = "RC26112600001"
    content = ReceiptContent(
        office_name="阿拉善盟公安局交通管理支队车辆管理所",
        payer="张*明",
        case_no="VC26112600001",
        business="注册登记",
        lines=[FeeLineText("汽车号牌", 1, Decimal(100), Decimal(100)),
               FeeLineText("行驶证", 1, Decimal(10), Decimal(10)),
               FeeLineText("登记证书", 1, Decimal(10), Decimal(10))],
        total=Decimal(120),
        paid_by="微信",
        clerk="李*（工号 0012）",
        qr_payload=sign_payload(DocumentRef("RC", serial, "152900", date(2026, 11, 26)), KEY),
        serial=serial,
        issued_at="2026-11-26 09:41",
        notes=["本收据为缴费凭证，请妥善保管。"],
    )
    for name, value in changes.items():
        setattr(content, name, value)
    return content


def one_page(pdf: bytes) -> tuple[str, tuple[float, float], pdfium.PdfPage]:
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == 1
    page = doc[0]
    return page.get_textpage().get_text_range(), page.get_size(), page


def test_receipt_is_an_80mm_roll_with_the_chinese_text() -> None:
    text, (width, height), _ = one_page(render_receipt(receipt()))
    assert width == pytest.approx(ROLL_WIDTH_PT, abs=0.5)
    assert 80 / 25.4 * 72 < height < 220 / 25.4 * 72
    flat = re.sub(r"\s", "", text)
    for expected in ("阿拉善盟公安局交通管理支队车辆管理所", "收费收据", "交款人", "张*明", "VC26112600001", "注册登记",
                     "缴费方式", "微信", "项目", "数量", "金额", "汽车号牌", "¥100.00", "¥10.00", "合计", "¥120.00",
                     "人民币壹佰贰拾元整", "收款人", "扫码验真", "本收据为缴费凭证", "RC26112600001",
                     "2026-11-2609:41"):
        assert expected in flat, expected


def test_receipt_qr_scans_back_to_the_signed_payload() -> None:
    content = receipt()
    _, _, page = one_page(render_receipt(content))
    codes = [c.text for c in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())]
    assert codes == [content.qr_payload]
    assert verify_payload(codes[0], KEY).serial == "RC26112600001"


def test_amounts_are_right_aligned_in_one_column() -> None:
    """Every ¥ amount of the fee table and the total end at the same x (the column's right edge)."""
    _, _, page = one_page(render_receipt(receipt(lines=[FeeLineText("汽车号牌", 1, Decimal(100), Decimal(100)),
                                                          FeeLineText("行驶证", 2, Decimal(10), Decimal(20))])))
    textpage = page.get_textpage()
    rights = []
    for needle in ("¥100.00", "¥20.00", "¥120.00"):
        searcher = textpage.search(needle)
        index, count = searcher.get_next()
        right = max(textpage.get_charbox(i)[2] for i in range(index, index + count))
        rights.append(right)
    assert max(rights) - min(rights) < 1.5  # points
    assert "单价¥10.00" in re.sub(r"\s", "", textpage.get_text_range())  # quantity 2 shows the unit price


def test_receipt_height_follows_content() -> None:
    heights = [one_page(render_receipt(receipt(**kw)))[1][1]
               for kw in ({"qr_payload": None, "notes": [], "clerk": "", "paid_by": ""}, {},
                          {"lines": [FeeLineText(f"项目{i}", 1, Decimal(1), Decimal(1)) for i in range(12)],
                           "total": Decimal(12)})]
    assert heights == sorted(heights) and len(set(heights)) == 3


def test_receipt_without_lines_prints_the_total() -> None:
    text, _, _ = one_page(render_receipt(receipt(lines=[], total=Decimal("25.5"))))
    assert "¥25.50" in text and "贰拾伍元伍角" in text


def test_receipt_refuses_lines_that_do_not_add_up() -> None:
    with pytest.raises(ValueError, match="不符"):
        render_receipt(receipt(total=Decimal(130)))


def test_receipt_refuses_a_negative_total() -> None:
    with pytest.raises(ValueError):
        render_receipt(receipt(lines=[], total=Decimal(-1)))


def test_only_the_bundled_font_is_embedded() -> None:
    pdf = render_receipt(receipt())
    fonts = re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)", pdf)
    assert fonts and all(re.fullmatch(rb"[A-Z]{6}\+WenQuanYiMicroHei(-\d+)?", name) for name in fonts)

"""Text as people give it (domain.text) and how long a message may grow (domain.errors)."""

from __future__ import annotations

import pytest

from desktop.domain.errors import MAX_MESSAGE_CHARS, CounterDeskError, ValidationError
from desktop.domain.text import ECHO_CHARS, check_text, shown, strip_control


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f"])
def test_control_characters_are_refused_with_the_field(char):
    with pytest.raises(ValidationError) as exc:
        check_text(f"张{char}三", "owner_name", "机动车所有人", "owner's name")
    assert exc.value.field == "owner_name" and exc.value.code == "control_character"
    assert exc.value.message_zh.startswith("机动车所有人") and "owner's name" in exc.value.message_en


@pytest.mark.parametrize("text", ["", "张三", "O'Brien", "第一行\n第二行", "a\tb", "a\r\nb", "巴特尔·其其格", "😀"])
def test_ordinary_text_passes_unchanged(text):
    assert check_text(text, "x") == text


def test_none_is_empty_and_a_search_drops_control_characters():
    assert check_text(None, "x") == ""
    assert strip_control("张\x00三\x1b") == "张三"


def test_shown_keeps_short_input_and_cuts_long_input():
    assert shown("KC01") == "KC01"
    long = "号" * 100_000
    assert shown(long) == "号" * ECHO_CHARS + "…"
    assert shown("a\x00b") == "a\ufffdb"  # never echo the control character itself
    assert shown(2**70) == str(2**70)


def test_a_message_is_bounded_in_the_middle():
    exc = CounterDeskError("x", "没有业务类别 " + "号" * 100_000 + " 请重新选择", "Unknown " + "9" * 100_000 + " choose again")
    assert len(exc.message_zh) <= MAX_MESSAGE_CHARS and len(exc.message_en) <= MAX_MESSAGE_CHARS
    assert exc.message_zh.startswith("没有业务类别") and exc.message_zh.endswith("请重新选择")
    assert exc.message_en.endswith("choose again") and "…" in exc.message_en
    short = CounterDeskError("x", "身份证号校验位错误", "ID number check digit is wrong")
    assert short.bilingual() == "身份证号校验位错误 / ID number check digit is wrong"

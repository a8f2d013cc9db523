"""The text of a call, on screen and for espeak-ng's cmn-latn-pinyin voice (desktop.domain.announce)."""

from __future__ import annotations

import pytest

from desktop.domain.announce import LETTER_SPOKEN, call_speech, call_text, number_chars, number_pinyin

CASES = [
    # label, counter, text, speech
    ("A001", 1, "请A001号到1号窗口办理",
     "qing3 ei1 ling2 ling2 yao1 hao4, dao4 yi1 hao4 chuang1 kou3 ban4 li3"),
    ("B011", 10, "请B011号到10号窗口办理",
     "qing3 bi4 ling2 yao1 yao1 hao4, dao4 shi2 hao4 chuang1 kou3 ban4 li3"),
    ("C100", 12, "请C100号到12号窗口办理",
     "qing3 xi1 yao1 ling2 ling2 hao4, dao4 shi2 er4 hao4 chuang1 kou3 ban4 li3"),
    ("A023", 20, "请A023号到20号窗口办理",
     "qing3 ei1 ling2 er4 san1 hao4, dao4 er4 shi2 hao4 chuang1 kou3 ban4 li3"),
    ("D999", 3, "请D999号到3号窗口办理",
     "qing3 di4 jiu3 jiu3 jiu3 hao4, dao4 san1 hao4 chuang1 kou3 ban4 li3"),
]


@pytest.mark.parametrize(("label", "counter", "text", "speech"), CASES)
def test_call_text_and_speech(label, counter, text, speech):
    assert call_text(label, counter) == text
    assert call_speech(label, counter) == speech


def test_lower_case_label_and_spaces_are_normalised():
    assert call_text(" a023 ", 3) == "请A023号到3号窗口办理"
    assert call_speech("a023", 3).startswith("qing3 ei1 ling2 er4 san1 hao4,")


@pytest.mark.parametrize(("n", "chars", "pinyin"), [
    (1, "一", "yi1"), (3, "三", "san1"), (10, "十", "shi2"), (11, "十一", "shi2 yi1"),
    (12, "十二", "shi2 er4"), (20, "二十", "er4 shi2"), (21, "二十一", "er4 shi2 yi1"),
    (99, "九十九", "jiu3 shi2 jiu3"), (100, "一百", "yi4 bai3"), (105, "一百零五", "yi4 bai3 ling2 wu3"),
    (112, "一百一十二", "yi4 bai3 yi1 shi2 er4"), (230, "二百三十", "er4 bai3 san1 shi2"),
])
def test_window_numbers_are_read_as_numbers(n, chars, pinyin):
    assert number_chars(n) == chars
    assert number_pinyin(n) == pinyin


def test_every_letter_has_a_pinyin_reading():
    assert set(LETTER_SPOKEN) == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for reading in LETTER_SPOKEN.values():
        assert all(syllable[-1] in "12345" for syllable in reading.split()), reading


@pytest.mark.parametrize(("label", "counter"), [("", 1), ("A-01", 1), ("号01", 1), ("A001", 0),
                                                ("A001", 1000), ("A001", "3"), ("A001", True)])
def test_bad_input_is_refused(label, counter):
    with pytest.raises(ValueError):
        call_text(label, counter)
    with pytest.raises(ValueError):
        call_speech(label, counter)

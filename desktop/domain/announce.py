"""What the hall hears and reads when a ticket is called (叫号播报): pure text, no I/O.

`call_text` is the sentence shown and logged: 请A023号到3号窗口办理.
`call_speech` is the same sentence for espeak-ng's `cmn-latn-pinyin` voice, in tone-numbered
pinyin, because that voice reads Latin text as pinyin (the plain `cmn` voice reads tone numbers in
English, PLATFORM.md). Written out syllable by syllable, nothing is left to the engine's guessing:

- the ticket's letter is said the way Chinese halls say English letters (A → ei1, B → bi4, C → xi1,
  D → di4 …), not as a pinyin vowel;
- the ticket's digits are read one by one, like a telephone number: 0 → ling2 (零) and
  1 → yao1 (幺) — the convention for digit strings read aloud, so 1 is never confused with 7 (qi1)
  across a noisy hall: A001 → "ei1 ling2 ling2 yao1";
- the window number is read as a number: 3 → san1, 12 → shi2 er4, 20 → er4 shi2; here 1 is yi1
  (一号窗口, 十一号窗口), as everyone says a counter number.

A comma after the ticket number is a phrase break (the engine pauses there):
"qing3 ei1 ling2 er4 san1 hao4, dao4 san1 hao4 chuang1 kou3 ban4 li3".
Checked with `espeak-ng -v cmn-latn-pinyin -s 150 -w x.wav "<speech>"`: 4.7–5.6 s of audio, ≈30 ms.
"""

from __future__ import annotations

import re

# Digits read one by one (号码): 幺 for 1, as for telephone and room numbers.
DIGIT_SPOKEN = {"0": "ling2", "1": "yao1", "2": "er4", "3": "san1", "4": "si4",
                "5": "wu3", "6": "liu4", "7": "qi1", "8": "ba1", "9": "jiu3"}
# Digits of a quantity (数目): 一 for 1.
NUMBER_SYLLABLES = ["ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3"]
NUMBER_CHARS = "零一二三四五六七八九"

# English letters as a Chinese hall says them, in pinyin the latn-pinyin voice accepts.
LETTER_SPOKEN = {
    "A": "ei1", "B": "bi4", "C": "xi1", "D": "di4", "E": "yi4", "F": "ai4 fu1", "G": "ji4",
    "H": "ai4 qi1", "I": "ai4", "J": "jie4", "K": "kai4", "L": "ai4 luo1", "M": "ai4 mu3",
    "N": "en1", "O": "ou1", "P": "pi4", "Q": "qiu1", "R": "a1 er3", "S": "ai4 si1", "T": "ti4",
    "U": "you1", "V": "wei1", "W": "da1 bu4 liu3", "X": "ai4 ke4 si1", "Y": "wai4", "Z": "zei4",
}

_LABEL = re.compile(r"^[A-Z]*[0-9]+$")


def _check(label: str, counter: int) -> str:
    text = (label or "").strip().upper()
    if not _LABEL.match(text):
        raise ValueError(f"not a ticket label: {label!r}")
    if isinstance(counter, bool) or not isinstance(counter, int) or not 1 <= counter <= 999:
        raise ValueError(f"not a counter number: {counter!r}")
    return text


def call_text(label: str, counter: int) -> str:
    """请A023号到3号窗口办理 — the sentence on screen and in the log."""
    return f"请{_check(label, counter)}号到{counter}号窗口办理"


def number_chars(n: int) -> str:
    """A counter number in Chinese characters: 3 → 三, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    return "".join(NUMBER_CHARS[int(s)] if s.isdigit() else s for s in _number_parts(n, chars=True))


def number_pinyin(n: int) -> str:
    """A counter number in tone-numbered pinyin: 3 → san1, 12 → shi2 er4, 20 → er4 shi2."""
    return " ".join(_number_parts(n, chars=False))


def _number_parts(n: int, *, chars: bool) -> list[str]:
    if not 0 <= n <= 999:
        raise ValueError(f"number out of range: {n}")
    digit = (lambda d: str(d)) if chars else (lambda d: NUMBER_SYLLABLES[d])
    ten, hundred, zero = ("十", "百", "零") if chars else ("shi2", "bai3", "ling2")
    if n < 10:
        return [digit(n)]
    if n < 20:  # 十, 十二: no leading 一
        return [ten] + ([digit(n % 10)] if n % 10 else [])
    if n < 100:
        return [digit(n // 10), ten] + ([digit(n % 10)] if n % 10 else [])
    h, rest = divmod(n, 100)
    # 一百: 一 before a third tone is said yi4 (tone sandhi), written out for the engine.
    parts = ["yi4" if (h == 1 and not chars) else digit(h), hundred]
    if rest == 0:
        return parts
    if rest < 10:
        return parts + [zero, digit(rest)]
    tens, ones = divmod(rest, 10)  # 一百一十二: after 百 the 一 of 十 is said
    return parts + [digit(tens), ten] + ([digit(ones)] if ones else [])


def label_pinyin(label: str) -> str:
    """A023 → ei1 ling2 er4 san1: letters as letters, digits one by one."""
    return " ".join(LETTER_SPOKEN[c] if c.isalpha() else DIGIT_SPOKEN[c] for c in label)


def call_speech(label: str, counter: int) -> str:
    """请A023号到3号窗口办理 as tone-numbered pinyin for espeak-ng -v cmn-latn-pinyin."""
    text = _check(label, counter)
    # The comma is a phrase break for the engine: the number stands apart from the window.
    return f"qing3 {label_pinyin(text)} hao4, dao4 {number_pinyin(counter)} hao4 chuang1 kou3 ban4 li3"

"""Write resources/sounds/chime.wav: the soft two-tone "ding-dong" played before every call.

    .venv/bin/python tools/make_chime.py [--out resources/sounds/chime.wav]

Two bell-like tones (E6 then C6, a major third down), each a sine with a little of its octave and
an exponential decay, ≈0.6 s in all, peak at about 40 % of full scale so it does not startle.
Mono 16-bit 22.05 kHz, the same format espeak-ng writes, so both play through one output.
Deterministic: running it again writes the same bytes.
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from pathlib import Path

RATE = 22050
PEAK = 0.4


def tone(freq: float, seconds: float, decay: float) -> list[float]:
    n = int(RATE * seconds)
    attack = int(RATE * 0.008)  # 8 ms fade-in: no click
    out = []
    for i in range(n):
        t = i / RATE
        env = math.exp(-t * decay) * min(1.0, i / attack)
        out.append(env * (math.sin(2 * math.pi * freq * t) + 0.25 * math.sin(4 * math.pi * freq * t)))
    return out


def chime() -> list[float]:
    first, second = tone(1318.5, 0.6, 5.5), tone(1046.5, 0.38, 7.0)
    start = int(RATE * 0.22)
    samples = first[:]
    for i, s in enumerate(second):
        samples[start + i] += s
    fade = int(RATE * 0.03)  # end on silence
    for i in range(fade):
        samples[-1 - i] *= i / fade
    top = max(abs(s) for s in samples)
    return [s / top * PEAK for s in samples]


def write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(round(s * 32767))) for s in chime()))


def main() -> None:
    default = Path(__file__).resolve().parents[1] / "resources" / "sounds" / "chime.wav"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default)
    args = parser.parse_args()
    write(args.out)
    with wave.open(str(args.out)) as w:
        print(f"{args.out}: {w.getnframes() / w.getframerate():.2f} s")


if __name__ == "__main__":
    main()

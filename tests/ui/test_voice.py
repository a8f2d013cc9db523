"""The voice queue (desktop.ui.voice): serialised calls, chime first, recall repeated, degrade paths.

The engine and the player are injected, so the tests need neither espeak-ng nor a sound card (one
test runs the real espeak-ng when it is installed)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import threading
import time
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from desktop.ui import voice as voice_module
from desktop.ui.voice import (NOTICE_NO_AUDIO, NOTICE_NO_ENGINE, STATUS_NO_AUDIO, STATUS_NO_ENGINE, STATUS_READY,
                              VoiceCaller, chime_path, espeak_synthesize, wav_seconds)


def write_wav(path: Path, seconds: float = 0.05) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * int(8000 * seconds))


class FakeSynth:
    """Writes a short WAV after a little work; fails the test if two syntheses ever overlap."""

    def __init__(self, delay: float = 0.02, ok: bool = True, hang: float = 0.0,
                 gate: threading.Event | None = None) -> None:
        self.delay, self.ok, self.hang, self.gate = delay, ok, hang, gate
        self.gate_timeouts = 0  # syntheses that found the gate still shut after 5 s
        self.texts: list[str] = []
        self.finished = 0
        self.overlaps = 0
        self._busy = threading.Lock()

    def __call__(self, text: str, out: Path) -> bool:
        if not self._busy.acquire(blocking=False):
            self.overlaps += 1
            return False
        try:
            self.texts.append(text)
            if self.gate is not None and not self.gate.wait(5):
                self.gate_timeouts += 1
            time.sleep(self.hang or self.delay)
            if self.ok:
                write_wav(out)
            return self.ok
        finally:
            self.finished += 1
            self._busy.release()


class FakePlayer:
    """Plays for `ms` milliseconds (a timer), records what it played; counts overlapping plays."""

    def __init__(self, ms: int = 30, silent: bool = False, chime: Path | None = None) -> None:
        self.ms, self.silent, self.chime = ms, silent, chime or chime_path()
        self.played: list[str] = []
        self.playing = False
        self.overlaps = 0
        self.stopped = 0

    def __call__(self, path: Path, done) -> None:
        if self.playing:
            self.overlaps += 1
        self.playing = True
        self.played.append("chime" if path == self.chime else "speech")
        if self.silent:  # a player that never reports the end: the watchdog must move on
            return

        def finish() -> None:
            self.playing = False
            done()

        QTimer.singleShot(self.ms, finish)

    def stop(self) -> None:
        self.playing = False
        self.stopped += 1


def spoken_log(caller: VoiceCaller) -> list[tuple[str, int, str]]:
    log: list[tuple[str, int, str]] = []
    caller.spoken.connect(lambda label, counter, how: log.append((label, counter, how)))
    return log


def test_calls_are_spoken_one_after_another_chime_first(qtbot):
    gate = threading.Event()  # the first synthesis is held here until the three calls are queued
    synth, player = FakeSynth(gate=gate), FakePlayer()
    caller = VoiceCaller(synthesize=synth, player=player)
    statuses, notices = [], []
    caller.status_changed.connect(statuses.append)
    caller.notice_required.connect(notices.append)
    spoken = spoken_log(caller)
    caller.start()
    assert statuses == [STATUS_READY] and caller.status == STATUS_READY

    for label, counter in (("A001", 1), ("B011", 10), ("C100", 12)):
        caller.announce(label, counter)
    assert caller.pending == 3
    gate.set()
    # announce() must not wait for the speech: had it waited, the synthesis would have sat at the
    # shut gate until its 5 s ran out (a count, not a timing, so a busy CI machine cannot fail it)

    qtbot.waitUntil(lambda: len(spoken) == 3, timeout=5000)
    assert spoken == [("A001", 1, "voice"), ("B011", 10, "voice"), ("C100", 12, "voice")]
    assert player.played == ["chime", "speech"] * 3
    assert synth.gate_timeouts == 0, "announce() waited for the speech"
    assert player.overlaps == 0 and synth.overlaps == 0
    assert synth.texts[0] == "qing3 ei1 ling2 ling2 yao1 hao4, dao4 yi1 hao4 chuang1 kou3 ban4 li3"
    assert caller.pending == 0 and notices == []


def test_a_call_waits_for_the_one_being_spoken(qtbot):
    player = FakePlayer(ms=150)
    caller = VoiceCaller(synthesize=FakeSynth(), player=player)
    spoken = spoken_log(caller)
    caller.announce("A001", 1)
    qtbot.waitUntil(lambda: player.played == ["chime"], timeout=2000)
    caller.announce("A002", 2)  # arrives while the first is playing
    qtbot.wait(100)
    assert player.played == ["chime"] and spoken == []
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=5000)
    assert player.played == ["chime", "speech", "chime", "speech"] and player.overlaps == 0


def test_a_recall_is_said_again(qtbot):
    player = FakePlayer()
    caller = VoiceCaller(synthesize=FakeSynth(), player=player, recall_repeats=2)
    spoken = spoken_log(caller)
    caller.announce("A023", 3)
    caller.announce("A023", 3, "recall")
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=5000)
    assert player.played == ["chime", "speech", "chime", "speech", "speech"]
    assert spoken == [("A023", 3, "voice"), ("A023", 3, "voice")]


def test_no_audio_device_drains_silently_and_says_so_once(qtbot):
    synth = FakeSynth()
    caller = VoiceCaller(synthesize=synth, audio_available=False)
    statuses, notices = [], []
    caller.status_changed.connect(statuses.append)
    caller.notice_required.connect(notices.append)
    spoken = spoken_log(caller)
    caller.start()
    for n in range(1, 6):
        caller.announce(f"A00{n}", n)
    caller.start()
    assert spoken == [(f"A00{n}", n, "silent") for n in range(1, 6)]
    assert caller.pending == 0, "nothing may pile up"
    assert synth.texts == [], "nothing to play: nothing synthesised"
    assert statuses == [STATUS_NO_AUDIO] and notices == [NOTICE_NO_AUDIO]
    assert not caller.audio_available


def test_no_engine_plays_the_chime_alone_and_says_so_once(qtbot):
    player = FakePlayer()
    caller = VoiceCaller(player=player, engine_available=False)
    statuses, notices = [], []
    caller.status_changed.connect(statuses.append)
    caller.notice_required.connect(notices.append)
    spoken = spoken_log(caller)
    caller.announce("A001", 1)
    caller.announce("A002", 2)
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=5000)
    assert player.played == ["chime", "chime"]
    assert [how for *_, how in spoken] == ["chime", "chime"]
    assert statuses == [STATUS_NO_ENGINE] and notices == [NOTICE_NO_ENGINE]


def test_a_failed_synthesis_still_chimes_and_the_queue_goes_on(qtbot):
    player = FakePlayer()
    caller = VoiceCaller(synthesize=FakeSynth(ok=False), player=player)
    spoken = spoken_log(caller)
    caller.announce("A001", 1)
    caller.announce("A002", 2)
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=5000)
    assert player.played == ["chime", "chime"] and [h for *_, h in spoken] == ["chime", "chime"]


def test_a_hung_engine_times_out(qtbot):
    player = FakePlayer()
    synth = FakeSynth(hang=0.5)
    caller = VoiceCaller(synthesize=synth, player=player, synth_timeout=0.1)
    spoken = spoken_log(caller)
    caller.announce("A001", 1)
    qtbot.waitUntil(lambda: len(spoken) == 1, timeout=3000)
    assert spoken == [("A001", 1, "chime")]  # gave up on the speech after synth_timeout
    qtbot.waitUntil(lambda: synth.finished == 1, timeout=3000)  # the late answer is ignored
    qtbot.wait(50)
    assert spoken == [("A001", 1, "chime")] and player.played == ["chime"]
    caller.shutdown()


def test_a_player_that_never_finishes_does_not_stop_the_queue(qtbot, tmp_path):
    chime = tmp_path / "chime.wav"
    write_wav(chime, 0.05)
    player = FakePlayer(silent=True, chime=chime)
    caller = VoiceCaller(synthesize=FakeSynth(), player=player, chime=chime, play_margin=0.1)
    spoken = spoken_log(caller)
    caller.announce("A001", 1)
    caller.announce("A002", 2)
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=5000)
    assert player.played == ["chime", "chime"] and player.stopped == 2


def test_shutdown_drops_the_queue(qtbot):
    player = FakePlayer(ms=200)
    caller = VoiceCaller(synthesize=FakeSynth(), player=player)
    spoken = spoken_log(caller)
    for n in range(1, 4):
        caller.announce(f"A00{n}", n)
    qtbot.waitUntil(lambda: bool(player.played), timeout=2000)
    caller.shutdown()
    qtbot.wait(300)
    assert caller.pending == 0 and spoken == []


def test_the_chime_is_a_short_soft_wav():
    with wave.open(str(chime_path())) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        frames = w.readframes(w.getnframes())
    assert 0.4 <= wav_seconds(chime_path()) <= 0.8
    peak = max(abs(int.from_bytes(frames[i:i + 2], "little", signed=True)) for i in range(0, len(frames), 2))
    assert 0.2 * 32767 < peak < 0.6 * 32767


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_espeak_writes_the_call_in_mandarin(tmp_path):
    from desktop.domain.announce import call_speech

    out = tmp_path / "call.wav"
    assert espeak_synthesize(call_speech("A023", 3), out)  # its speed: the caller's synth watchdog
    assert 3.5 <= wav_seconds(out) <= 7.0  # ≈4.9 s at 150 wpm; English tone numbers would be far longer


def test_espeak_missing_is_a_failed_synthesis(tmp_path):
    assert espeak_synthesize("qing3", tmp_path / "x.wav", binary=str(tmp_path / "no-such-espeak")) is False


@pytest.mark.skipif(voice_module.sound_server_present(), reason="a sound server is running here")
def test_detection_without_a_sound_server_is_quiet(qtbot):
    """No server socket: QtMultimedia is not even asked (it would warn: pa_context_connect() failed)."""
    caller = VoiceCaller(synthesize=FakeSynth())
    notices = []
    caller.notice_required.connect(notices.append)
    caller.start()
    assert caller.status == STATUS_NO_AUDIO and notices == [NOTICE_NO_AUDIO]

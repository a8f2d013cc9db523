"""叫号语音: the hall's voice. Calls are queued and spoken one after another — chime, then the call —
never overlapping, never blocking the GUI thread.

How (PLATFORM.md, "Voice calling"): espeak-ng with the `cmn-latn-pinyin` voice writes the call to a
WAV in ≈30 ms with no daemon (text from desktop.domain.announce, in tone-numbered pinyin); the WAV
is played through QtMultimedia. QtTextToSpeech is not used: without a sound server its say() never
finishes and speech-dispatcher can hang.

Degraded modes, detected once at start and announced once (`notice_required`):
- no engine (espeak-ng missing) but an audio device → the chime alone, so the hall still hears a call;
- no audio device → nothing is played; the queue still drains and `spoken` is still emitted, so
  nothing piles up and the board behaves the same.

Every step has a watchdog: synthesis gives up after `synth_timeout` seconds, playback after the
WAV's length plus a margin; a stuck step never stops the calls behind it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import wave
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal, Slot

from desktop.domain.announce import call_speech, call_text
from desktop.paths import resource_path

log = logging.getLogger(__name__)

Synthesizer = Callable[[str, Path], bool]            # (speech text, WAV path) → written?
Player = Callable[[Path, Callable[[], None]], None]   # play the WAV, call done() when finished

ESPEAK_VOICE = "cmn-latn-pinyin"
ESPEAK_RATE = 150  # words per minute; the default 175 is hurried for a hall
PLAY_MARGIN_S = 2.0

STATUS_READY = "语音 就绪"
STATUS_NO_ENGINE = "语音 不可用：未找到语音引擎"
STATUS_NO_AUDIO = "语音 不可用：没有音频设备"
NOTICE_NO_ENGINE = "未找到语音引擎 espeak-ng：叫号只播放提示音，请留意屏幕显示"
NOTICE_NO_AUDIO = "没有音频设备：叫号不播放声音，请留意屏幕显示"


def chime_path() -> Path:
    return resource_path("sounds", "chime.wav")


def find_espeak() -> str | None:
    return shutil.which("espeak-ng")


def espeak_synthesize(text: str, out: Path, *, binary: str | None = None, timeout: float = 5.0) -> bool:
    """espeak-ng -v cmn-latn-pinyin -w out "<pinyin>" — blocking: call it off the GUI thread."""
    binary = binary or find_espeak()
    if binary is None:
        return False
    try:
        result = subprocess.run([binary, "-v", ESPEAK_VOICE, "-s", str(ESPEAK_RATE), "-w", str(out), text],
                                capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("espeak-ng failed: %s", exc)
        return False
    if result.returncode != 0:
        log.warning("espeak-ng exit %s: %s", result.returncode, result.stderr.decode(errors="replace")[:200])
        return False
    return out.is_file() and out.stat().st_size > 44  # more than a WAV header


def wav_seconds(path: Path) -> float:
    try:
        with wave.open(str(path)) as w:
            return w.getnframes() / float(w.getframerate())
    except (OSError, wave.Error, ZeroDivisionError):
        return 0.0


def sound_server_present() -> bool:
    """On Linux, Qt plays through PulseAudio or PipeWire: without a server socket there is no output,
    and asking QtMultimedia anyway only prints warnings (pa_context_connect() failed)."""
    if os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    candidates = [Path(runtime, "pulse", "native"), Path(runtime, "pipewire-0"), Path("/run/pulse/native"),
                  Path("/var/run/pulse/native")]
    return any(p.exists() for p in candidates)


def detect_audio_output() -> bool:
    """Is there an audio output device? Asked once, at start."""
    if sys.platform.startswith("linux") and not sound_server_present():
        return False
    from PySide6.QtMultimedia import QMediaDevices

    return bool(QMediaDevices.audioOutputs())


class QtPlayer(QObject):
    """Plays one WAV at a time through QMediaPlayer + QAudioOutput; done() once it ends or fails."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        self._states = QMediaPlayer.MediaStatus
        self._output = QAudioOutput(self)
        self._player = QMediaPlayer(self)
        self._player.setAudioOutput(self._output)
        self._player.mediaStatusChanged.connect(self.on_media_status)
        self._player.errorOccurred.connect(self.on_error)
        self._done: Callable[[], None] | None = None

    def __call__(self, path: Path, done: Callable[[], None]) -> None:
        self._done = done
        self._player.setSource(QUrl())  # the chime's URL repeats: force a reload
        self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._player.play()

    def stop(self) -> None:
        self._done = None
        self._player.stop()

    @Slot(object)
    def on_media_status(self, status) -> None:
        if status in (self._states.EndOfMedia, self._states.InvalidMedia):
            self._finish()

    @Slot(object, str)
    def on_error(self, _error, message: str) -> None:
        log.warning("audio playback failed: %s", message)
        self._finish()

    def _finish(self) -> None:
        done, self._done = self._done, None
        if done is not None:
            done()


class _Relay(QObject):
    synthesized = Signal(int, bool)  # token, ok — emitted on the worker thread, delivered on the GUI thread


@dataclass(frozen=True)
class Announcement:
    label: str
    counter: int
    kind: str  # call | recall
    text: str
    speech: str


class VoiceCaller(QObject):
    """The queue of calls to speak. `announce()` returns at once; `spoken` follows when it is done.

    Injectable for tests and other engines: `synthesize(text, wav_path) -> bool` runs on a worker
    thread; `player(wav_path, done)` runs on the GUI thread and must call done() (a watchdog moves on
    if it does not); `audio_available` / `engine_available` skip the detection. A recall (重呼) is
    said `recall_repeats` times after its chime, for the person who missed the first call.
    """

    status_changed = Signal(str)
    notice_required = Signal(str)
    announcing = Signal(str, int)    # label, counter: this call starts now
    spoken = Signal(str, int, str)   # label, counter, how: voice | chime | silent

    def __init__(self, parent: QObject | None = None, *, synthesize: Synthesizer | None = None,
                 player: Player | None = None, audio_available: bool | None = None,
                 engine_available: bool | None = None, chime: Path | None = None,
                 synth_timeout: float = 5.0, play_margin: float = PLAY_MARGIN_S, recall_repeats: int = 2) -> None:
        super().__init__(parent)
        self._synthesize = synthesize
        self._player = player
        self._audio = audio_available
        self._engine = engine_available
        self._chime = chime or chime_path()
        self._synth_timeout = synth_timeout
        self._play_margin = play_margin
        self._recall_repeats = max(1, recall_repeats)
        self._queue: deque[Announcement] = deque()
        self._current: Announcement | None = None
        self._phase = "idle"  # idle | synth | play
        self._steps: list[Path] = []
        self._wav: Path | None = None
        self._token = 0  # the step being waited for; a late answer with an older token is ignored
        self._spoke = False
        self._started = False
        self._noticed = False
        self._status = ""
        self._tmp: Path | None = None  # the WAVs of the calls, removed after each is played
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self.on_watchdog)
        # The worker thread holds only this child, never the caller itself: were the caller's last
        # reference dropped on the worker, Qt would delete it on the wrong thread.
        self._relay = _Relay(self)
        self._relay.synthesized.connect(self.on_synthesized)

    # --- public -------------------------------------------------------------------------------
    @property
    def status(self) -> str:
        return self._status

    @property
    def pending(self) -> int:
        """Calls waiting to be spoken, plus the one being spoken."""
        return len(self._queue) + (1 if self._current else 0)

    @property
    def audio_available(self) -> bool:
        self.start()
        return bool(self._audio)

    @property
    def engine_available(self) -> bool:
        self.start()
        return bool(self._engine)

    def start(self) -> None:
        """Detect the engine and the audio device (once) and report the status. Connect first."""
        if self._started:
            return
        self._started = True
        if self._engine is None:
            self._engine = self._synthesize is not None or find_espeak() is not None
        if self._synthesize is None:
            self._synthesize = espeak_synthesize
        if self._audio is None:
            self._audio = self._player is not None or detect_audio_output()
        if not self._audio:
            self._set_status(STATUS_NO_AUDIO, NOTICE_NO_AUDIO)
        elif not self._engine:
            self._set_status(STATUS_NO_ENGINE, NOTICE_NO_ENGINE)
        else:
            self._set_status(STATUS_READY)

    def announce(self, label: str, counter: int, kind: str = "call") -> None:
        """Queue a call (叫号) or a recall (重呼: spoken again, `recall_repeats` times)."""
        self.start()
        self._queue.append(Announcement(label, counter, kind, call_text(label, counter), call_speech(label, counter)))
        self._pump()

    def shutdown(self) -> None:
        """Drop what is queued and stop playing (closing the board)."""
        self._queue.clear()
        self._watchdog.stop()
        self._token += 1  # a synthesis still running is ignored when it returns
        self._phase, self._current, self._steps = "idle", None, []
        stop = getattr(self._player, "stop", None)
        if callable(stop):
            stop()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    # --- the queue ----------------------------------------------------------------------------
    def _set_status(self, status: str, notice: str | None = None) -> None:
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)
        if notice and not self._noticed:
            self._noticed = True
            self.notice_required.emit(notice)

    def _pump(self) -> None:
        while self._phase == "idle" and self._queue:
            item = self._queue.popleft()
            self.announcing.emit(item.label, item.counter)
            if not self._audio:  # nothing to play: drained at once, still reported
                self.spoken.emit(item.label, item.counter, "silent")
                continue
            self._current = item
            if self._engine:
                self._start_synthesis(item)
            else:
                self._play_steps([self._chime], spoke=False)

    def _start_synthesis(self, item: Announcement) -> None:
        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="counterdesk-voice-"))
            weakref.finalize(self, shutil.rmtree, self._tmp, ignore_errors=True)  # if shutdown() is never called
        self._phase = "synth"
        self._token += 1
        token, synthesize, relay = self._token, self._synthesize, self._relay
        self._wav = self._tmp / f"call-{token}.wav"
        wav, text = self._wav, item.speech

        def work() -> None:
            try:
                ok = bool(synthesize(text, wav))
            except Exception:  # an engine error must not kill the queue
                log.exception("speech synthesis failed")
                ok = False
            try:
                relay.synthesized.emit(token, ok)
            except RuntimeError:  # the caller was deleted while the engine worked: nobody to tell
                pass

        self._watchdog.start(int(self._synth_timeout * 1000))
        threading.Thread(target=work, name=f"voice-synth-{token}", daemon=True).start()

    @Slot(int, bool)
    def on_synthesized(self, token: int, ok: bool) -> None:
        if token != self._token or self._phase != "synth":
            return  # a late answer after its watchdog fired
        self._watchdog.stop()
        if not ok:
            log.warning("no speech for %s: the chime only", self._current.text)
            self._play_steps([self._chime], spoke=False)
            return
        repeats = self._recall_repeats if self._current.kind == "recall" else 1
        self._play_steps([self._chime] + [self._wav] * repeats, spoke=True)

    def _play_steps(self, steps: list[Path], *, spoke: bool) -> None:
        self._phase = "play"
        self._steps = list(steps)
        self._spoke = spoke
        self._next_step()

    @Slot()
    def _next_step(self) -> None:
        if self._phase != "play":
            return
        if not self._steps:
            self._finish_current()
            return
        path = self._steps.pop(0)
        if self._player is None:
            self._player = QtPlayer(self)
        self._token += 1
        token = self._token
        self._watchdog.start(int((wav_seconds(path) + self._play_margin) * 1000))

        def done() -> None:
            if token == self._token and self._phase == "play":
                self._token += 1  # done() counts once
                self._watchdog.stop()
                QTimer.singleShot(0, self._next_step)  # never re-enter the player from its own signal

        self._player(path, done)

    @Slot()
    def on_watchdog(self) -> None:
        if self._phase == "synth":  # the engine hangs: the chime alone, a late answer is ignored
            log.warning("speech synthesis timed out for %s", self._current.text)
            self._token += 1
            self._play_steps([self._chime], spoke=False)
        elif self._phase == "play":  # the player hangs: skip the rest of this call
            log.warning("playback timed out for %s", self._current.text)
            self._token += 1
            self._steps = []
            stop = getattr(self._player, "stop", None)
            if callable(stop):
                stop()
            self._finish_current()

    def _finish_current(self) -> None:
        item, self._current = self._current, None
        self._phase = "idle"
        self._steps = []
        if self._wav is not None:
            self._wav.unlink(missing_ok=True)
            self._wav = None
        if item is not None:
            self.spoken.emit(item.label, item.counter, "voice" if self._spoke else "chime")
        self._spoke = False
        self._pump()

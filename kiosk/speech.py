"""Offline read-aloud: text → WAV file with a pluggable engine (espeak-ng by default), cached by text hash.

espeak-ng is Debian's offline voice with a French voice, run as a subprocess (``-w`` writes a WAV) with a
timeout, so a stuck engine never blocks for long. Another engine (Piper, a recorded-audio folder) plugs in
by implementing ``SpeechEngine`` and registering it in ``ENGINES``. Every text goes through
``kiosk.domain.spoken.spoken`` first (times, addresses, codes, markup written out for French ears).
Files are cached in ``<data_dir>/speech/<sha256>.wav`` keyed by engine, voice, rate and spoken text, so a
screen read twice is synthesised
once. The cache is capped (``cache_max_mb``, ``cache_max_days``): after each new file, the least recently
used files go first, never one that is held (being played). Thread-safety: ``Speech.wav_for`` and
``prune`` block (call them from a worker thread, never the UI thread); two threads asking for the same
text at once both get a complete file (each writes its own temporary file, then renames it);
``hold``/``release`` may be called from any thread.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Protocol

from kiosk.config import SpeechConfig
from kiosk.domain.spoken import spoken

log = logging.getLogger(__name__)

MAX_CHARS = 2000  # one screen of FALC text is far shorter; beyond this the text is cut
TIMEOUT_S = 20.0


class SpeechError(RuntimeError):
    """The engine failed or is missing; the kiosk then stays silent (the text is on screen)."""


class SpeechEngine(Protocol):
    """Writes ``text`` spoken in ``voice`` at ``rate`` words a minute as a WAV file at ``out``. Blocking;
    raises SpeechError."""

    name: str

    def available(self) -> bool: ...

    def synthesize(self, text: str, voice: str, out: Path, rate: int) -> None: ...


class EspeakEngine:
    """espeak-ng through its command line (``espeak-ng -v fr -s 140 -w out.wav TEXT``)."""

    name = "espeak-ng"

    def __init__(self, executable: str = "espeak-ng", timeout_s: float = TIMEOUT_S):
        self.executable = executable
        self.timeout_s = timeout_s

    def available(self) -> bool:
        return shutil.which(self.executable) is not None

    def synthesize(self, text: str, voice: str, out: Path, rate: int) -> None:
        cmd = [self.executable, "-v", voice, "-s", str(rate), "-w", str(out), "--", text]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=self.timeout_s, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpeechError(f"{self.executable}: {exc}") from exc
        if done.returncode != 0:
            raise SpeechError(f"{self.executable} exited {done.returncode}: {done.stderr[-300:]!r}")


ENGINES: dict[str, type] = {"espeak-ng": EspeakEngine}


def wav_seconds(path: Path) -> float:
    """The duration of a WAV file in seconds (0.0 when it cannot be read)."""
    try:
        with wave.open(str(path), "rb") as sound:
            return sound.getnframes() / float(sound.getframerate() or 1)
    except (OSError, EOFError, wave.Error):
        return 0.0


class Speech:
    """Text → cached WAV path, or None when speech is off or the engine is missing/failing.

    Args:
        config: the ``[speech]`` section (enabled, engine, voice, rate, rate_large_text).
        cache_dir: where WAV files are kept (``<data_dir>/speech``).
        engine: an engine object (tests, other voices); default from ``config.engine``.
    """

    def __init__(self, config: SpeechConfig, cache_dir: Path, engine: SpeechEngine | None = None) -> None:
        self.config = config
        self.cache_dir = cache_dir
        self.engine = engine
        self._held: dict[Path, int] = {}
        self._lock = threading.Lock()
        if self.engine is None and config.engine in ENGINES:
            self.engine = ENGINES[config.engine]()
        elif self.engine is None:
            log.warning("unknown speech engine %r: read-aloud is off", config.engine)

    def available(self) -> bool:
        """Whether reading aloud can work at all here (enabled and the engine is installed)."""
        return bool(self.config.enabled and self.engine is not None and self.engine.available())

    def rate(self, slow: bool = False) -> int:
        """Words a minute: ``[speech] rate``, or ``rate_large_text`` when ``slow`` (A+ mode)."""
        return self.config.rate_large_text if slow else self.config.rate

    def cache_path(self, text: str, slow: bool = False) -> Path:
        """Where the WAV for ``text`` (as already prepared by ``spoken``) is (or will be) kept."""
        engine = getattr(self.engine, "name", "none")
        key = hashlib.sha256(f"{engine}\0{self.config.voice}\0{self.rate(slow)}\0{text}".encode()).hexdigest()
        return self.cache_dir / f"{key}.wav"

    def wav_for(self, text: str, slow: bool = False) -> Path | None:
        """The WAV file reading ``text`` (screen text: ``spoken`` prepares it) aloud, made now or from the
        cache; ``slow`` reads at the A+ rate. Blocking.

        Returns:
            The path, or None when there is nothing to say, speech is off, or the engine failed (logged).
        """
        text = spoken(" ".join(text.split())[:MAX_CHARS])
        if not text or not self.available():
            return None
        assert self.engine is not None
        path = self.cache_path(text, slow)
        if path.is_file() and path.stat().st_size > 44:  # more than a bare WAV header
            _touch(path)  # recently used: pruned last
            return path
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(suffix=".wav", dir=self.cache_dir)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            self.engine.synthesize(text, self.config.voice, tmp, self.rate(slow))
            if wav_seconds(tmp) <= 0:
                raise SpeechError("the engine wrote no audio")
            tmp.replace(path)
        except SpeechError as exc:
            log.warning("read-aloud failed: %s", exc)
            return None
        finally:
            tmp.unlink(missing_ok=True)
        self.prune(keep=path)
        return path

    def hold(self, path: Path | None) -> None:
        """Mark ``path`` as in use (being played): ``prune`` leaves it alone until ``release``."""
        if path is not None:
            with self._lock:
                self._held[path] = self._held.get(path, 0) + 1

    def release(self, path: Path | None) -> None:
        """Undo one ``hold`` of ``path``."""
        if path is None:
            return
        with self._lock:
            left = self._held.get(path, 0) - 1
            if left > 0:
                self._held[path] = left
            else:
                self._held.pop(path, None)

    def prune(self, keep: Path | None = None, now: float | None = None) -> list[Path]:
        """Delete cached WAVs unused for ``cache_max_days``, then the least recently used until the cache
        fits in ``cache_max_mb``; ``keep`` and held files stay. Blocking (worker thread).

        Returns:
            The deleted paths.
        """
        now = time.time() if now is None else now
        max_age = self.config.cache_max_days * 86400
        budget = self.config.cache_max_mb * 1024 * 1024
        files = []
        for entry in self.cache_dir.glob("*.wav"):
            try:
                info = entry.stat()
            except OSError:  # deleted meanwhile by another thread
                continue
            files.append((info.st_mtime, info.st_size, entry))
        files.sort()  # oldest use first
        total = sum(size for _t, size, _p in files)
        with self._lock:
            safe = set(self._held) | ({keep} if keep is not None else set())
        deleted = []
        for used, size, entry in files:
            if total <= budget and now - used <= max_age:
                continue
            if entry in safe or (entry.name.startswith("tmp") and now - used < TIMEOUT_S * 3):
                continue  # being played, just made, or being written
            try:
                entry.unlink()
            except OSError:
                continue
            total -= size
            deleted.append(entry)
        if deleted:
            log.info("speech cache: %d old files deleted, %d kB left", len(deleted), total // 1024)
        return deleted


def _touch(path: Path) -> None:
    """Mark a cached file as just used (its modification time orders the pruning)."""
    try:
        os.utime(path)
    except OSError:
        log.debug("cannot touch %s", path)

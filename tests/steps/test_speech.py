"""Read-aloud makes real audio with espeak-ng (cached by text); without it, silence, never a crash."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from kiosk.config import SpeechConfig
from kiosk.speech import EspeakEngine, Speech, SpeechError, wav_seconds

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
TEXT = "Touchez le bouton bleu. Prenez votre temps."


@needs_espeak
def test_espeak_reads_french_into_a_plausible_wav(tmp_path):
    speech = Speech(SpeechConfig(), tmp_path)
    path = speech.wav_for(TEXT)
    assert path is not None and path.parent == tmp_path
    seconds = wav_seconds(path)
    # 7 words at 140 words a minute: about 3 s; far from an empty or runaway file.
    assert 1.5 < seconds < 8.0, seconds
    assert path.stat().st_size > 10_000


@needs_espeak
def test_the_same_text_is_synthesised_once(tmp_path):
    calls = []

    class Counting(EspeakEngine):
        def synthesize(self, text, voice, out, rate):
            calls.append(text)
            super().synthesize(text, voice, out, rate)

    speech = Speech(SpeechConfig(), tmp_path, engine=Counting())
    first = speech.wav_for(TEXT)
    again = speech.wav_for("  Touchez le bouton bleu.\n Prenez votre temps. ")
    other = speech.wav_for("Autre phrase.")
    assert first == again != other
    assert len(calls) == 2


@needs_espeak
def test_two_threads_asking_at_once_both_get_a_whole_file(tmp_path):
    speech = Speech(SpeechConfig(), tmp_path)
    got: list[Path | None] = []
    threads = [threading.Thread(target=lambda: got.append(speech.wav_for(TEXT))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(got) == 2 and all(p is not None and wav_seconds(p) > 1 for p in got)
    assert [p.name for p in tmp_path.iterdir()] == [got[0].name]  # no temporary file left behind


def test_silent_without_engine_disabled_or_failing(tmp_path):
    assert Speech(SpeechConfig(enabled=False), tmp_path).wav_for(TEXT) is None
    assert Speech(SpeechConfig(engine="piper"), tmp_path).wav_for(TEXT) is None  # unknown engine
    missing = Speech(SpeechConfig(), tmp_path, engine=EspeakEngine(executable="no-such-espeak"))
    assert not missing.available() and missing.wav_for(TEXT) is None

    class Broken:
        name = "broken"

        def available(self):
            return True

        def synthesize(self, text, voice, out, rate):
            raise SpeechError("boom")

    assert Speech(SpeechConfig(), tmp_path, engine=Broken()).wav_for(TEXT) is None
    assert Speech(SpeechConfig(), tmp_path, engine=Broken()).wav_for("   ") is None
    assert list(tmp_path.iterdir()) == []


class _SizedEngine:
    """Writes a silent WAV of about ``kb`` kilobytes (no espeak needed: the cache is what is tested)."""

    name = "sized"

    def __init__(self, kb: int) -> None:
        self.kb = kb
        self.said: list[tuple[str, int]] = []

    def available(self):
        return True

    def synthesize(self, text, voice, out, rate):
        import wave

        self.said.append((text, rate))
        with wave.open(str(out), "wb") as sound:
            sound.setnchannels(1)
            sound.setsampwidth(2)
            sound.setframerate(16000)
            sound.writeframes(b"\0" * self.kb * 1024)


def test_the_cache_is_capped_least_recently_used_first_and_never_drops_a_held_file(tmp_path):
    import os

    speech = Speech(SpeechConfig(cache_max_mb=1), tmp_path, engine=_SizedEngine(300))
    first, second, third = (speech.wav_for(f"Phrase {n}.") for n in range(3))  # 900 kB: under 1 MB
    assert all(p is not None and p.is_file() for p in (first, second, third))
    speech.hold(first)  # being played
    os.utime(first, (1, 1))  # the least recently used of all
    os.utime(second, (2, 2))
    fourth = speech.wav_for("Phrase 3.")  # 1.2 MB: one file must go
    assert fourth is not None and fourth.is_file()
    assert first.is_file() and not second.is_file() and third.is_file()
    speech.release(first)
    again = speech.wav_for("Phrase 2.")  # used again: re-made, and now the held-then-released one goes
    assert again == third and third.is_file()
    assert speech.wav_for("Phrase 4.") is not None
    assert not first.is_file()
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) <= 1024 * 1024


def test_unused_audio_older_than_the_limit_is_deleted(tmp_path):
    import os
    import time

    speech = Speech(SpeechConfig(cache_max_days=30), tmp_path, engine=_SizedEngine(1))
    old, recent = speech.wav_for("Vieille phrase."), speech.wav_for("Phrase récente.")
    month = time.time() - 31 * 86400
    os.utime(old, (month, month))
    assert speech.prune() == [old]
    assert recent.is_file()
    assert speech.wav_for("Phrase récente.") == recent  # from the cache: not re-made, and kept


def test_the_engine_gets_the_text_prepared_for_french_ears_at_the_configured_rates(tmp_path):
    engine = _SizedEngine(1)
    speech = Speech(SpeechConfig(rate=150, rate_large_text=110), tmp_path, engine=engine)
    normal = speech.wav_for("[b]Attente[/b] : 10 à 40 min, à 16 h 30.")
    slow = speech.wav_for("[b]Attente[/b] : 10 à 40 min, à 16 h 30.", slow=True)
    assert engine.said == [
        ("Attente : 10 à 40 minutes, à 16 heures 30.", 150),
        ("Attente : 10 à 40 minutes, à 16 heures 30.", 110),  # « A+ »: slower, and its own file
    ]
    assert normal is not None and slow is not None and normal != slow
    assert speech.wav_for("Attente : 10 à 40 minutes, à 16 heures 30.") == normal  # one file per saying


@needs_espeak
def test_the_slow_rate_really_reads_slower(tmp_path):
    speech = Speech(SpeechConfig(), tmp_path)
    normal, slow = speech.wav_for(TEXT), speech.wav_for(TEXT, slow=True)
    assert normal is not None and slow is not None
    assert wav_seconds(slow) > 1.1 * wav_seconds(normal)

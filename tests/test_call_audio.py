"""The sound of a call, assembled into a WAV file with no sound device: the chime first,
then the sentence from the bundled clips, audible and as long as such a sentence is."""

from __future__ import annotations

import math
import wave
from array import array
from pathlib import Path

import pytest

from layar_ramah.calling import audio
from layar_ramah.calling.audio import RATE, call_samples, call_wav, clip, clip_names
from layar_ramah.calling.words import call_sentence

DOCS_WAV = Path(__file__).resolve().parents[1] / "docs" / "panggilan-A-012-loket-1.wav"


def read_wav(path: Path) -> array:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        return array("h", w.readframes(w.getnframes()))


def rms(samples) -> float:
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def strength(samples, freq: float) -> float:
    """Goertzel: how much of `freq` the samples hold, relative to their length."""
    k = 2 * math.cos(2 * math.pi * freq / RATE)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + k * s1 - s2, s1
    return math.sqrt(s1 * s1 + s2 * s2 - k * s1 * s2) / len(samples)


def test_a_call_is_written_to_a_wav_that_starts_with_the_chime_and_then_speaks(tmp_path):
    path = tmp_path / "panggilan.wav"
    path.write_bytes(call_wav("A-012", 1))
    samples = read_wav(path)
    chime = clip("chime")
    assert samples[:len(chime)] == chime
    # the chime is a ding-dong: G5 rings first, E5 after it
    ding, dong = chime[int(0.05 * RATE):int(0.4 * RATE)], chime[int(0.7 * RATE):int(1.2 * RATE)]
    assert strength(ding, 784) > 5 * strength(ding, 659)
    assert strength(dong, 659) > 5 * strength(dong, 784)
    # then a moment of silence, then the voice: loud enough to hear, never clipped to noise
    pause = samples[len(chime):len(chime) + int(audio.AFTER_CHIME * RATE)]
    assert max(abs(s) for s in pause) == 0
    speech = samples[len(chime) + len(pause):]
    assert rms(speech) > 1500 and max(abs(s) for s in speech) < 32767
    # "Nomor antrean A dua belas, silakan ke loket satu." is about 13 syllables: 3-7 s
    seconds = len(speech) / RATE
    assert 3.0 < seconds < 7.0


def test_the_voice_says_the_words_of_the_written_sentence():
    for ticket, number in (("A-012", 1), ("P-101", 12), ("A-999", 99)):
        spoken = [n.removesuffix("_final").replace("letter_", "").replace("_", " ")
                  for n in clip_names(ticket, number) if n]
        written = call_sentence(ticket, number).rstrip(".").replace(",", "").split()
        assert " ".join(spoken).lower() == " ".join(written).lower()


def test_a_longer_number_takes_longer_to_say():
    short, long_ = call_samples("A-001", 1), call_samples("P-999", 12)
    assert len(long_) > len(short) + RATE  # six more words: over a second more


def test_every_ticket_of_both_lanes_to_999_and_every_counter_can_be_spoken():
    for letter in "AP":
        for n in range(1, 1000):
            for name in clip_names(f"{letter}-{n:03d}", 1):
                if name:
                    assert len(clip(name)) > RATE // 10, name  # a real word, not an empty file
    for counter in range(1, 100):
        assert call_samples("A-001", counter) is not None


def test_the_office_can_leave_only_the_chime_or_nothing():
    assert call_samples("A-012", 1, "chime") == clip("chime")
    assert call_wav("A-012", 1, "off") is None
    with pytest.raises(ValueError):
        call_samples("A-012", 1, "loud")


def test_the_call_kept_in_docs_is_what_the_app_plays():
    assert DOCS_WAV.read_bytes() == call_wav("A-012", 1)

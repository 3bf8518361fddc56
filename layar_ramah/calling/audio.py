"""The sound of one call, as a WAV in memory: the chime, then the sentence assembled from
the bundled word clips (resources/voice/, made by voice_clips.py).

Why clips and not a speech engine on the PC: Windows speaks Indonesian through SAPI only
when the Indonesian language pack is installed, which an office PC rarely has, and there
is no speech engine at all in the app's own dependencies. Clips play the same on every
PC, offline, with nothing to install; the sentence is joined sample by sample with the
standard library's `wave` (README, "Calling citizens").
"""

from __future__ import annotations

import io
import sys
import wave
from array import array
from functools import lru_cache
from pathlib import Path

from layar_ramah.calling.words import number_tokens, split_ticket
from layar_ramah.resources import resources_dir

RATE = 22050
SOUNDS = ("voice", "chime", "off")  # the whole call, the chime alone, silence
# Pauses in seconds: after the chime, between words, after "nomor antrean", at the comma.
AFTER_CHIME, BETWEEN_WORDS, AFTER_INTRO, COMMA, TAIL = 0.35, 0.04, 0.1, 0.3, 0.2


def clip_names(ticket: str, counter_number: int) -> list[str]:
    """The clips of the sentence in order; "" marks the comma's pause."""
    letter, number = split_ticket(ticket)
    counter = number_tokens(counter_number)
    return (["nomor_antrean", f"letter_{letter.lower()}", *number_tokens(number), "",
             "silakan_ke_loket", *counter[:-1], f"{counter[-1]}_final"])


@lru_cache(maxsize=None)
def clip(name: str) -> array:
    """One bundled clip's samples (16-bit mono at RATE)."""
    return read_samples(resources_dir() / "voice" / ("chime.wav" if name == "chime" else f"id/{name}.wav"))


def read_samples(path) -> array:
    with wave.open(str(path), "rb") as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, RATE):
            raise ValueError(f"{Path(path).name}: expected 16-bit mono at {RATE} Hz")
        samples = array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":  # WAV is little-endian
        samples.byteswap()
    return samples


def _silence(seconds: float) -> array:
    return array("h", bytes(2 * int(seconds * RATE)))


def call_samples(ticket: str, counter_number: int, sound: str = "voice") -> array | None:
    """The call's samples, or None when the office turned the sound off."""
    if sound not in SOUNDS:
        raise ValueError(f"unknown call sound {sound!r}")
    if sound == "off":
        return None
    out = array("h", clip("chime"))
    if sound == "chime":
        return out
    out += _silence(AFTER_CHIME)
    names = clip_names(ticket, counter_number)
    for i, name in enumerate(names):
        if name == "":
            out += _silence(COMMA)
            continue
        out += clip(name)
        following = names[i + 1] if i + 1 < len(names) else None
        if following:  # no extra gap before the comma's own pause or at the end
            out += _silence(AFTER_INTRO if name == "nomor_antrean" else BETWEEN_WORDS)
    out += _silence(TAIL)
    return out


def to_wav(samples: array) -> bytes:
    data = array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(data.tobytes())
    return buffer.getvalue()


def call_wav(ticket: str, counter_number: int, sound: str = "voice") -> bytes | None:
    """The call as the bytes of a WAV file (what winsound/aplay play), None when off."""
    samples = call_samples(ticket, counter_number, sound)
    return None if samples is None else to_wav(samples)

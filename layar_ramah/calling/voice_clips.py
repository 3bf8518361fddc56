"""Makes the bundled sounds of the spoken call: `python -m layar_ramah.calling.voice_clips`.

Run once by a developer (it needs `espeak-ng`), never by the app: the WAVs it writes to
resources/voice/ are committed, so the counter PC plays them with nothing installed.

- One clip per word of a call: the phrases "nomor antrean" and "silakan ke loket", the
  26 letters as Indonesians name them ("a", "pe"), and every number word (words.py). A
  number word gets two clips: the one inside the sentence is spoken before a comma, so
  its pitch does not fall; the `_final` one ends the sentence and falls.
- The chime: a two-tone "ding-dong" synthesised here (no recording, no licence).

espeak-ng is GPL-3.0; its output is not covered by the program's licence (only the
program is), so the generated clips ship under the project's own terms.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
from array import array
from pathlib import Path

from layar_ramah.calling.audio import RATE, read_samples, to_wav  # RATE: espeak-ng's own rate
from layar_ramah.calling.words import NUMBER_TOKENS
from layar_ramah.resources import resources_dir

VOICE = "id"          # espeak-ng's Indonesian voice
SPEED = 140           # words per minute: slower than the default 175, for a noisy room
THRESHOLD = 250       # |sample| below this at either end is silence to trim
MARGIN = RATE // 100  # keep 10 ms around the sound

PHRASES = {"nomor_antrean": "Nomor antrean", "silakan_ke_loket": "silakan ke loket"}


def letter_clips() -> dict[str, str]:
    return {f"letter_{c.lower()}": f"{c}," for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def word_clips() -> dict[str, str]:
    """Clip name -> the text espeak-ng speaks for it."""
    clips = {name: f"{text}," for name, text in PHRASES.items()}
    clips.update(letter_clips())
    for token in NUMBER_TOKENS:
        clips[token] = f"{token},"
        clips[f"{token}_final"] = f"{token}."
    return clips


def speak(text: str) -> array:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clip.wav"
        subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(SPEED), "-w", str(path), text], check=True)
        return trim(read_samples(path))


def trim(samples: array) -> array:
    loud = [i for i, s in enumerate(samples) if abs(s) >= THRESHOLD]
    if not loud:
        raise RuntimeError("espeak-ng produced silence")
    return samples[max(0, loud[0] - MARGIN):loud[-1] + MARGIN]


def chime() -> array:
    """Ding (G5) then dong (E5): a fundamental, two softer overtones, a quick attack and
    an exponential fade, the second tone starting as the first dies away."""
    total = int(1.6 * RATE)
    out = [0.0] * total
    for start, freq, length in ((0.0, 784.0, 0.9), (0.45, 659.25, 1.15)):
        first = int(start * RATE)
        for i in range(int(length * RATE)):
            t = i / RATE
            left = length - t  # the last 80 ms fade to zero: a tone cut short clicks
            envelope = min(1.0, t / 0.004, left / 0.08) * math.exp(-t / 0.32)
            wave_ = (math.sin(2 * math.pi * freq * t) + 0.35 * math.sin(2 * math.pi * 2 * freq * t)
                     + 0.12 * math.sin(2 * math.pi * 3.01 * freq * t))
            out[first + i] += envelope * wave_
    peak = max(abs(v) for v in out)
    return array("h", (round(v / peak * 0.55 * 32767) for v in out))


def write_wav(path: Path, samples: array) -> None:
    path.write_bytes(to_wav(samples))


def main(target: Path | None = None) -> Path:
    target = target or resources_dir() / "voice"
    (target / "id").mkdir(parents=True, exist_ok=True)
    write_wav(target / "chime.wav", chime())
    for name, text in word_clips().items():
        write_wav(target / "id" / f"{name}.wav", speak(text))
    return target


if __name__ == "__main__":
    print(main())

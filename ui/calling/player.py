"""Playing the calls, one after another, on a worker thread: the window never waits for
a sound, and two calls never talk over each other.

How a WAV reaches the speakers with nothing installed: on Windows the standard library's
`winsound.PlaySound(data, SND_MEMORY)`; on Linux `paplay` or `aplay` when present. With
neither (or no sound device), the calls are only shown. The sentence itself is assembled
on the worker too (layar_ramah.calling.audio), never on the GUI thread."""

from __future__ import annotations

import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from typing import Callable

from layar_ramah.calling.audio import call_wav

log = logging.getLogger(__name__)
Sink = Callable[[bytes], None]  # plays one WAV file's bytes, returning when it has finished


def system_sink() -> Sink | None:
    """The PC's way to play a WAV, or None when it has none."""
    if sys.platform == "win32":
        import winsound

        def play(data: bytes) -> None:
            # synchronous: SND_MEMORY cannot be asynchronous, and this runs on the worker anyway
            winsound.PlaySound(data, winsound.SND_MEMORY | winsound.SND_NODEFAULT)

        return play
    for command in (["paplay"], ["aplay", "-q"]):
        if shutil.which(command[0]):
            return lambda data, c=command: _play_file(c, data)
    return None


def _play_file(command: list[str], data: bytes) -> None:
    handle, path = tempfile.mkstemp(prefix="layar-ramah-panggilan-", suffix=".wav")
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        subprocess.run([*command, path], check=True, capture_output=True, timeout=60)
    finally:
        os.unlink(path)


class SoundPlayer:
    def __init__(self, sink: Sink | None = None):
        self.sink = sink
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None

    @classmethod
    def for_this_pc(cls) -> SoundPlayer:
        return cls(system_sink())

    @property
    def can_play(self) -> bool:
        return self.sink is not None

    def play_call(self, ticket: str, counter_number: int, sound: str) -> bool:
        """Queue a call's sound (chime and sentence, or the chime alone); False when there
        is nothing to play it on or nothing to play."""
        if self.sink is None or sound == "off":
            return False
        self._jobs.put((ticket, counter_number, sound))
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="panggilan", daemon=True)
            self._thread.start()
        return True

    def close(self) -> None:
        """Let the worker finish what it is playing and stop (the screen is closing)."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread = None

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                data = call_wav(*job)
                if data is not None:
                    self.sink(data)
            except Exception:  # a broken speaker must not break the screen: it still shows the call
                log.exception("Suara panggilan %s tidak dapat diputar", job[0])

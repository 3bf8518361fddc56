"""A real print queue for the printing tests: the CUPS virtual printer cups-pdf, which
writes every job it prints as a PDF into a folder (cups-pdf.conf, "Out").

.ci/run installs CUPS and cups-pdf, starts cupsd and adds the queue LayarRamahPDF (see
there). Where no scheduler runs, the tests print through QPrinter to a PDF file instead
and say so; LAYAR_RAMAH_REQUIRE_CUPS=1 (set by .ci/run) turns that fallback into a failure.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

QUEUE = os.environ.get("LAYAR_RAMAH_TEST_PRINTER", "LayarRamahPDF")
CONF = Path("/etc/cups/cups-pdf.conf")
REQUIRED = os.environ.get("LAYAR_RAMAH_REQUIRE_CUPS") == "1"


def _run(*args: str) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


def unavailable() -> str | None:
    """Why the CUPS queue cannot be used here; None when it can."""
    if shutil.which("lpstat") is None:
        return "CUPS is not installed (no lpstat)"
    if "is running" not in _run("lpstat", "-r"):
        return "the CUPS scheduler (cupsd) is not running"
    if "cups-pdf:" not in _run("lpstat", "-v", QUEUE):
        return f"there is no cups-pdf queue {QUEUE}"
    return None


def output_folder() -> Path:
    """Where cups-pdf writes the jobs of the user running the tests."""
    out = "${HOME}/PDF"
    if CONF.exists():
        for line in CONF.read_text(errors="replace").splitlines():
            match = re.match(r"\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    user = pwd.getpwuid(os.getuid())
    return Path(out.replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name))


def _squash(text: str) -> str:
    # cups-pdf names the file after the job's title, with some characters made "_" (and,
    # in the Debian 3.0 build, a few stray characters after it): compare letters and digits
    return re.sub(r"[^a-z0-9]", "", text.lower())


def queue_empty() -> bool:
    return _run("lpstat", "-o", QUEUE).strip() == ""


@dataclass
class PrintedJobs:
    """The files cups-pdf wrote for jobs printed after `watch()`. A job with the title of an
    earlier one overwrites its file (cups-pdf's default), so a file counts as new when its
    path or its modification time is."""

    folder: Path
    before: dict[Path, int]
    printed: list[Path] = field(default_factory=list)  # found by the test: removed after it

    @classmethod
    def watch(cls) -> PrintedJobs:
        folder = output_folder()
        return cls(folder, {p: p.stat().st_mtime_ns for p in folder.glob("*.pdf")} if folder.is_dir() else {})

    def find(self, title: str) -> Path | None:
        """The PDF of the job titled `title`, once the queue has printed it (None before).
        The job runs in CUPS's own processes: the test polls with qtbot.waitUntil."""
        if not queue_empty() or not self.folder.is_dir():
            return None
        stem = _squash(title)
        found = {p: p.stat().st_mtime_ns for p in self.folder.glob("*.pdf") if _squash(p.stem).startswith(stem)}
        found = {p: t for p, t in found.items() if self.before.get(p) != t}
        if not found:
            return None
        path = max(found, key=found.get)
        self.before[path] = found[path]  # a second print of the same title is another job
        return path

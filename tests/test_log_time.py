"""The log file speaks the office's time, as the screen does, and says which zone it is."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from ui.startup import error_handler


def test_log_lines_carry_office_time_with_its_offset(tmp_path):
    path = error_handler.setup_logging(tmp_path)
    handler = next(h for h in error_handler.log.handlers
                   if getattr(h, "baseFilename", None) == str(path))
    record = logging.LogRecord("layar_ramah", logging.WARNING, __file__, 1, "Cadangan gagal", None, None)
    record.created = datetime(2026, 11, 23, 1, 30, 5, 250000, tzinfo=timezone.utc).timestamp()
    record.msecs = 250.0
    line = handler.format(record)
    # 01:30 UTC is 08:30 WIB: the time the operator saw on the screen, and its offset
    assert line.startswith("2026-11-23 08:30:05,250+07:00 WARNING layar_ramah: Cadangan gagal"), line


def test_the_written_file_shows_the_offset_of_the_office_zone(tmp_path):
    path = error_handler.setup_logging(tmp_path)
    error_handler.log.warning("Uji log")
    for handler in error_handler.log.handlers:
        handler.flush()
    last = path.read_text(encoding="utf-8").splitlines()[-1]
    assert last.split(" ", 2)[1].endswith("+07:00") and last.endswith("Uji log")

"""What only this PC knows: which counter (loket) it is and whether its waiting-room
screen speaks the calls. Kept in QSettings on the PC, not in the shared database: two
counter PCs on one database are two counters, and only the PC by the TV should speak."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from layar_ramah.calling.counters import counter_by_id
from layar_ramah.models import Counter

COUNTER_KEY = "calling/counter_id"
SPEAKS_KEY = "calling/speaks"


def counter_id() -> int | None:
    value = QSettings().value(COUNTER_KEY)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def this_counter() -> Counter | None:
    """This PC's counter as the office data has it now (it may have been deactivated)."""
    value = counter_id()
    return counter_by_id(value) if value is not None else None


def set_counter_id(value: int | None) -> None:
    settings = QSettings()
    if value is None:
        settings.remove(COUNTER_KEY)
    else:
        settings.setValue(COUNTER_KEY, int(value))


def speaks() -> bool:
    """Whether this PC's waiting-room screen plays the calls; yes until someone says no."""
    value = QSettings().value(SPEAKS_KEY, True)
    return value not in (False, "false", "0", 0)


def set_speaks(on: bool) -> None:
    QSettings().setValue(SPEAKS_KEY, bool(on))

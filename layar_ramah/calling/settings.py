"""The office's choice of sound for a call: the whole spoken call, the chime alone, or
silence. Declared with the other settings (layar_ramah/settings/catalogue.py, shown on the
Pengaturan page); these names keep the calling feature's own dialog and the waiting-room
screen reading it in one line. Which PC's waiting-room screen speaks is that PC's own
choice (QSettings, ui/calling/this_pc.py), not an office one."""

from __future__ import annotations

from layar_ramah import settings
from layar_ramah.settings import SOUND_LABELS  # noqa: F401  (the calling dialog's list)
from layar_ramah.transaction import Ctx

CALL_SOUND = "call_sound"


def call_sound() -> str:
    return settings.get(CALL_SOUND)


def set_call_sound(ctx: Ctx, value) -> str:
    """An admin's change, recorded as a `setting.changed` event with old and new."""
    settings.change(ctx, **{CALL_SOUND: value})
    return call_sound()

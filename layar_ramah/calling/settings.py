"""The office's choice of sound for a call, kept in the `setting` table like the other
office settings: the whole spoken call, the chime alone, or silence. Which PC's waiting-room
screen speaks is that PC's own choice (QSettings, ui/calling/voice.py), not an office one.

Small functions with validation, so the Pengaturan page can offer the same choice."""

from __future__ import annotations

from layar_ramah import db as dbmod
from layar_ramah.audit import append_event
from layar_ramah.calling.audio import SOUNDS
from layar_ramah.errors import ValidationError
from layar_ramah.models import Setting
from layar_ramah.transaction import Ctx, transaction

CALL_SOUND = "call_sound"
DEFAULT_SOUND = "voice"
SOUND_LABELS = {
    "voice": "Bel lalu suara panggilan",
    "chime": "Bel saja",
    "off": "Tanpa suara (hanya tampil di layar)",
}


def call_sound() -> str:
    value = dbmod.get_setting(CALL_SOUND)
    return value if value in SOUNDS else DEFAULT_SOUND


def clean_call_sound(value) -> str:
    if not isinstance(value, str) or value not in SOUNDS:
        raise ValidationError("Pilih suara panggilan dari daftar.", field=CALL_SOUND)
    return value


def set_call_sound(ctx: Ctx, value) -> str:
    """An admin's change, recorded as a `setting.changed` event with old and new."""
    ctx.require("administer")
    value = clean_call_sound(value)
    with transaction():
        old = call_sound()
        if old == value:
            return value
        Setting.insert(key=CALL_SOUND, value=value).on_conflict_replace().execute()
        append_event("setting.changed", {"kind": "setting", "id": CALL_SOUND, "label": "Suara panggilan",
                                         "old": {CALL_SOUND: old}, "new": {CALL_SOUND: value}},
                     at=ctx.now(), actor=ctx.actor)
    return value

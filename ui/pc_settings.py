"""The settings that belong to this PC: how large its text is, whether it sounds the SLA
alerts, whether its waiting-room screen speaks the calls.

Why on the PC and not for the whole office: the text size is a matter of the screen and
of who sits in front of it (an older officer's counter PC, a 1366×768 laptop beside a 24"
monitor), and sound is a matter of the room the PC stands in. They are kept in this PC's
QSettings (the Windows registry); they are declared, checked and recorded in the admin
history by the domain like every other setting (layar_ramah.settings.change_pc), so the
history says who changed what on which PC.

A change is in force at once: the font is applied to every window as it is saved, and the
next alert or call reads its value when it happens; nothing waits for a restart."""

from __future__ import annotations

import socket

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from layar_ramah import backup, settings
from ui.calling import this_pc

GROUP = "this_pc"
# A key another feature already kept on the PC stays where it is, so both read one value.
_STORED_AS = {"call_speaks": this_pc.SPEAKS_KEY}


def pc_name() -> str:
    """How the history names this PC (the Windows computer name)."""
    return socket.gethostname() or "komputer ini"


def keys() -> list[str]:
    return [key for key, spec in settings.SPECS.items() if spec.scope == "pc"]


def _stored_as(key: str) -> str:
    return _STORED_AS.get(key, f"{GROUP}/{key}")


def _typed(spec: settings.SettingSpec, raw):
    """QSettings gives back text on some platforms ("true", "12"): the declared type again."""
    if raw is None:
        return None
    if spec.kind == "bool" and isinstance(raw, str):
        return {"true": True, "false": False, "1": True, "0": False}.get(raw.lower(), raw)
    if spec.kind in ("int", "choice") and isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw)
    return raw


def value(key: str):
    """This PC's value in force (the default until someone chose one here)."""
    spec = settings.spec(key)
    return settings.lenient(key, _typed(spec, QSettings().value(_stored_as(key))))


def apply_backup_folder() -> None:
    """At start, before the database is opened: the start-up check looks for a good backup
    of a damaged file in this PC's backup folder."""
    backup.use_folder(value("backup_folder"))


def values() -> dict:
    return {key: value(key) for key in keys()}


def change(ctx, **new) -> dict:
    """Check and record the change (the domain), then keep it on this PC and apply it.
    Returns {key: (old, new)}; a refusal raises its DomainError and changes nothing."""
    changed = settings.change_pc(ctx, pc_name(), {key: value(key) for key in new}, new)
    if changed:
        store = QSettings()
        for key, (_old, now) in changed.items():
            store.setValue(_stored_as(key), now)
        store.sync()
        if "backup_folder" in changed:  # the next automatic copy goes there
            backup.use_folder(changed["backup_folder"][1])
        if "font_size" in changed:
            from ui.style import apply_font_size
            apply_font_size(QApplication.instance(), changed["font_size"][1])
    return changed

"""The office's settings: typed keys with their defaults, the check of a new value (an
Indonesian message at the field that caused it) and the one way to change them: every
change is one transaction with one admin-history event (who, old and new value).

Two scopes. Office settings (the warning threshold, PIN mode, the ticket paper, …) live in
the `setting` table, one JSON value per key: every counter PC reading the database sees the
same ones. A few choices belong to one PC (how large its text is, whether it sounds the SLA
alert): the UI keeps those on that PC (QSettings, ui/pc_settings.py), but they are declared,
checked and recorded in the history here all the same (`change_pc`), so an admin reads in
one place who changed what on which computer.

A setting is declared once, in catalogue.py, with `define()`; the Pengaturan page
(ui/admin/settings_page.py) builds its form from these declarations, section by section,
so a new setting needs no new widget code.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from layar_ramah.errors import ValidationError
from layar_ramah.history import record_change
from layar_ramah.models import Setting
from layar_ramah.transaction import Ctx, transaction

KINDS = ("choice", "bool", "int", "percent", "folder")
SCOPES = ("office", "pc")


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str                  # as the form and the history name it
    section: str                # a key of SECTIONS: where the Pengaturan page shows it
    kind: str                   # "choice", "bool", "int", "percent" (stored as a fraction) or "folder"
    default: Any
    choices: tuple[tuple[Any, str], ...] = ()   # (value, label) of a "choice"
    minimum: int | None = None  # bounds of an "int" (of a "percent": in percent)
    maximum: int | None = None
    unit: str = ""              # "menit", shown after an "int"
    help: str = ""              # one line under the field
    permission: str = "administer"
    scope: str = "office"       # "office": the database; "pc": kept on each PC
    zero: str = ""              # what 0 of an "int" means, when it means something ("mati");
                                # of a "folder": what the empty text means (the default folder)

    def clean(self, value) -> Any:
        """`value` as stored, or a ValidationError at this setting's field."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise ValidationError(f"{self.label}: pilih ya atau tidak.", field=self.key)
        if self.kind == "folder":
            return clean_folder(value, self)
        if self.kind == "choice":
            allowed = [v for v, _label in self.choices]
            if value in allowed and not isinstance(value, bool):
                return value
            names = ", ".join(label for _v, label in self.choices)
            raise ValidationError(f"{self.label}: pilih salah satu dari {names}.", field=self.key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValidationError(f"{self.label}: isi dengan angka.", field=self.key)
        if self.kind == "percent":
            percent = round(value * 100, 2)
            if not self.minimum <= percent <= self.maximum:
                raise ValidationError(f"{self.label}: isi antara {self.minimum} % dan {self.maximum} %.",
                                      field=self.key)
            return round(percent / 100, 4)
        if value != int(value):
            raise ValidationError(f"{self.label}: isi dengan bilangan bulat.", field=self.key)
        value = int(value)
        if (self.minimum is not None and value < self.minimum) or \
                (self.maximum is not None and value > self.maximum):
            unit = f" {self.unit}" if self.unit else ""
            zero = f" (0 = {self.zero})" if self.zero else ""
            raise ValidationError(f"{self.label}: isi antara {self.minimum} dan {self.maximum}{unit}{zero}.",
                                  field=self.key)
        return value

    def describe(self, value) -> str:
        """A value as an admin reads it (the history, the form's summary)."""
        if self.kind == "bool":
            return "Ya" if value else "Tidak"
        if self.kind == "choice":
            return dict(self.choices).get(value, str(value))
        if self.kind == "percent":
            return f"{value * 100:g} %"
        if self.kind == "folder":
            return value or self.zero.capitalize()
        if value == 0 and self.zero:
            return self.zero.capitalize()
        return f"{value} {self.unit}".strip()


def clean_folder(value, spec: SettingSpec) -> str:
    """A folder typed or chosen: "" (the default), or a full path to a folder that exists
    or can be made, where this PC may write. Checked on the disk as it is typed."""
    if not isinstance(value, str):
        raise ValidationError(f"{spec.label}: isi dengan nama folder.", field=spec.key)
    text = value.strip()
    if not text:
        return ""
    path = Path(text)
    if not path.is_absolute():
        raise ValidationError(f"{spec.label}: tulis folder lengkap dengan drive-nya, misalnya D:\\Cadangan.",
                              field=spec.key)
    if path.exists() and not path.is_dir():
        raise ValidationError(f"{spec.label}: {text} adalah berkas, bukan folder.", field=spec.key)
    existing = path
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK):
        raise ValidationError(f"{spec.label}: komputer ini tidak dapat menulis di {existing}.", field=spec.key)
    return str(path)


SECTIONS: dict[str, str] = {}   # key -> title, in the page's order (catalogue.py fills it)
SPECS: dict[str, SettingSpec] = {}
# A section's explanation: what its values mean, read live under the form (catalogue.py).
EXPLAINERS: dict[str, Callable[[dict], str]] = {}


def section(key: str, title: str, explain: Callable[[dict], str] | None = None) -> str:
    SECTIONS[key] = title
    if explain is not None:
        EXPLAINERS[key] = explain
    return key


def define(spec: SettingSpec) -> SettingSpec:
    if spec.kind not in KINDS or spec.section not in SECTIONS or spec.scope not in SCOPES:
        raise ValueError(f"{spec.key}: kind {spec.kind!r}, section {spec.section!r}, scope {spec.scope!r}")
    spec.clean(spec.default)  # a default that its own check refuses is a programming error
    SPECS[spec.key] = spec
    return spec


def spec(key: str) -> SettingSpec:
    try:
        return SPECS[key]
    except KeyError:
        raise ValidationError(f"Pengaturan tidak dikenal: {key}.") from None


def lenient(key: str, value) -> Any:
    """A stored value that is no longer allowed (a paper an older version knew, a hand-edited
    row, a PC's damaged entry) reads as the default instead of stopping the app."""
    s = spec(key)
    if value is None:
        return s.default
    try:
        return s.clean(value)
    except ValidationError:
        return s.default


def get(key: str):
    """The office's value in force: the stored one, or the default."""
    s = spec(key)
    if s.scope != "office":
        raise ValueError(f"{key} is kept on each PC (ui/pc_settings.py)")
    row = Setting.get_or_none(Setting.key == key)
    return lenient(key, row.value if row is not None else None)


def current(section: str | None = None) -> dict[str, Any]:
    """Every office setting of `section` (None: all) with its value in force."""
    return {key: get(key) for key, s in SPECS.items()
            if s.scope == "office" and (section is None or s.section == section)}


def explain(section_key: str, values: dict) -> str:
    """What the section's values mean, in a sentence or two ("" when it needs none). Values
    not given are the ones in force; a value the check refuses explains nothing."""
    explainer = EXPLAINERS.get(section_key)
    if explainer is None:
        return ""
    merged = {}
    for key, s in SPECS.items():
        if s.section != section_key:
            continue
        if key in values:
            try:
                merged[key] = s.clean(values[key])
            except ValidationError:
                return ""
        else:
            merged[key] = s.default if s.scope == "pc" else get(key)
    return explainer(merged)


def check(**values) -> dict[str, Any]:
    """Every value cleaned, or the first refusal (at its field); nothing is written."""
    return {key: spec(key).clean(value) for key, value in values.items()}


def _label(keys, pc: str | None = None) -> str:
    """What the history's "Data" column names: the sections changed, or the PC."""
    if pc:
        return f"Komputer {pc}"
    sections = sorted({SPECS[key].section for key in keys}, key=list(SECTIONS).index)
    return "Pengaturan: " + ", ".join(SECTIONS[s] for s in sections)


def change(ctx: Ctx, **values) -> dict[str, tuple[Any, Any]]:
    """Set the given office settings; returns {key: (old, new)} of those that changed. Every
    value is checked, and the officer's permission for each, before anything is written;
    all changes are one transaction and one history event."""
    clean = check(**values)
    for key in clean:
        if SPECS[key].scope != "office":
            raise ValidationError(f"{SPECS[key].label} disimpan di tiap komputer, bukan untuk seluruh kantor.",
                                  field=key)
    with transaction():
        old = {key: get(key) for key in clean}
        changed = {key: (old[key], new) for key, new in clean.items() if old[key] != new}
        if not changed:
            return {}
        for key in changed:
            ctx.require(SPECS[key].permission)
        for key, (_old, new) in changed.items():
            Setting.insert(key=key, value=new).on_conflict_replace().execute()
        record_change(ctx, "setting.changed",
                      {"kind": "setting", "id": ",".join(sorted(changed)), "label": _label(changed)},
                      {key: old for key, (old, _new) in changed.items()},
                      {key: new for key, (_old, new) in changed.items()})
    return changed


def change_pc(ctx: Ctx, pc: str, old: dict, new: dict) -> dict[str, tuple[Any, Any]]:
    """One PC's own settings: checked and recorded here (who, which PC, old and new), kept
    on the PC by the caller once this returns. `old` is what the PC has now."""
    clean = check(**new)
    for key in clean:
        if SPECS[key].scope != "pc":
            raise ValidationError(f"{SPECS[key].label} berlaku untuk seluruh kantor.", field=key)
    before = {key: lenient(key, old.get(key)) for key in clean}
    changed = {key: (before[key], value) for key, value in clean.items() if before[key] != value}
    if not changed:
        return {}
    with transaction():
        for key in changed:
            ctx.require(SPECS[key].permission)
        record_change(ctx, "setting.changed",
                      {"kind": "setting", "id": ",".join(sorted(changed)), "label": _label(changed, pc), "pc": pc},
                      {key: old for key, (old, _new) in changed.items()},
                      {key: new for key, (_old, new) in changed.items()})
    return changed


from layar_ramah.settings.catalogue import *  # noqa: E402,F401,F403  (the declarations register here)

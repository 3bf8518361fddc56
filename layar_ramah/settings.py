"""The office's settings: typed keys with their defaults, the check of a new value (an
Indonesian message at the field that caused it) and the one way to change them: every
change is one transaction with one admin-history event (who, old and new value).

Settings live in the `setting` table, one JSON value per key, and are office-wide: every
counter PC reading the database sees the same ones. What belongs to one PC (which printer
is plugged into it) is kept on that PC instead (ui/printing/store.py).

A setting is declared once here with `define()`; the Pengaturan page (ui/admin/settings_page.py)
builds its form from these declarations, section by section, so a new setting needs no
new widget code. Keys declared elsewhere (db.DEFAULT_SETTINGS) keep working through
`db.get_setting` until they are declared here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from layar_ramah.errors import ValidationError
from layar_ramah.history import record_change
from layar_ramah.models import Setting
from layar_ramah.transaction import Ctx, transaction

KINDS = ("choice", "bool", "int")


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str                  # as the form and the history name it
    section: str                # a key of SECTIONS: where the Pengaturan page shows it
    kind: str                   # "choice", "bool" or "int": the form's widget follows it
    default: Any
    choices: tuple[tuple[Any, str], ...] = ()   # (value, label) of a "choice"
    minimum: int | None = None  # bounds of an "int"
    maximum: int | None = None
    unit: str = ""              # "menit", shown after an "int"
    help: str = ""              # one line under the field
    permission: str = "administer"

    def clean(self, value) -> Any:
        """`value` as stored, or a ValidationError at this setting's field."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise ValidationError(f"{self.label}: pilih ya atau tidak.", field=self.key)
        if self.kind == "choice":
            allowed = [v for v, _label in self.choices]
            if value in allowed:
                return value
            names = ", ".join(label for _v, label in self.choices)
            raise ValidationError(f"{self.label}: pilih salah satu dari {names}.", field=self.key)
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(f"{self.label} harus berupa bilangan bulat.", field=self.key)
            if (self.minimum is not None and value < self.minimum) or \
                    (self.maximum is not None and value > self.maximum):
                raise ValidationError(f"{self.label} harus antara {self.minimum} dan {self.maximum}"
                                      f"{' ' + self.unit if self.unit else ''}.", field=self.key)
            return value
        raise ValueError(self.kind)

    def describe(self, value) -> str:
        """A value as an admin reads it (the history, the form's summary)."""
        if self.kind == "bool":
            return "Ya" if value else "Tidak"
        if self.kind == "choice":
            return dict(self.choices).get(value, str(value))
        return f"{value} {self.unit}".strip()


SECTIONS = {
    "printing": "Karcis, slip dan pencetakan",
}
SPECS: dict[str, SettingSpec] = {}


def define(spec: SettingSpec) -> SettingSpec:
    if spec.kind not in KINDS or spec.section not in SECTIONS:
        raise ValueError(f"{spec.key}: kind {spec.kind!r}, section {spec.section!r}")
    spec.clean(spec.default)  # a default that its own check refuses is a programming error
    SPECS[spec.key] = spec
    return spec


# Ticket papers: the same keys as layar_ramah.pdf.ticket.PAPERS (checked by the tests),
# named here so that reading a setting does not import ReportLab.
TICKET_PAPERS = (
    ("roll58", "Rol 58 mm (panjang mengikuti isi)"),
    ("roll80", "Rol 80 mm (panjang mengikuti isi)"),
    ("a6", "A6 (105 × 148 mm), printer biasa"),
)
TICKET_PAPER = define(SettingSpec(
    "ticket_paper", "Kertas karcis antrian", "printing", "choice", "roll80", choices=TICKET_PAPERS,
    help="Lebar rol printer karcis di loket; karcis rol sepanjang isinya."))
TICKET_AUTO_PRINT = define(SettingSpec(
    "ticket_auto_print", "Cetak karcis otomatis setelah pendaftaran", "printing", "bool", False,
    help="Karcis langsung dikirim ke printer karcis begitu permohonan terdaftar."))
SLIPS_TWO_PER_A4 = define(SettingSpec(
    "slips_two_per_a4", "Dua slip pengantaran per lembar A4", "printing", "bool", False,
    help="Dua slip A5 pada satu lembar A4, dipotong di garis putus-putus; tidak: satu slip A5 per lembar.",
    # The Kasi decides slips day to day (the Pengantaran tab); an admin may too.
    permission="approve_delivery"))


def spec(key: str) -> SettingSpec:
    try:
        return SPECS[key]
    except KeyError:
        raise ValidationError(f"Pengaturan tidak dikenal: {key}.") from None


def get(key: str):
    """The value in force: the stored one, or the default when none is stored or the stored
    one is no longer allowed (a paper an older version knew, a hand-edited row)."""
    s = spec(key)
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return s.default
    try:
        return s.clean(row.value)
    except ValidationError:
        return s.default


def current(section: str | None = None) -> dict[str, Any]:
    """Every declared setting of `section` (None: all) with its value in force."""
    return {key: get(key) for key, s in SPECS.items() if section is None or s.section == section}


def change(ctx: Ctx, **values) -> dict[str, tuple[Any, Any]]:
    """Set the given settings; returns {key: (old, new)} of those that changed. Every value
    is checked, and the officer's permission for each, before anything is written; all
    changes are one transaction and one history event."""
    clean = {}
    for key, value in values.items():
        s = spec(key)
        clean[key] = s.clean(value)
    with transaction():
        old = {key: get(key) for key in clean}
        changed = {key: (old[key], new) for key, new in clean.items() if old[key] != new}
        if not changed:
            return {}
        for key in changed:
            ctx.require(SPECS[key].permission)
        for key, (_old, new) in changed.items():
            Setting.insert(key=key, value=new).on_conflict_replace().execute()
        sections = sorted({SPECS[key].section for key in changed})
        label = "Pengaturan: " + ", ".join(SECTIONS[s].lower() for s in sections)
        record_change(ctx, "setting.changed", {"kind": "setting", "id": ",".join(sorted(changed)), "label": label},
                      {key: old for key, (old, _new) in changed.items()},
                      {key: new for key, (_old, new) in changed.items()})
    return changed

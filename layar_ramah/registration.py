"""The registration form's fields, checked in one place.

`check_registration` is the one check: the register dialog calls it for one field as the
operator leaves it and for all of them on save; `workflow.register` calls it for all of
them before it writes. The labels the form shows and the messages name, and the lengths
the form lets the operator type, are here too, so the dialog and the rule cannot drift.
Who may serve a request is `access.may_serve`, the same rule as the dialog's list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Mapping

from layar_ramah.access import ROLE_LABELS, SERVING_ROLES, may_serve
from layar_ramah.errors import ValidationError
from layar_ramah.models import VULNERABILITIES, Officer, ServiceType, Village
from layar_ramah.validation import clean_name, clean_text, is_row_id, normalize_phone, parse_nik, parse_rt_rw


@dataclass(frozen=True)
class Field:
    label: str              # what the form calls it and the messages name it
    max_length: int | None  # what may be typed (None: chosen from a list)


# In the order of the form: the first field in error is the one the operator is sent to.
FIELDS: dict[str, Field] = {
    "applicant_name": Field("Nama pemohon", 100),
    "nik": Field("NIK", 24),        # 16 digits and the separators an operator may type
    "phone": Field("Telepon", 24),
    "address": Field("Alamat", 300),
    "village": Field("Desa", None),
    "rt": Field("RT", 3),
    "rw": Field("RW", 3),
    "service": Field("Jenis layanan", None),
    "vulnerability": Field("Kaum rentan", None),
    "home_delivery": Field("Antar ke rumah", None),
    "officer": Field("Petugas yang melayani", None),
}


@dataclass
class Checked:
    """The cleaned value of each field checked, and the problem of each one that failed."""

    values: dict = field(default_factory=dict)
    errors: list[ValidationError] = field(default_factory=list)

    def raise_first(self) -> None:
        if self.errors:
            raise self.errors[0]


def check_registration(values: Mapping, today: date, fields: Iterable[str] | None = None) -> Checked:
    """Check `fields` of `values` (every field when None), each by its rule. A field whose
    rule reads another (the phone is required for home delivery; home delivery needs a
    vulnerable citizen and a service that offers it) reads that one's value from `values`."""
    checked = Checked()
    for name in (FIELDS if fields is None else fields):
        try:
            checked.values[name] = _RULES[name](values, today)
        except ValidationError as exc:
            checked.errors.append(exc)
    return checked


def _name(values, _today) -> str:
    return clean_name(values.get("applicant_name"), field="applicant_name", label=FIELDS["applicant_name"].label,
                      max_len=FIELDS["applicant_name"].max_length)


def _nik(values, today) -> str:
    return parse_nik(values.get("nik"), today=today).value


def _phone(values, _today) -> str:
    return normalize_phone(values.get("phone"), required=values.get("home_delivery") is True)


def _address(values, _today) -> str:
    return clean_text(values.get("address"), "address", FIELDS["address"].label,
                      max_len=FIELDS["address"].max_length, required=True)


def _village(values, _today) -> Village:
    value = values.get("village")
    if isinstance(value, str) and value.strip() and not value.strip().isdigit():
        typed = value.strip()  # a name typed into the form's list
        found = [v for v in Village.select().where(Village.active) if v.name.casefold() == typed.casefold()]
        if not found:
            raise ValidationError(f"Desa «{typed[:60]}» tidak ada dalam daftar; pilih dari daftar desa.",
                                  field="village")
        return found[0]
    return _active(Village, value, "village")


def _rt(values, _today) -> str:
    return parse_rt_rw(values.get("rt"), "rt", FIELDS["rt"].label)


def _rw(values, _today) -> str:
    return parse_rt_rw(values.get("rw"), "rw", FIELDS["rw"].label)


def _service(values, _today) -> ServiceType:
    return _active(ServiceType, values.get("service"), "service")


def _vulnerability(values, _today) -> str:
    value = values.get("vulnerability", "none")
    if not isinstance(value, str) or value not in VULNERABILITIES:
        raise ValidationError("Pilih kelompok rentan dari daftar.", field="vulnerability")
    return value


def _home_delivery(values, today) -> bool:
    wanted = values.get("home_delivery", False)
    if not isinstance(wanted, bool):
        raise ValidationError("Pilihan antar ke rumah harus ya atau tidak.", field="home_delivery")
    if wanted and values.get("vulnerability", "none") == "none":
        raise ValidationError("Antar ke rumah saat pendaftaran hanya untuk kaum rentan "
                              "(disabilitas, lansia, ibu hamil/menyusui).", field="home_delivery")
    if wanted:
        try:
            service = _service(values, today)
        except ValidationError:
            return wanted  # the service's own field says what is wrong with it
        if not service.delivery_offered:
            raise ValidationError(f"Layanan {service.name} tidak menyediakan antar ke rumah.",
                                  field="home_delivery")
    return wanted


def _officer(values, _today) -> Officer:
    officer = _active(Officer, values.get("officer"), "officer")
    if not may_serve(officer):
        roles = ", ".join(ROLE_LABELS[r] for r in sorted(officer.role_set)) or "tanpa peran"
        serving = ", ".join(ROLE_LABELS[r] for r in SERVING_ROLES)
        raise ValidationError(f"{officer.name} ({roles}) tidak dapat dipilih sebagai petugas yang melayani. "
                              f"Yang dapat melayani: {serving}.", field="officer")
    return officer


def _active(model, value, field_name: str):
    label = FIELDS[field_name].label
    if value is None or value == "":
        raise ValidationError(f"{label} wajib dipilih.", field=field_name)
    if not isinstance(value, model) and not is_row_id(value):
        raise ValidationError(f"{label} tidak dikenal atau sudah tidak aktif.", field=field_name)  # a row or its id
    row = value if isinstance(value, model) else model.get_or_none(model.id == value)
    if row is None or not row.active:
        raise ValidationError(f"{label} tidak dikenal atau sudah tidak aktif.", field=field_name)
    return row


_RULES: dict[str, Callable] = {
    "applicant_name": _name, "nik": _nik, "phone": _phone, "address": _address, "village": _village,
    "rt": _rt, "rw": _rw, "service": _service, "vulnerability": _vulnerability,
    "home_delivery": _home_delivery, "officer": _officer,
}

"""The service catalogue as a table: one row per service type, inactive ones greyed out."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TR_NOOP

from layar_ramah.catalogue import CATEGORY_LABELS, all_services, service_usage
from layar_ramah.models import ServiceType
from ui.admin.table_model import Column, RowsModel


@dataclass(frozen=True)
class ServiceRow:
    service: ServiceType
    used: int  # requests registered with it; a used service keeps its code


def load_service_rows(include_inactive: bool = True) -> list[ServiceRow]:
    counts = service_usage()
    return [ServiceRow(s, counts.get(s.id, 0)) for s in all_services()
            if include_inactive or s.active]


class ServiceModel(RowsModel):
    columns = (
        Column(QT_TR_NOOP("Kode"), lambda r: r.service.code),
        Column(QT_TR_NOOP("Nama layanan"), lambda r: r.service.name),
        # Plain minutes: "22 jam" would read as a day, yet it is three working days.
        Column(QT_TR_NOOP("SOP (menit)"), lambda r: str(r.service.sop_minutes),
               lambda r: r.service.sop_minutes, align_right=True),
        Column(QT_TR_NOOP("Kategori"), lambda r: CATEGORY_LABELS.get(r.service.category, r.service.category)),
        Column(QT_TR_NOOP("Antar"), lambda r: "Ya" if r.service.delivery_offered else "Tidak"),
        Column(QT_TR_NOOP("Status"), lambda r: "Aktif" if r.service.active else "Nonaktif"),
    )  # how often a service was used is in the form's status line: the name needs the width

    def muted(self, row: ServiceRow) -> bool:
        return not row.service.active

    def row_of(self, service_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.service.id == service_id:
                return i
        return None

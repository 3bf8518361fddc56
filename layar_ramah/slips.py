"""From a delivery and the office profile to the courier's slip (pdf/slip.py draws it)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from layar_ramah import settings
from layar_ramah.errors import ValidationError
from layar_ramah.labels import VULNERABILITY_LABELS
from layar_ramah.models import Delivery, Objection, OfficeProfile, Officer, Request, Village
from layar_ramah.privacy import slip_personal
from layar_ramah.wording import duration_words, format_duration_id, sla_seconds
from layar_ramah.workflow.base import sla_record

if TYPE_CHECKING:
    from layar_ramah.pdf.slip import SlipData


def office_contact(office: OfficeProfile) -> str:
    parts = []
    if office.phone.strip():
        parts.append(f"Telp. {office.phone.strip()}")
    if office.email.strip():
        parts.append(office.email.strip())
    return " · ".join(parts)


def reason_detail(delivery: Delivery, request: Request, now: datetime) -> str:
    """One line the citizen and the courier both understand: why this letter comes home."""
    if delivery.reason == "vulnerable":
        group = VULNERABILITY_LABELS.get(request.vulnerability, "")
        return f"Pemohon: {group.lower()}" if request.vulnerability != "none" else ""
    status = sla_record(request).status(now)
    sop = format_duration_id(request.sop_minutes)
    text = f"SOP {sop}"
    if status.remaining_seconds is not None and status.remaining_seconds < 0:
        text += f", terlampaui {duration_words(sla_seconds(status.remaining_seconds))} waktu kerja"
    upheld = (Objection.select().where((Objection.request == request) & (Objection.status == "upheld"))
              .order_by(Objection.id.desc()).first())
    if upheld is not None:
        text += ". Keberatan terbukti saat kroscek."
    return text


def build_slip(delivery: Delivery, now: datetime) -> SlipData:
    office = OfficeProfile.get_by_id(1)
    request = Request.get_by_id(delivery.request_id)
    village = Village.get_or_none(Village.id == delivery.village_id)
    courier = Officer.get_or_none(Officer.id == delivery.courier_id)
    approver = Officer.get_or_none(Officer.id == delivery.approved_by_id)
    from layar_ramah.pdf.slip import SlipData  # ReportLab only when a slip is printed: not at the app's start
    return SlipData(
        pemerintah=office.pemerintah,
        kecamatan=f"Kecamatan {office.kecamatan}",
        office_address=office.address,
        office_contact=office_contact(office),
        logo_png=bytes(office.logo) if office.logo else None,
        delivery_number=delivery.number,
        service_name=request.service.name,
        ticket=request.ticket,
        request_date=request.ticket_date,
        recipient_name=request.applicant_name,
        street=delivery.address,
        rt=delivery.rt,
        rw=delivery.rw,
        village=village.name if village else "",
        kecamatan_name=office.kecamatan,
        # The NIK masked on paper that leaves the office (UU 27/2022); the phone whole, since
        # the courier must be able to call ahead (privacy.shown_phone, README "Personal data").
        **slip_personal(request),
        reason=delivery.reason,
        reason_detail=reason_detail(delivery, request, now),
        courier_name=courier.name if courier else "",
        courier_nip=(courier.nip or "-") if courier else "",
        planned_date=delivery.planned_date,
        approved_by=approver.name if approver else "",
        printed_at=now,
    )


def write_slips(target: Path | str, deliveries: list[Delivery], now: datetime,
                two_per_a4: bool | None = None) -> Path:
    """One PDF holding every slip, in the order given. Only approved deliveries (or ones
    already on their way, for a reprint) have a courier and a date worth printing."""
    if not deliveries:
        raise ValidationError("Tidak ada slip pengantaran untuk dicetak.")
    for delivery in deliveries:
        if not printable(delivery):
            raise ValidationError(f"Slip {delivery.number} belum dapat dicetak: pengantaran "
                                  "belum disetujui Kasi Pelayanan atau sudah selesai.")
    if two_per_a4 is None:
        two_per_a4 = settings.get("slips_two_per_a4")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    from layar_ramah.pdf.slip import render_slips
    render_slips(target, [build_slip(d, now) for d in deliveries], two_per_a4=two_per_a4)
    return target


def printable(delivery: Delivery) -> bool:
    return delivery.status in ("approved", "out_for_delivery", "failed")


def set_two_per_a4(ctx, on: bool) -> None:
    """The office's choice of paper for slips: one A5 each, or two A5 on one A4 sheet."""
    settings.change(ctx, slips_two_per_a4=bool(on))

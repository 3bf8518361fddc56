"""Indonesian words for the domain's codes, shared by every screen, slip and report."""

from datetime import date

STATE_LABELS = {
    "registered": "Terdaftar",
    "in_process": "Diproses",
    "returned": "Berkas dikembalikan",
    "awaiting_signature": "Menunggu TTD Camat",
    "finished": "Selesai",
    "handed_over": "Diserahkan",
    "delivered": "Diantar",
    "cancelled": "Dibatalkan",
}
SLA_LABELS = {
    "not_started": "Belum mulai",
    "on_track": "Sesuai SOP",
    "warning": "Hampir habis",
    "breached": "Melewati SOP",
    "met": "Tepat waktu",
    "missed": "Terlambat",
    "cancelled": "Batal",
}
# Why an SLA clock is not counting (SlaStatus.frozen): the queue's countdown, the detail panel.
FROZEN_LABELS = {
    "paused": "dijeda — berkas dikembalikan",
    "stopped": "berhenti",
    "break": "istirahat",
    "closed": "di luar jam layanan",
    "not_started": "menunggu berkas lengkap",
}
VULNERABILITY_LABELS = {
    "none": "Tidak",
    "disabled": "Penyandang disabilitas",
    "elderly": "Lanjut usia",
    "pregnant_or_breastfeeding": "Ibu hamil / menyusui",
}
DELIVERY_REASON_LABELS = {
    "sla_breach": "Waktu SOP terlampaui",
    "vulnerable": "Layanan kaum rentan",
}
DELIVERY_STATUS_LABELS = {
    "awaiting_approval": "Menunggu persetujuan",
    "approved": "Disetujui",
    "out_for_delivery": "Sedang diantar",
    "delivered": "Terkirim",
    "failed": "Gagal diantar",
    "returned_to_counter": "Kembali ke loket",
}
OBJECTION_STATUS_LABELS = {"open": "Menunggu kroscek", "upheld": "Terbukti", "rejected": "Tidak terbukti"}
FAILURE_LABELS = {
    "not_home": "Tidak ada di rumah",
    "address_not_found": "Alamat tidak ditemukan",
    "refused": "Ditolak",
    "other": "Lainnya",
}
# Why a citizen was called (workflow/calls.py), as the timeline says it.
CALL_MOMENT_LABELS = {
    "ready": "surat siap diambil",
    "returned": "berkas perlu dilengkapi",
    "decision": "keputusan kroscek",
}
EVENT_LABELS = {
    "office.seeded": "Data awal kantor dibuat",
    "request.registered": "Didaftarkan",
    "request.completed": "Berkas dinyatakan lengkap",
    "request.returned": "Berkas dikembalikan",
    "request.resumed": "Berkas dilengkapi kembali",
    "request.sent_to_signature": "Diajukan ke Camat untuk tanda tangan",
    "request.finished": "Ditandatangani / selesai",
    "request.handed_over": "Diserahkan di loket",
    "request.cancelled": "Dibatalkan",
    "request.complete_corrected": "Koreksi waktu berkas lengkap",
    "request.called": "Dipanggil ke loket",
    "objection.filed": "Keberatan diajukan",
    "objection.decided": "Keberatan diputuskan",
    "delivery.requested": "Pengantaran diminta",
    "delivery.approved": "Pengantaran disetujui",
    "delivery.dispatched": "Surat dibawa petugas",
    "delivery.delivered": "Surat diterima",
    "delivery.failed": "Pengantaran gagal",
    "delivery.retry": "Dijadwalkan ulang",
    "delivery.returned_to_counter": "Dikembalikan ke loket",
    "delivery.reason_changed": "Alasan pengantaran diubah",
    "setting.changed": "Pengaturan diubah",
    "survey.submitted": "Survei SKM diisi (tanpa nama)",
    # sign-in and personal data
    "auth.signed_in": "Petugas masuk",
    "auth.locked_out": "Akun terkunci karena salah kata sandi",
    "officer.password_set": "Kata sandi petugas diatur",
    "officer.password_changed": "Petugas mengganti kata sandinya",
    "officer.password_reset": "Kata sandi petugas direset admin",
    "privacy.revealed": "NIK/telepon lengkap ditampilkan",
    "privacy.full_export": "Ekspor data pribadi lengkap",
    "privacy.anonymised": "Data pribadi lama dianonimkan",
    "data.restored": "Data dipulihkan dari cadangan",
    "backup.exported": "Data dicadangkan ke folder lain",
    "history.break_found": "Pemeriksaan menemukan riwayat tidak utuh",
    "closing.sheet_made": "Rekap harian dibuat",
}


def delivery_event_details(type_: str, data: dict) -> list[str]:
    """What a delivery event's payload says, in words, for every timeline. The one reader of
    the keys workflow/deliveries.py writes: "reason" is the delivery's reason on a request
    and a failed attempt's cause on delivery.failed; the receiver's "relation" sits beside
    "receiver_name" in the event's personal part (queries.timeline merges it back)."""
    parts = [str(data.get("number") or "")]
    reason = data.get("reason")
    if type_ == "delivery.failed":
        parts.append(FAILURE_LABELS.get(reason, str(reason or "")))
    elif reason in DELIVERY_REASON_LABELS:
        parts.append(DELIVERY_REASON_LABELS[reason])
    if type_ == "delivery.reason_changed":
        parts.append(f"{DELIVERY_REASON_LABELS.get(data.get('from'), '')} → "
                     f"{DELIVERY_REASON_LABELS.get(data.get('to'), '')}")
    if data.get("courier_name"):
        parts.append(f"pengantar {data['courier_name']}")
    if data.get("receiver_name"):
        relation = data.get("relation")
        parts.append(f"diterima {data['receiver_name']}" + (f" ({relation})" if relation else ""))
    if data.get("planned_date"):
        from layar_ramah.wording import format_date_id
        parts.append(f"rencana antar {format_date_id(date.fromisoformat(data['planned_date']))}")
    parts.append(str(data.get("change_reason") or ""))
    parts.append(str(data.get("note") or ""))
    return [p for p in parts if p]

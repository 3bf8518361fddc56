"""Personal data (UU No. 27/2022): what each output shows, exports, and anonymisation.

Rules, one place:
- screen: NIK and phone masked. A counter officer who must read them in full (to check the
  KTP or call the citizen) clicks "Tampilkan"; `reveal_personal_data` records who looked.
- slip: the phone in full (the courier calls ahead when he cannot find the house; the slip
  comes back to the office with the receipt), the NIK always masked.
- waiting-room screen: initials only, never a NIK or a phone.
- export: masked, unless an admin asks for the full export, which is itself an event.
Anonymisation blanks the citizen's personal fields of old requests and keeps the request,
its times and its SLA for statistics. It reaches free text too: reasons, notes, statements
and survey comments written since the seal of personal data are kept beside their events
and erased with the rest, and the chain still verifies (README "Evidence").
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import os
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from peewee import JOIN

from layar_ramah import engine as engines
from layar_ramah import settings
from layar_ramah.audit import append_event, canonical
from layar_ramah.errors import StorageError, ValidationError
from layar_ramah.labels import SLA_LABELS, STATE_LABELS, VULNERABILITY_LABELS
from layar_ramah.models import (
    OPEN_STATES,
    Delivery,
    Event,
    EventPersonal,
    Objection,
    Officer,
    Request,
    ServiceType,
    SurveyResponse,
    Village,
    db,
)
from layar_ramah.spreadsheet import cell
from layar_ramah.transaction import Ctx, transaction
from layar_ramah.validation import format_phone, mask_nik, mask_phone

ANONYMISED_NAME = "(dianonimkan)"
OUTPUTS = ("screen", "slip", "waiting_room", "export")


def shown_nik(nik: str | None, output: str, full: bool = False) -> str:
    """The NIK as `output` may show it. `full` only where a rule above allows it."""
    if output not in OUTPUTS:
        raise ValueError(output)
    if output == "waiting_room":
        return ""
    if full and output in ("screen", "export"):
        return nik or ""
    return mask_nik(nik)


def shown_phone(phone: str | None, output: str, full: bool = False) -> str:
    if output not in OUTPUTS:
        raise ValueError(output)
    if output == "waiting_room":
        return ""
    if output == "slip" or (full and output in ("screen", "export")):
        return format_phone(phone)
    return mask_phone(phone)


def public_name(name: str | None) -> str:
    """Initials for the waiting-room screen: "Siti Rahayu" -> "S. R.". Titles and
    abbreviations such as "Hj." are skipped; at most three initials."""
    if not name or name == ANONYMISED_NAME:
        return "–"
    initials = []
    for word in name.replace(",", " ").split():
        if word.endswith(".") and len(word) <= 5:  # "Hj.", "Dra.", "H.", "S.Pd."
            continue
        letter = next((ch for ch in word if unicodedata.category(ch).startswith("L")), None)
        if letter:
            initials.append(letter.upper() + ".")
    return " ".join(initials[:3]) or "–"


@dataclass(frozen=True)
class PersonalView:
    nik: str
    phone: str
    full: bool


def masked_personal(request: Request) -> PersonalView:
    return PersonalView(shown_nik(request.nik, "screen"), shown_phone(request.phone, "screen"), False)


def reveal_personal_data(ctx: Ctx, request: Request | int) -> PersonalView:
    """Full NIK and phone on screen, after an explicit click; the look is recorded."""
    ctx.require("view_full_personal_data")
    with transaction():
        request = Request.get_by_id(request if isinstance(request, int) else request.id)
        if request.anonymised:
            raise ValidationError("Data pribadi permohonan ini sudah dianonimkan.")
        append_event("privacy.revealed", {"fields": ["nik", "phone"]}, at=ctx.now(),
                     actor=ctx.actor, request=request)
    return PersonalView(shown_nik(request.nik, "screen", True), shown_phone(request.phone, "screen", True),
                        True)


def slip_personal(request: Request) -> dict:
    """The fields of a delivery slip (pdf.slip.SlipData) that carry personal data."""
    return {"nik_masked": shown_nik(request.nik, "slip"), "phone": shown_phone(request.phone, "slip")}


# --------------------------------------------------------------------------- export

EXPORT_COLUMNS = (
    "No. antrean", "Tanggal", "Jenis layanan", "Nama pemohon", "NIK", "Telepon", "Alamat", "Desa",
    "RT", "RW", "Kelompok rentan", "Status", "Didaftarkan", "Berkas lengkap", "Selesai",
    "SOP (menit)", "Waktu kerja (menit)", "Hasil SOP", "Petugas", "Antar ke rumah",
)


def _local(moment: datetime | None) -> str:
    from layar_ramah.clock import OFFICE_TZ
    return moment.astimezone(OFFICE_TZ).strftime("%d-%m-%Y %H:%M") if moment else ""


def export_rows(start: date, end: date, full: bool) -> list[list[str]]:
    if end < start:
        raise ValidationError("Tanggal akhir tidak boleh sebelum tanggal awal.", field="end")
    query = (Request.select(Request, ServiceType.name.alias("service_name"),
                            Village.name.alias("village_name"), Officer.name.alias("officer_name"))
             .join(ServiceType, on=(Request.service == ServiceType.id))
             .switch(Request).join(Village, JOIN.LEFT_OUTER, on=(Request.village == Village.id))
             .switch(Request).join(Officer, JOIN.LEFT_OUTER, on=(Request.officer == Officer.id))
             .where((Request.ticket_date >= start) & (Request.ticket_date <= end))
             .order_by(Request.ticket_date, Request.registered_at).objects())
    rows = []
    for r in query:
        worked = round(r.worked_seconds / 60, 1) if r.worked_seconds is not None else ""
        rows.append([cell(v) for v in (
            r.ticket, r.ticket_date.strftime("%d-%m-%Y"), r.service_name, r.applicant_name,
            shown_nik(r.nik, "export", full), shown_phone(r.phone, "export", full), r.address,
            r.village_name or "", r.rt, r.rw, VULNERABILITY_LABELS.get(r.vulnerability, r.vulnerability),
            STATE_LABELS.get(r.state, r.state), _local(r.registered_at), _local(r.complete_at),
            _local(r.finished_at), r.sop_minutes, worked, SLA_LABELS.get(r.sla_outcome or "", ""),
            r.officer_name or "", "Ya" if r.home_delivery else "Tidak",
        )])
    return rows


def export_requests_csv(ctx: Ctx, target, *, start: date, end: date, full: bool = False) -> int:
    """Write the requests registered from `start` to `end` (office dates) as CSV for a
    spreadsheet: ';'-separated UTF-8 with BOM, as Excel in Indonesian settings opens it.
    `target` is a path or a text stream. Returns the number of rows."""
    ctx.require("export_full" if full else "view_all")
    rows = export_rows(start, end, full)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(rows)
    text = buffer.getvalue()
    if not isinstance(target, (str, Path)):
        if not full:
            target.write(text)
            return len(rows)
        # a stream (tests, a caller's buffer): the event first, the write inside its transaction
        with transaction():
            _record_full_export(ctx, start, end, len(rows), "(aliran data)")
            target.write(text)
        return len(rows)
    path = Path(target)
    part = _write_part(path, text)
    try:
        if full:
            # The full NIKs get their final name only once the event is committed: a refused
            # event (a full disk), a kill or any failure leaves no export without its record.
            with transaction():
                _record_full_export(ctx, start, end, len(rows), path.name)
        _rename(part, path)
    finally:
        part.unlink(missing_ok=True)  # gone already after a rename
    return len(rows)


def _record_full_export(ctx: Ctx, start: date, end: date, rows: int, target: str) -> None:
    append_event("privacy.full_export", {
        "start": start.isoformat(), "end": end.isoformat(), "rows": rows, "target": target,
    }, at=ctx.now(), actor=ctx.actor)


# A kill leaves at most this: never the export's own name. Its prefix says whose it is.
PART_PREFIX = "~layar-ramah-ekspor-"


def _refused(path: Path, exc: OSError) -> StorageError:
    return StorageError(f"Berkas ekspor tidak dapat ditulis ke {path}: {exc.strerror or exc}. "
                        "Pilih folder lain.", field="target")


def _write_part(path: Path, text: str) -> Path:
    """The CSV, flushed to disk under a temporary name in the target's folder (so the
    rename stays on one drive)."""
    part = path.with_name(f"{PART_PREFIX}{os.getpid()}-{path.name}.part")
    # what a power cut or a kill during an earlier export left here: it may hold full NIKs
    for leftover in path.parent.glob(f"{glob.escape(PART_PREFIX)}*.part"):
        try:
            leftover.unlink()
        except OSError:
            pass
    try:
        with part.open("w", encoding="utf-8-sig", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise _refused(path, exc) from exc
    return part


def _rename(part: Path, path: Path) -> None:
    try:
        os.replace(part, path)
    except OSError as exc:
        raise _refused(path, exc) from exc


# --------------------------------------------------------------------------- retention


def _years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def _anonymisable(cutoff: datetime):
    return (Request.select(Request.id)
            .where((Request.registered_at < cutoff) & Request.state.not_in(OPEN_STATES)
                   & ~Request.anonymised))


def id_ranges(ids: list[int]) -> list[list[int]]:
    """[1, 2, 3, 7, 8] -> [[1, 3], [7, 8]]: a year of requests is a handful of ranges."""
    ranges: list[list[int]] = []
    for value in sorted(ids):
        if ranges and value == ranges[-1][1] + 1:
            ranges[-1][1] = value
        else:
            ranges.append([value, value])
    return ranges


def retention_years() -> int:
    return settings.get("retention_years")


def anonymisable_count(now: datetime, years: int | None = None) -> int:
    """How many requests `anonymise_older_than` would blank now: shown before asking."""
    return _anonymisable(_years_before(now, years or retention_years())).count()


# The tables anonymisation writes personal data out of.
PERSONAL_TABLES = ("request", "delivery", "objection", "survey_response", "event_personal")


def anonymise_older_than(ctx: Ctx, years: int | None = None) -> int:
    """Blank the personal fields of closed requests registered more than `years` ago
    (default: the retention setting). Returns how many requests were anonymised."""
    ctx.require("administer")
    if years is None:
        years = retention_years()
    if not isinstance(years, int) or years < 1:
        raise ValidationError("Masa simpan data pribadi paling sedikit 1 tahun.", field="years")
    now = ctx.now()
    cutoff = _years_before(now, years)
    # erased for good, not only from the tables (engine: SQLite's secure_delete and checkpoint)
    with engines.current().erased_on_disk(PERSONAL_TABLES), transaction():
        ids = [r.id for r in _anonymisable(cutoff)]
        if not ids:
            return 0
        redacted: list[list] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            (Request.update(applicant_name=ANONYMISED_NAME, nik="", phone="", address="", rt="", rw="",
                            anonymised=True)
             .where(Request.id.in_(chunk)).execute())
            # The delivery copied the address, and records who received the letter.
            Delivery.update(address="", rt="", rw="").where(Delivery.request.in_(chunk)).execute()
            (Delivery.update(receiver_name=ANONYMISED_NAME, receiver_relation=None)
             .where(Delivery.request.in_(chunk) & Delivery.receiver_name.is_null(False)).execute())
            Objection.update(statement=ANONYMISED_NAME).where(Objection.request.in_(chunk)).execute()
            # Free text may quote the citizen's name or phone: the Kasi's reasons, survey comments.
            (Objection.update(decision_reason=ANONYMISED_NAME)
             .where(Objection.request.in_(chunk) & Objection.decision_reason.is_null(False)).execute())
            SurveyResponse.update(comment="").where(SurveyResponse.request.in_(chunk)).execute()
            # The events keep only a salted digest; erasing the data beside them (and
            # with it the salt) leaves the chain intact and the digest unguessable.
            (EventPersonal.delete()
             .where(EventPersonal.event.in_(Event.select(Event.id).where(Event.request.in_(chunk))))
             .execute())
            redacted += _blank_sealed_text(chunk)
        # The search index dropped their names and phones (its triggers); erased from its pages too.
        index = engines.current().search_index()
        if index is not None:
            index.erase_deleted(db.execute_sql)
        # Which requests, as id ranges: the check of the history accepts an anonymised row only
        # when an anonymisation names it (evidence.records), so a hand-set flag is caught.
        payload = {"years": years, "cutoff": cutoff.isoformat(), "requests": len(ids),
                   "request_ranges": id_ranges(ids)}
        if redacted:
            payload["redacted"] = redacted
        append_event("privacy.anonymised", payload, at=now, actor=ctx.actor)
    return len(ids)


# Events written before personal data and free text were kept beside the event (schema 4,
# then this version for reasons, notes and statements) carry them inside the sealed payload.
# Which keys of which event type may hold the citizen's words, and what they become.
_SEALED_PERSONAL = {
    "request.registered": {"applicant_name": ANONYMISED_NAME, "nik": "", "phone": "", "address": "", "rt": "",
                           "rw": ""},
    "request.returned": {"reason": ANONYMISED_NAME},
    "request.cancelled": {"reason": ANONYMISED_NAME},
    "request.complete_corrected": {"reason": ANONYMISED_NAME},
    "objection.filed": {"statement": ANONYMISED_NAME},
    "objection.decided": {"reason": ANONYMISED_NAME},
    "delivery.approved": {"change_reason": ANONYMISED_NAME, "address_changes": None},
    "delivery.failed": {"note": ANONYMISED_NAME},
    "delivery.returned_to_counter": {"note": ANONYMISED_NAME},
    "delivery.delivered": {"receiver_name": ANONYMISED_NAME, "relation": None},
    "survey.submitted": {"comment": ""},
}
# notes the app itself wrote: no citizen's words in them, kept as they are
_OWN_NOTES = {"Diambil di loket", "Diambil pemohon di loket", "Permohonan dibatalkan"}


def _blank_sealed_text(request_ids: list[int]) -> list[list]:
    """Blank the citizen's words sealed inside old events of these requests, the way the
    seal allows: the event keeps its hash (the chain still links), and the anonymisation
    event, sealed after it, records the SHA-256 of each blanked payload; the check of the
    history accepts a blanked payload only when it matches that record (evidence.seals)."""
    rows = (Event.select(Event.id, Event.type, Event.payload)
            .where(Event.request.in_(request_ids) & Event.type.in_(list(_SEALED_PERSONAL))).tuples())
    redacted = []
    for event_id, type_, payload in rows:
        data = json.loads(payload)
        blank = {k: v for k, v in _SEALED_PERSONAL[type_].items()
                 if data.get(k) not in (None, "", v) and data.get(k) not in _OWN_NOTES}
        if not blank:
            continue
        text = canonical({**data, **blank})
        Event.update(payload=text).where(Event.id == event_id).execute()
        redacted.append([event_id, hashlib.sha256(text.encode("utf-8")).hexdigest()])
    return redacted

"""Every fact row a screen, slip or report shows, against what its events say.

A request row, its objections, deliveries and survey are re-derived from the request's
events (fold.py) and compared column by column; a row whose events are missing, or
events whose row is missing, is a break too. The SLA columns come from the figures the
finish (or a later correction) sealed into its event, or, for events older than that,
are recomputed from the events on the calendar version the clock started under.

The full check walks the requests in chunks of ids (their events through the request_id
index, so memory stays flat on ten years); the start-up check re-derives only the
requests with events after the checkpoint and the rows added since it.
"""

from __future__ import annotations

import json

from layar_ramah.audit import BrokenLink
from layar_ramah.calendar.versions import build_calendar
from layar_ramah.evidence import fold
from layar_ramah.evidence.facts import Names, compare, request_subject
from layar_ramah.evidence.reference import verify_reference
from layar_ramah.models import parse_utc, to_utc_text
from layar_ramah.privacy import ANONYMISED_NAME
from layar_ramah.sla import SlaRecord

CHUNK = 2000
_REQUEST_COLUMNS = ("id", "ticket", "lane", "ticket_date", "seq", "service_id", "officer_id", "registered_at",
                    "applicant_name", "nik", "phone", "address", "village_id", "rt", "rw", "vulnerability", "state",
                    "calendar_version_id", "sop_minutes", "complete_at", "due_at", "finished_at", "closed_at",
                    "worked_seconds", "sla_outcome", "objection_open", "home_delivery", "anonymised")
_OBJECTION_COLUMNS = ("id", "request_id", "filed_at", "filed_by_id", "statement", "claimed_complete_at",
                      "record_breached", "record_overrun_minutes", "status", "decided_at", "decided_by_id",
                      "decision_reason")
_DELIVERY_COLUMNS = ("id", "number", "request_id", "reason", "status", "courier_id", "planned_date", "address",
                     "village_id", "rt", "rw", "created_at", "approved_at", "approved_by_id", "dispatched_at",
                     "attempts", "failed_attempts", "last_failure", "receiver_name", "receiver_relation",
                     "delivered_at")
_SURVEY_COLUMNS = ("id", "request_id", "service_id", "submitted_at", "answers", "sex", "age_band", "education",
                   "occupation", "comment")
_ANONYMISED_REQUEST = {"applicant_name": ANONYMISED_NAME, "nik": "", "phone": "", "address": "", "rt": "", "rw": ""}

REQUEST_FIELDS = (
    ("ticket", "Nomor antrean", "text"), ("ticket_date", "Tanggal", "date"),
    ("registered_at", "Waktu pendaftaran", "time"), ("service_id", "Jenis layanan", "service"),
    ("officer_id", "Petugas", "officer"), ("sop_minutes", "Waktu SOP", "minutes_int"),
    ("vulnerability", "Kelompok rentan", "vulnerability"), ("village_id", "Desa", "village"),
    ("state", "Status", "state"), ("calendar_version_id", "Versi kalender", "calendar"),
    ("complete_at", "Waktu berkas lengkap", "time"), ("due_at", "Batas waktu SOP", "time"),
    ("finished_at", "Waktu selesai", "time"), ("closed_at", "Waktu ditutup", "time"),
    ("worked_seconds", "Waktu kerja", "seconds"), ("sla_outcome", "Hasil SOP", "outcome"),
    ("objection_open", "Tanda keberatan menunggu", "bool"), ("home_delivery", "Tanda antar ke rumah", "bool"),
    ("lane", "Jalur antrean", "text"), ("seq", "Nomor urut antrean", "int"),
)
PERSONAL_LABELS = (("applicant_name", "Nama pemohon"), ("nik", "NIK pemohon"), ("phone", "Telepon pemohon"),
                   ("address", "Alamat pemohon"), ("rt", "RT pemohon"), ("rw", "RW pemohon"))
OBJECTION_FIELDS = (
    ("status", "Keputusan keberatan", "objection_status"), ("decided_by_id", "Pemutus keberatan", "officer"),
    ("decided_at", "Waktu keputusan keberatan", "time"), ("decision_reason", "Alasan keputusan keberatan", "text"),
    ("filed_at", "Waktu keberatan diajukan", "time"), ("filed_by_id", "Pencatat keberatan", "officer"),
    ("statement", "Pernyataan keberatan", "text"), ("claimed_complete_at", "Waktu lengkap menurut pemohon", "time"),
    ("record_breached", "Catatan SOP saat keberatan", "bool"),
    ("record_overrun_minutes", "Lewat SOP saat keberatan", "float"),
)
DELIVERY_FIELDS = (
    ("status", "Status", "delivery_status"), ("reason", "Alasan", "delivery_reason"),
    ("courier_id", "Petugas pengantar", "officer"), ("receiver_name", "Nama penerima", "text"),
    ("receiver_relation", "Hubungan penerima", "text"), ("delivered_at", "Waktu diterima", "time"),
    ("planned_date", "Tanggal rencana antar", "date"), ("approved_by_id", "Penyetuju", "officer"),
    ("approved_at", "Waktu disetujui", "time"), ("dispatched_at", "Waktu dibawa keluar", "time"),
    ("attempts", "Jumlah percobaan antar", "int"), ("failed_attempts", "Jumlah antar gagal", "int"),
    ("last_failure", "Alasan gagal terakhir", "failure"), ("created_at", "Waktu dibuat", "time"),
    ("address", "Alamat antar", "text"), ("rt", "RT antar", "text"), ("rw", "RW antar", "text"),
    ("village_id", "Desa antar", "village"),
)
SURVEY_FIELDS = (("answers", "Jawaban", "text"), ("submitted_at", "Waktu pengisian", "time"),
                 ("service_id", "Jenis layanan", "service"),
                 ("sex", "Jenis kelamin responden", "text"), ("age_band", "Umur responden", "text"),
                 ("education", "Pendidikan responden", "text"), ("occupation", "Pekerjaan responden", "text"),
                 ("comment", "Saran dan masukan", "text"))


def verify(conn, findings, *, after_id: int = 0, since_rows: dict | None = None, progress=None) -> None:
    """Compare the fact rows with their events: all of them (`since_rows` None), or only
    those touched by events after `after_id` and the rows added after `since_rows`.
    `progress(done, total)` after each chunk of requests."""
    names = Names.load(conn)
    anonymisations = _anonymisations(conn)
    verify_reference(conn, findings, names)
    if since_rows is None:
        top = max(conn.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}").fetchone()[0]
                  for table, column in (("request", "id"), ("event", "request_id"), ("objection", "request_id"),
                                        ("delivery", "request_id"), ("survey_response", "request_id")))
        for start in range(1, top + 1, CHUNK):
            _check_requests(conn, findings, names, anonymisations, "BETWEEN ? AND ?", (start, start + CHUNK - 1))
            if progress is not None:
                progress(min(start + CHUNK - 1, top), top)
        _orphan_surveys(conn, findings)
        return
    ids = _touched(conn, after_id, since_rows)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        _check_requests(conn, findings, names, anonymisations, f"IN ({','.join('?' * len(chunk))})", chunk)
        if progress is not None:
            progress(i + len(chunk), len(ids))
    _orphan_surveys(conn, findings, since_rows.get("survey_response", 0))


def _touched(conn, after_id: int, since: dict) -> list[int]:
    """Requests with events after the checkpoint, and those of rows added since it."""
    ids = {r for (r,) in conn.execute("SELECT DISTINCT request_id FROM event WHERE id > ? AND request_id "
                                      "IS NOT NULL", (after_id,))}
    ids |= {r for (r,) in conn.execute("SELECT id FROM request WHERE id > ?", (since.get("request", 0),))}
    for table in ("objection", "delivery", "survey_response"):
        ids |= {r for (r,) in conn.execute(f"SELECT request_id FROM {table} WHERE id > ? AND request_id IS NOT "
                                           "NULL", (since.get(table, 0),))}
    return sorted(ids)


def _rows(conn, columns: tuple, table: str, where: str, params) -> dict[int, list[dict]]:
    """Rows of `table` whose request is in the chunk, grouped by request."""
    key = "id" if table == "request" else "request_id"
    grouped: dict[int, list[dict]] = {}
    for values in conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {key} {where}", params):
        row = dict(zip(columns, values))
        grouped.setdefault(row[key], []).append(row)
    return grouped


def _events(conn, where: str, params) -> dict[int, list[fold.Event]]:
    grouped: dict[int, list[fold.Event]] = {}
    reads = fold.READS_PAYLOAD
    personal_types = ",".join(f"'{t}'" for t in fold.READS_PERSONAL)  # our own constants
    for event_id, request_id, type_, at, actor, payload, personal in conn.execute(
            "SELECT e.id, e.request_id, e.type, e.at, e.actor_id, e.payload, CASE WHEN e.type IN "
            f"({personal_types}) THEN (SELECT data FROM event_personal WHERE event_id = e.id) END "
            f"FROM event e WHERE e.request_id {where} ORDER BY e.request_id, e.id", params):
        data, erased = _NOTHING, False
        if type_ in reads:
            try:
                data = json.loads(payload)
                # erased: sealed personal data absent (only asked for where the fold reads it)
                erased = data.pop("personal_digest", None) is not None and personal is None \
                    and type_ in fold.READS_PERSONAL
                if personal:
                    data.update(json.loads(personal))
            except (TypeError, ValueError, AttributeError):
                data = {}  # the seal check names the row; here it only says nothing
        grouped.setdefault(request_id, []).append(fold.Event(event_id, type_, at, actor, data, erased))
    return grouped


_NOTHING: dict = {}  # shared by the events whose payload is not read: never written to


def _check_requests(conn, findings, names: Names, anonymisations, where: str, params) -> None:
    requests = _rows(conn, _REQUEST_COLUMNS, "request", where, params)
    events = _events(conn, where, params)
    objections = _rows(conn, _OBJECTION_COLUMNS, "objection", where, params)
    deliveries = _rows(conn, _DELIVERY_COLUMNS, "delivery", where, params)
    surveys = _rows(conn, _SURVEY_COLUMNS, "survey_response", where, params)
    for request_id in sorted(set(requests) | set(events) | set(objections) | set(deliveries) | set(surveys)):
        row = (requests.get(request_id) or [None])[0]
        try:
            facts = fold.fold_request(events.get(request_id, []))
        except (TypeError, ValueError, KeyError, AttributeError):
            ticket = row["ticket"] if row else f"nomor {request_id}"
            findings.add(BrokenLink(0, "record_unreadable",
                                    f"Riwayat permohonan {ticket} tidak dapat dibaca: isinya bukan tulisan aplikasi "
                                    "ini, jadi datanya tidak dapat dicocokkan."))
            continue
        subject = request_subject(facts.request, row)
        if row is None:
            findings.add(BrokenLink(facts.registered_by or facts.last_event, "request_removed",
                                    f"Permohonan {subject} dihapus dari data di luar aplikasi, padahal riwayatnya "
                                    f"masih mencatatnya (catatan nomor {facts.registered_by or facts.last_event})."))
            continue
        if facts.registered_by is None:
            findings.add(BrokenLink(0, "unregistered",
                                    f"Permohonan {subject} tidak punya catatan pendaftaran di riwayat: ditambahkan "
                                    "di luar aplikasi, atau catatan riwayatnya dihapus."))
            continue
        anonymised = bool(row["anonymised"])
        _check_request(findings, names, facts, row, subject, anonymised, anonymisations)
        _check_objections(findings, names, facts, objections.get(request_id, []), subject, anonymised)
        _check_deliveries(findings, names, facts, deliveries.get(request_id, []), subject, anonymised)
        _check_surveys(findings, names, facts, surveys.get(request_id, []), subject, anonymised,
                       names.service_ids.get(facts.request.get("service_code")))


def _check_request(findings, names: Names, facts, row: dict, subject: str, anonymised: bool,
                   anonymisations) -> None:
    expected = dict(facts.request)
    if "service_code" in expected:
        expected["service_id"] = names.service_ids.get(expected.pop("service_code"))
    if "village_code" in expected:
        expected["village_id"] = names.village_ids.get(expected.pop("village_code"))
    expected.update(_sla_columns(names, facts, expected))
    compare(findings, names, "request_edited", facts.last_event, subject, row, expected, REQUEST_FIELDS,
            "{label} permohonan {subject}")
    if anonymised:
        if not _covered(anonymisations, row["id"], row["registered_at"]):
            findings.add(BrokenLink(facts.registered_by, "request_edited",
                                    f"Permohonan {subject} ditandai sudah dianonimkan di luar aplikasi: tidak ada "
                                    "anonimisasi di riwayat yang mencakupnya."))
        compare(findings, names, "request_edited", facts.registered_by, subject, row, _ANONYMISED_REQUEST,
                tuple((k, label, "text") for k, label in PERSONAL_LABELS), "{label} permohonan {subject}")
    elif facts.personal is not None:
        compare(findings, names, "request_edited", facts.registered_by, subject, row, facts.personal,
                tuple((k, label, "text") for k, label in PERSONAL_LABELS), "{label} permohonan {subject}")
    elif facts.personal_erased:
        findings.add(BrokenLink(facts.registered_by, "personal_erased",
                                f"Data pemohon permohonan {subject} dihapus dari riwayat di luar aplikasi: "
                                "permohonan ini tidak pernah dianonimkan, jadi datanya tidak dapat dicocokkan."))


def _sla_columns(names: Names, facts, expected: dict) -> dict:
    """complete_at, due_at, finished_at, worked_seconds, sla_outcome as rederive() left them:
    as sealed by the finish (or a later correction), else recomputed from the events."""
    if not facts.sla_events:
        return {"complete_at": None, "due_at": None, "finished_at": None, "worked_seconds": None,
                "sla_outcome": None}
    out = {"complete_at": facts.complete_at, "finished_at": facts.finished_at}
    if facts.finished_at is not None and facts.sealed_sla_current:
        sealed = facts.sealed_sla
        out.update(due_at=sealed.get("due_at"), worked_seconds=sealed.get("worked_seconds"),
                   sla_outcome=sealed.get("outcome"))
        return out
    version = expected.get("calendar_version_id")
    calendar_data = names.calendars.get(version)
    if calendar_data is None or "sop_minutes" not in expected:
        return out  # no calendar to count on, or an old registration without its SOP
    try:
        if version not in names.built_calendars:
            names.built_calendars[version] = build_calendar(calendar_data)
        events = [(t, parse_utc(at), d) for t, at, d in facts.sla_events]
        record = SlaRecord.from_events(events, expected["sop_minutes"], names.built_calendars[version])
        out["due_at"] = _text(record.due_at())
        if record.stop_kind == "finished":
            status = record.status(record.stopped_at)
            out.update(worked_seconds=status.worked_seconds, sla_outcome=status.state)
        else:
            out.update(worked_seconds=None, sla_outcome=None)
    except Exception:  # noqa: BLE001 - a calendar that cannot be counted on: its own finding says so
        pass
    return out


def _text(moment) -> str | None:
    return to_utc_text(moment) if moment is not None else None


def _check_objections(findings, names, facts, rows: list[dict], subject: str, anonymised: bool) -> None:
    by_id = {row["id"]: row for row in rows}
    for number, expected in facts.objections.items():
        row = by_id.pop(number, None)
        if row is None:
            findings.add(BrokenLink(expected["event"], "objection_removed",
                                    f"Keberatan atas permohonan {subject} dihapus dari data di luar aplikasi, "
                                    f"padahal riwayatnya masih mencatatnya (catatan nomor {expected['event']})."))
            continue
        want = {k: v for k, v in expected.items() if k not in ("event", "erased")}
        if anonymised:
            want["statement"] = ANONYMISED_NAME
            want["decision_reason"] = ANONYMISED_NAME if want["status"] != "open" else None
        elif expected["erased"]:
            want.pop("statement"), want.pop("decision_reason")
        compare(findings, names, "objection_edited", expected["event"], subject, row, want, OBJECTION_FIELDS,
                "{label} atas permohonan {subject}")
    for _row in by_id.values():
        findings.add(BrokenLink(0, "unregistered",
                                f"Keberatan atas permohonan {subject} tidak tercatat di riwayat: ditambahkan di "
                                "luar aplikasi, atau catatan riwayatnya dihapus."))


def _check_deliveries(findings, names, facts, rows: list[dict], subject: str, anonymised: bool) -> None:
    by_number = {row["number"]: row for row in rows}
    for number, expected in facts.deliveries.items():
        row = by_number.pop(number, None)
        where = f"{number} (permohonan {subject})"
        if row is None:
            findings.add(BrokenLink(expected["event"], "delivery_removed",
                                    f"Pengantaran {where} dihapus dari data di luar aplikasi, padahal riwayatnya "
                                    f"masih mencatatnya (catatan nomor {expected['event']})."))
            continue
        want = {k: v for k, v in expected.items() if k not in ("event", "receiver_erased", "village_code")}
        if expected.get("village_code") is not None:
            want["village_id"] = names.village_ids.get(expected["village_code"])
        if anonymised:
            want.update(address="", rt="", rw="")
            if want["receiver_name"] is not None or expected.get("receiver_erased"):
                want.update(receiver_name=ANONYMISED_NAME, receiver_relation=None)
        else:
            if expected.get("receiver_erased"):
                want.pop("receiver_name"), want.pop("receiver_relation")
            if facts.personal is None:
                for key in ("address", "rt", "rw"):
                    want.pop(key, None)
        compare(findings, names, "delivery_edited", expected["event"], where, row, want, DELIVERY_FIELDS,
                "{label} pengantaran {subject}")
    for number in by_number:
        findings.add(BrokenLink(0, "unregistered",
                                f"Pengantaran {number} (permohonan {subject}) tidak tercatat di riwayat: "
                                "ditambahkan di luar aplikasi, atau catatan riwayatnya dihapus."))


def _check_surveys(findings, names, facts, rows: list[dict], subject: str, anonymised: bool,
                   service_id: int | None) -> None:
    by_id = {row["id"]: row for row in rows}
    for number, expected in facts.surveys.items():
        row = by_id.pop(number, None)
        if row is None:
            findings.add(BrokenLink(expected["event"], "survey_removed",
                                    f"Survei SKM permohonan {subject} dihapus dari data di luar aplikasi, padahal "
                                    f"riwayatnya masih mencatatnya (catatan nomor {expected['event']})."))
            continue
        want = {k: v for k, v in expected.items() if k != "event"}
        if service_id is not None:
            want["service_id"] = service_id
        if anonymised:
            want["comment"] = ""
        compare(findings, names, "survey_edited", expected["event"], subject, row, want, SURVEY_FIELDS,
                "{label} survei SKM permohonan {subject}")
    for _row in by_id.values():
        findings.add(BrokenLink(0, "unregistered",
                                f"Survei SKM permohonan {subject} tidak tercatat di riwayat: ditambahkan di luar "
                                "aplikasi, atau catatan riwayatnya dihapus."))


def _orphan_surveys(conn, findings, after: int = 0) -> None:
    """A survey with no request cannot come from the app (skm.submit_survey needs one),
    yet it would count in the IKM of every report."""
    count = conn.execute("SELECT COUNT(*) FROM survey_response WHERE request_id IS NULL AND id > ?",
                         (after,)).fetchone()[0]
    if count:
        findings.add(BrokenLink(0, "unregistered",
                                f"{count} survei SKM tanpa permohonan ditambahkan di luar aplikasi: jawabannya ikut "
                                "dihitung dalam IKM laporan."))


def _anonymisations(conn) -> list[tuple]:
    """(request id ranges or None, cutoff) of every anonymisation in the chain."""
    out = []
    for (payload,) in conn.execute("SELECT payload FROM event WHERE type = 'privacy.anonymised'"):
        try:
            data = json.loads(payload)
            out.append((data.get("request_ranges"), fold.utc_text(data["cutoff"])))
        except (TypeError, ValueError, KeyError):
            continue
    return out


def _covered(anonymisations, request_id: int, registered_at: str) -> bool:
    for ranges, cutoff in anonymisations:
        if ranges is not None:
            if any(a <= request_id <= b for a, b in ranges):
                return True
        elif registered_at < cutoff:  # written before the ranges were: its cutoff rule
            return True
    return False

"""The office's own data that the screens, slips and reports name, against its events:
officers (name, NIP, position, roles, active: the names and roles every record shows),
calendar versions (the working time every SLA is counted in, and from when each is in
force), the service catalogue, villages and the office profile (the letterhead).

Seeded data is sealed by the first event (office.seeded carries it since the seed was
sealed; db.seed_reference_data). A database seeded before that has no record of what was
seeded: its seeded rows are compared only from their first change on.
"""

from __future__ import annotations

import json

from layar_ramah.audit import BrokenLink
from layar_ramah.calendar.versions import DEFAULT_CALENDAR
from layar_ramah.evidence.facts import Names, compare

OFFICER_EVENTS = ("officer.created", "officer.updated", "officer.deactivated", "officer.reactivated")
OFFICER_FIELDS = (("name", "Nama", "text"), ("roles", "Peran", "roles"), ("nip", "NIP", "text"),
                  ("position", "Jabatan", "text"), ("active", "Status aktif", "bool"))
SERVICE_FIELDS = (("code", "Kode", "text"), ("name", "Nama", "text"), ("sop_minutes", "Waktu SOP", "minutes_int"),
                  ("category", "Kategori", "text"), ("requirements", "Persyaratan", "json"),
                  ("delivery_offered", "Antar ke rumah", "bool"), ("active", "Status aktif", "bool"))
VILLAGE_FIELDS = (("code", "Kode", "text"), ("name", "Nama", "text"), ("active", "Status aktif", "bool"))
OFFICE_FIELDS = (("pemerintah", "Pemerintah", "text"), ("kabupaten", "Kabupaten", "text"),
                 ("kecamatan", "Kecamatan", "text"), ("address", "Alamat kantor", "text"),
                 ("phone", "Telepon kantor", "text"), ("email", "E-mail kantor", "text"),
                 ("camat_name", "Nama Camat", "text"), ("camat_nip", "NIP Camat", "text"),
                 ("promise", "Janji layanan", "text"))
_TYPES = ("office.seeded", "office.updated", "calendar.saved", "service.added", "service.updated",
          "village.added", "village.updated", *OFFICER_EVENTS)


def verify_reference(conn, findings, names: Names) -> None:
    events = []
    marks = ",".join("?" * len(_TYPES))
    for event_id, type_, at, actor, payload in conn.execute(
            f"SELECT id, type, at, actor_id, payload FROM event WHERE type IN ({marks}) ORDER BY id", _TYPES):
        try:
            events.append((event_id, type_, at, actor, json.loads(payload)))
        except (TypeError, ValueError):
            continue  # the seal check names a payload that is not JSON
    seeded = next(((event_id, data.get("seed")) for event_id, type_, _, _, data in events
                   if type_ == "office.seeded"), (0, None))
    seed = dict(seeded[1], event=seeded[0]) if seeded[1] else None
    _officers(conn, findings, names, events)
    _calendars(conn, findings, names, events, seed)
    _catalogue(conn, findings, names, events, seed, "service", SERVICE_FIELDS, "Jenis layanan")
    _catalogue(conn, findings, names, events, seed, "village", VILLAGE_FIELDS, "Desa")
    _office(conn, findings, names, events, seed)


def _officers(conn, findings, names: Names, events) -> None:
    expected: dict[int, dict] = {}
    sealed_by: dict[int, int] = {}
    for event_id, type_, _at, _actor, data in events:
        if type_ == "officer.created" and "officer" in data:
            expected[data["officer"]] = {k: data.get(k) for k in ("name", "nip", "position", "roles")}
            expected[data["officer"]]["active"] = True
        elif type_ in OFFICER_EVENTS and data.get("id") in expected:
            expected[data["id"]].update({k: v for k, v in (data.get("new") or {}).items()
                                         if k in ("name", "nip", "position", "roles", "active")})
        else:
            continue
        sealed_by[data.get("officer", data.get("id"))] = event_id
    columns = ("id", "name", "nip", "position", "roles", "active")
    for values in conn.execute(f"SELECT {', '.join(columns)} FROM officer ORDER BY id"):
        row = dict(zip(columns, values))
        want = expected.pop(row["id"], None)
        if want is None:
            findings.add(BrokenLink(0, "unregistered",
                                    f"Petugas {row['name']} (nomor {row['id']}) tidak tercatat di riwayat: "
                                    "ditambahkan di luar aplikasi, atau catatan riwayatnya dihapus."))
            continue
        compare(findings, names, "officer_edited", sealed_by.get(row["id"]), want["name"] or "", row, want,
                OFFICER_FIELDS, "{label} petugas {subject}")
    for officer_id, want in expected.items():
        findings.add(BrokenLink(sealed_by[officer_id], "officer_removed",
                                f"Petugas {want['name']} (nomor {officer_id}) dihapus dari data di luar aplikasi, "
                                "padahal riwayat masih mencatatnya: namanya hilang dari catatan yang ia layani."))


def _calendars(conn, findings, names: Names, events, seed: dict | None) -> None:
    expected: dict[int, dict] = {}
    if seed and "calendar" in seed:
        c = seed["calendar"]
        expected[c["id"]] = {"data": c["data"], "effective_from": c["effective_from"], "event": seed["event"]}
    for event_id, type_, at, actor, data in events:
        if type_ != "calendar.saved" or "id" not in data:
            continue
        previous = expected.get(data.get("previous_version"), {}).get("data") \
            or names.calendars.get(data.get("previous_version")) or {}
        merged = {**DEFAULT_CALENDAR, **previous, **(data.get("new") or {})}
        expected[data["id"]] = {"data": merged, "effective_from": at, "created_by": actor, "event": event_id}
    rows = list(conn.execute("SELECT id, effective_from, data, created_by FROM calendar_version ORDER BY id"))
    seeded_unsealed = None if seed else (rows[0][0] if rows else None)
    for version, effective_from, data, created_by in rows:
        want = expected.pop(version, None)
        if want is None:
            if version != seeded_unsealed:
                findings.add(BrokenLink(0, "unregistered",
                                        f"Kalender kerja versi {version} tidak tercatat di riwayat: ditambahkan di "
                                        "luar aplikasi. Perhitungan waktu SOP yang memakainya tidak dapat dipercaya."))
            continue
        try:
            same_data = {**DEFAULT_CALENDAR, **json.loads(data)} == {**DEFAULT_CALENDAR, **want["data"]}
        except (TypeError, ValueError):
            same_data = False
        if not same_data:
            findings.add(BrokenLink(want["event"], "calendar_edited",
                                    f"Isi kalender kerja versi {version} diubah di luar aplikasi: jam kerja atau hari "
                                    "liburnya tidak sama lagi dengan yang tercatat di riwayat, jadi waktu SOP yang "
                                    "dihitung dengannya berubah."))
        row = {"effective_from": effective_from, "created_by": created_by}
        compare(findings, names, "calendar_edited", want["event"], f"versi {version}", row,
                {k: want[k] for k in ("effective_from", "created_by") if k in want},
                (("effective_from", "Waktu berlaku", "time"), ("created_by", "Pembuat", "officer")),
                "{label} kalender kerja {subject}")
    for version, want in expected.items():
        findings.add(BrokenLink(want["event"], "calendar_removed",
                                f"Kalender kerja versi {version} dihapus di luar aplikasi, padahal riwayat masih "
                                "mencatatnya."))


def _catalogue(conn, findings, names: Names, events, seed, kind: str, fields: tuple, label: str) -> None:
    table = "service_type" if kind == "service" else "village"
    expected: dict[int, dict] = {}
    sealed_by: dict[int, int] = {}
    for item in (seed or {}).get(f"{kind}s", []):
        expected[item["id"]] = {k: v for k, v in item.items() if k != "id"}
        sealed_by[item["id"]] = seed["event"]
    for event_id, type_, _at, _actor, data in events:
        if type_ in (f"{kind}.added", f"{kind}.updated") and "id" in data:
            expected.setdefault(data["id"], {}).update(data.get("new") or {})
            sealed_by[data["id"]] = event_id
    columns = tuple(c for c, _, _ in fields)
    for values in conn.execute(f"SELECT id, {', '.join(columns)} FROM {table} ORDER BY id"):
        row = dict(zip(("id", *columns), values))
        if kind == "service":
            row["requirements"] = _json(row["requirements"])
        want = expected.pop(row["id"], None)
        if want is None:
            if seed is not None:
                findings.add(BrokenLink(0, "unregistered",
                                        f"{label} {row['code']} {row['name']} tidak tercatat di riwayat: ditambahkan "
                                        "di luar aplikasi."))
            continue
        compare(findings, names, f"{kind}_edited", sealed_by.get(row["id"]), f"{want.get('code', row['code'])}", row,
                want, fields, f"{{label}} {label.lower()} {{subject}}")
    for row_id, want in expected.items():
        findings.add(BrokenLink(sealed_by[row_id], f"{kind}_removed",
                                f"{label} {want.get('code', row_id)} {want.get('name', '')} dihapus di luar aplikasi, "
                                "padahal riwayat masih mencatatnya."))


def _json(text):
    try:
        return json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return text


def _office(conn, findings, names: Names, events, seed) -> None:
    expected = dict((seed or {}).get("office") or {})
    sealed_by = (seed or {}).get("event", 0)
    for event_id, type_, _at, _actor, data in events:
        if type_ == "office.updated":
            expected.update({k: v for k, v in (data.get("new") or {}).items() if k != "logo"})
            sealed_by = event_id
    columns = tuple(c for c, _, _ in OFFICE_FIELDS)
    found = conn.execute(f"SELECT {', '.join(columns)} FROM office_profile WHERE id = 1").fetchone()
    if found is None:
        return
    compare(findings, names, "office_edited", sealed_by, "", dict(zip(columns, found)), expected, OFFICE_FIELDS,
            "{label} pada profil kantor{subject}")

"""The evaluation report as plain tables: one definition that the PDF, the CSV export
and the in-app dashboard all print, so the three can never disagree.

Cells keep raw values (int, float, str, None); each column has a kind that says how to
print it: Indonesian number style on paper and screen, plain numbers in the CSV.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from layar_ramah.labels import DELIVERY_REASON_LABELS
from layar_ramah.reports.evaluation import EvaluationReport, pct
from layar_ramah.skm import ELEMENTS, PROFILE_FIELDS, profile_label


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "int"  # text / code / int / pct / minutes / nrr / ikm


@dataclass
class Table:
    key: str
    title: str
    note: str
    columns: list[Column]
    rows: list[list]
    total: list | None = None  # a last, bold row


def _num(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_cell(value, kind: str) -> str:
    """Indonesian style: 1.234 and 12,5 %. An empty figure prints as a dash."""
    if value is None or value == "":
        return "–"
    if kind in ("text", "code"):
        return str(value)
    if kind == "int":
        return _num(value, 0)
    if kind == "pct":
        return f"{_num(value, 1)} %"
    if kind == "minutes":
        return _num(value, 1)
    if kind == "nrr":
        return _num(value, 2)
    if kind == "ikm":
        return _num(float(value), 2)
    raise ValueError(kind)


def report_tables(report: EvaluationReport) -> list[Table]:
    return [
        _services(report), _objections(report), _deliveries(report), _officers(report),
        _trend(report), _ikm(report), *_profiles(report),
    ]


def _services(report: EvaluationReport) -> Table:
    cols = [Column("Jenis layanan", "text"), Column("SOP (menit)"), Column("Masuk"), Column("Batal"),
            Column("Selesai"), Column("Tepat waktu"), Column("Terlambat"), Column("% tepat", "pct"),
            Column("Median (menit)", "minutes"), Column("P90 (menit)", "minutes")]
    rows = [[s.name, s.sop_minutes, s.received, s.cancelled, s.finished, s.met, s.missed, s.met_pct,
             s.median_minutes, s.p90_minutes] for s in report.services]
    t = report.totals
    total = ["Jumlah", None, t.received, t.cancelled, t.finished, t.met, t.missed, t.met_pct, None, None]
    return Table("services", "Permohonan per jenis layanan dan ketepatan waktu SOP",
                 "Masuk dan batal menurut tanggal pendaftaran; selesai, tepat waktu/terlambat, median dan "
                 "persentil ke-90 menit kerja menurut tanggal selesai (ditandatangani). Menit kerja dihitung "
                 "pada jam layanan sejak berkas lengkap, tanpa jeda berkas dikembalikan.",
                 cols, rows, total)


def _objections(report: EvaluationReport) -> Table:
    o = report.objections
    decided = o.upheld + o.rejected
    rows = [["Keberatan diajukan", o.filed, None], ["Terbukti", o.upheld, pct(o.upheld, decided)],
            ["Tidak terbukti", o.rejected, pct(o.rejected, decided)], ["Belum diputuskan", o.open, None]]
    return Table("objections", "Keberatan pemohon", "Menurut tanggal keberatan diajukan; persentase dari "
                 "keberatan yang sudah diputuskan.",
                 [Column("Keterangan", "text"), Column("Jumlah"), Column("% dari diputuskan", "pct")], rows)


def _deliveries(report: EvaluationReport) -> Table:
    cols = [Column("Alasan", "text"), Column("Diminta"), Column("Terkirim"), Column("Berhasil pada antar pertama"),
            Column("% antar pertama", "pct"), Column("Percobaan gagal"), Column("Kembali ke loket"),
            Column("Belum selesai")]
    rows = [[DELIVERY_REASON_LABELS.get(d.reason, d.reason), d.total, d.delivered, d.first_attempt,
             d.first_attempt_pct, d.failed_attempts, d.returned_to_counter, d.pending] for d in report.deliveries]
    return Table("deliveries", "Antar surat ke rumah", "Menurut tanggal pengantaran diminta. Antar pertama "
                 "berhasil = terkirim tanpa percobaan gagal; persentase dari pengantaran yang sudah dibawa "
                 "petugas. Layanan kaum rentan adalah pelayanan, bukan sanksi.", cols, rows)


def _officers(report: EvaluationReport) -> Table:
    cols = [Column("Petugas", "text"), Column("NIP", "code"), Column("Dilayani"), Column("Terlambat"),
            Column("% tepat", "pct"), Column("Keberatan terbukti"), Column("Wajib antar (SOP)"),
            Column("Sudah diantar"), Column("Antar kaum rentan")]
    rows = [[o.name, o.nip, o.served, o.missed, pct(o.met, o.met + o.missed), o.objections_upheld,
             o.deliveries_owed, o.deliveries_done, o.vulnerable_done] for o in report.officers]
    return Table("officers", "Rekap per petugas (penghargaan dan sanksi)",
                 "Dilayani/terlambat menurut tanggal selesai; keberatan terbukti atas permohonan yang dilayani "
                 "petugas; wajib antar = pengantaran karena SOP terlampaui yang ditugaskan kepadanya.",
                 cols, rows)


def _trend(report: EvaluationReport) -> Table:
    unit = "Minggu" if report.period.trend_unit == "week" else "Bulan"
    rows = [[p.label, p.finished, p.met, p.missed, p.met_pct] for p in report.trend]
    return Table("trend", f"Tren per {unit.lower()}", "Menurut tanggal selesai.",
                 [Column(unit, "text"), Column("Selesai"), Column("Tepat waktu"), Column("Terlambat"),
                  Column("% tepat", "pct")], rows)


def _ikm(report: EvaluationReport) -> Table:
    s = report.survey
    rows = []
    for i, element in enumerate(ELEMENTS):
        nrr = s.ikm.nrr[i] if s.ikm else None
        rows.append([f"U{i + 1}", element.name, nrr, nrr * 25 if nrr is not None else None])
    total = (["IKM", f"{s.ikm.category} ({s.ikm.label}), {s.respondents} responden", None, s.ikm.rounded]
             if s.ikm else ["IKM", "belum ada responden", None, None])
    return Table("ikm", "Indeks Kepuasan Masyarakat (SKM, PermenPAN-RB No. 14 Tahun 2017)",
                 "NRR = nilai rata-rata unsur (skala 1–4); IKM = rata-rata sembilan NRR × 25 (bobot tiap unsur "
                 "1/9). Mutu: A ≥ 88,31; B ≥ 76,61; C ≥ 65,00; D di bawahnya.",
                 [Column("Kode", "text"), Column("Unsur pelayanan", "text"), Column("NRR", "nrr"),
                  Column("NRR × 25", "ikm")], rows, total)


def _profiles(report: EvaluationReport) -> list[Table]:
    s = report.survey
    tables = []
    for name, (label, options) in PROFILE_FIELDS.items():
        counts = dict(s.profile.get(name, []))
        rows = [[text, counts.get(code, 0), pct(counts.get(code, 0), s.respondents)] for code, text in options]
        if counts.get("", 0):
            rows.append([profile_label(name, ""), counts[""], pct(counts[""], s.respondents)])
        tables.append(Table(f"profile_{name}", f"Responden menurut {label.lower()}", "",
                            [Column(label, "text"), Column("Responden"), Column("%", "pct")], rows))
    return tables


def _csv_cell(value, kind: str, decimal_comma: bool):
    if value is None or value == "":
        return ""
    if kind == "code":
        # ="…" keeps Excel from turning an 18-digit NIP into 1,98604E+17
        return f'="{value}"'
    if kind in ("pct", "minutes", "nrr", "ikm"):
        text = f"{float(value):.2f}"
        return text.replace(".", ",") if decimal_comma else text
    return value


def write_csv(report: EvaluationReport, target: str | Path | io.TextIOBase | None = None,
              sep: str = ";") -> str:
    """All tables in one CSV, each under its title line, separated by a blank line.
    Excel-friendly: UTF-8 with BOM; with `;` the decimal mark is a comma, as an
    Indonesian Excel expects. Returns the text; writes it to `target` if given."""
    if sep not in (";", ","):
        raise ValueError("separator must be ';' or ','")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    p = report.period
    writer.writerow([f"Laporan evaluasi pelayanan {p.start.isoformat()} s.d. {p.end.isoformat()}"])
    for table in report_tables(report):
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([c.label for c in table.columns])
        for row in table.rows + ([table.total] if table.total else []):
            writer.writerow([_csv_cell(v, c.kind, sep == ";") for v, c in zip(row, table.columns)])
    text = buffer.getvalue()
    if isinstance(target, (str, Path)):
        with open(target, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(text)
    elif target is not None:
        target.write(text)
    return text

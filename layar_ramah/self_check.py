"""The self-check's domain half: the step runner and the steps that need no Qt.

`LayarRamah --self-check` (ui/startup/self_check.py) proves that an installed copy is
whole: every module loads, the bundled files are there, a demo database opens, and the
documents the counter prints come out right. It exists because a bundle can lack a module
that only a rarely used path imports (ReportLab imports its barcode widgets by name), and
nothing else would notice until a citizen is waiting. The office's IT person reads the
lines, so they are in Indonesian; the check never touches the office's own data.
"""

from __future__ import annotations

import importlib
import importlib.resources
import io
import logging
import sys
import time
import traceback
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

log = logging.getLogger("layar_ramah.self_check")

PACKAGES = ("layar_ramah", "ui")  # every module of these must load in an installed copy
MANIFEST_NAME = "app_modules.txt"  # written into the bundle by layar_ramah.spec


class CheckFailed(Exception):
    """A step found something wrong; the message (Indonesian) says what."""


@dataclass
class StepResult:
    name: str
    ok: bool | None  # None: not run because a step it needs failed
    detail: str
    seconds: float = 0.0

    def line(self) -> str:
        mark = {True: "OK", False: "GAGAL", None: "LEWAT"}[self.ok]
        timing = f" ({self.seconds:.1f} d)" if self.ok is not None else ""
        return f"[{mark:5}] {self.name}: {self.detail}{timing}"


class Checker:
    """Runs steps in order, one line each as it finishes; a failed step does not stop the
    others, only those that need its result."""

    def __init__(self, report: Callable[[str], None]):
        self.report = report
        self.results: list[StepResult] = []
        self.values: dict[str, object] = {}

    def step(self, key: str, name: str, fn: Callable[[], tuple[object, str] | str],
             needs: tuple[str, ...] = ()) -> object:
        """Run `fn`, which returns a detail line or (value, detail); the value is kept
        under `key` for the steps that need it."""
        missing = [k for k in needs if k not in self.values]
        if missing:
            return self._record(StepResult(name, None, "tidak dijalankan karena langkah sebelumnya gagal"))
        started = time.perf_counter()
        try:
            outcome = fn()
        except CheckFailed as exc:
            return self._record(StepResult(name, False, str(exc), time.perf_counter() - started))
        except Exception as exc:  # the point of the check: any fault becomes a line, not a crash
            log.error("pemeriksaan mandiri, %s", name, exc_info=True)
            where = traceback.extract_tb(exc.__traceback__)[-1:]
            at = f" [{Path(where[0].filename).name}:{where[0].lineno}]" if where else ""
            detail = f"{type(exc).__name__}: {exc}{at}"
            return self._record(StepResult(name, False, detail, time.perf_counter() - started))
        value, detail = outcome if isinstance(outcome, tuple) else (None, outcome)
        self.values[key] = value
        self._record(StepResult(name, True, detail, time.perf_counter() - started))
        return value

    def _record(self, result: StepResult) -> None:
        self.results.append(result)
        self.report(result.line())

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(r.ok for r in self.results)

    def summary(self) -> str:
        good = sum(1 for r in self.results if r.ok)
        if self.passed:
            return f"HASIL: LULUS — {good} dari {len(self.results)} langkah berhasil."
        return (f"HASIL: GAGAL — {good} dari {len(self.results)} langkah berhasil. "
                "Kirim hasil ini kepada pengelola aplikasi.")


# --------------------------------------------------------------------------- modules

def source_modules(root: Path) -> list[str]:
    """Every module of the app's packages, from the source tree at `root` (what the spec
    writes into the bundle's manifest, and what a run from source checks)."""
    names = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append(".".join(parts))
    return names


def expected_modules() -> list[str]:
    """The modules this copy must hold: the bundle's manifest, or the source tree."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass is not None:
        manifest = Path(meipass) / MANIFEST_NAME
        if not manifest.is_file():
            raise CheckFailed(f"daftar modul {MANIFEST_NAME} tidak ada di dalam bundel")
        return [line.strip() for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    return source_modules(Path(__file__).resolve().parent.parent)


def import_all(names: list[str]) -> str:
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # ImportError, or a missing file a module reads when loaded
            failed.append(f"{name} ({type(exc).__name__}: {exc})")
    if failed:
        raise CheckFailed(f"{len(failed)} dari {len(names)} modul tidak dapat dimuat: " + "; ".join(failed))
    return f"{len(names)} modul ui dan layar_ramah dimuat"


# --------------------------------------------------------------------------- bundled files

def check_resources() -> str:
    """Fonts, villages, catalogue, holiday table, time zone: what the app reads at start."""
    from layar_ramah import resources
    from layar_ramah.calendar import holiday_table
    from layar_ramah.clock import OFFICE_TZ

    fonts = [resources.font_path(name).name for name in resources.FONT_FILES]
    villages, services = resources.load_villages(), resources.load_services()
    if holiday_table._table() is None:
        raise CheckFailed("tabel hari libur bawaan tidak terpakai (berkasnya hilang, atau metadata paket "
                          "holidays tidak ikut dibundel): kalender akan lambat dibuka")
    year = date.today().year
    holidays = holiday_table.national_names(year)
    if not holidays:
        raise CheckFailed(f"tabel hari libur tidak berisi tahun {year}")
    # Windows has no time-zone database of its own: zoneinfo falls back on the tzdata
    # package, read the way zoneinfo reads it (a resource of tzdata.zoneinfo.Asia).
    try:
        data = importlib.resources.files("tzdata.zoneinfo.Asia").joinpath("Jakarta").read_bytes()
    except (ImportError, OSError) as exc:
        raise CheckFailed(f"zona waktu Asia/Jakarta (paket tzdata) tidak ada di dalam bundel ({exc})") from None
    offset = datetime(year, 1, 1, tzinfo=ZoneInfo.from_file(io.BytesIO(data), key="Asia/Jakarta")).utcoffset()
    if offset != datetime(year, 1, 1, tzinfo=OFFICE_TZ).utcoffset():
        raise CheckFailed(f"zona waktu Asia/Jakarta dari paket tzdata salah (UTC{offset})")
    return (f"{len(fonts)} huruf DejaVu, {len(villages)} desa, {len(services)} jenis layanan, "
            f"{len(holidays)} hari libur {year}, zona waktu {OFFICE_TZ.key} (UTC+{offset.seconds // 3600})")


# --------------------------------------------------------------------------- the demo database

def open_demo_database(folder: Path, today: date):
    """The demo day in a database of its own under `folder`; returns (Demo, detail)."""
    from layar_ramah.demo import open_demo
    from layar_ramah.models import Delivery, Officer, Request
    from layar_ramah.wording import format_date_id

    demo = open_demo(folder / "demo.sqlite3", today)
    requests, officers = Request.select().count(), Officer.select().count()
    if not requests:
        raise CheckFailed("basis data demo kosong")
    return demo, (f"{requests} permohonan, {Delivery.select().count()} pengantaran, {officers} petugas, "
                  f"hari demo {format_date_id(demo.day)}; berkas {demo.path}")


def operator_with_password(secret: str, clock):
    """The demo's operator, now with password `secret`: the demo's officers have none,
    and the check signs in for real (scrypt, through OpenSSL's hashlib)."""
    from layar_ramah.auth import set_initial_password
    from layar_ramah.models import Officer
    from layar_ramah.transaction import transaction
    officer = next(o for o in Officer.select().order_by(Officer.id) if "operator" in o.role_set)
    with transaction():
        set_initial_password(officer, secret, secret, clock.now(), actor=officer)
    return officer


# --------------------------------------------------------------------------- documents

def pdf_text(path: Path) -> tuple[int, str]:
    """(pages, text of every page): what a PDF reader finds in the file."""
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document), "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def read_codes(path: Path, page: int = 0) -> set[tuple[str, str]]:
    """(format, text) of every barcode and QR code on a page, rendered at 216 dpi: what a
    counter scanner would read from the printed slip."""
    import pypdfium2 as pdfium
    import zxingcpp
    document = pdfium.PdfDocument(str(path))
    try:
        image = document[page].render(scale=3).to_pil()
    finally:
        document.close()
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}


def write_ticket(folder: Path):
    """The newest request's ticket, as the counter prints it; returns (path, detail)."""
    from layar_ramah.models import Request
    from layar_ramah.tickets import request_code, write_ticket

    request = Request.select().order_by(Request.id.desc()).first()
    path = write_ticket(request, folder / "karcis-antrian.pdf")
    code = request_code(request)
    _pages, text = pdf_text(path)
    if request.ticket not in text:
        raise CheckFailed(f"nomor {request.ticket} tidak tertulis di karcis")
    if ("QRCode", code) not in read_codes(path):
        raise CheckFailed(f"kode QR karcis ({code}) tidak terbaca")
    return (path, code), f"{path.name}: nomor {request.ticket}, QR {code} terbaca kembali"


def write_slip(folder: Path, now: datetime) -> str:
    from layar_ramah.models import Delivery
    from layar_ramah.slips import printable, write_slips

    delivery = next((d for d in Delivery.select().order_by(Delivery.id) if printable(d)), None)
    if delivery is None:
        raise CheckFailed("tidak ada pengantaran yang disetujui di basis data demo")
    path = write_slips(folder / "slip-pengantaran.pdf", [delivery], now)
    codes = read_codes(path)
    formats = {fmt for fmt, text in codes if text == delivery.number}
    if not {"Code128", "QRCode"} <= formats:
        found = ", ".join(f"{fmt} «{text}»" for fmt, text in sorted(codes)) or "tidak ada kode terbaca"
        raise CheckFailed(f"kode batang dan QR slip {delivery.number} tidak terbaca dengan benar ({found})")
    _pages, text = pdf_text(path)
    if delivery.number not in text:
        raise CheckFailed(f"nomor {delivery.number} tidak tertulis di slip")
    return f"{path.name}: {delivery.number}, Code128 dan QR terbaca kembali"


def write_report(folder: Path, day: date, now: datetime) -> str:
    """The month's evaluation report, as Laporan → PDF makes it."""
    from layar_ramah.models import OfficeProfile
    from layar_ramah.pdf.report import Office, render_report
    from layar_ramah.reports.evaluation import Period, evaluation

    report = evaluation(Period.month(day.year, day.month), now)
    path = folder / "laporan-evaluasi.pdf"
    render_report(report, Office.from_profile(OfficeProfile.get_by_id(1)), path)
    pages, text = pdf_text(path)
    if "EVALUASI" not in text.upper():
        raise CheckFailed(f"{path.name} tidak berisi judul laporan evaluasi")
    return f"{path.name}: {pages} halaman"

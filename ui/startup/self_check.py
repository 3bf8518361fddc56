"""`LayarRamah --self-check`: is this installed copy whole? Run without a screen.

It opens a temporary demo database (never the office's), signs in with a password, builds
the main window with every feature, opens the waiting-room screen, writes a ticket (its QR
read back), prints it through the real print path into Qt's PDF printer, and writes a
delivery slip (its barcode and QR read back) and the evaluation report, all into a folder
of its own. One line per step, the same lines in `hasil-pemeriksaan.txt` in that folder;
the exit code is 0 only when every step passed. CI runs it on the frozen bundle; Bantuan
→ Pemeriksaan mandiri runs it in a separate process (ui/help/self_check_dialog.py), so
the office's open database is never swapped out under the counter window.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path

from layar_ramah import self_check as sc

RESULT_NAME = "hasil-pemeriksaan.txt"
STEPS = 11  # the steps run_checks() reports, for the progress bar of the Bantuan dialog


def _process_events() -> None:
    from PySide6.QtWidgets import QApplication
    QApplication.processEvents()


def _picture(widget, path: Path) -> None:
    """The widget as the screen would show it, to a PNG the IT person can open."""
    from PySide6.QtGui import QImageWriter
    if not QImageWriter(str(path)).write(widget.grab().toImage()):
        raise sc.CheckFailed(f"{path.name}: gambar tidak dapat ditulis")


def _files() -> str:
    """The domain's bundled files, and what Qt itself must find in the bundle."""
    from PySide6.QtGui import QFontDatabase, QImageReader

    from ui.help.about import app_icon
    detail = sc.check_resources()
    if "DejaVu Sans" not in QFontDatabase.families():
        raise sc.CheckFailed("huruf DejaVu Sans tidak terpasang di Qt")
    if b"jpeg" not in QImageReader.supportedImageFormats():  # an office logo may be a JPEG
        raise sc.CheckFailed("Qt tidak dapat membaca gambar JPEG (plugin imageformats hilang)")
    if app_icon().isNull():
        raise sc.CheckFailed("ikon aplikasi tidak ditemukan")
    return detail + ", ikon, JPEG"


def _sign_in(demo):
    """The real sign-in dialog: a wrong password refused, the right one accepted."""
    from ui.account.signin_dialog import SignInDialog

    secret = "periksa-" + secrets.token_hex(4)
    officer = sc.operator_with_password(secret, demo.clock)
    dialog = SignInDialog(demo.clock, demo=False)
    try:
        dialog.select_officer(officer)
        dialog.password.setText(secret + "x")
        dialog.attempt()
        if dialog.officer is not None:
            raise sc.CheckFailed("kata sandi yang salah diterima")
        dialog.password.setText(secret)
        dialog.attempt()
        if dialog.officer is None:
            raise sc.CheckFailed(f"{officer.name} tidak dapat masuk dengan kata sandinya")
        return dialog.officer, f"{officer.name} masuk; kata sandi salah ditolak"
    finally:
        dialog.deleteLater()


def _main_window(demo, officer, folder: Path):
    from ui.app import build_main_window
    from ui.features import FEATURES

    window = build_main_window(demo.path, demo.clock, demo.day, officer)
    window.show()
    _process_events()
    tabs = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    for i in range(window.tabs.count()):  # some tabs build their contents when first shown
        window.tabs.setCurrentIndex(i)
        _process_events()
    window.tabs.setCurrentIndex(0)
    _process_events()
    menus = [m for m in window.menus.values() if m.menuAction().isVisible()]
    actions = sum(1 for m in menus for a in m.actions() if not a.isSeparator())
    rows = window.queue.model.rowCount()
    if rows == 0:
        raise sc.CheckFailed("antrean demo tampil kosong")
    picture = folder / "jendela-utama.png"
    _picture(window, picture)
    return window, (f"{len(FEATURES)} fitur, {len(tabs)} tab ({', '.join(tabs)}), {len(menus)} menu, "
                    f"{actions} perintah, {rows} baris antrean; gambar {picture.name}")


def _public_screen(demo, window, folder: Path) -> str:
    from ui.public_screen.screen import PublicScreen

    screen = PublicScreen(demo.clock, parent=window)
    try:
        screen.show_on(None, windowed=True)
        _process_events()
        screen.tick()
        rows = screen.model.rowCount()
        if rows == 0:
            raise sc.CheckFailed("layar ruang tunggu tidak menampilkan nomor antrian")
        picture = folder / "layar-ruang-tunggu.png"
        _picture(screen, picture)
        return f"{rows} nomor antrian tampil; gambar {picture.name}"
    finally:
        screen.close()


def _call_sound(folder: Path) -> str:
    """The spoken call assembled from the bundled clips, kept as a WAV (nothing is played
    during the check), and whether this PC has a way to play it."""
    from layar_ramah.calling.audio import RATE, call_wav
    from ui.calling.player import system_sink

    data = call_wav("A-012", 1)
    path = folder / "panggilan.wav"
    path.write_bytes(data)
    player = ("dapat diputar di komputer ini" if system_sink() is not None
              else "komputer ini tidak punya pemutar suara: panggilan hanya tampil di layar")
    return f"{path.name}: {(len(data) - 44) / 2 / RATE:.1f} detik; {player}"


def _print(ticket, folder: Path) -> str:
    """The ticket through the real print path (PDFium onto a QPrinter, as ui/printing does
    for a printer) into Qt's own PDF printer, and its QR read back from what was printed."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from ui.printing import render
    pdf, code = ticket
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = folder / "karcis-dicetak.pdf"
    printer.setOutputFileName(str(printed))
    printer.setResolution(300)
    render.follow_document(printer, render.page_sizes(pdf)[0], "karcis")
    pages = render.paint(pdf, printer, color=False)
    if ("QRCode", code) not in sc.read_codes(printed):
        raise sc.CheckFailed(f"kode QR karcis tidak terbaca dari hasil cetak {printed.name}")
    printers = QPrinterInfo.availablePrinterNames()
    return (f"{printed.name}: {pages} halaman, QR terbaca; printer terpasang di komputer ini: "
            f"{', '.join(printers) if printers else 'tidak ada'}")


def run_checks(folder: Path, report, today=None) -> sc.Checker:
    """Every step, in order; `report(line)` is called as each one finishes."""
    from datetime import date

    from layar_ramah import db as dbmod

    checker = sc.Checker(report)
    step = checker.step
    try:
        step("modules", "Modul aplikasi", lambda: sc.import_all(sc.expected_modules()))
        step("files", "Berkas bawaan", _files)
        demo = step("demo", "Basis data demo sementara",
                    lambda: sc.open_demo_database(folder, today or date.today()))
        officer = step("officer", "Masuk dengan kata sandi", lambda: _sign_in(demo), needs=("demo",))
        window = step("window", "Jendela utama", lambda: _main_window(demo, officer, folder), needs=("officer",))
        step("screen", "Layar ruang tunggu", lambda: _public_screen(demo, window, folder), needs=("window",))
        step("call", "Suara panggilan", lambda: _call_sound(folder))
        ticket = step("ticket", "Karcis antrian", lambda: sc.write_ticket(folder), needs=("demo",))
        step("print", "Pencetakan", lambda: _print(ticket, folder), needs=("ticket",))
        step("slip", "Slip pengantaran", lambda: sc.write_slip(folder, demo.clock.now()), needs=("demo",))
        step("report", "Laporan evaluasi", lambda: sc.write_report(folder, demo.day, demo.clock.now()),
             needs=("demo",))
    finally:
        window = checker.values.get("window")
        if window is not None:
            window.close()
            window.deleteLater()
            _process_events()
        dbmod.close_database()
    return checker


def _console():
    """Where the lines go: stdout, or on Windows the console that started the windowed
    .exe (a GUI program gets none of its own)."""
    stream = sys.stdout
    if stream is None and sys.platform == "win32":
        import ctypes
        if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            stream = open("CONOUT$", "w", encoding="utf-8", errors="replace")
    if stream is not None and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")  # a cp1252 pipe must not fail on a dash
    return stream


def _qt_to_log(mode, _context, message: str) -> None:
    import logging
    logging.getLogger("layar_ramah.qt").info("Qt (%s): %s", getattr(mode, "name", mode), message)


def main(args) -> int:
    """The --self-check start mode; returns the process's exit code."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed, no window shown
    folder = Path(args.self_check_dir) if args.self_check_dir else \
        Path(tempfile.mkdtemp(prefix="layar-ramah-periksa-"))
    folder.mkdir(parents=True, exist_ok=True)
    out = _console()
    lines: list[str] = []

    def report(line: str) -> None:
        lines.append(line)
        if out is not None:
            print(line, file=out, flush=True)

    from PySide6.QtCore import QSettings, qInstallMessageHandler
    # the window's geometry and the last officer go to the check's folder, not the office's settings
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "pengaturan"))

    from ui.app import create_application
    from ui.help.about import build_line
    from ui.startup.error_handler import setup_logging
    app = create_application([sys.argv[0]])
    setup_logging(folder)
    qInstallMessageHandler(_qt_to_log)  # Qt's own notices (offscreen) belong in the log, not in the lines
    report(f"Pemeriksaan mandiri — {build_line()}")
    report(f"Folder hasil: {folder}")
    checker = run_checks(folder, report)
    report(checker.summary())
    (folder / RESULT_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
    del app
    return 0 if checker.passed else 1

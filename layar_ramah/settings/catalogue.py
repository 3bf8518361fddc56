"""Every setting the office (or one PC) can change, section by section in the order the
Pengaturan page shows them, with the sentence that says what a section's values mean.

Defaults come from the module that uses the value (sla.py's threshold, the calling
feature's sounds), so a default is written once."""

from __future__ import annotations

from layar_ramah.backup import KEEP_DAILY, KEEP_MONTHLY, MIN_FREE_DBS, MIN_FREE_SHARE
from layar_ramah.calling.audio import SOUNDS
from layar_ramah.settings import SettingSpec, define, section
from layar_ramah.sla import DEFAULT_WARNING_CAP_MINUTES, DEFAULT_WARNING_FRACTION, warning_seconds

__all__ = ["TICKET_PAPERS", "TICKET_PAPER", "TICKET_AUTO_PRINT", "SLIPS_TWO_PER_A4", "SOUND_LABELS",
           "FONT_SIZES", "PREVIEW_SOP_MINUTES"]

# --- SLA warning ------------------------------------------------------------------------

PREVIEW_SOP_MINUTES = (60, 15)  # the Surat Pelayanan Sosial's hour, and a quick legalisation


def _time_words(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return " ".join(f"{n} {unit}" for n, unit in ((minutes, "menit"), (secs, "detik")) if n) or "0 detik"


def _warning_preview(values: dict) -> str:
    fraction, cap = values["warning_fraction"], values["warning_cap_minutes"]
    lines = []
    for sop in PREVIEW_SOP_MINUTES:
        seconds = warning_seconds(sop, fraction, cap)
        why = (f"batas {cap} menit" if seconds < fraction * sop * 60 else f"{fraction * 100:g} % dari {sop} menit")
        lines.append(f"Layanan {sop} menit: kuning («hampir habis») saat sisa waktunya {_time_words(seconds)} "
                     f"atau kurang ({why}).")
    return "\n".join(lines)


section("sla", "Peringatan waktu SOP", _warning_preview)
define(SettingSpec(
    "warning_fraction", "Hampir habis bila sisa waktu", "sla", "percent", DEFAULT_WARNING_FRACTION,
    minimum=5, maximum=50,
    help="Bagian dari waktu SOP layanan itu; baris antrean menjadi kuning dan petugas diberi tahu."))
define(SettingSpec(
    "warning_cap_minutes", "Tetapi paling lama", "sla", "int", int(DEFAULT_WARNING_CAP_MINUTES),
    minimum=1, maximum=120, unit="menit",
    help="Untuk layanan yang panjang: peringatan tidak lebih awal dari sekian menit sebelum batas."))

# --- sign-in ----------------------------------------------------------------------------

section("signin", "Masuk dan kunci layar")
define(SettingSpec(
    "pin_mode", "Masuk dengan PIN (angka) sebagai ganti kata sandi", "signin", "bool", False,
    help="PIN paling sedikit 6 angka. Petugas yang masih memakai kata sandi membuat PIN-nya "
         "saat masuk berikutnya (dan sebaliknya bila PIN dimatikan)."))
define(SettingSpec(
    "idle_lock_minutes", "Kunci layar bila tidak dipakai selama", "signin", "int", 10,
    minimum=0, maximum=120, unit="menit", zero="tidak pernah dikunci otomatis",
    help="0 = tidak pernah. Layar terkunci menutupi data pemohon; dibuka dengan kata sandi/PIN."))

# --- personal data ----------------------------------------------------------------------


def _retention_sentence(values: dict) -> str:
    years = values["retention_years"]
    return (f"Setelah {years} tahun, nama, NIK, telepon, dan alamat pemohon pada permohonan yang sudah "
            "ditutup dihapus ketika admin menjalankan Administrasi → Anonimkan data pribadi lama; nomor, "
            "layanan, dan catatan waktu SOP-nya tetap tersimpan untuk laporan.")


section("privacy", "Data pribadi", _retention_sentence)
define(SettingSpec(
    "retention_years", "Simpan data pribadi pemohon selama", "privacy", "int", 5,
    minimum=1, maximum=30, unit="tahun"))

# --- tickets and slips ------------------------------------------------------------------

section("printing", "Karcis, slip dan pencetakan")
# Ticket papers: the same keys as layar_ramah.pdf.ticket.PAPERS (checked by the tests),
# named here so that reading a setting does not import ReportLab.
TICKET_PAPERS = (
    ("roll58", "Rol 58 mm (panjang mengikuti isi)"),
    ("roll80", "Rol 80 mm (panjang mengikuti isi)"),
    ("a6", "A6 (105 × 148 mm), printer biasa"),
)
TICKET_PAPER = define(SettingSpec(
    "ticket_paper", "Kertas karcis antrian", "printing", "choice", "roll80", choices=TICKET_PAPERS,
    help="Lebar rol printer karcis di loket; karcis rol sepanjang isinya."))
TICKET_AUTO_PRINT = define(SettingSpec(
    "ticket_auto_print", "Cetak karcis otomatis setelah pendaftaran", "printing", "bool", False,
    help="Karcis langsung dikirim ke printer karcis begitu permohonan terdaftar."))
SLIPS_TWO_PER_A4 = define(SettingSpec(
    "slips_two_per_a4", "Dua slip pengantaran per lembar A4", "printing", "bool", False,
    help="Dua slip A5 pada satu lembar A4, dipotong di garis putus-putus; tidak: satu slip A5 per lembar.",
    # The Kasi decides slips day to day (the Pengantaran tab); an admin may too.
    permission="approve_delivery"))

# --- calling ----------------------------------------------------------------------------

SOUND_LABELS = {
    "voice": "Bel lalu suara panggilan",
    "chime": "Bel saja",
    "off": "Tanpa suara (hanya tampil di layar)",
}
if tuple(SOUND_LABELS) != SOUNDS:  # the calling feature's list of sounds, each named here
    raise ValueError("SOUND_LABELS and calling.audio.SOUNDS differ")
section("calling", "Panggilan")
define(SettingSpec(
    "call_sound", "Suara panggilan", "calling", "choice", "voice", choices=tuple(SOUND_LABELS.items()),
    help="Berlaku untuk seluruh kantor; yang bersuara hanya layar ruang tunggu di komputer yang dipilih."))

# --- backups ----------------------------------------------------------------------------

DEFAULT_BACKUP_FOLDER = "folder «backups» di samping berkas data"


def _backup_sentence(values: dict) -> str:
    days, months = values["backup_keep_days"], values["backup_keep_months"]
    where = values["backup_folder"] or DEFAULT_BACKUP_FOLDER
    kept = f"{days} hari terakhir" + (f" dan akhir tiap bulan selama {months} bulan terakhir" if months else "")
    return (f"Cadangan otomatis dibuat sekali sehari di {where}. Yang disimpan: {kept} (paling banyak "
            f"{days + months} cadangan; yang terbaru utuh, yang lebih lama disimpan ringkas). Cadangan tidak "
            f"dibuat bila sesudahnya ruang kosong disk tinggal kurang dari {values['backup_min_free'] * 100:g} % "
            f"atau kurang dari {values['backup_min_free_dbs']} × ukuran data; operator diberi tahu alasannya.")


section("backups", "Cadangan", _backup_sentence)
define(SettingSpec(
    "backup_folder", "Folder cadangan otomatis", "backups", "folder", "", scope="pc",
    zero=DEFAULT_BACKUP_FOLDER,
    help="Kosongkan untuk folder bawaan. Cadangan baru dibuat di sini; yang lama tetap di folder sebelumnya. "
         "Disimpan di komputer ini: dibaca sebelum data dibuka, untuk memulihkan berkas yang rusak."))
define(SettingSpec(
    "backup_keep_days", "Simpan cadangan harian", "backups", "int", KEEP_DAILY, minimum=3, maximum=60,
    unit="hari terakhir", help="Kantor dapat kembali ke hari mana pun dalam rentang ini."))
define(SettingSpec(
    "backup_keep_months", "Dan akhir bulan", "backups", "int", KEEP_MONTHLY, minimum=0, maximum=36,
    unit="bulan terakhir", zero="tidak ada", help="Cadangan terakhir tiap bulan; 0 = hanya cadangan harian."))
define(SettingSpec(
    "backup_min_free", "Sisakan ruang kosong disk paling sedikit", "backups", "percent", MIN_FREE_SHARE,
    minimum=5, maximum=50, help="Bagian dari seluruh disk data, sesudah cadangan dibuat."))
define(SettingSpec(
    "backup_min_free_dbs", "Dan paling sedikit", "backups", "int", MIN_FREE_DBS, minimum=1, maximum=10,
    unit="× ukuran data", help="Agar data tetap dapat bertambah dan cadangan besok masih muat."))

# --- this PC ----------------------------------------------------------------------------

# The largest is the largest at which every screen still fits 1366×768 (the toolbar of each
# role, the status bar, the queue's columns: tests/test_font_sizes.py).
FONT_SIZES = (
    (10, "Biasa (10 pt)"),
    (11, "Besar (11 pt)"),
    (12, "Sangat besar (12 pt)"),
)
section("this_pc", "Komputer ini")
define(SettingSpec(
    "font_size", "Ukuran huruf", "this_pc", "choice", 10, choices=FONT_SIZES, scope="pc",
    help="Untuk seluruh aplikasi di komputer ini, langsung berlaku. Warna tetap terang walau "
         "Windows memakai mode gelap."))
define(SettingSpec(
    "sla_alert_sound", "Bunyikan peringatan «hampir habis» dan «melewati SOP»", "this_pc", "bool", True,
    scope="pc",
    help="Peringatan tetap tampil di atas antrean; yang dimatikan hanya bunyinya di komputer ini."))
define(SettingSpec(
    "call_speaks", "Layar ruang tunggu di komputer ini bersuara", "this_pc", "bool", True, scope="pc",
    help="Centang hanya di komputer yang tersambung ke TV dan pengeras suara ruang tunggu.",
    permission="call"))  # whoever sets up the PC by the TV, also from Tampilan → Loket dan suara

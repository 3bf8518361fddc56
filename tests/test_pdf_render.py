"""The printed slip and ticket: text that can be read back, codes that scan."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageDraw
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from layar_ramah.pdf import slip as slip_module
from layar_ramah.pdf.fonts import register_fonts
from layar_ramah.pdf.slip import SlipData, full_address, render_slips
from layar_ramah.pdf.ticket import TicketData, render_ticket
from layar_ramah.wording import format_date_id, format_datetime_id, format_duration_id

NUMBER = "KRM-20261127-003"
NIK_MASKED = "3516 15•• •••• 0001"


@pytest.fixture(autouse=True)
def invariant_pdf(monkeypatch):
    # Stable output: no creation date or random document id in the file.
    monkeypatch.setattr(rl_config, "invariant", 1)


def _logo() -> bytes:
    im = Image.new("RGBA", (90, 90), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((4, 4, 86, 86), fill=(20, 90, 40, 255))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def make_slip(**changes) -> SlipData:
    data = dict(
        pemerintah="PEMERINTAH KABUPATEN MOJOKERTO",
        kecamatan="KECAMATAN KEMLAGI",
        office_address="Jl. Raya Kemlagi No. 1, Kemlagi, Kabupaten Mojokerto 61353",
        office_contact="Telp. (0321) 123456 · kec.kemlagi@mojokertokab.go.id",
        logo_png=_logo(),
        delivery_number=NUMBER,
        service_name="Surat Pelayanan Sosial",
        ticket="A-012",
        request_date=date(2026, 11, 27),
        recipient_name="Ḿuhammad Ṣaleh",
        street="Dusun Kedungsari, Jl. Melati No. 12",
        rt="003",
        rw="001",
        village="Kemlagi",
        kecamatan_name="Kemlagi",
        nik_masked=NIK_MASKED,
        phone="0812-••••-7788",
        reason="sla_breach",
        reason_detail="SOP 60 menit terlampaui 12 menit (keberatan diterima Kasi Pelayanan)",
        courier_name="Siti Nur'aini",
        courier_nip="198503122010012005",
        planned_date=date(2026, 11, 28),
        approved_by="Drs. Bambang Hartono",
        printed_at=datetime(2026, 11, 27, 3, 2, tzinfo=timezone.utc),
    )
    data.update(changes)
    return SlipData(**data)


def make_ticket(**changes) -> TicketData:
    data = dict(
        kecamatan="Kecamatan Kemlagi",
        pemerintah="Pemerintah Kabupaten Mojokerto",
        ticket="A-012",
        service_name="Surat Pelayanan Sosial",
        sop_minutes=60,
        issued_at=datetime(2026, 11, 27, 9, 14),
        priority=False,
        promise="Bila waktu SOP terlampaui, Anda berhak mengajukan keberatan di loket.",
        code="PMH-20261127-A-012",
    )
    data.update(changes)
    return TicketData(**data)


def page_text(path, index=0) -> str:
    text = pdfium.PdfDocument(path)[index].get_textpage().get_text_range()
    return text.replace("\r\n", "\n").replace("\xa0", " ")


def decoded(path, index=0) -> list[tuple[str, str]]:
    image = pdfium.PdfDocument(path)[index].render(scale=3).to_pil()
    return sorted((r.format.name, r.text) for r in zxingcpp.read_barcodes(image))


# -- slip -----------------------------------------------------------------


def test_slip_text_has_recipient_address_and_number(tmp_path):
    path = tmp_path / "slip.pdf"
    render_slips(path, [make_slip()])
    text = page_text(path)
    one_line = " ".join(text.split())
    assert len(pdfium.PdfDocument(path)) == 1
    for piece in ("Ḿuhammad Ṣaleh", "Dusun Kedungsari, Jl. Melati No. 12", "RT 003/RW 001",
                  "Desa Kemlagi", "Kecamatan Kemlagi", NUMBER, "A-012",
                  "Surat Pelayanan Sosial", "Jumat, 27 November 2026",
                  "Waktu SOP terlampaui", "Siti Nur'aini", "198503122010012005",
                  "Drs. Bambang Hartono", "SURAT JALAN PENGANTARAN SURAT",
                  "Layanan Antar Surat ke Rumah (LAYAR RAMAH)", "TANDA TERIMA",
                  "Nama penerima", "Hubungan dengan pemohon", "Tanggal & jam",
                  "PENGANTARAN GAGAL", "Tidak ada di rumah", "Alamat tidak ditemukan",
                  "Ditolak", "Lainnya", "Keterangan"):
        assert piece in one_line, piece
    # Printed in office time (WIB), not UTC.
    assert "Dicetak Jumat, 27 November 2026 10:02" in one_line


def test_slip_shows_nik_only_masked(tmp_path):
    path = tmp_path / "slip.pdf"
    render_slips(path, [make_slip()])
    text = page_text(path)
    assert NIK_MASKED in text
    digits_only = re.sub(r"[^\d\n]", "", text)
    assert not re.search(r"35161\d{11}", digits_only)


def test_vulnerable_reason_label(tmp_path):
    path = tmp_path / "slip.pdf"
    render_slips(path, [make_slip(reason="vulnerable", reason_detail="Lansia")])
    text = " ".join(page_text(path).split())
    assert "Layanan kaum rentan" in text and "Lansia" in text
    assert "Waktu SOP terlampaui" not in text


def test_slip_barcode_and_qr_carry_exactly_the_number(tmp_path):
    path = tmp_path / "slip.pdf"
    render_slips(path, [make_slip()])
    assert decoded(path) == [("Code128", NUMBER), ("QRCode", NUMBER)]


def test_two_per_a4_puts_two_scannable_slips_on_one_page(tmp_path):
    path = tmp_path / "two.pdf"
    second = "KRM-20261127-004"
    render_slips(path, [make_slip(), make_slip(delivery_number=second, logo_png=None)],
                 two_per_a4=True)
    doc = pdfium.PdfDocument(path)
    assert len(doc) == 1
    w, h = doc[0].get_size()
    assert (round(w / mm), round(h / mm)) == (210, 297)
    assert decoded(path) == sorted(
        [("Code128", NUMBER), ("QRCode", NUMBER), ("Code128", second), ("QRCode", second)]
    )


def test_two_per_a4_odd_count_and_file_like_target():
    buf = io.BytesIO()
    render_slips(buf, [make_slip()] * 3, two_per_a4=True)
    assert len(pdfium.PdfDocument(buf.getvalue())) == 2


def test_hundred_slips(tmp_path):
    path = tmp_path / "many.pdf"
    slips = [make_slip(delivery_number=f"KRM-20261127-{i:03d}") for i in range(1, 101)]
    render_slips(path, slips)
    doc = pdfium.PdfDocument(path)
    assert len(doc) == 100
    w, h = doc[0].get_size()
    assert (round(w / mm), round(h / mm)) == (148, 210)
    assert "KRM-20261127-100" in page_text(path, 99)


def test_output_is_stable_under_invariant():
    first, second = io.BytesIO(), io.BytesIO()
    render_slips(first, [make_slip()])
    render_slips(second, [make_slip()])
    assert first.getvalue() == second.getvalue()


def test_no_slips_is_an_error(tmp_path):
    with pytest.raises(ValueError):
        render_slips(tmp_path / "none.pdf", [])


def test_long_name_and_address_wrap_without_loss(tmp_path):
    name = ("Raden Ajeng Siti Khadijah Ḿuhammad Ṣaleh binti Haji Abdurrahman "
            "Wahid Hasyim Al-Mojokertowi")
    street = ("Dusun Kedungsari Wetan Gang Melati Putih Nomor 12A belakang Masjid "
              "Al-Ikhlas, sebelah timur balai desa")
    path = tmp_path / "long.pdf"
    render_slips(path, [make_slip(recipient_name=name, street=street,
                                  village="Mojowates Kidul")])
    text = page_text(path)
    one_line = " ".join(text.split())
    assert name in one_line and street in one_line
    assert "Desa Mojowates Kidul" in one_line
    assert max(len(line) for line in text.split("\n")) < 90  # wrapped, not one long run
    assert decoded(path) == [("Code128", NUMBER), ("QRCode", NUMBER)]


@pytest.mark.parametrize("logo", [True, False])
def test_worst_case_text_stays_above_the_receipt(logo):
    register_fonts()
    absurd = make_slip(
        recipient_name="W" * 200, street="Jalan " * 80, service_name="Layanan " * 40,
        reason_detail="Rincian " * 60, courier_name="Nama Panjang " * 10,
        approved_by="Kasi " * 30, office_address="Alamat " * 60,
        delivery_number="KRM-20261127-003-XYZ", logo_png=_logo() if logo else None,
    )
    spare = slip_module._Slip(Canvas(io.BytesIO()), absurd, {}).draw()
    assert spare >= 0


def test_diacritics_and_apostrophes_survive(tmp_path):
    path = tmp_path / "names.pdf"
    render_slips(path, [make_slip(recipient_name="Siti Nur'aini",
                                  courier_name="Ḿuhammad Ṣaleh")])
    text = page_text(path)
    assert "Siti Nur'aini" in text
    assert "Ḿuhammad Ṣaleh" in text


def test_full_address_does_not_double_prefixes():
    d = make_slip(village="Desa Kemlagi", kecamatan_name="Kecamatan Kemlagi")
    assert full_address(d).replace("\xa0", " ") == (
        "Dusun Kedungsari, Jl. Melati No. 12, RT 003/RW 001, Desa Kemlagi, Kecamatan Kemlagi"
    )


# -- ticket ---------------------------------------------------------------


@pytest.mark.parametrize("paper, width_mm", [("roll58", 58), ("roll80", 80), ("a6", 105)])
def test_ticket_on_every_paper_holds_everything_the_citizen_needs(tmp_path, paper, width_mm):
    path = tmp_path / f"ticket-{paper}.pdf"
    render_ticket(path, make_ticket(), paper=paper)
    doc = pdfium.PdfDocument(path)
    w, h = doc[0].get_size()
    assert round(w / mm) == width_mm
    if paper.startswith("roll"):
        assert 90 <= h / mm <= 150  # as long as the content, no blank tail
    else:
        assert round(h / mm) == 148
    text = " ".join(page_text(path).split())
    for piece in ("A-012", "Surat Pelayanan Sosial", "KECAMATAN KEMLAGI", "Jalur umum",
                  "Waktu layanan maksimal 60 menit sejak berkas dinyatakan lengkap",
                  "Jumat, 27 November 2026 09:14", "berhak mengajukan keberatan", "PMH-20261127-A-012"):
        assert piece in text, piece
    assert "JALUR PRIORITAS" not in text
    assert decoded(path) == [("QRCode", "PMH-20261127-A-012")]


def test_ticket_paper_keys_are_the_settings_choices():
    from layar_ramah.pdf.ticket import PAPERS
    from layar_ramah.settings import TICKET_PAPERS
    assert list(PAPERS) == [key for key, _label in TICKET_PAPERS]


def test_priority_ticket_and_long_sop():
    buf = io.BytesIO()
    render_ticket(buf, make_ticket(ticket="P-003", priority=True, sop_minutes=1350))
    text = " ".join(page_text(buf.getvalue()).split())
    assert "P-003" in text and "JALUR PRIORITAS" in text
    assert "maksimal 22 jam 30 menit sejak" in text


def test_unknown_paper():
    with pytest.raises(ValueError):
        render_ticket(io.BytesIO(), make_ticket(), paper="letter")


# -- wording --------------------------------------------------------------


@pytest.mark.parametrize("minutes, text", [
    (5, "5 menit"), (60, "60 menit"), (61, "1 jam 1 menit"), (90, "1 jam 30 menit"),
    (120, "2 jam"), (1350, "22 jam 30 menit"),
])
def test_format_duration_id(minutes, text):
    assert format_duration_id(minutes) == text


def test_indonesian_dates():
    assert format_date_id(date(2026, 11, 27)) == "Jumat, 27 November 2026"
    assert format_date_id(date(2026, 8, 17), with_weekday=False) == "17 Agustus 2026"
    assert format_date_id(date(2027, 1, 3)) == "Minggu, 3 Januari 2027"
    assert format_datetime_id(datetime(2026, 11, 27, 9, 14)) == "Jumat, 27 November 2026 09:14"
    # An aware UTC time is printed in WIB (UTC+7), across midnight too.
    utc = datetime(2026, 11, 26, 20, 30, tzinfo=timezone.utc)
    assert format_datetime_id(utc) == "Jumat, 27 November 2026 03:30"


def test_register_fonts_is_idempotent():
    register_fonts()
    register_fonts()

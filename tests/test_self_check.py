"""The self-check: every step passes on a whole copy, a broken part is named, and it
never touches the office's data. CI runs the same check on the frozen bundle (.ci/run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from layar_ramah import self_check as sc
from ui.help.self_check_dialog import SelfCheckDialog
from ui.startup.self_check import RESULT_NAME, STEPS, run_checks

ROOT = Path(__file__).resolve().parent.parent


def test_every_step_passes_on_a_whole_copy_and_writes_its_documents(qapp, tmp_path):
    lines = []
    checker = run_checks(tmp_path, lines.append)
    assert checker.passed, "\n".join(lines)
    assert len(lines) == STEPS and all(line.startswith("[OK   ]") for line in lines)
    for name in ("karcis-antrian.pdf", "karcis-dicetak.pdf", "slip-pengantaran.pdf", "laporan-evaluasi.pdf",
                 "jendela-utama.png", "layar-ruang-tunggu.png", "panggilan.wav"):
        assert (tmp_path / name).stat().st_size > 1000, name
    step = {line.split("] ")[1].split(":")[0]: line for line in lines}
    assert "Code128 dan QR terbaca kembali" in step["Slip pengantaran"]
    assert "QR PMH-" in step["Karcis antrian"] and "QR terbaca" in step["Pencetakan"]
    assert step["Suara panggilan"].startswith("[OK   ] Suara panggilan: panggilan.wav: 6.8 detik;")
    assert checker.summary().startswith("HASIL: LULUS")


def test_a_slip_whose_codes_do_not_scan_fails_and_the_other_steps_still_run(qapp, tmp_path, monkeypatch):
    real = sc.read_codes  # the slip's codes read wrong; the ticket's still right
    monkeypatch.setattr(sc, "read_codes", lambda path, page=0: {
        (fmt, "KRM-0-000" if text.startswith("KRM") else text) for fmt, text in real(path, page)})
    lines = []
    checker = run_checks(tmp_path, lines.append)
    assert not checker.passed
    slip = next(line for line in lines if "Slip pengantaran" in line)
    assert slip.startswith("[GAGAL]") and "tidak terbaca dengan benar" in slip and "KRM-0-000" in slip
    assert lines[-1].startswith("[OK   ] Laporan evaluasi")  # the report after it was still written
    assert checker.summary().startswith(f"HASIL: GAGAL — {STEPS - 1} dari {STEPS}")


def test_a_module_missing_from_the_copy_is_named():
    with pytest.raises(sc.CheckFailed, match=r"1 dari 2 modul .*ui\.no_such_feature \(ModuleNotFoundError"):
        sc.import_all(["layar_ramah.clock", "ui.no_such_feature"])


def test_a_bundle_checks_the_modules_its_manifest_lists(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(sc.CheckFailed, match="app_modules.txt"):
        sc.expected_modules()
    (tmp_path / sc.MANIFEST_NAME).write_text("ui.app\nlayar_ramah.db\n", encoding="utf-8")
    assert sc.expected_modules() == ["ui.app", "layar_ramah.db"]


def test_the_source_manifest_holds_every_module_of_both_packages():
    names = sc.source_modules(ROOT)
    assert {"ui", "ui.features", "ui.help.self_check_dialog", "layar_ramah.pdf.slip",
            "layar_ramah.calendar.holiday_table"} <= set(names)
    assert len(names) == len(list((ROOT / "ui").rglob("*.py"))) + len(list((ROOT / "layar_ramah").rglob("*.py")))


def test_a_step_is_skipped_when_a_step_it_needs_failed():
    lines = []
    checker = sc.Checker(lines.append)
    checker.step("demo", "Basis data", lambda: 1 / 0)
    checker.step("window", "Jendela", lambda: "never", needs=("demo",))
    assert lines[0].startswith("[GAGAL] Basis data: ZeroDivisionError: division by zero [")
    assert lines[1] == "[LEWAT] Jendela: tidak dijalankan karena langkah sebelumnya gagal"
    assert not checker.passed


def test_the_command_line_check_exits_0_prints_its_lines_and_leaves_the_office_data_alone(tmp_path):
    data_home = tmp_path / "home"
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), XDG_CONFIG_HOME=str(data_home / "config"),
               QT_QPA_PLATFORM="offscreen")
    out = tmp_path / "hasil"
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from ui.app import main; sys.exit(main())", "--self-check",
         "--self-check-dir", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Pemeriksaan mandiri — Layar Ramah ") and lines[-1].startswith("HASIL: LULUS")
    assert sum(line.startswith("[OK   ]") for line in lines) == STEPS
    assert (out / RESULT_NAME).read_text(encoding="utf-8").splitlines() == lines
    assert not list(data_home.rglob("*.sqlite3"))  # no office (or demo) database was made or opened
    assert not (data_home / "config" / "LayarRamah").exists()  # the window's settings went to `out`


def test_bantuan_runs_the_check_in_a_process_of_its_own_and_shows_each_line(qtbot, tmp_path):
    dialog = SelfCheckDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    assert dialog.close_button.text() == "&Hentikan"  # the window stays usable while it runs
    qtbot.waitUntil(lambda: dialog.exit_code is not None, timeout=300_000)
    text = dialog.output.toPlainText()
    assert dialog.exit_code == 0, text
    assert dialog.progress.value() == STEPS
    assert "Semua langkah berhasil" in dialog.verdict.text()
    assert text.count("[OK   ]") == STEPS and "HASIL: LULUS" in text
    dialog.copy_result()
    from PySide6.QtGui import QGuiApplication
    assert QGuiApplication.clipboard().text() == text
    assert dialog.close_button.text() == "&Tutup"


def test_bantuan_says_so_when_the_check_fails(qtbot, tmp_path, monkeypatch):
    # a program that prints one failed step and exits 1, in place of the real check
    script = "print('[GAGAL] Slip pengantaran: kode tidak terbaca'); print('HASIL: GAGAL'); raise SystemExit(1)"
    monkeypatch.setattr("ui.help.self_check_dialog.self_check_command",
                        lambda folder: (sys.executable, ["-c", script]))
    dialog = SelfCheckDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.exit_code is not None, timeout=60_000)
    assert dialog.exit_code == 1
    assert "Ada langkah yang gagal" in dialog.verdict.text()
    assert dialog.progress.value() == 1


def test_the_check_is_in_the_bantuan_menu(qtbot, staff, clock, monkeypatch):
    from ui.app import build_main_window
    opened = []
    monkeypatch.setattr(SelfCheckDialog, "ask", classmethod(lambda cls, parent=None: opened.append(parent)))
    window = build_main_window(None, clock, None, staff["operator"])
    qtbot.addWidget(window)
    action = next(a for a in window.menus["bantuan"].actions() if a.objectName() == "self_check_action")
    assert action.text() == "Pe&meriksaan mandiri…"
    action.trigger()
    assert opened == [window]

"""One version number, shown where people look; the app's own icon on every window."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from PIL import Image
from PySide6.QtWidgets import QLabel, QWidget

import layar_ramah
from ui.help.about import ICON_SIZES, about_box, app_icon, build_line
from ui.startup.error_handler import LOG_NAME, setup_logging

ROOT = Path(__file__).resolve().parent.parent
VERSION = layar_ramah.__version__


def test_the_version_is_written_once_and_the_package_reads_it_from_there():
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    assert version("layar-ramah") == VERSION  # pyproject: dynamic, from layar_ramah.__version__
    files = [ROOT / "pyproject.toml", ROOT / "layar_ramah.spec", ROOT / ".ci" / "run",
             *ROOT.glob("installer/*"), *ROOT.glob(".github/workflows/*"),
             *ROOT.glob("layar_ramah/**/*.py"), *ROOT.glob("ui/**/*.py")]
    holding = [str(p.relative_to(ROOT)) for p in files if p.is_file() and VERSION in p.read_text(errors="replace")]
    assert holding == ["layar_ramah/__init__.py"]


def test_the_about_box_and_the_status_bar_show_the_version(qtbot, staff, clock):
    from ui.app import build_main_window
    window = build_main_window(Path("kantor.sqlite3"), clock, None, staff["operator"])
    qtbot.addWidget(window)
    box = about_box(window)
    qtbot.addWidget(box)
    assert f"<b>Layar Ramah</b> versi {VERSION}" in box.text()
    assert "kantor.sqlite3" in box.informativeText()
    assert not box.iconPixmap().isNull()
    label = window.statusBar().findChild(QLabel, "version_label")
    assert label.text() == f"Versi {VERSION}" and label.toolTip() == build_line()
    about = next(a for a in window.menus["bantuan"].actions() if a.objectName() == "about_action")
    assert about.text() == "&Tentang Layar Ramah"


def test_the_log_begins_each_run_with_the_version(tmp_path):
    setup_logging(tmp_path)
    first = (tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()[0]
    assert first.endswith(f"mulai: {build_line()}") and f"Layar Ramah {VERSION} (" in first


def test_every_window_carries_the_app_icon_in_every_size_windows_asks_for(qtbot):
    from ui.app import create_application
    create_application(["layar-ramah"])
    icon = app_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == list(ICON_SIZES)
    window = QWidget()
    qtbot.addWidget(window)
    assert window.windowIcon().cacheKey() == icon.cacheKey()  # the taskbar shows the window's icon
    ico = Image.open(ROOT / "resources" / "icon" / "layar-ramah.ico")  # the .exe's, the installer's, shortcuts'
    assert {16, 20, 24, 32, 40, 48, 64, 128, 256} == {w for w, _h in ico.info["sizes"]}

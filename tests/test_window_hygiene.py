"""The counter window as a whole, the way an operator meets it all day: no window of its own
popping up, nothing drawn outside a layout, every message readable, menus that match who is
signed in, and a shortcut list that is the window's own."""

from __future__ import annotations

from datetime import date
from pathlib import PureWindowsPath

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLayout, QMessageBox, QWidget

from layar_ramah.reports.evaluation import Period
from ui.app import build_main_window

from conftest import loaded


@pytest.fixture
def window(qtbot, database, clock, staff):
    win = build_main_window(database, clock, None, staff["admin"])
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def trigger(window, text: str) -> None:
    """The menu entry whose words (without the mnemonic) are `text`."""
    for action in window.findChildren(QAction):
        if action.text().replace("&", "") == text:
            action.trigger()
            return
    raise AssertionError(text)


def in_a_layout(widget: QWidget) -> bool:
    """Is `widget` placed by its parent's layout (at any depth of nested layouts)?"""
    parent = widget.parentWidget()
    if parent is None or parent.layout() is None:
        return False

    def holds(layout: QLayout) -> bool:
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item.widget() is widget:
                return True
            if item.layout() is not None and holds(item.layout()):
                return True
        return False
    return holds(parent.layout())


def stray_children(dialog: QWidget) -> list[QWidget]:
    """Visible widgets of `dialog` that no layout places: they sit wherever Qt put them."""
    out = []
    for child in dialog.findChildren(QWidget):
        if not child.isVisibleTo(dialog) or child.isWindow():
            continue
        parent = child.parentWidget()
        if parent is None or parent.layout() is None:
            continue  # a widget that places its own children (a combo's view, a scroll area)
        if not in_a_layout(child):
            out.append(child)
    return out


# --- Evaluasi: no stray window ------------------------------------------------------------

def test_opening_evaluasi_shows_no_window_but_the_counter_window(window, qtbot):
    trigger(window, "Dasbor evaluasi")                    # Laporan → Dasbor evaluasi
    assert window.tabs.currentWidget() is window.dashboard
    qtbot.waitUntil(lambda: window.dashboard.report is not None)
    window.dashboard.reload()  # every table's note set and shown
    loaded(qtbot, window.dashboard)
    assert window.dashboard.notes["trend"].text()  # the note that used to float away
    assert visible_windows() == [window]
    for note in window.dashboard.notes.values():
        assert not note.isWindow()


def test_keluar_after_evaluasi_leaves_no_window_open(window, qtbot):
    trigger(window, "Dasbor evaluasi")
    qtbot.waitUntil(lambda: window.dashboard.report is not None)
    trigger(window, "Keluar")
    assert visible_windows() == []


def test_evaluasi_opens_on_this_month(window, clock):
    window.tabs.setCurrentWidget(window.dashboard)
    assert window.dashboard.selector.preset() == "this_month"
    assert window.dashboard.selector.period() == Period(clock.local_now().date().replace(day=1),
                                                        clock.local_now().date())


# --- the report export dialog -------------------------------------------------------------

@pytest.mark.parametrize("kind", ["pdf", "csv", "print"])
def test_every_field_of_the_export_dialog_is_placed_by_its_layout(qtbot, tmp_path, clock, kind):
    from ui.reports.export_dialog import ReportExportDialog
    dialog = ReportExportDialog(kind, lambda: clock.local_now().date(), tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert stray_children(dialog) == []
    separator = dialog.findChild(QComboBox, "csv_separator")
    assert (separator is not None and separator.isVisible()) == (kind == "csv")  # only for a CSV


def test_a_pdf_export_offers_no_csv_separator_over_the_period_row(qtbot, tmp_path, clock):
    from ui.reports.export_dialog import ReportExportDialog
    dialog = ReportExportDialog("pdf", lambda: clock.local_now().date(), tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    period = dialog.selector.geometry()
    for child in dialog.findChildren(QWidget):
        if child.isVisible() and child.parentWidget() is dialog and child is not dialog.selector:
            assert not child.geometry().intersects(period), child.objectName() or type(child).__name__


def test_the_export_dialog_names_the_period_evaluasi_shows(qtbot, tmp_path, clock):
    """Opened from Evaluasi on "Bulan ini" it says "Bulan ini", not "Pilih tanggal…" with
    that month's dates; a period no preset names stays two dates."""
    from ui.reports.export_dialog import ReportExportDialog
    today = clock.local_now().date()
    this_month = Period(today.replace(day=1), today)
    dialog = ReportExportDialog("pdf", lambda: today, tmp_path, this_month)
    qtbot.addWidget(dialog)
    assert dialog.selector.preset() == "this_month" and dialog.selector.period() == this_month
    assert dialog.path.text().endswith(f"laporan-evaluasi-{today:%Y%m01}-{today:%Y%m%d}.pdf")
    odd = Period(date(2026, 11, 3), date(2026, 11, 17))
    dialog = ReportExportDialog("csv", lambda: today, tmp_path, odd)
    qtbot.addWidget(dialog)
    assert dialog.selector.preset() == "custom" and dialog.selector.period() == odd


@pytest.mark.parametrize("kind", ["pdf", "csv"])
def test_the_export_dialog_shows_the_whole_path_it_will_write(qtbot, tmp_path, clock, kind):
    from ui.reports.export_dialog import ReportExportDialog
    documents = PureWindowsPath(r"C:\Users\Operator Loket\Documents")  # the counter PC's own
    dialog = ReportExportDialog(kind, lambda: clock.local_now().date(), documents)
    qtbot.addWidget(dialog)
    dialog.show()
    path = dialog.path
    inner = path.width() - 2 * path.style().pixelMetric(path.style().PixelMetric.PM_DefaultFrameWidth) - 4
    assert path.fontMetrics().horizontalAdvance(path.text()) <= inner, "the path is cut"
    assert dialog.width() <= 1366


def test_the_period_row_keeps_from_s_d_to_together_in_a_wide_dialog(qtbot, tmp_path, clock):
    """The dialog is as wide as its path; the period's two dates stay side by side."""
    from ui.reports.export_dialog import ReportExportDialog
    dialog = ReportExportDialog("csv", lambda: clock.local_now().date(), tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    selector = dialog.selector
    until = next(w for w in selector.findChildren(QLabel) if w.text() == "s.d.")
    gap = selector.end.geometry().left() - selector.start.geometry().right()
    assert gap <= until.sizeHint().width() + 2 * selector.layout().spacing() + 4


# --- the status bar ------------------------------------------------------------------------

def test_a_long_notice_in_the_status_bar_is_readable_whole(window, qtbot):
    text = ("A-012: survei SKM tersimpan tanpa nama. Terima kasih. Permohonan berikutnya dapat "
            "didaftarkan dengan F2 atau dipanggil dengan F12 dari loket yang dipilih.")
    window.show_notice(text)
    bar = window.statusBar()
    assert bar.currentMessage() == text
    shown = bar.findChild(QLabel, "notice_label")
    assert shown is not None and shown.isVisible()
    assert shown.text() == text and shown.toolTip() == text
    # every word of it on the screen: the label wraps within the room the bar leaves it
    qtbot.waitUntil(lambda: shown.heightForWidth(shown.width()) <= shown.height())
    assert shown.geometry().right() <= min(w.geometry().left() for w in bar.findChildren(QLabel)
                                           if w.isVisible() and w is not shown and w.parentWidget() is bar)


def test_a_notice_goes_after_its_time_and_a_new_one_replaces_it(window, qtbot):
    window.show_notice("Pertama.", 50)
    window.show_notice("Kedua.", 50)
    bar = window.statusBar()
    shown = bar.findChild(QLabel, "notice_label")
    assert shown.text() == "Kedua." and bar.currentMessage() == "Kedua."
    qtbot.waitUntil(lambda: bar.currentMessage() == "" and not shown.isVisible())


# --- menus after switching user ------------------------------------------------------------

def test_administrasi_menu_goes_when_an_operator_signs_in_and_comes_back_for_an_admin(window, staff):
    admin_menu = window.menus["admin"].menuAction()
    assert admin_menu.isVisible()
    window.session.sign_in(staff["operator"])
    assert not admin_menu.isVisible()
    for menu in window.menus.values():  # no other menu left empty either
        if menu.menuAction().isVisible():
            assert any(a.isVisible() and not a.isSeparator() for a in menu.actions()), menu.title()
    window.session.sign_in(staff["admin"])
    assert admin_menu.isVisible()


def test_an_operator_starting_the_app_sees_no_empty_menu(qtbot, database, clock, staff):
    win = build_main_window(database, clock, None, staff["operator"])
    qtbot.addWidget(win)
    win.show()
    assert not win.menus["admin"].menuAction().isVisible()


# --- F1: the shortcut list -----------------------------------------------------------------

def open_shortcut_list(window, monkeypatch):
    from ui.widgets.shortcut_list import ShortcutDialog
    shown = []
    monkeypatch.setattr(ShortcutDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args) or 0)  # the old box
    trigger(window, "Pintasan keyboard")
    assert len(shown) == 1 and isinstance(shown[0], ShortcutDialog), "F1 opens the shortcut list, not a message box"
    dialog = shown[0]
    dialog.show()
    return dialog


def listed(dialog) -> list[tuple[str, str]]:
    model = dialog.model
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())
            if not model.is_heading(r)]


def reachable_shortcuts(window) -> set[tuple[str, str]]:
    """Every shortcut an operator can press in the window now: visible actions in the
    visible menus, on the toolbars, or on the window itself."""
    from PySide6.QtWidgets import QToolBar
    actions = [a for m in window.menus.values() if m.menuAction().isVisible() for a in m.actions()]
    actions += window.actions() + [a for bar in window.findChildren(QToolBar) for a in bar.actions()]
    return {(a.shortcut().toString(), a.text().replace("&", "").rstrip("…").strip())
            for a in actions if a.isVisible() and not a.shortcut().isEmpty()}


def test_f1_lists_every_shortcut_of_the_window_in_two_aligned_columns(window, monkeypatch, qtmodeltester):
    dialog = open_shortcut_list(window, monkeypatch)
    rows = listed(dialog)
    assert set(rows) == reachable_shortcuts(window)
    keys = {k for k, _ in rows}
    assert {"F2", "F8", "F12", "Ctrl+L", "Ctrl+Shift+U", "F1", "F5", "F9"} <= keys
    assert ("F8", "Pindai slip pengantaran") in rows and ("Ctrl+L", "Kunci layar") in rows
    assert len(rows) == len(set(rows))                        # each once
    qtmodeltester.check(dialog.model)
    assert dialog.model.columnCount() == 2                    # keys in one column, words in the next
    table = dialog.table
    from PySide6.QtGui import QFontMetrics
    widest = max(QFontMetrics(table.font()).horizontalAdvance(k) for k in keys)
    assert table.columnWidth(0) >= widest                     # no key cut short
    assert table.viewport().height() >= sum(table.rowHeight(r) for r in range(dialog.model.rowCount()))


def test_the_shortcut_list_follows_who_is_signed_in(window, monkeypatch, staff):
    window.session.sign_in(staff["operator"])
    rows = listed(open_shortcut_list(window, monkeypatch))
    assert "Kroscek keberatan" not in {text for _, text in rows}  # hidden from an operator: not listed
    assert set(rows) == reachable_shortcuts(window)

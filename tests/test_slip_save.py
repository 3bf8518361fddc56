"""Saving a delivery slip as PDF: the save dialog opens in the slips' own folder, which
exists by then, never in the program's working directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from layar_ramah import workflow as wf
from ui.app import build_main_window

from conftest import loaded


@pytest.fixture
def window(qtbot, database, clock, staff):
    win = build_main_window(database, clock, None, staff["operator"])
    qtbot.addWidget(win)
    win.show()
    return win


def test_the_slips_save_dialog_opens_in_a_folder_that_exists(qtbot, window, make_request, counter, staff, clock,
                                                            monkeypatch, tmp_path):
    request = make_request(vulnerability="elderly", home_delivery=True)
    for step in (wf.complete, wf.to_signature, wf.finish):
        step(counter, request)
    delivery = request.deliveries.get()
    wf.approve_delivery(wf.Ctx(staff["kasi"], clock), delivery, staff["petugas"], clock.local_now().date())
    view = window.deliveries_view
    view.reload()
    assert loaded(qtbot, view).select_delivery(delivery.id)
    assert not view.slip_folder().exists()   # a new office: nothing saved or printed yet
    asked = []

    def save_file_name(parent, title, suggested, pattern):
        asked.append((Path(suggested), Path(suggested).parent.is_dir()))
        return str(Path(suggested)), pattern
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_file_name))
    path = view.save_selected()
    assert asked == [(view.slip_folder() / f"{delivery.number}.pdf", True)]
    assert path == view.slip_folder() / f"{delivery.number}.pdf" and path.is_file()

"""Every dialog and admin page shows a refusal the same way (ui/widgets/field_errors.py):
under the field the domain names, that field marked and focused, the rest in the general
line; correcting a field clears only its own message."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from layar_ramah.errors import ValidationError
from ui.widgets.field_errors import FieldErrors


def form(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    layout = QFormLayout(page)
    errors = FieldErrors()
    name, hours = QLineEdit(), QLineEdit()
    name.setToolTip("sesuai KTP")
    layout.addRow("Nama", errors.row("name", name))
    layout.addRow("Jam", errors.row("special_periods.0", hours))
    layout.addRow(errors.general)
    page.show()
    qtbot.waitExposed(page)
    return errors, name, hours, page  # the page kept alive: it owns the lines


def test_a_refusal_lands_under_its_field_which_is_marked_and_focused(qtbot):
    errors, name, hours, page = form(qtbot)
    assert errors.show(ValidationError("Nama wajib diisi.", field="name")) == "name"
    assert errors.message("name") == "Nama wajib diisi." and errors.message() == ""
    assert page.focusWidget() is name and name.toolTip() == "Nama wajib diisi." and "b3261e" in name.styleSheet()
    errors.clear("name")
    assert errors.message("name") == "" and name.toolTip() == "sesuai KTP" and name.styleSheet() == ""


def test_a_nested_field_falls_back_to_its_parent_and_an_unknown_one_to_the_general_line(qtbot):
    errors, name, hours, page = form(qtbot)
    assert errors.show(ValidationError("Jam selesai harus setelah jam mulai.", field="special_periods.0.hours.2")) \
        == "special_periods.0"
    assert errors.message("special_periods.0").startswith("Jam selesai") and page.focusWidget() is hours
    assert errors.show(ValidationError("Penyimpanan penuh.")) is None
    assert errors.message() == "Penyimpanan penuh." and errors.message("special_periods.0") == ""


def test_a_whole_form_shows_every_message_and_focuses_the_first(qtbot):
    errors, name, hours, page = form(qtbot)
    errors.show_all([ValidationError("Nama wajib diisi.", field="name"),
                     ValidationError("Jam wajib diisi.", field="special_periods.0")])
    assert errors.message("name") and errors.message("special_periods.0") and page.focusWidget() is name
    errors.set("special_periods.0", "")
    assert errors.message("special_periods.0") == "" and errors.message("name") == "Nama wajib diisi."

"""Refusals shown at the field that caused them, the same way in every dialog and page.

A DomainError names its field (`exc.field`); `FieldErrors` puts its Indonesian message in
a red line right under that field, marks the field and moves the keyboard there. A
message whose field this form does not have goes to the form's general line.

    errors = FieldErrors()
    form.addRow(tr("Nama"), errors.row("name", self.name_edit))   # field + its error line
    layout.addWidget(errors.general)
    ...
    except DomainError as exc:
        errors.show(exc)

`MessageLine` is the line itself (also for warnings and hints under a field): it takes no
room while empty, so a form without messages stays compact.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from layar_ramah.errors import DomainError

ERROR_COLOUR = "#8e1b14"
# Selectors, not a bare rule: the border must reach the input inside a wrapped row, not
# the labels beside it.
_MARKED = ("QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QTableView, QListView "
           "{ border: 1px solid #b3261e; border-radius: 2px; }")


class MessageLine(QLabel):
    """A wrapped line of text under a field, hidden while empty."""

    STYLES = {"error": f"color: {ERROR_COLOUR};",
              "warning": "color: #5c3b00; background: #fff4d6; padding: 3px;",
              "info": "color: #555555;", "good": "color: #1b5e20;"}

    def __init__(self, kind: str = "error", parent: QWidget | None = None, name: str = ""):
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.setWordWrap(True)
        self.set_kind(kind)
        self.setVisible(False)

    def set_kind(self, kind: str) -> None:
        self.setStyleSheet(self.STYLES[kind])

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


class FieldErrors:
    """The error lines of one form, by the domain's field names."""

    def __init__(self, general: QLabel | None = None):
        self.general = general if general is not None else MessageLine("error", name="error_general")
        self.labels: dict[str, QLabel] = {}          # field (or alias) -> its error line
        self._widgets: dict[str, QWidget] = {}       # field -> the input to mark and focus
        self._own: dict[QWidget, tuple[str, str]] = {}  # a marked input's own style sheet and tooltip
        self._general_style = self.general.styleSheet()

    # --- building the form --------------------------------------------------------------
    def add(self, field: str, *aliases: str) -> QLabel:
        """A hidden error line for `field` (and `aliases`: other names the domain uses for it)."""
        label = MessageLine("error", name=f"error_{field}")
        for name in (field, *aliases):
            self.labels[name] = label
        return label

    def bind(self, field: str, widget: QWidget, *aliases: str) -> QLabel:
        """As `add`; an error at `field` also marks `widget` and moves the focus to it."""
        for name in (field, *aliases):
            self._widgets[name] = widget
        return self.add(field, *aliases)

    def row(self, field: str, widget: QWidget, *aliases: str, extra: QWidget | None = None) -> QWidget:
        """`widget` with its error line under it (and `extra` between them), for a form row."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if extra is not None:
            column.addWidget(extra)
        column.addWidget(self.bind(field, widget, *aliases))
        return box

    # --- showing ------------------------------------------------------------------------
    def _match(self, field: str | None) -> str | None:
        # "special_periods.0.hours.2" falls back to "special_periods.0", then "special_periods".
        while field:
            if field in self.labels:
                return field
            field = field.rpartition(".")[0]
        return None

    def show(self, exc: DomainError) -> str | None:
        """Only this refusal: at its field, or in the general line. Returns the field used."""
        self.clear()
        return self._show(exc, focus=True)

    def show_all(self, errors: list[DomainError]) -> None:
        """Several refusals at once (a whole form checked on save); the focus goes to the first."""
        self.clear()
        for exc in reversed(errors):  # the last one shown takes the focus: the first in the form
            self._show(exc, focus=True)

    def set(self, field: str, message: str) -> None:
        """One field's line only (a check as the operator leaves the field); "" clears it."""
        key = self._match(field)
        if key is None:
            return
        self.labels[key].setText(message)
        self.labels[key].setVisible(bool(message))
        self._mark(key, message)

    def _show(self, exc: DomainError, focus: bool) -> str | None:
        key = self._match(exc.field)
        if key is None:
            self.general.setText(exc.message)
            self.general.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.general.show()
            return None
        self.labels[key].setText(exc.message)
        self.labels[key].show()
        widget = self._mark(key, exc.message)
        if focus and widget is not None:
            widget.setFocus()
        return key

    def _mark(self, key: str, message: str) -> QWidget | None:
        widget = self._widgets.get(key)
        if widget is None:
            return None
        if message:
            if widget not in self._own:
                self._own[widget] = (widget.styleSheet(), widget.toolTip())
                widget.setStyleSheet(self._own[widget][0] + "\n" + _MARKED)
            widget.setToolTip(message)
        elif widget in self._own:
            style, tip = self._own.pop(widget)
            widget.setStyleSheet(style)
            widget.setToolTip(tip)
        return widget

    def clear(self, field: str | None = None) -> None:
        """Every line of the form (or only `field`'s)."""
        if field is not None:
            self.set(field, "")
            return
        for key, label in self.labels.items():
            label.clear()
            label.hide()
            self._mark(key, "")
        self.general.clear()
        self.general.hide()
        self.general.setStyleSheet(self._general_style)

    def message(self, field: str | None = None) -> str:
        """The message shown at `field` (None: the general line); "" when nothing is shown."""
        label = self.general if field is None else self.labels[field]
        return label.text() if not label.isHidden() else ""


def grow_to_fit(dialog: QWidget) -> None:
    """After a message appeared: grow so a long one is not cut off."""
    dialog.layout().activate()
    needed = dialog.heightForWidth(dialog.width())
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)

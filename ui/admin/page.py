"""What every admin page shares: a title, a line for notices, refusals shown at the field
that caused them, and one way to call a domain function."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from layar_ramah.errors import DomainError
from ui.admin.table_model import select_id, source_row
from ui.widgets.field_errors import FieldErrors


class AdminPage(QWidget):
    """A page of the administration window. Subclasses build their form under
    `self.body` and implement `reload()`."""

    data_written = Signal()
    title = ""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        heading = QLabel(self.tr(self.title), self)
        heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(heading)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.errors = FieldErrors(self.notice)
        self.body = QVBoxLayout()
        layout.addLayout(self.body, 1)

    def ctx(self):
        return self.session.ctx()

    def act(self, fn, *args, **kwargs):
        """Call a domain function. A refusal is shown at its field and None returned;
        on success the page reloads and `data_written` is emitted."""
        try:
            result = fn(*args, **kwargs)
        except DomainError as exc:
            self.errors.show(exc)
            return None
        self.errors.clear()
        self.reload()
        self.data_written.emit()
        return result

    def say(self, text: str) -> None:
        """A quiet confirmation in the notice line (cleared by the next refusal)."""
        self.notice.setStyleSheet("color: #1b5e20;")
        self.notice.setText(text)
        self.notice.show()

    def reload(self) -> None:
        raise NotImplementedError


class RecordPage(AdminPage):
    """A table of records on the left and the selected one's form on the right. Subclasses
    set `self.view`, `self.proxy`, `self.model` and give `load_rows()`, `_fill(row)` and
    `start_new()`; `self.current` is the record being edited (None: a new one)."""

    current = None

    def load_rows(self) -> list:
        raise NotImplementedError

    def reload(self) -> None:
        """Re-read the records, keeping the one being edited selected."""
        keep = self.current.id if self.current is not None else None
        self.model.set_rows(self.load_rows())
        if keep is None or not self.select(keep):
            self.start_new()

    def select(self, record_id: int) -> bool:
        row = select_id(self.view, self.proxy, record_id)
        if row is None:
            return False
        self._fill(row)
        return True

    def _selection_changed(self, *_args) -> None:
        row = source_row(self.view, self.proxy)
        if row is not None:
            self._fill(row)

    def record_buttons(self, parent, *extra: QPushButton) -> QHBoxLayout:
        """Baru, Nonaktifkan / Aktifkan kembali, any `extra` buttons, and Simpan on the right
        (the default: Enter in the form saves), as every record page has them."""
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("Baru"), parent)
        self.new_button.clicked.connect(self.start_new)
        self.active_button = QPushButton(self.tr("Nonaktifkan"), parent)
        self.active_button.clicked.connect(self.toggle_active)
        self.save_button = QPushButton(self.tr("Simpan"), parent)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        for button in (self.new_button, self.active_button, *extra):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        return buttons

    def showEvent(self, event) -> None:
        # A dialog has one default button: the page being shown takes it, so Enter saves
        # the form in view and never a hidden page's.
        if getattr(self, "save_button", None) is not None:
            self.save_button.setDefault(True)
        super().showEvent(event)

    def show_active(self, active: bool | None) -> None:
        """The (de)activate button for a record that is `active`; None: a new record."""
        self.active_button.setEnabled(active is not None)
        self.active_button.setText(self.tr("Aktifkan kembali") if active is False else self.tr("Nonaktifkan"))

    def set_active(self, record_id: int, active: bool):
        """The domain call that (de)activates a record; returns it, or None if refused."""
        raise NotImplementedError

    def describe(self, record) -> str:
        """The record as a notice names it: "Layanan SKTM", "Desa Betro", an officer's name."""
        raise NotImplementedError

    def toggle_active(self) -> None:
        """Records are deactivated, never deleted; the same button brings them back."""
        if self.current is None:
            return
        record = self.set_active(self.current.id, not self.current.active)
        if record is not None:
            self.select(record.id)
            word = self.tr("diaktifkan kembali") if record.active else self.tr("dinonaktifkan")
            self.say(self.tr("{0} {1}.").format(self.describe(record), word))

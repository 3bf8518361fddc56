"""Pengaturan: every setting of the office (layar_ramah.settings) and of this PC
(ui/pc_settings.py), one tab per section, each field built from its declaration.

Each field is checked by the domain as it is edited (the message appears under it) and the
section's explanation follows the values being typed (what the warning threshold means for
a 60- and a 15-minute service, what happens at the end of the retention period). "Simpan"
checks every field again, then saves the office's settings (one history event) and this
PC's (one more, naming the PC); both are in force at once. The printers of this PC, chosen
in the print dialog, are on the tickets' tab.

Tabs rather than one long form: at 1366×768 every section is seen whole, with its hints
and its explanation, without scrolling; a refusal opens the tab of its field."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import settings
from layar_ramah.errors import DomainError, ValidationError
from ui import pc_settings
from ui.admin import setting_fields
from ui.admin.page import AdminPage
from ui.admin.printers_box import PrintersBox

EXPLAIN_STYLE = "background: #eef3f8; color: #1d3b57; padding: 8px; border-radius: 3px;"
HINT_STYLE = "color: #555555;"
# The printers of this PC go with the ticket paper: one place to set up the ticket printer.
PRINTERS_WITH = "printing"


class SettingsPage(AdminPage):
    title = QT_TR_NOOP("Pengaturan")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.fields: dict[str, QWidget] = {}
        self.explanations: dict[str, QLabel] = {}
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settings_tabs")
        self.tab_of: dict[str, int] = {}  # section -> its tab
        for key, title in settings.SECTIONS.items():
            self.tab_of[key] = self.tabs.addTab(self._section(key), self.tr(title))
        self.body.addWidget(self.tabs, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton(self.tr("Batalkan perubahan"), self)
        self.revert_button.clicked.connect(self.reload)
        self.save_button = QPushButton(self.tr("Simpan pengaturan"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        self.body.addLayout(buttons)
        self.reload()

    # --- building -------------------------------------------------------------------------
    def _section(self, section: str) -> QWidget:
        page = QWidget(self)
        page.setObjectName(f"section_{section}")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(16, 14, 16, 10)
        # A grid, not a QFormLayout: the form gave a wrapped hint two lines' height for one.
        form = QGridLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(12)
        form.setColumnStretch(1, 1)
        outer.addLayout(form)
        for key, spec in settings.SPECS.items():
            if spec.section != section:
                continue
            widget = setting_fields.make(spec, page)
            column = QWidget(page)
            rows = QVBoxLayout(column)
            rows.setContentsMargins(0, 0, 0, 0)
            rows.setSpacing(3)
            line = QHBoxLayout()
            line.addWidget(widget)
            line.addStretch(1)
            rows.addLayout(line)
            rows.addWidget(self.errors.bind(key, widget))  # the whole width, not the spin box's
            if spec.help:
                widget.setToolTip(self.tr(spec.help))
                hint = QLabel(self.tr(spec.help), column)
                hint.setWordWrap(True)
                hint.setStyleSheet(HINT_STYLE)
                rows.addWidget(hint)
            row = form.rowCount()
            if spec.kind != "bool":
                label = QLabel(self.tr(spec.label), page)
                label.setBuddy(widget)
                label.setContentsMargins(0, 3, 0, 0)  # level with the text in the box beside it
                form.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            form.addWidget(column, row, 1)
            self.fields[key] = widget
            setting_fields.on_change(widget, lambda k=key: self._edited(k))
        if section in settings.EXPLAINERS:
            label = QLabel(page)
            label.setObjectName(f"explain_{section}")
            label.setWordWrap(True)
            label.setStyleSheet(EXPLAIN_STYLE)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            outer.addSpacing(8)
            outer.addWidget(label)
            self.explanations[section] = label
        if section == PRINTERS_WITH:
            self.printers = PrintersBox(self.say, page)
            outer.addSpacing(8)
            outer.addWidget(self.printers)
        outer.addStretch(1)
        return page

    def show_section(self, section: str) -> None:
        self.tabs.setCurrentIndex(self.tab_of[section])

    def show_refusal(self, exc: DomainError) -> None:
        """On the tab of the field it concerns, at that field."""
        spec = settings.SPECS.get(exc.field or "")
        if spec is not None:
            self.show_section(spec.section)
        self.errors.show(exc)

    # --- values ---------------------------------------------------------------------------
    def values(self, scope: str | None = None) -> dict:
        return {key: setting_fields.read(settings.SPECS[key], widget) for key, widget in self.fields.items()
                if scope is None or settings.SPECS[key].scope == scope}

    def in_force(self) -> dict:
        return {**settings.current(), **pc_settings.values()}

    def reload(self) -> None:
        for key, value in self.in_force().items():
            widget = self.fields.get(key)
            if widget is not None:
                widget.blockSignals(True)
                setting_fields.write(settings.SPECS[key], widget, value)
                widget.blockSignals(False)
        self.errors.clear()
        self._explain()
        self.printers.reload()

    def _explain(self) -> None:
        values = self.values()
        for section, label in self.explanations.items():
            text = settings.explain(section, {k: v for k, v in values.items()
                                              if settings.SPECS[k].section == section})
            label.setText(text or self.tr("Perbaiki isian di atas untuk melihat artinya."))

    def _edited(self, key: str) -> None:
        """Check the one field as it is edited (its line only: another field's message stays);
        the explanation follows the typed values."""
        spec = settings.SPECS[key]
        try:
            spec.clean(setting_fields.read(spec, self.fields[key]))
        except ValidationError as exc:
            self.errors.set(key, exc.message)
        else:
            self.errors.set(key, "")
        self._explain()

    def refusals(self) -> list[ValidationError]:
        out = []
        for key, value in self.values().items():
            try:
                settings.SPECS[key].clean(value)
            except ValidationError as exc:
                out.append(exc)
        return out

    def save(self) -> bool:
        refused = self.refusals()
        if refused:  # every refused field marked; the first one's tab opens, the keyboard goes there
            self.show_section(settings.SPECS[refused[0].field].section)
            self.errors.show_all(refused)
            return False
        try:
            changed = {**settings.change(self.ctx(), **self.values("office")),
                       **pc_settings.change(self.ctx(), **self.values("pc"))}
        except DomainError as exc:
            self.show_refusal(exc)
            return False
        self.reload()
        if changed:
            self.data_written.emit()
        self.say(self.tr("Pengaturan tersimpan dan langsung berlaku.") if changed
                 else self.tr("Tidak ada yang berubah."))
        return True

    # the printers box's actions, under the names the page always had
    @property
    def printer_labels(self):
        return self.printers.printer_labels

    @property
    def forget_buttons(self):
        return self.printers.forget_buttons

    def choose_printer(self, key: str) -> bool:
        return self.printers.choose_printer(key)

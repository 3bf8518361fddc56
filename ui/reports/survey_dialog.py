"""The SKM survey form: the nine elements with the regulation's four worded answers,
the respondent's profile and an optional comment.

Big buttons so the citizen can answer on a touch screen; a quick-entry box so the
operator copying a paper form types the nine answers as digits. The form checks its
input with the domain's own validators, showing each problem under its element; the
write itself goes through the window (report_actions). No name is asked or shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from layar_ramah.errors import ValidationError
from layar_ramah.skm import ELEMENTS, PROFILE_FIELDS, clean_comment, clean_profile, validate_response
from ui.widgets.field_errors import FieldErrors

CHOICE_STYLE = """
QPushButton { background: #f4f6f8; border: 1px solid #b8c2cc; border-radius: 6px; padding: 6px 10px;
              font-size: 12pt; color: #1d2733; }
QPushButton:checked { background: #2d6a9f; border: 2px solid #1d4f7a; color: white; font-weight: bold; }
QPushButton:focus { border: 2px solid #e0a100; }
"""
BUTTON_HEIGHT = 52


@dataclass
class SurveyInput:
    answers: tuple[int, ...]
    profile: dict[str, str]
    comment: str


class ChoiceRow(QWidget):
    """A row of large checkable buttons; the chosen one is coloured and ticked (✓)."""

    def __init__(self, options: list[tuple[object, str]], *, optional: bool = False, columns: int = 0,
                 parent=None):
        super().__init__(parent)
        self.optional = optional
        self.group = QButtonGroup(self)
        self.group.setExclusive(not optional)  # a profile answer may be taken back
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        columns = columns or len(options)
        self.buttons: dict[object, QPushButton] = {}
        for i, (value, text) in enumerate(options):
            button = QPushButton(text, self)
            button.setCheckable(True)
            button.setMinimumHeight(BUTTON_HEIGHT)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setStyleSheet(CHOICE_STYLE)
            button.setProperty("plain_text", text)
            button.toggled.connect(lambda on, b=button: self._toggled(b, on))
            self.group.addButton(button)
            self.buttons[value] = button
            layout.addWidget(button, i // columns, i % columns)

    def _toggled(self, button: QPushButton, on: bool) -> None:
        if on and self.optional:
            for other in self.buttons.values():
                if other is not button and other.isChecked():
                    other.setChecked(False)
        button.setText(("✓ " if on else "") + button.property("plain_text"))

    def value(self):
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return None

    def set_value(self, value) -> None:
        if value in self.buttons:
            self.buttons[value].setChecked(True)


class SurveyDialog(QDialog):
    def __init__(self, service_name: str, ticket: str, parent=None):
        super().__init__(parent)
        self.setObjectName("survey_dialog")
        self.setWindowTitle(self.tr("Survei Kepuasan Masyarakat (SKM)"))
        self.result_input: SurveyInput | None = None
        self.errors = FieldErrors()
        self.errors.general.setStyleSheet(self.errors.general.styleSheet() + " font-size: 11pt;")
        self.element_rows: dict[str, ChoiceRow] = {}
        self.profile_rows: dict[str, ChoiceRow] = {}
        self._anchors: dict[str, QWidget] = {}

        outer = QVBoxLayout(self)
        head = QLabel(self.tr("<b>Survei Kepuasan Masyarakat</b> — layanan {s} (nomor antrian {t}).<br>"
                              "Mohon pilih satu jawaban untuk setiap pertanyaan.").format(s=service_name, t=ticket))
        head.setWordWrap(True)
        head.setStyleSheet("font-size: 11pt;")
        outer.addWidget(head)
        # What is kept, said as it is (README, "Personal data"): the row points at the request
        # so that a request is surveyed once; the name stays with the request, never in the
        # answers, and reports show only counts, averages and unsigned suggestions.
        self.statement = QLabel(self.tr(
            "Jawaban Anda disimpan tanpa nama. Nomor permohonan ikut dicatat hanya agar satu permohonan "
            "tidak disurvei dua kali; laporan hanya menampilkan jumlah, rata-rata, dan saran tanpa nama "
            "pengirimnya."))
        self.statement.setObjectName("survey_statement")
        self.statement.setWordWrap(True)
        self.statement.setStyleSheet("color: #394b5c;")
        outer.addWidget(self.statement)
        quick_row = QHBoxLayout()
        quick_label = QLabel(self.tr("Isi cepat dari formulir kertas (9 angka 1–4):"))
        self.quick = QLineEdit(self)
        self.quick.setObjectName("quick_entry")
        self.quick.setMaxLength(9)
        self.quick.setPlaceholderText("343434343")
        self.quick.setMaximumWidth(160)
        self.quick.textEdited.connect(self._quick_entry)
        quick_row.addWidget(quick_label)
        quick_row.addWidget(self.quick)
        quick_row.addStretch(1)
        outer.addLayout(quick_row)
        outer.addWidget(self._error("answers"))

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        form = QVBoxLayout(body)
        form.setSpacing(6)
        for number, element in enumerate(ELEMENTS, start=1):
            title = QLabel(f"<b>{number}. {element.name}</b> — {element.question}")
            title.setWordWrap(True)
            title.setStyleSheet("font-size: 11pt; margin-top: 8px;")
            row = ChoiceRow(list(zip((1, 2, 3, 4), element.options)), parent=body)
            row.setObjectName(f"element_{element.code}")
            self.element_rows[element.code] = row
            self._anchors[f"answers.{element.code}"] = title
            form.addWidget(title)
            form.addWidget(row)
            form.addWidget(self._error(f"answers.{element.code}"))
        profile_title = QLabel(self.tr("<b>Profil responden</b> (boleh dikosongkan; ketuk lagi untuk membatalkan)"))
        profile_title.setStyleSheet("font-size: 11pt; margin-top: 14px;")
        form.addWidget(profile_title)
        for name, (label, options) in PROFILE_FIELDS.items():
            caption = QLabel(label)
            caption.setStyleSheet("font-size: 11pt; margin-top: 4px;")
            row = ChoiceRow(list(options), optional=True, columns=6, parent=body)
            row.setObjectName(f"profile_{name}")
            self.profile_rows[name] = row
            self._anchors[name] = caption
            form.addWidget(caption)
            form.addWidget(row)
            form.addWidget(self._error(name))
        comment_label = QLabel(self.tr("<b>Saran dan masukan</b> (boleh dikosongkan)"))
        comment_label.setStyleSheet("font-size: 11pt; margin-top: 14px;")
        self.comment = QPlainTextEdit(body)
        self.comment.setObjectName("comment")
        self.comment.setFixedHeight(90)
        self.comment.setFont(QFont(self.font().family(), 12))
        self._anchors["comment"] = comment_label
        form.addWidget(comment_label)
        form.addWidget(self.comment)
        form.addWidget(self._error("comment", "profile"))
        form.addStretch(1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)

        outer.addWidget(self.errors.general)
        buttons = QDialogButtonBox(self)
        self.submit_button = buttons.addButton(self.tr("Kirim survei"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit_button.setObjectName("submit_survey")
        cancel = buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.submit_button, cancel):
            button.setMinimumHeight(BUTTON_HEIGHT)
            button.setMinimumWidth(180)
            button.setStyleSheet("font-size: 12pt;")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.resize(1100, 720)

    def _error(self, field: str, *aliases: str) -> QLabel:
        label = self.errors.add(field, *aliases)
        label.setStyleSheet(label.styleSheet() + " font-size: 11pt; font-weight: bold;")
        return label

    # --- input ---------------------------------------------------------------------
    def answers(self) -> list[int | None]:
        return [self.element_rows[e.code].value() for e in ELEMENTS]

    def profile(self) -> dict[str, str]:
        return {name: row.value() or "" for name, row in self.profile_rows.items()}

    def _quick_entry(self, text: str) -> None:
        for element, digit in zip(ELEMENTS, text):
            if digit in "1234":
                self.element_rows[element.code].set_value(int(digit))

    def accept(self) -> None:
        """Check with the domain's validators; stay open with the message at its field."""
        try:
            answers = validate_response(self.answers())
            profile = clean_profile(self.profile())
            comment = clean_comment(self.comment.toPlainText())
        except ValidationError as exc:
            key = self.errors.show(exc)
            label = self.errors.labels[key] if key is not None else self.errors.general
            anchor = self._anchors.get(exc.field or "")
            # after the layout has made room for the message: the question, then its message
            QTimer.singleShot(0, lambda: self._reveal(anchor, label))
            return
        self.errors.clear()
        self.result_input = SurveyInput(answers, profile, comment)
        super().accept()

    def _reveal(self, anchor: QWidget | None, label: QWidget) -> None:
        if anchor is not None:
            self.scroll.ensureWidgetVisible(anchor, 0, 20)
        self.scroll.ensureWidgetVisible(label, 0, 20)

    @classmethod
    def ask(cls, parent, request) -> SurveyInput | None:
        dialog = cls(request.service.name, request.ticket, parent)
        return dialog.result_input if dialog.exec() == QDialog.DialogCode.Accepted else None

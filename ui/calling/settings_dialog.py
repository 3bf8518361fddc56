"""Tampilan → Loket dan suara panggilan…: which counter this PC is, whether this PC's
waiting-room screen speaks, and (for an admin) the office's sound for calls.

The first two belong to this PC (this_pc.py, QSettings); the sound is the office's
(layar_ramah.calling.settings), changed only through the domain, refused at its field."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from layar_ramah.access import can
from layar_ramah.calling import counters
from layar_ramah.calling.settings import CALL_SOUND, SOUND_LABELS, call_sound, set_call_sound
from layar_ramah.errors import DomainError
from ui import pc_settings
from ui.calling import this_pc
from ui.calling.player import SoundPlayer
from ui.widgets.field_errors import FieldErrors


class CallSettingsDialog(QDialog):
    def __init__(self, session, parent=None, player: SoundPlayer | None = None):
        super().__init__(parent)
        self.session = session
        self.player = player or SoundPlayer.for_this_pc()
        self.setWindowTitle(self.tr("Loket dan suara panggilan"))
        self.errors = FieldErrors()
        form = QFormLayout()

        self.counter = QComboBox(self)
        self.counter.setObjectName("this_counter")
        for row in counters.active_counters():
            self.counter.addItem(counters.counter_label(row.number, row.name), row.id)
        current = self.counter.findData(this_pc.counter_id())
        self.counter.setCurrentIndex(max(0, current))
        form.addRow(self.tr("Komputer ini adalah"), self.counter)
        if self.counter.count() == 0:
            self.counter.setEnabled(False)
            form.addRow("", QLabel(self.tr("Belum ada loket aktif. Admin menambahkannya di "
                                           "Administrasi → Loket."), self))

        self.speaks = QCheckBox(self.tr("Layar ruang tunggu di komputer ini bersuara"), self)
        self.speaks.setObjectName("this_pc_speaks")
        self.speaks.setChecked(this_pc.speaks())
        form.addRow("", self.speaks)
        hint = QLabel(self.tr("Centang hanya di komputer yang tersambung ke TV dan pengeras suara ruang "
                              "tunggu, agar panggilan tidak terdengar dua kali."), self)
        hint.setWordWrap(True)
        form.addRow("", hint)

        self.sound = QComboBox(self)
        self.sound.setObjectName("call_sound")
        for key, label in SOUND_LABELS.items():
            self.sound.addItem(self.tr(label), key)
        self.sound.setCurrentIndex(self.sound.findData(call_sound()))
        self._sound_before = call_sound()
        admin = can(session.officer, "administer")
        self.sound.setEnabled(admin)
        if not admin:
            self.sound.setToolTip(self.tr("Suara panggilan berlaku untuk seluruh kantor; hanya admin "
                                          "yang dapat mengubahnya."))
        form.addRow(self.tr("Suara panggilan (seluruh kantor)"), self.sound)
        form.addRow("", self.errors.add(CALL_SOUND))

        self.try_button = QPushButton(self.tr("Dengarkan contoh"), self)
        self.try_button.setObjectName("try_call_sound")
        self.try_button.clicked.connect(self.play_sample)
        if not self.player.can_play:
            self.try_button.setEnabled(False)
            self.try_button.setToolTip(self.tr("Komputer ini tidak dapat memutar suara: panggilan hanya "
                                               "tampil di layar."))
        form.addRow("", self.try_button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)

    def chosen_counter(self) -> int | None:
        return self.counter.currentData()

    def play_sample(self) -> None:
        """The call as the waiting room would hear it, for this PC's counter."""
        row = counters.counter_by_id(self.chosen_counter())
        self.player.play_call("A-001", row.number if row else 1, self.sound.currentData())

    def save(self) -> None:
        sound = self.sound.currentData()
        try:
            if self.sound.isEnabled() and sound != self._sound_before:
                set_call_sound(self.session.ctx(), sound)
            # this PC's own setting, recorded in the admin history like the Pengaturan page does
            pc_settings.change(self.session.ctx(), call_speaks=self.speaks.isChecked())
        except DomainError as exc:
            self.errors.show(exc)
            return
        if self.chosen_counter() is not None:
            this_pc.set_counter_id(self.chosen_counter())
        self.accept()

    def closeEvent(self, event) -> None:
        self.player.close()
        super().closeEvent(event)

    @classmethod
    def ask(cls, parent, session) -> bool:
        """True when the choices were saved."""
        dialog = cls(session, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.player.close()

"""Administrasi › Server basis data: where this PC's data lives. One counter PC keeps its
file; an office with several counter PCs points each of them at one PostgreSQL server on
the LAN (README "Jaringan kantor"). Set up once here and remembered on this PC
(layar_ramah.engine.connections: the password sealed apart from the settings file); the
change takes effect at the next start, so nothing already on screen changes under the
operator. "Uji sambungan" connects off the GUI thread (a dead server takes seconds)."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from layar_ramah import db as dbmod
from layar_ramah.engine import connections
from layar_ramah.engine.postgresql import DEFAULT_PORT
from layar_ramah.errors import DomainError
from ui.admin.page import AdminPage
from ui.widgets.background import Task, run_with_progress


class ServerPage(AdminPage):
    title = QT_TR_NOOP("Server basis data")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.now = QLabel(self)
        self.now.setWordWrap(True)
        self.body.addWidget(self.now)

        box = QGroupBox(self.tr("Server PostgreSQL kantor (untuk beberapa komputer loket)"), self)
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.host = QLineEdit(box)
        self.host.setPlaceholderText(self.tr("nama atau alamat IP komputer server, misalnya 192.168.1.10"))
        form.addRow(self.tr("&Alamat server"), self.errors.row("host", self.host))
        self.port = QLineEdit(str(DEFAULT_PORT), box)
        self.port.setMaximumWidth(90)
        form.addRow(self.tr("P&ort"), self.errors.row("port", self.port))
        self.dbname = QLineEdit("layar_ramah", box)
        form.addRow(self.tr("&Nama basis data"), self.errors.row("dbname", self.dbname))
        self.user = QLineEdit("kantor", box)
        form.addRow(self.tr("Pen&gguna"), self.errors.row("user", self.user))
        self.password = QLineEdit(box)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("disimpan tersegel di komputer ini, tidak di berkas pengaturan"))
        form.addRow(self.tr("&Kata sandi"), self.errors.row("password", self.password))
        column.addLayout(form)
        buttons = QHBoxLayout()
        self.test_button = QPushButton(self.tr("&Uji sambungan"), box)
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton(self.tr("&Simpan untuk komputer ini"), box)
        self.save_button.clicked.connect(self.save)
        self.local_button = QPushButton(self.tr("Pakai &berkas di komputer ini"), box)
        self.local_button.clicked.connect(self.use_local_file)
        self.move_button = QPushButton(self.tr("&Pindahkan data komputer ini ke server"), box)
        self.move_button.setToolTip(self.tr(
            "Sekali saja, saat kantor mulai memakai server: semua data berkas ini disalin ke basis data "
            "server yang masih kosong, lalu diperiksa baris demi baris dan rantai riwayatnya. "
            "Berkas di komputer ini tidak diubah."))
        self.move_button.clicked.connect(self.move_here)
        for button in (self.test_button, self.save_button, self.local_button, self.move_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.result = QLabel(box)
        self.result.setWordWrap(True)
        column.addWidget(self.result)
        self.body.addWidget(box)
        note = QLabel(self.tr(
            "Perubahan berlaku saat aplikasi dibuka berikutnya. Data berkas di komputer ini tidak "
            "berpindah sendiri: pindahkan sekali dengan tombol «Pindahkan data komputer ini ke server» "
            "(README, bagian Jaringan kantor)."), self)
        note.setWordWrap(True)
        self.body.addWidget(note)
        self.body.addStretch(1)
        self._task: Task | None = None
        self.reload()

    def reload(self) -> None:
        engine = dbmod.engine()
        where = (self.tr("server {label}").format(label=engine.label) if engine.kind == "postgresql"
                 else self.tr("berkas {label}").format(label=engine.label))
        kept = connections.remembered(dbmod.data_dir())
        nxt = (self.tr("server {label}").format(label=kept[0].label) if kept is not None
               else self.tr("berkas di komputer ini"))
        self.now.setText(self.tr("Sekarang data dibaca dari {where}. Saat dibuka berikutnya: {next}.")
                         .format(where=where, next=nxt))
        self.move_button.setEnabled(engine.kind == "sqlite" and engine.path is not None)
        if kept is not None:
            address = kept[0]
            self.host.setText(address.host)
            self.port.setText(str(address.port))
            self.dbname.setText(address.dbname)
            self.user.setText(address.user)

    def _address(self):
        try:
            address = connections.clean(self.host.text(), self.port.text(), self.dbname.text(), self.user.text())
        except DomainError as exc:
            self.errors.show(exc)
            return None
        self.errors.clear()
        return address

    def test_connection(self) -> None:
        address = self._address()
        if address is None or (self._task is not None and self._task.running):
            return
        password = self.password.text()
        self.result.setText(self.tr("Menghubungi {where} …").format(where=address.label))
        self.test_button.setEnabled(False)
        self._task = Task(lambda: connections.probe(address, password), self)
        self._task.done.connect(self._tested)
        self._task.failed.connect(self._tested)
        self._task.start()

    def _tested(self, outcome) -> None:
        self.test_button.setEnabled(True)
        if isinstance(outcome, DomainError):
            self.result.setStyleSheet("color: #b71c1c;")
            self.result.setText(outcome.message)
        elif isinstance(outcome, BaseException):
            raise outcome
        else:
            self.result.setStyleSheet("color: #1b5e20;")
            self.result.setText(outcome)

    def save(self) -> None:
        address = self._address()
        if address is None:
            return
        connections.remember(dbmod.data_dir(), address, self.password.text() or None)
        self.password.clear()
        self.reload()
        self.say(self.tr("Disimpan. Saat dibuka berikutnya, komputer ini memakai server {label}.")
                 .format(label=address.label))

    def use_local_file(self) -> None:
        connections.forget(dbmod.data_dir())
        self.reload()
        self.say(self.tr("Saat dibuka berikutnya, komputer ini memakai berkas datanya sendiri."))

    def move_here(self) -> None:
        """This PC's file into the (empty) server database, checked; then remembered."""
        address = self._address()
        path = dbmod.engine().path
        if address is None or path is None:
            return
        password = self.password.text() or None
        from layar_ramah.engine.pg_move import move
        try:
            report = run_with_progress(
                self, self.tr("Memindahkan data ke server"),
                lambda step: move(path, address.url, password=password, progress=lambda text: step(text, None)),
                self.tr("Menghubungi {where} …").format(where=address.label))
        except DomainError as exc:
            self.result.setStyleSheet("color: #b71c1c;")
            self.result.setText(exc.message)
            return
        if not report.ok:
            self.result.setStyleSheet("color: #b71c1c;")
            self.result.setText(report.summary())
            return
        connections.remember(dbmod.data_dir(), address, password)
        self.password.clear()
        self.reload()
        self.result.setStyleSheet("color: #1b5e20;")
        self.result.setText(report.summary() + " " + self.tr(
            "Komputer ini memakai server itu mulai aplikasi dibuka berikutnya: tutup lalu buka kembali."))

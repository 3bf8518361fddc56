"""Choosing a backup to restore, and the confirmation that says what will be replaced."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
)

from layar_ramah import backup
from layar_ramah.wording import format_datetime_id


def tr(text: str) -> str:
    return QCoreApplication.translate("RestoreDialog", text)


def format_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class BackupListModel(QAbstractTableModel):
    """The backups of one database, newest first."""

    WHEN, KIND, SIZE = range(3)
    HEADERS = ("Dibuat", "Jenis", "Ukuran")
    SORT_ROLE = Qt.UserRole + 1

    def __init__(self, backups: list[backup.BackupInfo], parent=None):
        super().__init__(parent)
        self._rows = list(backups)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(self.HEADERS):
            return tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            if column == self.WHEN:
                return format_datetime_id(info.taken_at)
            if column == self.KIND:
                label = tr(backup.KIND_LABELS[info.kind])
                return tr("{kind} (ringkas)").format(kind=label) if info.compact else label
            if column == self.SIZE:
                return format_size(info.size)
        elif role == self.SORT_ROLE:
            return (info.seq, info.kind, info.size)[column]
        elif role == Qt.ToolTipRole:
            if info.compact:
                return tr("{path}\nDisimpan ringkas: hanya bagian yang berbeda dari cadangan yang lebih baru. "
                          "Saat dipulihkan, cadangan ini disusun kembali utuh dan diperiksa.").format(path=info.path)
            return str(info.path)
        elif role == Qt.TextAlignmentRole and column == self.SIZE:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def info(self, row: int) -> backup.BackupInfo:
        return self._rows[row]


class RestoreDialog(QDialog):
    def __init__(self, db_path: Path, parent=None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.chosen: Path | None = None
        self.setWindowTitle(tr("Pulihkan dari cadangan"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        folder = backup.backup_folder(self.db_path)
        intro = QLabel(tr("Pilih cadangan yang akan dipulihkan. Cadangan di folder:\n{folder}").format(
            folder=folder))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        usable = (backup.AUTO, backup.MANUAL, backup.BEFORE_RESTORE)  # not the damaged files kept aside
        self.model = BackupListModel(backup.restorable(folder, self.db_path.stem, kinds=usable), self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.view.doubleClicked.connect(lambda index: self._choose_row(index.row()))
        layout.addWidget(self.view, 1)
        if self.model.rowCount():
            self.view.selectRow(0)
        else:
            layout.addWidget(QLabel(tr("Belum ada cadangan di folder ini.")))
        buttons = QDialogButtonBox(self)
        other = QPushButton(tr("Pilih berkas lain…"))
        other.clicked.connect(self._choose_file)
        buttons.addButton(other, QDialogButtonBox.ActionRole)
        self.restore_button = buttons.addButton(tr("Pulihkan…"), QDialogButtonBox.AcceptRole)
        self.restore_button.setEnabled(self.model.rowCount() > 0)
        buttons.addButton(tr("Batal"), QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self._choose_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self._choose_row(rows[0].row())

    def _choose_row(self, row: int) -> None:
        self.chosen = self.model.info(row).path
        self.accept()

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Pilih berkas cadangan"), "",
                                              tr("Cadangan Layar Ramah (*.sqlite3 *.lrdelta);;Semua berkas (*)"))
        if name:
            self.chosen = Path(name)
            self.accept()

    @classmethod
    def ask(cls, db_path: Path, parent=None) -> Path | None:
        dialog = cls(db_path, parent)
        return dialog.chosen if dialog.exec() == QDialog.Accepted else None


def _describe(summary: backup.DbSummary | None) -> str:
    if summary is None:
        return tr("tidak dapat dibaca")
    text = tr("{requests} permohonan, {events} catatan riwayat").format(
        requests=_count(summary.requests), events=_count(summary.events))
    if summary.last_event_at is not None:
        text += tr(", catatan terakhir {when}").format(when=format_datetime_id(summary.last_event_at))
    return text


def confirmation_text(db_path: Path, backup_path: Path, summaries=None) -> str:
    """What will be replaced by what, and what is lost from the restored data.
    `summaries`: (current, restored) as read off the GUI thread (restore.stage)."""
    current, restored = summaries if summaries is not None else (backup.summarize(db_path),
                                                                 backup.summarize(backup_path))
    info = backup.parse_name(Path(backup_path))
    made = format_datetime_id(info.taken_at) if info else tr("tidak diketahui")
    lines = [
        tr("Data yang sekarang akan diganti seluruhnya:"),
        tr("• Berkas: {path}").format(path=db_path),
        tr("• Isinya: {what}").format(what=_describe(current)),
        "",
        tr("dengan cadangan:"),
        tr("• Berkas: {path}").format(path=backup_path),
        tr("• Dibuat: {when}").format(when=made),
        tr("• Isinya: {what}").format(what=_describe(restored)),
        "",
    ]
    if current is not None and restored is not None:
        newer_requests = max(0, current.requests - restored.requests)
        newer_events = max(0, current.events - restored.events)
        if newer_requests or newer_events:
            lines.append(tr("{requests} permohonan dan {events} catatan yang dibuat setelah cadangan itu "
                            "tidak ada di data yang dipulihkan.").format(
                requests=_count(newer_requests), events=_count(newer_events)))
    lines.append(tr("Data yang sekarang disimpan dulu sebagai cadangan «sebelum pemulihan» di\n{folder}\n"
                    "sehingga masih dapat dikembalikan.").format(folder=backup.backup_folder(db_path)))
    return "\n".join(lines)


class ConfirmRestore(QDialog):
    """Wide enough for two paths and the counts; the safe choice (Batal) is the default."""

    def __init__(self, parent, text: str):
        super().__init__(parent)
        self.setWindowTitle(tr("Pulihkan dari cadangan?"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.SP_MessageBoxWarning).pixmap(40, 40))
        icon.setAlignment(Qt.AlignTop)
        head.addWidget(icon)
        body = QLabel(text)
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextSelectableByMouse)
        head.addWidget(body, 1)
        layout.addLayout(head)
        buttons = QDialogButtonBox(self)
        self.replace_button = buttons.addButton(tr("Ganti dengan cadangan"), QDialogButtonBox.DestructiveRole)
        cancel = buttons.addButton(tr("Batal"), QDialogButtonBox.RejectRole)
        cancel.setDefault(True)
        self.replace_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent, text: str) -> bool:
        return cls(parent, text).exec() == QDialog.Accepted

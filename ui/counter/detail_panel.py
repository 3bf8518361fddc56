"""The selected request: applicant, SLA facts and the full timeline.

Personal data is masked (privacy.masked_personal); "Tampilkan" asks the domain for it in
full (privacy.reveal_personal_data records who looked, and the timeline then shows that
look) and keeps it shown until another request is selected.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import privacy
from layar_ramah.errors import DomainError
from layar_ramah.labels import SLA_LABELS, STATE_LABELS, VULNERABILITY_LABELS
from layar_ramah.queries import requests as queries
from layar_ramah.queries.calls import calls_of
from layar_ramah.wording import format_duration_id
from ui.counter.countdown_text import frozen_words, time_text
from ui.counter.timeline_model import NOTE, WHAT, WHEN, WHO, TimelineModel
from ui.style import SLA_COLOURS


def _value_label(parent) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DetailPanel(QWidget):
    def __init__(self, clock, ctx_source, parent=None):
        """`ctx_source()` gives the workflow Ctx of whoever is signed in now (window.ctx)."""
        super().__init__(parent)
        self.clock = clock
        self._ctx_source = ctx_source
        self.detail = None
        self._revealed: privacy.PersonalView | None = None  # of self.detail's request only
        self._revealed_by: int | None = None  # the officer who asked: nobody else sees it
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addWidget(self._scrolling(self._build_applicant()), 3)
        layout.addWidget(self._scrolling(self._build_sla()), 4)
        layout.addWidget(self._build_timeline(), 6)
        self.show_request(None)

    # --- building ------------------------------------------------------------------------
    def _scrolling(self, box: QGroupBox) -> QScrollArea:
        """A low splitter position scrolls the facts instead of cutting them off."""
        area = QScrollArea(self)
        area.setWidget(box)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return area

    def _form_box(self, title: str, names: list[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        form.setContentsMargins(8, 6, 8, 6)
        form.setVerticalSpacing(3)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for key, caption in names:
            value = _value_label(box)
            value.setObjectName(f"detail_{key}")
            setattr(self, f"_{key}", value)
            form.addRow(caption, value)
        return box

    def _build_applicant(self) -> QGroupBox:
        box = self._form_box(self.tr("Pemohon"), [
            ("ticket", self.tr("Nomor")), ("name", self.tr("Nama")), ("nik", self.tr("NIK")),
            ("phone", self.tr("Telepon")), ("address", self.tr("Alamat")),
            ("vulnerable", self.tr("Rentan")),
        ])
        self.reveal = QPushButton(box)
        self.reveal.setObjectName("reveal_personal")
        self.reveal.setCheckable(True)
        self._label_reveal()
        self.reveal.toggled.connect(self._reveal)
        box.layout().addRow(self.reveal)
        return box

    def _build_sla(self) -> QGroupBox:
        return self._form_box(self.tr("Layanan dan waktu SOP"), [
            ("service", self.tr("Layanan")), ("officer", self.tr("Petugas")), ("state", self.tr("Tahap")),
            ("complete", self.tr("Berkas lengkap")), ("due", self.tr("Batas waktu")),
            ("worked", self.tr("Terpakai")), ("pauses", self.tr("Jeda")), ("called", self.tr("Dipanggil")),
        ])

    def _build_timeline(self) -> QGroupBox:
        box = QGroupBox(self.tr("Riwayat"), self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        self.timeline = TimelineModel(self)
        table = self.timeline_view = QTableView(box)
        table.setObjectName("timeline_table")
        table.setModel(self.timeline)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # A request has a handful of events: sizing to contents is cheap, and a long
        # note (an objection's statement) wraps instead of being cut off.
        table.setWordWrap(True)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = table.horizontalHeader()
        header.setMinimumSectionSize(80)  # an empty timeline keeps readable headers
        for column in (WHEN, WHAT, WHO):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(table)
        return box

    # --- filling -----------------------------------------------------------------------------
    def show_request(self, request_id: int | None) -> None:
        """Read the request and its timeline (on selection or after a refresh, never per tick)."""
        keep = (self._revealed is not None and self.detail is not None and request_id == self.detail.request.id
                and self._current_officer_id() == self._revealed_by)
        self.detail = queries.request_detail(request_id) if request_id is not None else None
        if not keep and self.reveal.isChecked():
            # Another request, or another officer signed in: masked again. A refresh of
            # the same request for the same officer keeps what was revealed.
            self.reveal.setChecked(False)
        self.setEnabled(self.detail is not None)
        today = self.clock.local_now().date()
        if self.detail is None:
            for key in ("ticket", "name", "nik", "phone", "address", "vulnerable", "service", "officer",
                        "state", "complete", "due", "worked", "pauses", "called"):
                getattr(self, f"_{key}").setText("—" if key != "ticket" else self.tr("Pilih satu permohonan"))
            self.timeline.set_events([], today)
            return
        d = self.detail
        r = d.request
        self._ticket.setText(f"<b style='font-size:13pt'>{'★ ' if r.lane == 'P' else ''}{r.ticket}</b>")
        self._name.setText(r.applicant_name)
        self._show_personal()
        place = ", ".join(p for p in (
            r.address, self.tr("RT {rt}/RW {rw}").format(rt=r.rt, rw=r.rw) if r.rt or r.rw else "",
            self.tr("Desa {name}").format(name=d.village_name) if d.village_name else "") if p)
        self._address.setText(place or "—")
        vulnerable = VULNERABILITY_LABELS.get(r.vulnerability, r.vulnerability)
        if r.lane == "P":  # the lane registration gave it (vulnerable citizens)
            vulnerable = self.tr("{v} — jalur prioritas").format(v=vulnerable)
        self._vulnerable.setText(vulnerable)
        self._service.setText(d.service_name)
        self._officer.setText(d.officer_name or "—")
        state = STATE_LABELS.get(r.state, r.state)
        if r.objection_open:
            state += self.tr(" · ⚑ keberatan menunggu kroscek")
        if r.home_delivery:
            state += self.tr(" · ⌂ diantar ke rumah")
        self._state.setText(state)
        record = d.sla
        complete = time_text(record.complete_at, today)
        if record.recorded_complete_at and record.complete_at != record.recorded_complete_at:
            complete += self.tr(" (dikoreksi; tercatat {t})").format(t=time_text(record.recorded_complete_at, today))
        self._complete.setText(complete)
        self._due.setText(time_text(record.due_at(), today) if record.complete_at else "—")
        pauses = [self.tr("{a}–{b} {reason}").format(
            a=time_text(p.start, today), b=time_text(p.end, today) if p.end else "…", reason=p.reason)
            for p in record.pauses]
        self._pauses.setText("\n".join(pauses) or self.tr("tidak ada"))
        self._called.setText(self._called_text(r.id, today))
        self.timeline.set_events(queries.timeline(r.id), today)
        self.timeline_view.scrollToBottom()
        self.update_live()

    def _called_text(self, request_id: int, today) -> str:
        """When the citizen was last called, and to which counter: the detail a waiting
        citizen asks about ("saya sudah dipanggil?")."""
        calls = calls_of(request_id)
        if not calls:
            return self.tr("belum pernah")
        last = calls[-1]
        text = self.tr("{at} ke Loket {number}").format(at=time_text(last.at, today), number=last.counter_number)
        return text + (self.tr(" · {n} kali").format(n=len(calls)) if len(calls) > 1 else "")

    def update_live(self) -> None:
        """Once a second: the working minutes used so far (no database read)."""
        if self.detail is None:
            return
        status = self.detail.sla.status(self.clock.now())
        if status.state == "not_started":
            self._worked.setText(self.tr("belum mulai (SOP {sop})").format(
                sop=format_duration_id(self.detail.request.sop_minutes)))
            return
        # whole minutes: the label changes once a minute, the table shows the seconds
        text = self.tr("{used} dari {sop} menit kerja · {label}").format(
            used=int(status.worked_seconds // 60), sop=self.detail.request.sop_minutes,
            label=SLA_LABELS.get(status.state, status.state))
        if status.frozen in ("paused", "break", "closed"):
            text += f" · {frozen_words(status.frozen)}"
        if text != self._worked.text():
            self._worked.setText(text)
        bg, fg = SLA_COLOURS.get(status.state, ("", ""))
        style = f"background:{bg}; color:{fg}; padding:2px;" if bg else ""
        if style != self._worked.styleSheet():  # a style sheet change re-polishes: not every second
            self._worked.setStyleSheet(style)

    def _show_personal(self) -> None:
        view = self._revealed or privacy.masked_personal(self.detail.request)
        self._nik.setText(view.nik or "—")
        self._phone.setText(view.phone or "—")

    def _current_officer_id(self) -> int | None:
        actor = self._ctx_source().actor
        return actor.id if actor is not None else None

    def _reveal(self, on: bool) -> None:
        self._revealed = self._revealed_by = None
        if on and self.detail is not None:
            ctx = self._ctx_source()
            try:
                self._revealed = privacy.reveal_personal_data(ctx, self.detail.request.id)
                self._revealed_by = ctx.actor.id
            except DomainError as exc:
                with QSignalBlocker(self.reveal):
                    self.reveal.setChecked(False)
                QMessageBox.warning(self, self.tr("Tidak dapat ditampilkan"), exc.message)
            else:
                # the look itself is now part of the request's history
                self.timeline.set_events(queries.timeline(self.detail.request.id),
                                         self.clock.local_now().date())
                self.timeline_view.scrollToBottom()
        elif on:
            with QSignalBlocker(self.reveal):
                self.reveal.setChecked(False)
        self._label_reveal()
        if self.detail is not None:
            self._show_personal()

    def _label_reveal(self) -> None:
        self.reveal.setText(self.tr("Sembunyikan NIK/telepon") if self.reveal.isChecked()
                            else self.tr("Tampilkan NIK/telepon lengkap"))


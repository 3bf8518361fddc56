"""The evaluation dashboard tab: the same figures, tables and charts as the PDF report,
for a chosen period (this month by default: a new office has no last month to show),
re-read whenever something was written while it is shown (else when next shown).

The figures, tables and charts are made off the GUI thread (ten years take ~5 s) with a
busy line meanwhile; a period changed while one is computed drops that one's result
(ui/widgets/background.Latest), so the tab never shows figures of a period not chosen."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from layar_ramah import db as dbmod
from layar_ramah.reports.evaluation import EvaluationReport, Period, evaluation
from layar_ramah.reports.tables import format_cell, report_tables
from ui.reports.period_selector import PeriodSelector
from ui.reports.table_model import ReportTableModel, TotalLastProxy
from ui.widgets.background import Latest
from ui.widgets.busy_line import BusyLine

VIEW_KEYS = ("services", "objections", "deliveries", "officers", "trend", "ikm",
             "profile_sex", "profile_age_band", "profile_education", "profile_occupation")

CARD_STYLE = ("QFrame#kpi { background: #eef3f8; border: 1px solid #c3d3e3; border-radius: 4px; }"
              "QLabel#kpi_value { font-size: 16pt; font-weight: bold; color: #1d3b57; }"
              "QLabel#kpi_caption { color: #394b5c; }")


class ReportTableView(QTableView):
    """A table as tall as its rows: the dashboard scrolls as one page, not table by table."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model_ = ReportTableModel(parent=self)
        self.proxy = TotalLastProxy(self)
        self.proxy.setSourceModel(self.model_)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the report's own order until clicked
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        # one line per row, as tall as the text: set once, not measured per row at every period
        self.verticalHeader().setMinimumSectionSize(0)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 4)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_table(self, table) -> None:
        self.model_.set_table(table)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0 if table.columns[0].kind == "text" else 1, QHeaderView.ResizeMode.Stretch)
        if table.key == "ikm":
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        rows = self.model_.rowCount()  # one line each (no word wrap): no per-row measuring
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += rows * self.verticalHeader().defaultSectionSize() if rows else 24
        if self.horizontalScrollBar().isVisible() or header.length() > self.viewport().width() > 0:
            height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 12pt; font-weight: bold; margin-top: 10px;")
    return label


def _note(text: str, parent: QWidget) -> QLabel:
    # Parented at once: a parentless label that reload() shows becomes a window of its own.
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555555;")
    return label


@dataclass
class DashboardData:
    """Everything the tab shows for a period, made on a pool thread."""

    report: EvaluationReport
    period_text: str
    tables: dict            # key -> reports.tables table
    charts: dict            # key -> (SVG bytes, width, height)


def dashboard_data(period: Period, now) -> DashboardData:
    """The report, its tables and its charts as SVG (ReportLab: only once the dashboard is
    shown, never at start). Runs off the GUI thread with its own connection."""
    from layar_ramah.pdf.report import period_text
    from layar_ramah.pdf.report_charts import met_missed_chart, nrr_chart, trend_chart
    from ui.reports.chart_view import drawing_svg
    with dbmod.thread_connection():
        report = evaluation(period, now)
    charts = {}
    for key, make in (("met_missed", met_missed_chart), ("trend", trend_chart), ("nrr", nrr_chart)):
        drawing = make(report)
        charts[key] = (drawing_svg(drawing), float(drawing.width), float(drawing.height))
    return DashboardData(report, period_text(report), {t.key: t for t in report_tables(report)}, charts)


class DashboardTab(QWidget):
    def __init__(self, window, on_pdf=None, on_csv=None, parent=None):
        super().__init__(parent or window)
        self.window = window
        self.setObjectName("dashboard")
        self.report: EvaluationReport | None = None
        self._dirty = True
        self.loads = Latest(self)
        self.loads.loaded.connect(self._show)
        self.loads.failed.connect(self._failed)
        self.loads.busy_changed.connect(self._busy)
        self.selector = PeriodSelector(lambda: window.clock.local_now().date(), self, preset="this_month")
        self.selector.changed.connect(lambda _p: self.reload())
        refresh = QPushButton(self.tr("Perbarui"), self)
        refresh.clicked.connect(self.reload)
        pdf = QPushButton(self.tr("Simpan PDF…"), self)
        pdf.setObjectName("dashboard_pdf")
        csv_button = QPushButton(self.tr("Ekspor CSV…"), self)
        csv_button.setObjectName("dashboard_csv")
        if on_pdf:
            pdf.clicked.connect(lambda: on_pdf(self.selector.period()))
        if on_csv:
            csv_button.clicked.connect(lambda: on_csv(self.selector.period()))
        top = QHBoxLayout()
        top.addWidget(self.selector)
        top.addWidget(refresh)
        top.addStretch(1)
        self.busy = BusyLine(self)
        self.busy.setObjectName("dashboard_busy")
        top.addWidget(self.busy)
        top.addWidget(pdf)
        top.addWidget(csv_button)
        self.title = QLabel(self)
        self.title.setObjectName("dashboard_title")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")

        self.cards = QHBoxLayout()
        self.kpis: dict[str, QLabel] = {}
        self.kpi_captions: dict[str, QLabel] = {}
        for key in ("received", "finished", "met", "objections", "delivered", "ikm"):
            frame = QFrame(self)
            frame.setObjectName("kpi")
            frame.setStyleSheet(CARD_STYLE)
            box = QVBoxLayout(frame)
            box.setContentsMargins(6, 4, 6, 4)
            box.setSpacing(0)
            value, caption = QLabel("–", frame), QLabel("", frame)
            value.setObjectName("kpi_value")
            caption.setObjectName("kpi_caption")
            caption.setWordWrap(True)
            for label in (value, caption):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                box.addWidget(label)
            self.kpis[key], self.kpi_captions[key] = value, caption
            self.cards.addWidget(frame)

        # The tables and charts (ten table views, three SVG charts: ~12 ms) are built with
        # the first reload, when the tab is first shown: not while the window starts.
        self._views: dict[str, ReportTableView] | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addLayout(self.cards)
        window.data_written.connect(self.mark_dirty)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt naming)
        # Built before Qt lays the tab out for its first showing, as if built with the window:
        # built in showEvent, the tables would measure themselves before having a width.
        if visible and self._views is None:
            self._build_body()
        super().setVisible(visible)

    @property
    def views(self) -> dict[str, ReportTableView]:
        if self._views is None:
            self._build_body()
        return self._views

    @property
    def notes(self) -> dict[str, QLabel]:
        if self._views is None:
            self._build_body()
        return self._notes

    @property
    def charts(self) -> dict:
        if self._views is None:
            self._build_body()
        return self._charts

    def _build_body(self) -> None:
        from ui.reports.chart_view import ChartView  # QtSvg with the charts

        body = QWidget()
        views = {key: ReportTableView(body) for key in VIEW_KEYS}
        for key, view in views.items():
            view.setObjectName(f"table_{key}")
        self._notes = {key: _note("", body) for key in views}
        self._charts = {"met_missed": ChartView(self), "trend": ChartView(self), "nrr": ChartView(self)}
        for key, chart in self._charts.items():
            chart.setObjectName(f"chart_{key}")
        self._views = views

        grid = QGridLayout(body)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        row = 0

        def full(*widgets):
            nonlocal row
            for widget in widgets:
                grid.addWidget(widget, row, 0, 1, 2)
                row += 1

        def pair(left, right):
            nonlocal row
            grid.addWidget(left, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(right, row, 1, Qt.AlignmentFlag.AlignTop)
            row += 1

        full(_heading(self.tr("1. Permohonan dan ketepatan waktu SOP")), self.views["services"], self.notes["services"])
        pair(self.charts["met_missed"], self.charts["trend"])
        full(_heading(self.tr("2. Keberatan dan antar surat ke rumah")))
        pair(self.views["objections"], self.notes["objections"])
        full(self.views["deliveries"], self.notes["deliveries"])
        full(_heading(self.tr("3. Rekap per petugas (penghargaan dan sanksi)")), self.views["officers"],
             self.notes["officers"])
        full(_heading(self.tr("4. Tren")))
        pair(self.views["trend"], self.notes["trend"])
        full(_heading(self.tr("5. Survei Kepuasan Masyarakat (IKM)")))
        pair(self.views["ikm"], self.charts["nrr"])
        full(self.notes["ikm"])
        pair(self.views["profile_sex"], self.views["profile_age_band"])
        pair(self.notes["profile_sex"], self.notes["profile_age_band"])
        pair(self.views["profile_education"], self.views["profile_occupation"])
        pair(self.notes["profile_education"], self.notes["profile_occupation"])
        grid.setRowStretch(row, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.layout().addWidget(scroll, 1)

    # --- refreshing ------------------------------------------------------------------
    def mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def reload(self) -> None:
        """Compute the chosen period off the GUI thread; shown when it arrives."""
        if self._views is None:
            self._build_body()
        self._dirty = False
        period, now = self.selector.period(), self.window.clock.now()
        self.busy.set_text(self.tr("Menghitung {start} s.d. {end}…").format(
            start=f"{period.start:%d-%m-%Y}", end=f"{period.end:%d-%m-%Y}"))
        self.loads.request(lambda: dashboard_data(period, now))

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)

    def _failed(self, exc) -> None:
        self._dirty = True  # read again when next shown or asked
        self.window.show_notice(self.tr("Laporan belum dapat dihitung: {e}").format(e=exc))

    def _show(self, data: DashboardData) -> None:
        self.report = data.report
        self.title.setText(self.tr("Evaluasi pelayanan — periode {p}").format(p=data.period_text))
        for key, view in self.views.items():
            view.set_table(data.tables[key])
            self.notes[key].setText(data.tables[key].note)
            self.notes[key].setVisible(bool(data.tables[key].note))
        for key, (svg, width, height) in data.charts.items():
            self.charts[key].set_svg(svg, width, height)
        self._show_cards(data.report)

    def _show_cards(self, report: EvaluationReport) -> None:
        t, o, s = report.totals, report.objections, report.survey
        values = {
            "received": (format_cell(t.received, "int"), self.tr("permohonan masuk")),
            "finished": (format_cell(t.finished, "int"), self.tr("selesai")),
            "met": (format_cell(t.met_pct, "pct"), self.tr("selesai tepat waktu SOP")),
            "objections": (f"{o.upheld} / {o.filed}", self.tr("keberatan terbukti / diajukan")),
            "delivered": (format_cell(sum(d.delivered for d in report.deliveries), "int"),
                          self.tr("surat diantar ke rumah")),
            "ikm": (format_cell(s.ikm.rounded, "ikm") if s.ikm else "–",
                    self.tr("IKM, mutu {c} ({l}), {n} responden").format(c=s.ikm.category, l=s.ikm.label,
                                                                         n=s.respondents)
                    if s.ikm else self.tr("IKM, belum ada responden")),
        }
        for key, (value, caption) in values.items():
            self.kpis[key].setText(value)
            self.kpi_captions[key].setText(caption)

"""Statistics: counts by country, type, field, capability kind, TRL and pipeline status, painted
with QPainter (no QtCharts: it lives in the 59 MB Addons wheel), exportable as PNG."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.gui.context import AppContext
from app.gui.errors import show_error
from app.gui.icons import icon
from matching.types import SHORTLIST_STATUSES

PALETTE = ("#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457")


def collect_stats(store) -> dict[str, Counter]:
    """Runs on the store worker: every count the statistics screen shows, from repository reads only."""
    stats = {**store.institutions.statistics(), "status": Counter()}
    for project in store.projects.all():
        for entry in project.shortlist:
            stats["status"][entry.status] += 1
    return stats


class BarChart(QWidget):
    """A titled horizontal bar chart: one row per (label, value)."""

    ROW = 22

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = ""
        self.items: list[tuple[str, int]] = []
        self.empty_text = ""
        self.color = QColor(PALETTE[0])
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(self, title: str, items: list[tuple[str, int]], color: str, empty_text: str) -> None:
        self.title, self.items, self.color, self.empty_text = title, items, QColor(color), empty_text
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        fm = QFontMetrics(self.font())
        row = max(self.ROW, fm.height() + 6)
        return QSize(420, fm.height() * 2 + 12 + row * max(1, len(self.items)))

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        fm = QFontMetrics(self.font())
        row = max(self.ROW, fm.height() + 6)
        title_font = self.font()
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(QColor("#222"))
        p.drawText(QRectF(8, 4, self.width() - 16, fm.height() + 6), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.title)
        p.setFont(self.font())
        top = fm.height() * 2 + 4
        if not self.items:
            p.setPen(QColor("#777"))
            p.drawText(QRectF(8, top, self.width() - 16, row), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.empty_text)
            p.end()
            return
        label_w = min(max(fm.horizontalAdvance(lbl) for lbl, _ in self.items) + 12, int(self.width() * 0.45))
        value_w = fm.horizontalAdvance("00000") + 8
        bar_w = max(10, self.width() - label_w - value_w - 24)
        biggest = max(v for _, v in self.items) or 1
        for i, (label, value) in enumerate(self.items):
            y = top + i * row
            p.setPen(QColor("#333"))
            shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(QRectF(8, y, label_w - 8, row), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), shown)
            w = bar_w * value / biggest
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.color)
            p.drawRoundedRect(QRectF(8 + label_w, y + 3, max(2.0, w), row - 6), 2, 2)
            p.setPen(QColor("#222"))
            p.drawText(QRectF(12 + label_w + w, y, value_w, row), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(value))
        p.end()


class StatsPage(QWidget):
    KEYS = ("country", "type", "field", "kind", "trl", "status")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.t = ctx.texts
        self.stats: dict[str, Counter] | None = None
        self.stale = True
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.export_btn = QPushButton(icon("export"), "")
        self.export_btn.setObjectName("exportPng")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch()
        top.addWidget(self.export_btn)
        self.charts_widget = QWidget()
        self.charts_widget.setObjectName("charts")
        self.charts_widget.setStyleSheet("#charts { background: white; }")
        grid = QGridLayout(self.charts_widget)
        self.charts: dict[str, BarChart] = {}
        for i, key in enumerate(self.KEYS):
            chart = BarChart()
            self.charts[key] = chart
            grid.addWidget(chart, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(3, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.charts_widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self.export_btn.clicked.connect(lambda: self.export_png())
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.t("gui.stats.heading"))
        self.export_btn.setText(self.t("gui.stats.export"))
        self._paint_data()

    def refresh(self) -> None:
        self.stale = False
        self.ctx.executor.submit(collect_stats, on_done=self._loaded, on_error=lambda e: show_error(self, self.t, e))

    def on_store_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True  # recount when shown: no work for a screen nobody looks at

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def _loaded(self, stats: dict[str, Counter]) -> None:
        self.stats = stats
        self._paint_data()

    def _label(self, key: str, code: str) -> str:
        t = self.t
        if key == "country":
            label = t.country_label(code)
            return f"{code} · {label}" if label != code else code
        if key == "type":
            return t.type_label(code)
        if key == "field":
            return t.field_label(code)
        if key == "kind":
            return t.kind_label(code)
        if key == "status":
            return t.status_label(code)
        if key == "trl":
            return t("gui.stats.trl_unknown") if code == "?" else f"TRL {code}"
        return code

    def _paint_data(self) -> None:
        for i, key in enumerate(self.KEYS):
            counts = (self.stats or {}).get(key, Counter())
            if key == "trl":
                order = sorted(counts, key=lambda c: (c == "?", int(c) if c.isdigit() else 0))
            elif key == "status":
                order = [s for s in SHORTLIST_STATUSES if s in counts]
            else:
                order = [c for c, _ in counts.most_common()]
            items = [(self._label(key, c), counts[c]) for c in order]
            self.charts[key].set_data(self.t(f"gui.stats.{key}"), items, PALETTE[i % len(PALETTE)],
                                      self.t("gui.stats.empty"))

    def export_png(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.t("gui.stats.export"), str(Path.home() / "qiaomost-stats.png"),
                                                  "PNG (*.png)")
            if not path:
                return False
        ok = self.charts_widget.grab().save(path, "PNG")
        if not ok:
            show_error(self, self.t, OSError(f"{path}: cannot write the image"))
        return ok

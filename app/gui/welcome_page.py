"""The first-run screen of an empty database: load the demo data, or import a file."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.gui.icons import icon
from app.gui.texts import UiTexts


class WelcomePage(QWidget):
    demo_requested = Signal()
    import_requested = Signal()
    open_requested = Signal()

    def __init__(self, texts: UiTexts, parent: QWidget | None = None):
        super().__init__(parent)
        self.t = texts
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.body = QLabel()
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setWordWrap(True)
        self.body.setFixedWidth(560)  # a centred word-wrapped label needs a definite width, or it is cut off
        self.demo_btn = QPushButton(icon("demo"), "")
        self.demo_btn.setObjectName("loadDemo")
        self.import_btn = QPushButton(icon("import"), "")
        self.import_btn.setObjectName("importFile")
        self.open_btn = QPushButton("")
        self.open_btn.setFlat(True)
        for b in (self.demo_btn, self.import_btn):
            b.setIconSize(QSize(24, 24))
            b.setMinimumSize(320, 44)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addWidget(self.body, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(24)
        for b in (self.demo_btn, self.import_btn, self.open_btn):
            layout.addWidget(b, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.demo_btn.clicked.connect(self.demo_requested)
        self.import_btn.clicked.connect(self.import_requested)
        self.open_btn.clicked.connect(self.open_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.t("gui.welcome.title"))
        self.body.setText(self.t("gui.welcome.body"))
        # all the wrapped lines, in every language (the stacked layout does not ask heightForWidth itself)
        self.body.setMinimumHeight(self.body.heightForWidth(self.body.width()))
        self.demo_btn.setText(self.t("gui.welcome.demo"))
        self.import_btn.setText(self.t("gui.welcome.import"))
        self.open_btn.setText(self.t("gui.welcome.open"))

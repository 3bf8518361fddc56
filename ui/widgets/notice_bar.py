"""The window's status bar, whose notices are read whole.

QStatusBar draws a temporary message on one line and cuts it where the permanent labels
begin (who is signed in, the day's counts, the loket): at 1366 px "…tersimpan tanpa nama.
Teri" was all an operator saw. A notice here is a word-wrapped label instead, as tall as
its text needs, with the whole text as its tooltip too. Qt's own temporary messages (a
menu entry's status tip while pointed at) still cover it for that moment, as before.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar


class NoticeLabel(QLabel):
    """A wrapped label that asks for the height its text needs at the width it got."""

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        needed = self.heightForWidth(self.width()) if self.width() > 0 and self.text() else 0
        if needed != self.minimumHeight():
            self.setMinimumHeight(max(0, needed))  # the bar grows by a line, for as long as it shows


class NoticeBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.notice = NoticeLabel(self)
        self.notice.setObjectName("notice_label")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.addWidget(self.notice, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_notice)

    def show_notice(self, text: str, timeout_ms: int = 10000) -> None:
        """`text` until `timeout_ms` have passed (0: until the next notice)."""
        self.clearMessage()
        self.notice.setText(text)
        self.notice.setToolTip(text)
        self.notice.show()
        self.notice.fit()
        if timeout_ms > 0:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def clear_notice(self) -> None:
        self._timer.stop()
        self.notice.clear()
        self.notice.setToolTip("")
        self.notice.hide()
        self.notice.fit()

    def currentMessage(self) -> str:  # noqa: N802 (Qt naming)
        """Qt's temporary message while one shows (a status tip), else the notice."""
        message = super().currentMessage()
        if message:
            return message
        return self.notice.text() if not self.notice.isHidden() else ""

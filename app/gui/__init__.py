"""The PySide6 desktop GUI (the only package that imports Qt)."""

from app.gui.pyside_fixes import keep_none_alive

keep_none_alive()  # before any Qt call: see pyside_fixes (PySide6 6.12 leaks references to None)

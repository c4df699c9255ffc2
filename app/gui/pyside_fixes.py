"""Work-arounds for bugs in the PySide6 wheels we ship with.

PySide6/shiboken6 6.12.0 (the cp310-abi3 wheel) returns `None` from every *void* C++ method without
taking a reference to it. CPython 3.12+ never frees `None` (it is immortal), but on 3.11 every such
call (`label.setText()`, `app.processEvents()`, `QTimer.singleShot()`...) lowers None's reference
count by one. Measured on the demo data: one language switch costs ~450 references, selecting an
institution ~140; the interpreter starts with ~70 000, so after a few hundred clicks Python aborts
with "Fatal Python error: none_dealloc: deallocating None".

`keep_none_alive()` gives None a huge reference count (2**40: ~10**12 void calls, a few centuries of
clicking), which makes it effectively immortal, exactly as it is on 3.12. It is a no-op on 3.12+
and on other interpreters. Remove it once the pinned PySide6 no longer leaks (see
tests/test_gui_pyside_fixes.py, which measures the leak).
"""

from __future__ import annotations

import ctypes
import sys

NONE_BALLAST = 1 << 40
_applied = False


def keep_none_alive() -> bool:
    """Make `None` effectively immortal on CPython < 3.12; True when applied (once per process)."""
    global _applied
    if _applied or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    # ob_refcnt is the first field of every PyObject in a release build of CPython 3.11.
    ctypes.c_ssize_t.from_address(id(None)).value += NONE_BALLAST
    _applied = True
    return True

"""Entry script of the bundle's windowed executable `qiaomost-gui` (Windows: no console window;
macOS: the executable of Qiao·Most.app). Takes the same options as `qiaomost`, e.g. `--db PATH`;
without a sub-command it opens the desktop application."""

import os
import sys

# A windowed executable on Windows and macOS has no console: sys.stdout and sys.stderr are None, and
# anything printed (argparse messages, warnings) would raise. Send it nowhere instead.
if sys.stdout is None or sys.stderr is None:
    _devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    sys.stdout = sys.stdout or _devnull
    sys.stderr = sys.stderr or _devnull

from app.cli import main  # noqa: E402 - after the stream fix on purpose

# macOS may pass a process serial number (-psn_0_12345) to apps started from the Finder
raise SystemExit(main([a for a in sys.argv[1:] if not a.startswith("-psn_")]))

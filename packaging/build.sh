#!/usr/bin/env bash
# Build the one-folder desktop bundle packaging/dist/qiaomost/ (executables `qiaomost-gui` and `qiaomost`)
# with PyInstaller, then print its size and file count. Run from anywhere:
#
#     bash packaging/build.sh                 # uses .venv/ of the checkout
#     PYTHON=/path/to/python bash packaging/build.sh
#
# Extra arguments go to PyInstaller (e.g. --log-level DEBUG). Linux, macOS, and Windows with Git Bash.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
PYINSTALLER_VERSION="6.22.3"

if [[ -n "${PYTHON:-}" ]]; then
    PY="$PYTHON"
elif [[ -x "$ROOT/.venv/bin/python" ]]; then
    PY="$ROOT/.venv/bin/python"
elif [[ -x "$ROOT/.venv/Scripts/python.exe" ]]; then
    PY="$ROOT/.venv/Scripts/python.exe"
else
    echo "build.sh: no .venv in $ROOT; run 'bash scripts/setup.sh' first or set PYTHON=" >&2
    exit 1
fi

have="$("$PY" -m PyInstaller --version 2>/dev/null || true)"
if [[ "$have" != "$PYINSTALLER_VERSION" ]]; then
    echo "Installing pyinstaller==$PYINSTALLER_VERSION into $("$PY" -c 'import sys; print(sys.prefix)') (found: ${have:-none})"
    "$PY" -m pip install --disable-pip-version-check "pyinstaller==$PYINSTALLER_VERSION"
fi

# PyInstaller copies the xcb plugin's system libraries from this machine; any missing here is missing
# from the bundle, whose window then fails on desktops that lack it (ENVIRONMENT.md pitfall 11).
if [[ "$(uname -s)" == "Linux" ]]; then
    qxcb="$("$PY" -c 'import pathlib, PySide6; print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so")')"
    missing="$(ldd "$qxcb" 2>/dev/null | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')"
    if [[ -n "$missing" ]]; then
        echo "build.sh: WARNING: libraries of Qt's xcb plugin are missing on this machine: $missing" >&2
        echo "  The bundle would not open a window on an X11 desktop without them. Install them first:" >&2
        echo "  QIAOMOST_WITH_DISPLAY_LIBS=1 bash scripts/setup.sh   (or see packaging/README.md)" >&2
    fi
fi

start=$(date +%s)
cd "$ROOT"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$HERE/dist" --workpath "$HERE/build" "$@" "$HERE/qiaomost.spec"
end=$(date +%s)

OUT="$HERE/dist/qiaomost"
size="$(du -sh "$OUT" | cut -f1)"
files="$(find "$OUT" -type f | wc -l | tr -d ' ')"
echo
echo "Bundle:  $OUT"
echo "Build:   $((end - start)) s"
echo "Size:    $size"
echo "Files:   $files"
if [[ -d "$HERE/dist/QiaoMost.app" ]]; then
    echo "macOS:   $HERE/dist/QiaoMost.app ($(du -sh "$HERE/dist/QiaoMost.app" | cut -f1))"
fi

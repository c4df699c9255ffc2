#!/usr/bin/env bash
# Set up, then open Qiao·Most with the demo portfolio loaded into the default database.
set -euo pipefail
cd "$(dirname "$0")/.."
QIAOMOST_WITH_DISPLAY_LIBS=1 bash scripts/setup.sh
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
  echo "No display found: starting with QT_QPA_PLATFORM=offscreen (no window will be visible)." >&2
  export QT_QPA_PLATFORM=offscreen
fi
exec .venv/bin/qiaomost gui --demo "$@"

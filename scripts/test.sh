#!/usr/bin/env bash
# Set up, then run the whole test suite headless (Qt offscreen, a throw-away config folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
export QIAOMOST_CONFIG_DIR="$(mktemp -d)"
exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the webview tests (playwright-core drives it; playwright's
# own browser downloads are never used). Idempotent and quiet: does nothing when chromium is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/apt-need.sh chromium
[ -x /usr/bin/chromium ] || { echo "setup-chromium: chromium is installed but /usr/bin/chromium is missing" >&2; exit 1; }

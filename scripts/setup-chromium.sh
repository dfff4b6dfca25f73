#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the webview tests (playwright-core drives it; playwright's
# own browser downloads are never used). Idempotent and quiet: does nothing when chromium is already installed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
[ -x /usr/bin/chromium ] || { echo "setup-chromium: apt-get installed chromium but /usr/bin/chromium is missing" >&2; exit 1; }

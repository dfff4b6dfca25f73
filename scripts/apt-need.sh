#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet (apt-get update first, once).
# usage: scripts/apt-need.sh pkg...      (a no-op, without root, when all are present)
set -euo pipefail
missing=()
for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
# Another process (a parallel set-up) may hold the dpkg lock: wait for it rather than fail.
apt-get -o DPkg::Lock::Timeout=300 update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

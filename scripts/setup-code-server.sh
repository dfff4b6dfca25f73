#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3's own server and web workbench) from the npm registry, without its postinstall,
# because that postinstall downloads ripgrep from GitHub, which these machines cannot reach. We redo its steps offline.
# Idempotent: a finished install leaves a stamp file and a second call returns at once.
# usage: scripts/setup-code-server.sh [install-dir]      (default .cache/code-server)
#        → <install-dir>/node_modules/.bin/code-server
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=$(mkdir -p "${1:-.cache/code-server}" && cd "${1:-.cache/code-server}" && pwd)
VERSION=4.100.3   # the last code-server line that runs on Node 20
STAMP="$DIR/.complete-$VERSION"
if [ -f "$STAMP" ] && [ -x "$DIR/node_modules/.bin/code-server" ]; then exit 0; fi

export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# node-gyp must build against the local Node headers, never download them.
[ -d /usr/include/node ] && export npm_config_nodedir=/usr

# Headers for the native modules (kerberos needs gssapi), Debian's rg (replaces the GitHub download), the browser.
bash scripts/apt-need.sh build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev \
  ripgrep chromium

cd "$DIR"
[ -f package.json ] || echo '{"name":"gradlens-code-server","private":true}' > package.json
npm install --ignore-scripts --no-save "code-server@$VERSION" >/dev/null
npm rebuild argon2 >/dev/null

# What code-server's postinstall would do, offline.
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts >/dev/null
# @vscode/ripgrep's postinstall skips its download when bin/ already holds rg.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild >/dev/null     # kerberos, spdlog, node-pty, native-watchdog … with node-gyp and local headers
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
# The built-in extensions share dependencies (TypeScript language features need typescript).
(cd extensions && npm install --omit=dev >/dev/null)
touch "$STAMP"
echo "code-server $VERSION ready in $DIR"

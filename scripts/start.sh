#!/usr/bin/env bash
# `npm start`: builds, packs the .vsix, sets code-server up (first time ~1–2 min, then cached), and starts it on
# 127.0.0.1 with gradlens installed and examples/ open. Prints the URL; Ctrl+C stops it. PORT=8080 npm start fixes the port.
set -euo pipefail
cd "$(dirname "$0")/.."
VSIX=$(bash scripts/package.sh)
bash scripts/setup-code-server.sh
npx esbuild scripts/code-server/start.ts --bundle --platform=node --format=cjs --target=node20 \
  --outfile=out/scripts/start.js --log-level=warning
# exec: Ctrl+C reaches node directly, which stops code-server's whole process group before exiting
exec node out/scripts/start.js "$PWD" "$VSIX"

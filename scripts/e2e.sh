#!/usr/bin/env bash
# End-to-end tests in a real VS Code (code-server, offline) driven by playwright-core in Debian's chromium:
# packs the .vsix, sets code-server up (cached under .cache/), bundles test/e2e/ and runs it. Each test file starts its
# own throwaway code-server on 127.0.0.1 (see scripts/code-server/launch.ts). Screenshots: test-artifacts/e2e/.
# usage: scripts/e2e.sh [regex]     e.g. `scripts/e2e.sh "editor|untrusted"` runs those two files only
set -euo pipefail
cd "$(dirname "$0")/.."
VSIX=$(bash scripts/package.sh)
bash scripts/setup-code-server.sh

# (through a file, not a pipe, so that a failed build stops this script)
mkdir -p out
node scripts/build-tests.mjs e2e > out/e2e-tests.list
mapfile -t built < out/e2e-tests.list
# The suites under test/e2e/suite/ run inside the extension host, loaded by this entry; the rest run here in node.
npx esbuild test/e2e/harness/extensionHostMain.ts --bundle --platform=node --format=cjs --target=node20 \
  --packages=external --external:vscode --outfile=out/test/e2e/extensionHostMain.js --log-level=warning
host_side=()
for f in "${built[@]}"; do
  [[ "$f" == */e2e/suite/* ]] && continue
  [[ -z "${1:-}" || "$f" =~ $1 ]] && host_side+=("$f")
done
# one file at a time: each starts a code-server and a browser, and this machine has two cores
GRADLENS_VSIX="$VSIX" node --test --test-concurrency=1 --test-reporter=spec "${host_side[@]}"

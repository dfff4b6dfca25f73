#!/usr/bin/env bash
# `npm test`: everything, in order, stopping at the first red stage.
#   build → type check → dependency rules → unit tests → webview tests (headless Chromium) → end-to-end (code-server)
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
T0=$SECONDS
stage() { echo; echo "== $1 ($((SECONDS - T0)) s)"; }

stage "build"
node scripts/build.mjs

stage "type check"
npx tsc -p tsconfig.json
npx tsc -p src/webview/tsconfig.json

stage "dependency rules"
node scripts/lint-deps.mjs

stage "unit tests"
mapfile -t unit < <(node scripts/build-tests.mjs unit)
node --test --test-reporter=spec "${unit[@]}"

if [ -d test/webview ]; then
  stage "webview tests (headless Chromium)"
  bash scripts/setup-chromium.sh
  mapfile -t web < <(node scripts/build-tests.mjs webview)
  node --test --test-concurrency=1 --test-reporter=spec "${web[@]}"
fi

if [ -d test/e2e ]; then
  stage "end-to-end tests (code-server)"
  bash scripts/e2e.sh
fi

stage "all green"

#!/usr/bin/env bash
# `npm test`: everything, in order, stopping at the first red stage.
#   build → type check → dependency rules → unit tests → webview tests (headless Chromium) → end-to-end (code-server)
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
T0=$SECONDS
stage() { echo; echo "== $1 ($((SECONDS - T0)) s)"; }
LOG=$(mktemp -t gradlens-test.XXXXXX)
trap 'rm -f "$LOG" "$LOG.list"' EXIT
# node's test runner prints "ℹ pass N" / "ℹ fail N" per run; the total is printed once at the end.
run_node_tests() { node --test --test-reporter=spec "$@" 2>&1 | tee -a "$LOG"; }

stage "build"
node scripts/build.mjs

stage "type check"
npx tsc -p tsconfig.json
npx tsc -p src/webview/tsconfig.json
npx tsc -p test/webview/tsconfig.json

stage "dependency rules"
node scripts/lint-deps.mjs

stage "unit tests"
node scripts/build-tests.mjs unit > "$LOG.list"
mapfile -t unit < "$LOG.list"
run_node_tests "${unit[@]}"

stage "webview tests (headless Chromium)"
bash scripts/setup-chromium.sh
node scripts/build-tests.mjs webview > "$LOG.list"
mapfile -t web < "$LOG.list"
run_node_tests --test-concurrency=1 "${web[@]}"

stage "end-to-end tests (code-server)"
bash scripts/e2e.sh 2>&1 | tee -a "$LOG"

stage "all green"
passed=$(grep -aoE '^ℹ pass [0-9]+' "$LOG" | awk '{s+=$3} END {print s+0}')
failed=$(grep -aoE '^ℹ fail [0-9]+' "$LOG" | awk '{s+=$3} END {print s+0}')
echo "$passed passed, $failed failed"

#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (idempotent, pinned), builds,
# type-checks, runs the node:test suites and the integration tests inside a real VS Code
# extension host. Prints "total: N passed, N failed" last; exit status 0 only if all passed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "test: setup failed"; echo "total: 0 passed, 1 failed"; exit 2; }
bash scripts/setup-system.sh || { echo "test: installing Debian packages failed"; echo "total: 0 passed, 1 failed"; exit 2; }
bash scripts/setup-libvirt.sh || { echo "test: installing libvirt failed"; echo "total: 0 passed, 1 failed"; exit 2; }
# The webview tests use the harness's Chromium too, so the harness is installed before any test runs.
bash scripts/integration/install-harness.sh || { echo "test: installing the integration harness failed"; echo "total: 0 passed, 1 failed"; exit 2; }
npm run --silent build || { echo "test: build failed"; echo "total: 0 passed, 1 failed"; exit 2; }

passed=0; failed=0; status=0
# A type error counts as one failure; the tests still run, so the summary shows everything at once.
npx tsc -p . || { echo "test: type check failed"; failed=$((failed + 1)); status=1; }
tally() { # reads a "...: N passed, N failed" line from a log
  local line; line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [ -z "$line" ]; then echo "test: $2 printed no summary"; failed=$((failed + 1)); status=1; return; fi
  passed=$((passed + $(sed -E 's/^[^:]+: ([0-9]+) passed.*/\1/' <<<"$line")))
  failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
}

# Logs of this run only: other runs in the same checkout may be going at the same time.
logs=$(mktemp -d "${TMPDIR:-/tmp}/samepage-test-XXXXXX")
trap 'rm -rf "$logs"' EXIT
# Browsers and editors started by tests keep their config, caches and crash reports here, not in $HOME.
export XDG_CONFIG_HOME=$logs/xdg-config XDG_CACHE_HOME=$logs/xdg-cache XDG_DATA_HOME=$logs/xdg-data

node scripts/run-tests.mjs 2>&1 | tee "$logs/unit.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
tally "$logs/unit.log" unit

bash scripts/test-integration.sh 2>&1 | tee "$logs/integration.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
tally "$logs/integration.log" integration

echo "total: $passed passed, $failed failed"
[ "$failed" = 0 ] || status=1
exit $status

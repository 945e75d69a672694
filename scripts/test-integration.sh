#!/usr/bin/env bash
# Integration tests inside a real VS Code extension host, from a fresh machine: installs the harness
# (pinned, idempotent), bundles the extension and the suite, runs it through @vscode/test-electron.
#   default: the VS Code server from code-server@4.139.1 on Node 24 + Debian Chromium, headless;
#   SAMEPAGE_VSCODE_EXECUTABLE=/path/to/VSCode-linux-x64/code: that desktop build, under xvfb-run.
# Prints "integration: N passed, N failed" last; exit status 0 only if tests ran and all passed.
# Switches: SAMEPAGE_IT_FORCE_FAIL=1 breaks one assertion on purpose; SAMEPAGE_IT_GREP=TEXT runs
# matching tests only; SAMEPAGE_IT_VERBOSE=1 shows server and browser logs.
set -uo pipefail
cd "$(dirname "$0")/.."

RUN_TIMEOUT_S=${SAMEPAGE_IT_RUN_TIMEOUT_S:-420}
t0=$(date +%s)
fail() { echo "[test-integration] $1"; echo "integration: 0 passed, 1 failed"; exit 2; }

bash scripts/integration/install-harness.sh || fail "installing the harness failed"
t1=$(date +%s)
bash scripts/setup.sh >/dev/null || fail "npm ci failed"
npm run --silent build || fail "building the extension failed"
node scripts/integration/build-tests.mjs || fail "building the integration tests failed"
t2=$(date +%s)

# The run gets its own session and process group; whatever it leaves behind (code-server's group
# included, whose id it writes to a file) is killed on the way out.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/samepage-it-sh-XXXXXX")
export SAMEPAGE_IT_PGID_FILE=$scratch/server.pgid
# Chromium and code-server also honour these; nothing of the run lands in $HOME.
export XDG_CONFIG_HOME=$scratch/xdg-config XDG_CACHE_HOME=$scratch/xdg-cache XDG_DATA_HOME=$scratch/xdg-data
cleanup() {
  [ -n "${run_pid:-}" ] && kill -TERM -- "-$run_pid" 2>/dev/null
  [ -s "$SAMEPAGE_IT_PGID_FILE" ] && kill -KILL -- "-$(cat "$SAMEPAGE_IT_PGID_FILE")" 2>/dev/null
  [ -n "${run_pid:-}" ] && kill -KILL -- "-$run_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

runner=(node scripts/integration/run-tests.mjs)
if [ -n "${SAMEPAGE_VSCODE_EXECUTABLE:-}" ]; then
  echo "[test-integration] VS Code desktop build: $SAMEPAGE_VSCODE_EXECUTABLE (under xvfb-run)"
  runner=(xvfb-run -a "${runner[@]}")
fi
setsid timeout --kill-after=15 "$RUN_TIMEOUT_S" "${runner[@]}" &
run_pid=$!
wait "$run_pid"
rc=$?
[ "$rc" = 124 ] && echo "[test-integration] timed out after ${RUN_TIMEOUT_S}s" && echo "integration: 0 passed, 1 failed"
t3=$(date +%s)
echo "[test-integration] harness install $((t1 - t0))s, build $((t2 - t1))s, test run $((t3 - t2))s, exit $rc"
exit "$rc"

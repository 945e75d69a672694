#!/usr/bin/env bash
# The main job on a fresh machine: installs dependencies if needed, builds, and runs the what-if
# prediction on the built-in default scenario (arguments are passed on to `samepage whatif`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
npm run --silent build
exec node dist/cli/samepage.js whatif "$@"

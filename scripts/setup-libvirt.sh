#!/usr/bin/env bash
# Installs Debian 12's libvirt (9.0.0) for the domain-XML agreement test and prepares what its
# packages expect from systemd on a normal host: the kvm and libvirt-qemu groups, the libvirt-qemu user and the log
# and state directories. Idempotent: does nothing that is already done. Starting the daemon is
# left to scripts/libvirt-argv.sh, which stops what it started.
set -euo pipefail
# The libvirt release the rules in docs/rules/libvirt.md were checked against.
pinned=9.0.0
packages=(libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # Other checkouts on this machine may install at the same time: apt takes one at a time.
  flock /tmp/samepage-apt.lock sh -c "
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends ${missing[*]} >/dev/null"
fi
for p in "${packages[@]}"; do
  installed "$p" || { echo "setup-libvirt: $p did not install" >&2; exit 1; }
  version=$(dpkg-query -W -f='${Version}' "$p")
  case "$version" in "$pinned"-*) ;; *) echo "setup-libvirt: $p is $version, the tests expect $pinned" >&2; exit 1 ;; esac
done
# Debian builds libvirt to run QEMU as user libvirt-qemu, group libvirt-qemu; the daemon refuses to
# start its QEMU driver when either is missing.
getent group kvm >/dev/null || $sudo groupadd --system kvm
getent group libvirt-qemu >/dev/null || $sudo groupadd --system libvirt-qemu
getent passwd libvirt-qemu >/dev/null || $sudo useradd --system --no-create-home --home-dir /var/lib/libvirt --shell /usr/sbin/nologin --gid kvm libvirt-qemu
$sudo mkdir -p /var/log/libvirt /var/lib/libvirt/qemu
# udev gives /dev/kvm to group kvm (mode 0660) on a normal host. Without it libvirt sees KVM change
# between its own check (root) and QEMU's (libvirt-qemu), and probes QEMU again on every call (~35 s).
if [ -c /dev/kvm ] && [ "$(stat -c %G:%a /dev/kvm)" != kvm:660 ]; then
  $sudo chgrp kvm /dev/kvm && $sudo chmod 0660 /dev/kvm
fi

#!/usr/bin/env bash
# Prints the QEMU command line that the real libvirt would run for each domain XML file given:
# "== FILE" and then `virsh domxml-to-native qemu-argv` output, or "!! exit N" when virsh refuses it.
# Installs libvirt when needed (setup-libvirt.sh), starts libvirtd when none runs and stops the one it
# started. One run at a time on this machine, so no run stops a daemon another run still uses.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/setup-libvirt.sh"
exec 9>/tmp/samepage-libvirt.lock
flock 9
connect=(virsh -q -c qemu:///system)
started=
stop() {
  [ -n "$started" ] || return 0
  kill "$started" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$started" 2>/dev/null || return 0; sleep 0.1; done
}
trap stop EXIT
if ! "${connect[@]}" uri >/dev/null 2>&1; then
  rm -f /run/libvirtd.pid
  (cd / && libvirtd -d)
  for _ in $(seq 100); do [ -s /run/libvirtd.pid ] && break; sleep 0.1; done
  started=$(cat /run/libvirtd.pid 2>/dev/null || true)
  [ -n "$started" ] || { echo "libvirt-argv: libvirtd did not start" >&2; exit 1; }
  for _ in $(seq 300); do "${connect[@]}" uri >/dev/null 2>&1 && break; sleep 0.1; done
fi
for file in "$@"; do
  printf '== %s\n' "$file"
  status=0
  # virsh ends the command line without a newline.
  out=$(timeout 120 "${connect[@]}" domxml-to-native qemu-argv "$file" 2>&1) || status=$?
  printf '%s\n' "$out"
  [ "$status" = 0 ] || printf '!! exit %s\n' "$status"
done

#!/usr/bin/env bash
# Prints the QEMU command line that the real libvirt would run for each domain XML file given:
# "== FILE" and then `virsh domxml-to-native qemu-argv` output, or "!! exit N" when virsh refuses it.
# The daemon is started and stopped by with-libvirtd.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" != --inside ]; then exec bash "$here/with-libvirtd.sh" bash "$here/libvirt-argv.sh" --inside "$@"; fi
shift
for file in "$@"; do
  printf '== %s\n' "$file"
  status=0
  # virsh ends the command line without a newline.
  out=$(timeout 120 virsh -q -c qemu:///system domxml-to-native qemu-argv "$file" 2>&1) || status=$?
  printf '%s\n' "$out"
  [ "$status" = 0 ] || printf '!! exit %s\n' "$status"
done

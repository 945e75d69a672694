#!/usr/bin/env bash
# Runs a command while the real libvirt daemon (and virtlogd, which starting a domain needs) is up:
# installs libvirt when needed (setup-libvirt.sh), starts each daemon that is not running, runs the
# command and stops only the daemons it started. One run at a time on this machine, so no run stops
# a daemon another run still uses. Exit status: the command's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/setup-libvirt.sh"
exec 9>/tmp/samepage-libvirt.lock
flock 9
started=()
stop() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
}
trap stop EXIT
# start DAEMON PIDFILE: starts DAEMON -d unless the process of PIDFILE runs, and waits for its pid file.
start() {
  local daemon=$1 pidfile=$2
  if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return 0; fi
  rm -f "$pidfile"
  (cd / && "$daemon" -d)
  for _ in $(seq 100); do [ -s "$pidfile" ] && break; sleep 0.1; done
  [ -s "$pidfile" ] || { echo "with-libvirtd: $daemon did not start" >&2; exit 1; }
  started+=("$(cat "$pidfile")")
}
start virtlogd /run/virtlogd.pid
start libvirtd /run/libvirtd.pid
for _ in $(seq 300); do virsh -q -c qemu:///system uri >/dev/null 2>&1 && break; sleep 0.1; done
status=0
"$@" || status=$?
exit "$status"

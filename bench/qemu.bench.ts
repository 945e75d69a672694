import { analyzeDocument } from '../engine/language/analyze';
import { DEFAULT_SETTINGS } from '../engine/language/types';
import type { BenchFigure } from './run';

/** A realistic launcher script: 10,000 lines, QEMU command lines with continuations, quotes and a few mistakes. */
function script(): string {
  const lines = ['#!/bin/bash', 'set -eu'];
  for (let i = 0; lines.length < 10_000; i++) {
    lines.push(
      `qemu-system-x86_64 -enable-kvm -name vm${i} \\`,
      `  -machine "q35,mem-merge=${i % 7 === 0 ? 'ON' : 'on'},smp.cpus=${1 + (i % 8)}" \\`,
      `  -object memory-backend-ram,id=ram${i},size=${1 + (i % 4)}G${i % 5 === 0 ? ',merge=off' : ''} \\`,
      `  -machine memory-backend=ram${i} -m ${1 + (i % 4)}G \\`,
      `  -drive file=/var/lib/vms/vm${i}.qcow2,if=virtio -display none -daemonize`,
    );
  }
  return lines.slice(0, 10_000).join('\n') + '\n';
}

/** Lint time for a 10,000-line shell script full of QEMU command lines, as `samepage lint` and the server see it. */
export function run(): BenchFigure[] {
  const text = script();
  const ctx = { settings: DEFAULT_SETTINGS, host: {} };
  const first = analyzeDocument(text, { fileName: 'vms.sh' }, ctx);
  const runs = 5;
  // Each run is a new document version (a distinct text), as after an edit: nothing is reused.
  const versions = Array.from({ length: runs }, (_, i) => `${text}# edit ${i}\n`);
  const started = performance.now();
  for (const version of versions) analyzeDocument(version, { fileName: 'vms.sh' }, ctx);
  const ms = (performance.now() - started) / runs;
  const qemuFindings = first.findings.filter((f) => f.ruleId.startsWith('qemu/')).length;
  return [
    { name: 'lint 10,000-line shell script of QEMU command lines', value: ms, unit: 'ms', note: `${qemuFindings} qemu findings, QEMU ${'10.2'} tables` },
    { name: 'throughput', value: (10_000 / ms) * 1000, unit: 'lines/s' },
  ];
}

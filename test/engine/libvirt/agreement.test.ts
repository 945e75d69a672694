/**
 * Our reading of every domain in test/fixtures/libvirt/ against the command line the real libvirt
 * 9.0.0 (Debian 12) builds for it with `virsh domxml-to-native qemu-argv`: the same RAM size (after
 * libvirt's unit rounding), the same mem-merge, the same part of the RAM on backends KSM can merge,
 * and an error finding for every domain libvirt refuses. Needs root and Debian's libvirt packages,
 * which scripts/libvirt-argv.sh installs (scripts/setup-libvirt.sh); it starts and stops libvirtd.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS } from '../../../engine/language/types';
import { parseDomain } from '../../../engine/libvirt/analyzer';
import { libvirtVerdicts } from './libvirtArgv';

const DIR = 'test/fixtures/libvirt';
const files = readdirSync(DIR).filter((f) => f.endsWith('.xml')).sort().map((f) => join(DIR, f));

test('the libvirt corpus has at least 50 domains', () => {
  assert.ok(files.length >= 50, `${files.length} files`);
});

test('every domain reads as the real libvirt turns it into a QEMU command line', { timeout: 900_000 }, () => {
  const verdicts = libvirtVerdicts(files);
  const disagreements: string[] = [];
  let accepted = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const libvirt = verdicts.get(file);
    assert.ok(libvirt, `no libvirt output for ${file}`);
    const analysis = analyzeDocument(text, { fileName: file }, { settings: DEFAULT_SETTINGS, host: {} });
    const errors = analysis.findings.filter((f) => f.severity === 'error');
    const memory = parseDomain(text).memory;
    if (libvirt.refused) {
      // Huge pages need hugetlbfs mounted on the host running libvirt; this one has none.
      const hostDependent = /hugetlbfs filesystem is not mounted/.test(libvirt.refused) && memory?.backends.some((b) => b.hugepages);
      const notQemu = analysis.findings.some((f) => f.ruleId === 'libvirt/not-qemu');
      if (errors.length === 0 && !hostDependent && !notQemu) disagreements.push(`${file}: libvirt refuses it (${libvirt.refused}) but Samepage finds no error`);
      continue;
    }
    accepted++;
    if (analysis.kind !== 'libvirt-domain') disagreements.push(`${file}: detected as ${analysis.kind}`);
    if (errors.length) disagreements.push(`${file}: libvirt accepts it but Samepage says: ${errors.map((e) => e.message).join(' | ')}`);
    if (!memory) {
      disagreements.push(`${file}: no memory model`);
      continue;
    }
    const ours = {
      ramMiB: Number(memory.initialKiB / 1024n),
      memMergeOff: !memory.memMerge,
      mergeableMiB: Number(memory.mergeableKiB / 1024n),
      memLock: !!memory.locked,
      freePageReporting: !!memory.balloon?.freePageReporting,
    };
    const theirs = { ramMiB: libvirt.ramMiB, memMergeOff: libvirt.memMergeOff, mergeableMiB: libvirt.mergeableMiB, memLock: libvirt.memLock, freePageReporting: libvirt.freePageReporting };
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) disagreements.push(`${file}: Samepage ${JSON.stringify(ours)}, libvirt ${JSON.stringify(theirs)}`);
  }
  console.log(`libvirt agreement: ${files.length - disagreements.length}/${files.length} domains (${accepted} accepted by libvirt)`);
  assert.deepEqual(disagreements, []);
});

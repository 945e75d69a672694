/**
 * Reads what a document says about a scenario with each capability's own parser: QEMU command
 * lines wherever lint finds them (engine/qemu), /sys/kernel/mm/ksm writes (engine/sysfs),
 * ksmtuned.conf values (engine/ksmtuned). FACT_READERS says which readers a document kind gets.
 */
import type { SourceDocument } from '../language/analyzer';
import type { DocumentKind } from '../language/documentKind';
import { SCRIPT_ANALYSIS_LIMIT_CHARS } from '../language/limits';
import type { KsmKnobs } from '../sim/api';
import { findInvocations } from '../qemu/findInvocations';
import { readQemuGuest } from '../qemu/guest';
import { knobWritesOf } from '../sysfs/analyzer';
import { applyKnobWrite, nextKnobState, type KnobWriteState } from '../sysfs/kernelWrite';
import { effectiveKsmtunedValues } from '../ksmtuned/effectiveValues';
import type { DocumentFacts, DocumentGuest } from './fromDocument';
import { libvirtGuestFacts } from '../libvirt/guest';
import { proxmoxGuestFacts } from '../proxmox/guest';
import { MAX_GUEST_GROUPS, MAX_GUEST_MEMORY_MIB, MIN_GUEST_MEMORY_MIB } from './validate';

const MiB = 1048576n;

/** The guests the QEMU command lines of a document start, and why any line is left out. */
export function qemuGuestsOf(doc: SourceDocument): Pick<DocumentFacts, 'guests' | 'guestsLeftOut'> {
  const guests: DocumentGuest[] = [];
  const guestsLeftOut: string[] = [];
  for (const inv of findInvocations(doc.kind, doc.text)) {
    const where = `line ${doc.index.positionAt(inv.range.start).line + 1} (${inv.program})`;
    if (!inv.x86) {
      guestsLeftOut.push(`${where}: only the x86 emulators are modelled`);
      continue;
    }
    const reading = readQemuGuest(inv.program, inv.args);
    if (!reading.ok) {
      guestsLeftOut.push(`${where}: ${reading.reason}`);
      continue;
    }
    const mib = Number((reading.guest.ramBytes + MiB - 1n) / MiB);
    guests.push({ memoryMiB: Math.max(MIN_GUEST_MEMORY_MIB, Math.min(MAX_GUEST_MEMORY_MIB, mib)), memMerge: reading.guest.mergeable, binary: inv.programWord.value, count: 1 });
    if (guests.length >= MAX_GUEST_GROUPS) break;
  }
  return { guests, guestsLeftOut };
}

/** The knob values the document's unconditional writes leave behind, as the kernel parses them. */
export function knobsWrittenBy(doc: SourceDocument): Partial<KsmKnobs> {
  let state: KnobWriteState = { knobs: {}, ksmPagesExist: false };
  // Every value written, also one equal to the kernel's default (the kernel state only records
  // changes, but over a base scenario a write of the default still sets the knob).
  const written: Record<string, unknown> = {};
  for (const site of knobWritesOf(doc).writes) {
    if (site.conditional || site.inFunction || site.glob || !site.attempts) continue;
    // Each attempt is the write(2) calls one command makes; the next attempt runs only after a failure.
    for (const attempt of site.attempts) {
      let failed = false;
      for (const bytes of attempt) {
        const result = applyKnobWrite(site.knob, bytes, state);
        state = nextKnobState(state, result);
        if (!result.ok) {
          failed = true;
          break;
        }
        Object.assign(written, { [site.knob]: result.value }, result.updates);
      }
      if (!failed) break;
    }
  }
  const knobs: Record<string, number | string> = {};
  for (const [name, value] of Object.entries(written)) {
    if (value === undefined) continue;
    knobs[name] = typeof value === 'number' ? value : String(value);
  }
  return knobs as Partial<KsmKnobs>;
}

/** A ksmtuned.conf's values as bash leaves them, and where each assigned value sits (for Apply). */
export function ksmtunedFactsOf(text: string): Pick<DocumentFacts, 'ksmtunedValues' | 'ksmtunedAssignments'> {
  const conf = effectiveKsmtunedValues(text);
  const values: Record<string, string> = {};
  const assignments: Record<string, { start: number; end: number }> = {};
  for (const [name, v] of Object.entries(conf.values)) {
    if (v.source === 'conf' && v.known && v.value !== undefined) values[name] = v.value;
    if (v.range) {
      const eq = text.slice(v.range.start, v.range.end).indexOf('=');
      if (eq >= 0) assignments[name] = { start: v.range.start + eq + 1, end: v.range.end };
    }
  }
  return { ksmtunedValues: values, ksmtunedAssignments: assignments };
}

type FactReader = (doc: SourceDocument) => DocumentFacts;

const ksmtunedFacts: FactReader = (doc) => ksmtunedFactsOf(doc.text);
const guestFacts: FactReader = (doc) => qemuGuestsOf(doc);
const knobFacts: FactReader = (doc) => ({ knobs: knobsWrittenBy(doc) });
const libvirtFacts: FactReader = (doc) => libvirtGuestFacts(doc.text, doc.fileName);
const proxmoxFacts: FactReader = (doc) => proxmoxGuestFacts(doc.text, doc.fileName, doc.fileName);

/** Which readers each document kind gets (the same kinds lint reads QEMU lines and knob writes in). */
export const FACT_READERS: Record<DocumentKind, readonly FactReader[]> = {
  ksmtuned: [ksmtunedFacts],
  shell: [guestFacts, knobFacts],
  'systemd-unit': [guestFacts, knobFacts],
  markdown: [guestFacts],
  'sysfs-conf': [knobFacts],
  tmpfiles: [knobFacts],
  'libvirt-domain': [libvirtFacts],
  'proxmox-vm': [proxmoxFacts],
  unknown: [],
};

/** Everything a document says about a scenario; a reader that throws on odd input loses only its own part. */
export function documentFacts(doc: SourceDocument): DocumentFacts {
  const facts: DocumentFacts = {};
  if (doc.text.length > SCRIPT_ANALYSIS_LIMIT_CHARS) return facts;
  for (const read of FACT_READERS[doc.kind]) {
    try {
      Object.assign(facts, read(doc));
    } catch {
      // the other readers still answer
    }
  }
  if (facts.knobs && Object.keys(facts.knobs).length === 0) delete facts.knobs;
  return facts;
}

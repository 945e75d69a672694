/**
 * Reads what a document says about a scenario with each capability's own parser: QEMU command
 * lines in shell scripts (engine/shell + engine/qemu), /sys/kernel/mm/ksm writes (engine/sysfs),
 * ksmtuned.conf values (engine/ksmtuned). The language server answers the panel with this.
 */
import type { SourceDocument } from '../language/analyzer';
import type { KsmKnobs } from '../sim/api';
import { parseShell, commandName } from '../shell';
import { argFromWord } from '../qemu/args';
import { checkCommandLine } from '../qemu/check';
import { leafAt } from '../qemu/machineTree';
import { knobWritesOf } from '../sysfs/analyzer';
import { applyKnobWrite, nextKnobState, type KnobWriteState } from '../sysfs/kernelWrite';
import { effectiveKsmtunedValues } from '../ksmtuned/effectiveValues';
import type { DocumentFacts, DocumentGuest } from './fromDocument';

const QEMU_PROGRAM = /(^|\/)(qemu-system-[\w-]+|qemu-kvm|kvm)$/;
const MAX_TEXT = 2_000_000;

/** QEMU invocations in a shell script: RAM after -m/-machine memory, and mem-merge (default on). */
export function qemuGuestsOf(text: string): DocumentGuest[] {
  if (text.length > MAX_TEXT) return [];
  const guests: DocumentGuest[] = [];
  for (const command of parseShell(text).commands) {
    const program = commandName(command);
    if (!program || !QEMU_PROGRAM.test(program)) continue;
    const args = command.words.slice(1).map((w) => argFromWord(text, w));
    const { machine } = checkCommandLine(program, args, undefined);
    const ramBytes = machine.ramSize ?? 128n * 1024n * 1024n; // QEMU's default -m
    const mergeLeaf = leafAt(machine.root, 'mem-merge');
    const memMerge = mergeLeaf ? !/^(off|no|false|n)$/i.test(mergeLeaf.value) : true;
    guests.push({ memoryMiB: Math.max(16, Math.min(4194304, Number(ramBytes / 1048576n))), memMerge, binary: program, count: 1 });
    if (guests.length >= 64) break;
  }
  return guests;
}

/** The knob values the document's unconditional writes leave behind, as the kernel parses them. */
export function knobsWrittenBy(doc: SourceDocument): Partial<KsmKnobs> {
  let state: KnobWriteState = { knobs: {}, ksmPagesExist: false };
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
      }
      if (!failed) break;
    }
  }
  const knobs: Record<string, number | string> = {};
  for (const [name, value] of Object.entries(state.knobs)) {
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

/** Runs one reader; a reader that throws on odd input loses only its own part of the facts. */
function guarded<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function documentFacts(doc: SourceDocument): DocumentFacts {
  const facts: DocumentFacts = {};
  if (doc.kind === 'ksmtuned' && doc.text.length <= MAX_TEXT) Object.assign(facts, guarded(() => ksmtunedFactsOf(doc.text)) ?? {});
  if (doc.kind === 'shell') {
    const guests = guarded(() => qemuGuestsOf(doc.text)) ?? [];
    if (guests.length) facts.guests = guests;
  }
  if (doc.kind === 'shell' || doc.kind === 'sysfs-conf' || doc.kind === 'tmpfiles' || doc.kind === 'systemd-unit') {
    const knobs = guarded(() => knobsWrittenBy(doc)) ?? {};
    if (Object.keys(knobs).length) facts.knobs = knobs;
  }
  return facts;
}

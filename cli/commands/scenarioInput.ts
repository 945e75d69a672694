/** Reading a scenario for the what-if commands (whatif, sweep, tune): a file or the seed, --set, a progress bar. */
import { seedScenario } from '../../engine/whatif/seed';
import { SetError, setScenarioValue } from '../../engine/whatif/setValue';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scenarioDocumentKind, scenarioFromDocument, scenarioFromGuestDocuments, type ScenarioDocument } from '../../engine/whatif/documentScenario';
import { INPUT_LIMITS, InputError, readInputFile, UsageError, type CliIo } from '../usage';
import { loadMeasurement, MeasurementFileError } from '../../engine/node/measurementFile';
import type { Measurement } from '../../engine/measure/format';
import type { Scenario } from '../../engine/whatif/scenario';

/** A folder of guest definitions holds at most this many files that are read. */
const MAX_FOLDER_FILES = 256;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A folder of libvirt domains or Proxmox VM configs: every *.xml and *.conf file in it, read as one host's guests. */
async function loadFolder(command: string, dir: string, io: CliIo): Promise<{ raw: unknown; notes: string[] }> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.(xml|conf)$/.test(n)).sort();
  } catch (error) {
    throw new InputError(`${command}: cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const docs: ScenarioDocument[] = [];
  for (const name of names.slice(0, MAX_FOLDER_FILES)) {
    const path = join(dir, name);
    if (isDirectory(path)) continue;
    const text = await readInputFile(command, path, INPUT_LIMITS.scenario, io.stdin);
    docs.push({ fileName: path, text, kind: scenarioDocumentKind(path, text), label: path });
  }
  const read = scenarioFromGuestDocuments(docs, seedScenario(), dir);
  if (!read.ok) throw new InputError(`${command}: ${read.message}`);
  if (names.length > MAX_FOLDER_FILES) read.notes.push(`only the first ${MAX_FOLDER_FILES} of ${names.length} files of ${dir} were read`);
  return { raw: read.raw, notes: read.notes };
}

/** The scenario a file or a folder of guest definitions stands for (`-`: standard input), with the notes of what was taken from it or assumed. */
export async function loadScenario(command: string, file: string | undefined, io: CliIo): Promise<{ raw: unknown; notes: string[] }> {
  if (file === undefined) return { raw: seedScenario(), notes: ['the built-in seed scenario'] };
  if (file !== '-' && isDirectory(file)) return loadFolder(command, file, io);
  const text = await readInputFile(command, file, INPUT_LIMITS.scenario, io.stdin);
  const read = scenarioFromDocument({ fileName: file, text, kind: scenarioDocumentKind(file, text), label: file }, seedScenario());
  if (!read.ok) throw new InputError(`${command}: ${read.message}`);
  return { raw: read.raw, notes: read.notes };
}

/** The scenario file's absolute path (worker threads may run elsewhere); undefined for the seed or stdin. */
export function scenarioPathOf(file: string | undefined): string | undefined {
  return file === undefined || file === '-' ? undefined : resolve(file);
}

/** The content file of a measured scenario (beside the scenario file), decoded; undefined without one. */
export function scenarioMeasurement(command: string, scenario: Scenario, scenarioPath: string | undefined): Measurement | undefined {
  try {
    return loadMeasurement(scenario, scenarioPath);
  } catch (error) {
    if (error instanceof MeasurementFileError) throw new InputError(`${command}: ${error.message}`);
    throw error;
  }
}

/** A progress bar on stderr, redrawn at most every 100 ms and only after the run has taken 300 ms. */
export function progressBar(io: CliIo, label: string): { update(fraction: number): void; done(): void } {
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(fraction) {
      const now = Date.now();
      if (now - started < 300 || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      const width = 30;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}%`);
    },
    done() {
      if (drawn) io.stderr('\r\x1b[K');
    },
  };
}

/** The scenario with each `--set KEY=VALUE` applied in order; a bad one is a usage error. */
export function applySets(command: string, raw: unknown, assignments: readonly string[]): unknown {
  let out = raw;
  for (const assignment of assignments) {
    try {
      out = setScenarioValue(out, assignment);
    } catch (error) {
      if (error instanceof SetError) throw new UsageError(`${command}: --set ${error.message}`);
      throw error;
    }
  }
  return out;
}

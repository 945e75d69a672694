/** Reading a scenario for the what-if commands (whatif, sweep, tune): a file or the seed, --set, a progress bar. */
import { seedScenario } from '../../engine/whatif/seed';
import { SetError, setScenarioValue } from '../../engine/whatif/setValue';
import { detectKind } from '../../engine/language/documentKind';
import { LineIndex } from '../../engine/text/lineIndex';
import { documentFacts } from '../../engine/whatif/documentFacts';
import { applyDocumentFacts } from '../../engine/whatif/fromDocument';
import { INPUT_LIMITS, InputError, readInputFile, UsageError, type CliIo } from '../usage';

/** The scenario a file stands for (`-`: standard input), with the notes of what was taken from it or assumed. */
export async function loadScenario(command: string, file: string | undefined, io: CliIo): Promise<{ raw: unknown; notes: string[] }> {
  if (file === undefined) return { raw: seedScenario(), notes: ['the built-in seed scenario'] };
  const text = await readInputFile(command, file, INPUT_LIMITS.scenario, io.stdin);
  const kind = /\.json$/i.test(file) || text.trimStart().startsWith('{') ? 'json' : detectKind(file, text);
  if (kind === 'ksmtuned' || kind === 'shell' || kind === 'sysfs-conf' || kind === 'tmpfiles' || kind === 'systemd-unit') {
    // A ksmtuned.conf or a script: its values, guests and knob writes laid over the seed scenario.
    const facts = documentFacts({ fileName: file, text, kind, index: new LineIndex(text) });
    const applied = applyDocumentFacts(seedScenario(), facts, file);
    return { raw: applied.scenario, notes: applied.notes };
  }
  try {
    return { raw: JSON.parse(text), notes: [] };
  } catch (error) {
    throw new InputError(`${command}: ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
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

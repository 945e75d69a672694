/** Loads the agreement corpus and runs one case through the linter or through the real QEMU. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainArg, type QemuArg } from '../../../engine/qemu/args';
import { checkCommandLine } from '../../../engine/qemu/check';

export const QEMU_BINARY = 'qemu-system-x86_64';
/** Makes QEMU validate everything, build the machine, then stop at once: no guest code runs. */
export const HARNESS_ARGS = ['-S', '-display', 'none', '-nodefaults', '-monitor', 'stdio'];

export function loadCorpus(): string[][] {
  const text = readFileSync(join(__dirname, '../../fixtures/qemu/machine-corpus.txt'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => (line.startsWith('[') ? (JSON.parse(line) as string[]) : line.split(' ')));
}

export function toArgs(words: string[]): QemuArg[] {
  let offset = 0;
  return words.map((w) => {
    const arg = plainArg(w, offset);
    offset += w.length + 1;
    return arg;
  });
}

export function lintVerdict(words: string[], version = '7.2'): { accepted: boolean; messages: string[] } {
  const result = checkCommandLine(QEMU_BINARY, toArgs([...HARNESS_ARGS, ...words]), version);
  const errors = result.findings.filter((f) => f.severity === 'error');
  return { accepted: errors.length === 0, messages: result.findings.map((f) => `${f.severity} ${f.ruleId}: ${f.message}`) };
}

export interface QemuRun {
  status: number | null;
  stderr: string;
}

/** Runs QEMU with the harness options, answers its monitor with "quit", and kills it after `timeoutMs`. */
export function runQemu(words: string[], timeoutMs = 10_000): Promise<QemuRun> {
  return new Promise((resolve) => {
    const child = spawn(QEMU_BINARY, [...HARNESS_ARGS, ...words], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, stderr: String(error) });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end('quit\n');
  });
}

/** Runs many cases, `parallel` at a time. */
export async function runAll<T, R>(items: T[], parallel: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

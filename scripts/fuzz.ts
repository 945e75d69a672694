// `npm run fuzz [-- --inputs N] [--seed S]`: generated and mutated inputs through every parser and
// analyzer (test/fuzz/targets.ts) and LSP messages through the language server
// (test/fuzz/lspMessages.ts). Fails on a crash, a range outside the document, or an input that takes
// over a second; an input that never finishes is caught by a watchdog and printed. Seeded: a run
// is reproducible, and a failing input is named by target, seed and index.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { TARGETS } from '../test/fuzz/targets';
import { fuzzLsp, lspMessage } from '../test/fuzz/lspMessages';

const SLOW_MS = 1000;
const HANG_MS = 10_000;

interface Plan {
  perTarget: number;
  lspMessages: number;
  seed: number;
  progress: SharedArrayBuffer;
}

type Report =
  | { kind: 'failure'; target: string; index: number; message: string; input: string }
  | { kind: 'done'; target: string; count: number; ms: number; maxMs: number };

const inputsOf = (plan: Plan, k: number): string[] => fc.sample(TARGETS[k].input, { numRuns: plan.perTarget, seed: plan.seed + k });
const messagesOf = (plan: Plan) => fc.sample(lspMessage, { numRuns: plan.lspMessages, seed: plan.seed + TARGETS.length });
const shown = (input: string) => JSON.stringify(input.length > 400 ? `${input.slice(0, 400)}… (${input.length} chars)` : input);

async function work(plan: Plan): Promise<void> {
  const progress = new Int32Array(plan.progress);
  const post = (r: Report) => parentPort!.postMessage(r);
  for (let k = 0; k < TARGETS.length; k++) {
    const target = TARGETS[k];
    const inputs = inputsOf(plan, k);
    const started = Date.now();
    let maxMs = 0;
    for (let i = 0; i < inputs.length; i++) {
      Atomics.store(progress, 0, k);
      Atomics.store(progress, 1, i);
      const t0 = performance.now();
      try {
        target.check(inputs[i]);
      } catch (error) {
        post({ kind: 'failure', target: target.name, index: i, message: error instanceof Error ? (error.stack ?? error.message) : String(error), input: shown(inputs[i]) });
      }
      const ms = performance.now() - t0;
      maxMs = Math.max(maxMs, ms);
      if (ms > SLOW_MS) post({ kind: 'failure', target: target.name, index: i, message: `took ${Math.round(ms)} ms (limit ${SLOW_MS})`, input: shown(inputs[i]) });
    }
    post({ kind: 'done', target: target.name, count: inputs.length, ms: Date.now() - started, maxMs });
  }
  Atomics.store(progress, 0, TARGETS.length);
  const started = Date.now();
  const messages = messagesOf(plan);
  const { failures, refused } = await fuzzLsp(messages, (i) => Atomics.store(progress, 1, i));
  for (const message of failures) post({ kind: 'failure', target: 'LSP messages', index: -1, message, input: '' });
  post({ kind: 'done', target: `LSP messages (${refused} malformed ones refused with a logged error)`, count: messages.length, ms: Date.now() - started, maxMs: NaN });
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

function main(): void {
  const total = option('--inputs', 100_000);
  const seed = option('--seed', 1);
  // The LSP round trips are the slowest inputs; a tenth of the total goes to them.
  const lspMessages = Math.round(total / 10);
  const plan: Plan = { perTarget: Math.ceil((total - lspMessages) / TARGETS.length), lspMessages, seed, progress: new SharedArrayBuffer(8) };
  const progress = new Int32Array(plan.progress);
  const started = Date.now();
  let failures = 0;
  let inputs = 0;
  // The worker runs this same file, through tsx's require hook (a worker does not inherit --import).
  const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(__filename)});`, { eval: true, workerData: plan });
  let last = '';
  let lastChange = Date.now();
  const watchdog = setInterval(() => {
    const now = `${Atomics.load(progress, 0)}:${Atomics.load(progress, 1)}`;
    if (now !== last) {
      last = now;
      lastChange = Date.now();
      return;
    }
    if (Date.now() - lastChange < HANG_MS) return;
    const [k, i] = [Atomics.load(progress, 0), Atomics.load(progress, 1)];
    const input = k < TARGETS.length ? shown(inputsOf(plan, k)[i]) : JSON.stringify(messagesOf(plan)[i]);
    console.log(`HANG ${k < TARGETS.length ? TARGETS[k].name : 'LSP messages'} #${i} (seed ${seed}): no progress for ${HANG_MS / 1000} s on ${input}`);
    process.exitCode = 1;
    void worker.terminate();
  }, 500);
  worker.on('message', (r: Report) => {
    if (r.kind === 'failure') {
      failures++;
      console.log(`FAIL ${r.target} #${r.index} (seed ${seed}): ${r.message.split('\n').slice(0, 4).join('\n  ')}${r.input ? `\n  input: ${r.input}` : ''}`);
    } else {
      inputs += r.count;
      console.log(`${r.target}: ${r.count} inputs in ${(r.ms / 1000).toFixed(1)} s${Number.isNaN(r.maxMs) ? '' : `, slowest ${Math.round(r.maxMs)} ms`}`);
    }
  });
  worker.on('error', (error) => {
    failures++;
    console.log(`CRASH: ${error.stack ?? error.message}`);
  });
  worker.on('exit', () => {
    clearInterval(watchdog);
    console.log(`fuzz: ${inputs} inputs, ${failures} failure(s), ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${seed})`);
    if (failures > 0) process.exitCode = 1;
  });
}

if (isMainThread) main();
else void work(workerData as Plan);

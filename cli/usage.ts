import { constants, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** A mistake in how the CLI was called: printed on stderr with exit status 2. */
export class UsageError extends Error {}

/** Bad input data (unreadable file, invalid trace): printed on stderr with exit status 1. */
export class InputError extends Error {}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  stderrIsTty: boolean;
  /** What `-` reads; without it, `-` is an input error. */
  stdin?: Readable;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit status: 0 success, 1 findings or errors in the input. */
  run(args: string[], io: CliIo): Promise<number> | number;
}

/** The most an input file may hold, and what it is (for the message that refuses a larger one). */
export interface InputLimit {
  maxBytes: number;
  what: string;
}

const MiB = 1024 * 1024;

/**
 * Input limits by what a file holds. Real ones are far smaller (a conf is a few kB, the largest
 * recorded trace 0.4 MB); the caps only keep a wrong file (a disk image, /dev/zero) from filling memory.
 */
export const INPUT_LIMITS = {
  text: { maxBytes: 5 * MiB, what: 'a configuration file or script' },
  scenario: { maxBytes: 5 * MiB, what: 'a scenario, ksmtuned.conf or script' },
  trace: { maxBytes: 64 * MiB, what: 'a KSM trace' },
  log: { maxBytes: 64 * MiB, what: 'a ksmtuned log or trace' },
  hostProfile: { maxBytes: 1 * MiB, what: 'a host profile' },
} satisfies Record<string, InputLimit>;

const CHUNK_BYTES = 64 * 1024;

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  return stats.isDirectory() ? 'it is a directory' : 'not a regular file (a device, FIFO or socket)';
}

/**
 * The text of an input file, read for `command` by every CLI command: `-` is standard input; a path
 * is stat'ed first (directories, devices and FIFOs are refused unopened, as is a file over the limit),
 * then read in chunks that stop at the limit (files in /proc claim size 0). Any failure is an
 * InputError naming the command, the file and the reason.
 */
export async function readInputFile(command: string, file: string, limit: InputLimit, stdin?: Readable): Promise<string> {
  const fail = (reason: string) => new InputError(`${command}: cannot read ${file}: ${reason}`);
  const tooLarge = () => fail(`more than ${limit.what} can be (limit ${mib(limit.maxBytes)})`);
  if (file === '-') {
    if (!stdin) throw fail('no standard input');
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of stdin) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      total += bytes.length;
      if (total > limit.maxBytes) {
        stdin.destroy();
        throw tooLarge();
      }
      chunks.push(bytes);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    const before = statSync(file);
    const refused = notRegular(before);
    if (refused) throw fail(refused);
    if (before.size > limit.maxBytes) throw fail(`${mib(before.size)}, more than ${limit.what} can be (limit ${mib(limit.maxBytes)})`);
    // O_NONBLOCK: should the path have become a FIFO since the stat, opening it must not wait for a writer.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const refusedNow = notRegular(await handle.stat());
      if (refusedNow) throw fail(refusedNow);
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const { bytesRead, buffer } = await handle.read(Buffer.alloc(CHUNK_BYTES), 0, CHUNK_BYTES, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > limit.maxBytes) throw tooLarge();
        chunks.push(buffer.subarray(0, bytesRead));
      }
      return Buffer.concat(chunks).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fail((error as NodeJS.ErrnoException).code ?? String(error));
  }
}

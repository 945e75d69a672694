import { cAtof, cAtol, cStrtoull0 } from './cNumbers';

/** Where a write pattern of the harness's workload program writes: its TARGET word. */
export type WorkloadTarget = { kind: 'dup' | 'unique' | 'zero' | 'any' } | { kind: 'cls'; cls: number };
export type WorkloadWriteMode = 'new' | 'same' | 'byte';

export type WorkloadWrite =
  | { kind: 'rate'; rate: number; target: WorkloadTarget; mode: WorkloadWriteMode; start: number; stop: number }
  | { kind: 'burst'; at: number; count: number; target: WorkloadTarget; mode: WorkloadWriteMode };

/** Every option of the harness's workload program, with its defaults. */
export interface WorkloadOptions {
  pages: number;
  regions: number;
  distinct: number;
  /** --mult page counts per class; empty when --distinct applies. */
  mult: number[];
  zeroFrac: number;
  uniqueFrac: number;
  seed: bigint;
  id: number;
  layout: 'seq' | 'shuffle';
  merge: 'madvise' | 'prctl' | 'none';
  thp: boolean;
  quiet: boolean;
  /** Seconds after READY until the program exits by itself. */
  duration: number;
  /** Seconds after READY until it maps, fills and registers its memory. */
  late: number;
  writes: WorkloadWrite[];
}

/** A command line the workload program itself would reject (it prints usage and exits 2). */
export class WorkloadArgsError extends Error {}

const MAX_WRITE_SPECS = 16;
const MAX_CLASSES = 4096;
/** The --rate STOP default: "never". */
export const RATE_NEVER_STOPS = 1e18;

/**
 * Reads the workload's arguments (argv without the program name) exactly as its option loop does:
 * later options override earlier ones, --distinct clears --mult, numbers are read like atol/atof.
 */
export function parseWorkloadArgs(args: readonly string[]): WorkloadOptions {
  const o: WorkloadOptions = {
    pages: 1000,
    regions: 1,
    distinct: 1,
    mult: [],
    zeroFrac: 0,
    uniqueFrac: 0,
    seed: 1n,
    id: 0,
    layout: 'shuffle',
    merge: 'madvise',
    thp: false,
    quiet: false,
    duration: 60,
    late: 0,
    writes: [],
  };
  let mergeWord = 'madvise';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      if (i + 1 >= args.length) throw new WorkloadArgsError(`workload: ${a} needs a value`);
      return args[++i];
    };
    switch (a) {
      case '--pages': o.pages = cAtol(value()); break;
      case '--regions': o.regions = cAtol(value()); break;
      case '--distinct': o.distinct = cAtol(value()); o.mult = []; break;
      case '--mult': {
        const tokens = value().split(',').filter((t) => t !== ''); // strtok skips empty fields
        if (tokens.length > MAX_CLASSES) throw new WorkloadArgsError('workload: too many classes');
        o.mult = tokens.map(cAtol);
        break;
      }
      case '--zero-frac': o.zeroFrac = cAtof(value()); break;
      case '--unique-frac': o.uniqueFrac = cAtof(value()); break;
      case '--seed': o.seed = cStrtoull0(value()); break;
      case '--id': o.id = cAtol(value()); break;
      case '--layout': o.layout = value() === 'shuffle' ? 'shuffle' : 'seq'; break;
      case '--merge': mergeWord = value(); break;
      case '--thp': o.thp = true; break;
      case '--quiet': o.quiet = true; break;
      case '--duration': o.duration = cAtof(value()); break;
      case '--late': o.late = cAtof(value()); break;
      case '--rate':
      case '--burst': {
        const v = value();
        if (o.writes.length >= MAX_WRITE_SPECS) throw new WorkloadArgsError('workload: too many write specs');
        o.writes.push(parseWriteSpec(a, v));
        break;
      }
      default:
        throw new WorkloadArgsError(`workload: unknown option '${a}'`);
    }
  }
  if (o.pages <= 0 || o.regions <= 0) throw new WorkloadArgsError('workload: pages/regions must be > 0');
  if (mergeWord !== 'madvise' && mergeWord !== 'prctl' && mergeWord !== 'none') throw new WorkloadArgsError(`workload: bad --merge '${mergeWord}' (madvise|prctl|none)`);
  o.merge = mergeWord;
  return o;
}

function parseWriteSpec(option: string, v: string): WorkloadWrite {
  const f = v.split(':').filter((t) => t !== '').slice(0, 6); // strtok: empty fields vanish
  if (option === '--rate') {
    if (f.length < 3) throw new WorkloadArgsError(`workload: --rate takes R:TARGET:MODE[:START[:STOP]], not '${v}'`);
    return {
      kind: 'rate',
      rate: cAtof(f[0]),
      target: parseTarget(f[1]),
      mode: parseMode(f[2]),
      start: f.length > 3 ? cAtof(f[3]) : 0,
      stop: f.length > 4 ? cAtof(f[4]) : RATE_NEVER_STOPS,
    };
  }
  if (f.length < 4) throw new WorkloadArgsError(`workload: --burst takes T:COUNT:TARGET:MODE, not '${v}'`);
  return { kind: 'burst', at: cAtof(f[0]), count: cAtol(f[1]), target: parseTarget(f[2]), mode: parseMode(f[3]) };
}

function parseTarget(s: string): WorkloadTarget {
  if (s === 'dup' || s === 'unique' || s === 'zero' || s === 'any') return { kind: s };
  if (s.startsWith('cls')) return { kind: 'cls', cls: cAtol(s.slice(3)) };
  throw new WorkloadArgsError(`workload: bad write target '${s}' (dup|unique|zero|any|cls<k>)`);
}

function parseMode(s: string): WorkloadWriteMode {
  if (s === 'new' || s === 'same' || s === 'byte') return s;
  throw new WorkloadArgsError(`workload: bad write mode '${s}' (new|same|byte)`);
}

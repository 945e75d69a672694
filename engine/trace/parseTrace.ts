import type { Trace, TraceEvent, TraceHeader, TraceProcSample, TraceSample, TraceSummary } from './types';

/** A trace that cannot be read; the message names the line and what is wrong with it. */
export class TraceFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `line ${line}: ${message}` : message);
  }
}

type Json = Record<string, unknown>;

/** Parses a ground-truth trace (JSON lines: header, events and samples, summary). */
export function parseTrace(text: string): Trace {
  const lines = text.split('\n');
  let header: TraceHeader | null = null;
  let summary: TraceSummary | null = null;
  const samples: TraceSample[] = [];
  const events: TraceEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    const lineNo = i + 1;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (error) {
      throw new TraceFormatError(lineNo, `not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!isObject(obj)) throw new TraceFormatError(lineNo, 'expected a JSON object');
    const fields = new Fields(obj, lineNo);
    const type = fields.string('type');
    if (header === null && type !== 'header') throw new TraceFormatError(lineNo, `the first line must be the header, not a '${type}' line`);
    if (summary !== null) throw new TraceFormatError(lineNo, `'${type}' line after the summary`);
    switch (type) {
      case 'header':
        if (header !== null) throw new TraceFormatError(lineNo, 'a second header');
        header = readHeader(fields);
        break;
      case 'sample':
        samples.push(readSample(fields));
        break;
      case 'event':
        events.push(readEvent(fields));
        break;
      case 'summary':
        summary = readSummary(fields);
        break;
      default:
        throw new TraceFormatError(lineNo, `unknown line type '${type}' (header, sample, event or summary)`);
    }
  }
  if (header === null) throw new TraceFormatError(0, 'empty trace: no header line');
  if (samples.length === 0) throw new TraceFormatError(0, 'the trace has no samples');
  for (let i = 1; i < samples.length; i++) {
    if (samples[i].t < samples[i - 1].t) throw new TraceFormatError(0, `sample times go backwards at t=${samples[i].t}`);
  }
  return { header, samples, events, summary };
}

function readHeader(f: Fields): TraceHeader {
  const procs = f.array('procs').map((p, i) => {
    const pf = f.nested(p, `procs[${i}]`);
    return {
      label: pf.string('label'),
      pid: pf.number('pid'),
      cmd: pf.array('cmd').map((c, j) => {
        if (typeof c !== 'string') throw f.error(`procs[${i}].cmd[${j}] is not a string`);
        return c;
      }),
      readyLine: pf.optionalString('ready_line') ?? null,
    };
  });
  const helpers: TraceHeader['helpers'] = {};
  for (const [name, h] of Object.entries(f.optionalObject('helpers') ?? {})) {
    const hf = f.nested(h, `helpers.${name}`);
    helpers[name] = { cmd: hf.array('cmd').map(String), conf: hf.optionalString('conf') };
  }
  return {
    name: f.string('name'),
    description: f.optionalString('description') ?? '',
    durationSeconds: f.number('duration_s'),
    intervalMs: f.number('interval_ms'),
    knobsInEffect: f.scalarRecord('knobs_in_effect'),
    eventsSpec: (f.optionalArray('events_spec') ?? [{ t: 0, set: { run: 1 } }]).map((e, i) => {
      const ef = f.nested(e, `events_spec[${i}]`);
      return { t: ef.number('t'), set: ef.optionalObject('set') as Record<string, number | string> | undefined, helper: ef.optionalString('helper') };
    }),
    kernel: f.optionalString('kernel') ?? '',
    ncpu: f.optionalNumber('ncpu') ?? 1,
    hzNote: f.optionalString('hz_note') ?? '',
    pageSize: f.optionalNumber('page_size') ?? 4096,
    clkTck: f.optionalNumber('clk_tck') ?? 100,
    meminfoKb: f.numberRecord('meminfo_kb'),
    thpEnabled: f.optionalString('thp_enabled') ?? '',
    baselineCounters: f.scalarRecord('baseline_counters'),
    procs,
    helpers,
    outputBeforeT0: (f.optionalArray('proc_output_before_t0') ?? []).map((o, i) => {
      const of = f.nested(o, `proc_output_before_t0[${i}]`);
      return { label: of.string('label'), line: of.string('line') };
    }),
  };
}

function readSample(f: Fields): TraceSample {
  const procs: Record<string, TraceProcSample> = {};
  for (const [label, p] of Object.entries(f.optionalObject('procs') ?? {})) {
    const values = f.nested(p, `procs.${label}`).scalars();
    procs[label] = { alive: values.alive !== false, values: values as Record<string, number | string> };
  }
  return {
    t: f.number('t'),
    ksm: f.scalarRecord('ksm'),
    mem: f.optionalObject('mem') ? f.numberRecord('mem') : {},
    ksmdCpuTicks: f.optionalNumber('ksmd_cpu_ticks') ?? null,
    procs,
  };
}

function readEvent(f: Fields): TraceEvent {
  const t = f.number('t');
  const action = f.string('action');
  switch (action) {
    case 'set':
      return { t, action, knob: f.string('knob'), value: f.scalar('value'), error: f.optionalString('error') ?? null };
    case 'knob_change':
      return { t, action, knob: f.string('knob'), old: f.optionalScalar('old'), new: f.optionalScalar('new') };
    case 'ready_offsets':
      return { t, action, readyT: f.numberRecord('ready_t') };
    case 'output':
    case 'log':
      return { t, action, label: f.string('label'), line: f.string('line') };
    case 'helper_start':
      return { t, action, label: f.string('label'), cmd: f.array('cmd').map(String), conf: f.stringRecord('conf') };
    default:
      return { t, action: 'other', raw: f.obj };
  }
}

function readSummary(f: Fields): TraceSummary {
  return { elapsedSeconds: f.optionalNumber('elapsed_s') ?? 0, final: f.numberRecord('final'), delta: f.numberRecord('delta') };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Typed field access that reports the line and the field on every mismatch. */
class Fields {
  constructor(
    readonly obj: Json,
    private readonly lineNo: number,
    private readonly path = '',
  ) {}

  error(message: string): TraceFormatError {
    return new TraceFormatError(this.lineNo, message);
  }

  nested(value: unknown, path: string): Fields {
    if (!isObject(value)) throw this.error(`${path} must be an object`);
    return new Fields(value, this.lineNo, `${path}.`);
  }

  private name(key: string): string {
    return `'${this.path}${key}'`;
  }

  private present(key: string): unknown {
    if (!(key in this.obj)) throw this.error(`missing field ${this.name(key)}`);
    return this.obj[key];
  }

  string(key: string): string {
    const v = this.present(key);
    if (typeof v !== 'string') throw this.error(`${this.name(key)} must be a string`);
    return v;
  }

  optionalString(key: string): string | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.error(`${this.name(key)} must be a string`);
    return v;
  }

  number(key: string): number {
    const v = this.present(key);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.error(`${this.name(key)} must be a number`);
    return v;
  }

  optionalNumber(key: string): number | undefined {
    return this.obj[key] === undefined || this.obj[key] === null ? undefined : this.number(key);
  }

  scalar(key: string): number | string {
    const v = this.present(key);
    if (typeof v !== 'number' && typeof v !== 'string') throw this.error(`${this.name(key)} must be a number or a string`);
    return v;
  }

  optionalScalar(key: string): number | string | null {
    return this.obj[key] === undefined || this.obj[key] === null ? null : this.scalar(key);
  }

  array(key: string): unknown[] {
    const v = this.present(key);
    if (!Array.isArray(v)) throw this.error(`${this.name(key)} must be an array`);
    return v;
  }

  optionalArray(key: string): unknown[] | undefined {
    return this.obj[key] === undefined || this.obj[key] === null ? undefined : this.array(key);
  }

  optionalObject(key: string): Json | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) throw this.error(`${this.name(key)} must be an object`);
    return v;
  }

  /** Flat values of this object (numbers, strings, booleans); nested values are dropped. */
  scalars(): Record<string, number | string | boolean> {
    const out: Record<string, number | string | boolean> = {};
    for (const [k, v] of Object.entries(this.obj)) if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
    return out;
  }

  scalarRecord(key: string): Record<string, number | string> {
    const obj = this.optionalObject(key);
    if (obj === undefined) throw this.error(`missing field ${this.name(key)}`);
    const out: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v !== 'number' && typeof v !== 'string') throw this.error(`${this.name(key)}.${k} must be a number or a string`);
      out[k] = v;
    }
    return out;
  }

  numberRecord(key: string): Record<string, number> {
    const obj = this.optionalObject(key);
    if (obj === undefined) throw this.error(`missing field ${this.name(key)}`);
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (v === null) continue;
      if (typeof v !== 'number') throw this.error(`${this.name(key)}.${k} must be a number`);
      out[k] = v;
    }
    return out;
  }

  stringRecord(key: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.optionalObject(key) ?? {})) out[k] = String(v);
    return out;
  }
}

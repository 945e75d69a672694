/** One write to a KSM knob found in a document, whatever the file kind. */
import type { TextEdit, TextRange } from '../language/types';

export interface KnobWriteSite {
  /** The knob name as written (may be unknown or misspelled). */
  knob: string;
  nameRange: TextRange;
  /** The whole path as written. */
  pathRange: TextRange;
  /**
   * The write(2) calls, as characters (echo's newline included), grouped into attempts: each
   * attempt is the sequence of writes one command makes on the open file (bash's echo and printf
   * write line by line); the next attempt runs only when a write of the previous one failed
   * (sysfsutils retries with echo). Undefined when the value is only known at run time.
   */
  attempts?: string[][];
  /** Where the value is written in the source, for messages and fixes. */
  valueRange?: TextRange;
  /**
   * How to write a different value at valueRange: the source text for the bytes `value` (+ the
   * same newline handling). Undefined when the value cannot be edited in place.
   */
  spellValue?: (value: string) => string;
  /** Short description of the writer for messages: "echo", "printf", "tee", "sysfs.conf", "tmpfiles w". */
  via: string;
  /** Runs only on some paths (if, loop, && / ||): state changes after it are uncertain. */
  conditional: boolean;
  /** Inside a function body: runs whenever the function is called, not at this point. */
  inFunction: boolean;
  /** An edit inserting a write of `value` to `knob` just before this one, in this file's syntax. */
  insertBefore?: (knob: string, value: string) => TextEdit;
  /** Writes matched a glob (sysfs.conf, tmpfiles): the name may stand for several knobs. */
  glob?: boolean;
}

/** Range union helper. */
export function span(a: TextRange, b: TextRange): TextRange {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

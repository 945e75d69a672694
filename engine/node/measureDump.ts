/**
 * Node adapter: guest memory dump files as a page source, one guest per file. A dump knows
 * nothing of the host: every page in it is taken as resident, none as a transparent huge page or
 * a KSM page, and guest-physical order stands for the host-virtual order ksmd would scan; the
 * measurement records those as assumptions.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { dumpLayout, DumpFormatError, DUMP_PAGE, type DumpLayout } from '../measure/dumpLayout';
import { RESIDENT } from '../measure/format';
import type { PageSource, SourceProcess } from '../measure/measure';

export const DUMP_ASSUMPTIONS = [
  'A dump cannot tell which pages were resident on the host: every page in it is taken as resident.',
  'A dump cannot tell which pages sat in transparent huge pages: none is taken as THP (the what-if can switch THP on).',
  "A dump is in guest-physical order: it is taken as the host-virtual order of the guest's RAM, which ksmd scans.",
  'A dump holds no host facts: those of the machine that read it are used.',
];

export class DumpSource implements PageSource {
  readonly pageSize = DUMP_PAGE;
  readonly live = false;
  readonly processes: SourceProcess[] = [];
  readonly notes: string[] = [];
  private files: Array<{ fd: number; size: number; layout: DumpLayout }> = [];

  constructor(paths: string[]) {
    try {
      for (const path of paths) this.add(path);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  private add(path: string): void {
    let fd: number;
    try {
      // Non-blocking, so a FIFO cannot hang the open; then only a regular file is read.
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      throw new DumpFormatError(`${path}: cannot open (${(error as NodeJS.ErrnoException).code})`);
    }
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      closeSync(fd);
      throw new DumpFormatError(`${path}: not a regular file (${stat.isDirectory() ? 'a directory' : 'a device, FIFO or socket'}): a guest memory dump is a file`);
    }
    const size = stat.size;
    const read = (offset: number, length: number) => {
      const b = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const n = b.length ? readSync(fd, b, 0, b.length, offset) : 0;
      return b.subarray(0, n);
    };
    let layout: DumpLayout;
    try {
      layout = dumpLayout(read, size);
    } catch (error) {
      closeSync(fd);
      if (error instanceof DumpFormatError) throw new DumpFormatError(`${path}: ${error.message}`);
      throw error;
    }
    this.files.push({ fd, size, layout });
    const name = basename(path);
    for (const note of layout.notes) this.notes.push(`${name}: ${note}`);
    this.processes.push({
      info: { pid: null, comm: '', argv: [], name, kind: 'qemu', merge: 'madvise' },
      regions: layout.regions.map((r) => ({ startPage: r.startPage, pageCount: r.pageCount, mergeable: true })),
    });
  }

  read(process: number, region: number, first: number, count: number, batch: Uint8Array, states: Uint8Array): void {
    const { fd, size, layout } = this.files[process];
    const offset = layout.regions[region].fileOffset + first * DUMP_PAGE;
    const bytes = Math.max(0, Math.min(count * DUMP_PAGE, size - offset));
    const n = bytes ? readSync(fd, batch, 0, bytes, offset) : 0;
    const whole = Math.floor(n / DUMP_PAGE);
    states.fill(RESIDENT, 0, whole);
  }

  close(): void {
    for (const f of this.files) closeSync(f.fd);
    this.files = [];
  }
}

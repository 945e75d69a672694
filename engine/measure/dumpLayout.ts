/**
 * Where the guest pages sit in a memory dump file: a raw image (QEMU `pmemsave`: guest-physical
 * memory from an address, byte for byte) or an ELF core (QEMU `dump-guest-memory`, `virsh dump
 * --memory-only`: one PT_LOAD segment per guest-physical range; QEMU's dump/dump.c). Compressed
 * kdump, makedumpfile's flattened format and Windows crash dumps are refused with a message that
 * says which dump to take instead.
 */

export const DUMP_PAGE = 4096;

export interface DumpRegion {
  /** Guest-physical page number. */
  startPage: number;
  pageCount: number;
  /** Byte offset of the first page in the file. */
  fileOffset: number;
}

export interface DumpLayout {
  format: 'raw' | 'elf';
  regions: DumpRegion[];
  /** Pages declared but missing from the file (it was cut short). */
  missingPages: number;
  notes: string[];
}

export class DumpFormatError extends Error {}

const TAKE_ELF = 'take an ELF dump instead (QEMU: dump-guest-memory FILE without -z/-l/-s/-w; libvirt: virsh dump --memory-only --format elf)';

const REFUSED: Array<[string, string]> = [
  ['KDUMP   ', `a compressed kdump file (dump-guest-memory -z/-l/-s, makedumpfile -c/-l/-p): its pages are compressed, not supported; ${TAKE_ELF}`],
  ['DISKDUMP', `a diskdump file: not supported; ${TAKE_ELF}`],
  ['makedumpfile', `makedumpfile's flattened format (also what QEMU before 8.2 writes for dump-guest-memory -z/-l/-s), compressed pages: not supported; ${TAKE_ELF}`],
  ['PAGEDUMP', `a Windows crash dump (dump-guest-memory -w, virsh dump --format win-dmp): not supported; ${TAKE_ELF}`],
  ['PAGEDU64', `a Windows crash dump (dump-guest-memory -w, virsh dump --format win-dmp): not supported; ${TAKE_ELF}`],
  ['SMPGCONT', 'a Samepage content file, not a dump: run `samepage whatif` on the scenario beside it'],
];

function latin1(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

/** `read(offset, length)` returns up to `length` bytes of the file at `offset`. */
export function dumpLayout(read: (offset: number, length: number) => Uint8Array, size: number): DumpLayout {
  const head = read(0, 64);
  const text = latin1(head.subarray(0, 12));
  for (const [magic, message] of REFUSED) if (text.startsWith(magic)) throw new DumpFormatError(message);
  if (text.startsWith('\x7fELF')) return elfLayout(read, size, head);
  if (size === 0) throw new DumpFormatError('an empty file, not a memory dump');
  if (size % DUMP_PAGE !== 0) throw new DumpFormatError(`not a memory dump: not ELF, and ${size} bytes is not a whole number of 4 KiB pages as a raw pmemsave image is`);
  return { format: 'raw', regions: [{ startPage: 0, pageCount: size / DUMP_PAGE, fileOffset: 0 }], missingPages: 0, notes: ['raw image: taken as guest-physical memory from address 0'] };
}

function elfLayout(read: (offset: number, length: number) => Uint8Array, size: number, head: Uint8Array): DumpLayout {
  if (head.length < 52) throw new DumpFormatError(`truncated: an ELF header needs 52 bytes or more, the file has ${head.length}`);
  const cls = head[4];
  if (cls !== 1 && cls !== 2) throw new DumpFormatError(`an ELF file of unknown class ${cls}`);
  if (head[5] !== 1) throw new DumpFormatError('a big-endian ELF core: only little-endian guests are read');
  const is64 = cls === 2;
  if (is64 && head.length < 64) throw new DumpFormatError('truncated: the ELF64 header needs 64 bytes');
  const h = new DataView(head.buffer, head.byteOffset, head.length);
  const type = h.getUint16(16, true);
  if (type !== 4) throw new DumpFormatError(`an ELF file but not a core dump (e_type ${type}; a core is 4)`);
  const u = (v: DataView, at: number) => (is64 ? Number(v.getBigUint64(at, true)) : v.getUint32(at, true));
  const phoff = u(h, is64 ? 32 : 28);
  const phentsize = h.getUint16(is64 ? 54 : 42, true);
  let phnum = h.getUint16(is64 ? 56 : 44, true);
  if (phnum === 0xffff) {
    // PN_XNUM: the real count is sh_info of section header 0 (QEMU writes it for many segments).
    const shoff = u(h, is64 ? 40 : 32);
    const sh = read(shoff, is64 ? 64 : 40);
    if (sh.length < (is64 ? 48 : 32)) throw new DumpFormatError('truncated: section header 0 (segment count) is past the end of the file');
    phnum = new DataView(sh.buffer, sh.byteOffset, sh.length).getUint32(is64 ? 44 : 28, true);
  }
  if (phentsize < (is64 ? 56 : 32)) throw new DumpFormatError(`ELF program headers of ${phentsize} bytes are too small`);
  const table = read(phoff, phnum * phentsize);
  if (table.length < phnum * phentsize) throw new DumpFormatError(`truncated: ${phnum} program headers at byte ${phoff} run past the end of the file (${size} bytes)`);
  const v = new DataView(table.buffer, table.byteOffset, table.length);
  const segments: Array<{ paddr: number; offset: number; filesz: number }> = [];
  const notes: string[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = i * phentsize;
    if (v.getUint32(at, true) !== 1) continue; // PT_LOAD only
    const offset = is64 ? u(v, at + 8) : v.getUint32(at + 4, true);
    const paddr = is64 ? u(v, at + 24) : v.getUint32(at + 12, true);
    const filesz = is64 ? u(v, at + 32) : v.getUint32(at + 16, true);
    if (filesz === 0) continue;
    if (![offset, paddr, filesz].every(Number.isSafeInteger)) throw new DumpFormatError(`PT_LOAD segment ${i} has an offset, address or size beyond 2^53 bytes: not a guest memory dump`);
    if (paddr % DUMP_PAGE !== 0) throw new DumpFormatError(`PT_LOAD segment ${i} starts at guest-physical 0x${paddr.toString(16)}, not on a 4 KiB page`);
    if (filesz % DUMP_PAGE !== 0) notes.push(`PT_LOAD segment ${i}: its last ${filesz % DUMP_PAGE} bytes are not a whole page and are left out`);
    segments.push({ paddr, offset, filesz });
  }
  if (segments.length === 0) throw new DumpFormatError('an ELF core without memory (no PT_LOAD segment with data)');
  segments.sort((a, b) => a.paddr - b.paddr);
  const regions: DumpRegion[] = [];
  let missingPages = 0;
  let end = 0;
  for (const s of segments) {
    const startPage = s.paddr / DUMP_PAGE;
    const pageCount = Math.floor(s.filesz / DUMP_PAGE);
    if (pageCount === 0) continue;
    if (startPage < end) throw new DumpFormatError(`PT_LOAD segments overlap at guest-physical 0x${s.paddr.toString(16)}`);
    const inFile = Math.max(0, Math.min(pageCount, Math.floor((size - s.offset) / DUMP_PAGE)));
    missingPages += pageCount - inFile;
    regions.push({ startPage, pageCount, fileOffset: s.offset });
    end = startPage + pageCount;
  }
  if (missingPages) notes.push(`truncated: ${missingPages} pages that the ELF headers declare are past the end of the file; they are left out (not resident)`);
  return { format: 'elf', regions, missingPages, notes };
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumpLayout, DumpFormatError } from '../../../engine/measure/dumpLayout';

function reader(bytes: Uint8Array) {
  return (offset: number, length: number) => bytes.subarray(offset, Math.min(bytes.length, offset + length));
}

function layoutOf(bytes: Uint8Array, size = bytes.length) {
  return dumpLayout(reader(bytes), size);
}

/** A little ELF64 core with PT_LOAD segments [paddr, pages], data after the headers. */
function elf64(segments: Array<[number, number]>, { type = 4, cut = 0 } = {}): Uint8Array {
  const phoff = 64;
  const dataAt = 4096;
  const total = dataAt + segments.reduce((n, [, p]) => n + p * 4096, 0);
  const b = new Uint8Array(total);
  const v = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  v.setUint16(16, type, true);
  v.setBigUint64(32, BigInt(phoff), true);
  v.setUint16(54, 56, true);
  v.setUint16(56, segments.length + 1, true);
  // a PT_NOTE first: ignored
  v.setUint32(phoff, 4, true);
  let offset = dataAt;
  segments.forEach(([paddr, pages], i) => {
    const at = phoff + 56 * (i + 1);
    v.setUint32(at, 1, true);
    v.setBigUint64(at + 8, BigInt(offset), true);
    v.setBigUint64(at + 24, BigInt(paddr), true);
    v.setBigUint64(at + 32, BigInt(pages * 4096), true);
    v.setBigUint64(at + 40, BigInt(pages * 4096), true);
    offset += pages * 4096;
  });
  return b.subarray(0, total - cut);
}

test('a raw pmemsave image is guest-physical memory from 0', () => {
  assert.deepEqual(layoutOf(new Uint8Array(8 * 4096)).regions, [{ startPage: 0, pageCount: 8, fileOffset: 0 }]);
});

test('ELF cores: PT_LOAD segments in guest-physical order, other headers ignored', () => {
  const l = layoutOf(elf64([[0x100000, 3], [0, 2]]));
  assert.equal(l.format, 'elf');
  assert.deepEqual(l.regions, [
    { startPage: 0, pageCount: 2, fileOffset: 4096 + 3 * 4096 },
    { startPage: 256, pageCount: 3, fileOffset: 4096 },
  ]);
  assert.equal(l.missingPages, 0);
});

test('a truncated ELF core keeps what it has and says how much is missing', () => {
  const l = layoutOf(elf64([[0, 4]], { cut: 4096 + 100 }));
  assert.equal(l.missingPages, 2);
  assert.match(l.notes.join(), /truncated: 2 pages that the ELF headers declare are past the end of the file/);
  assert.throws(() => layoutOf(elf64([[0, 4]]).subarray(0, 40)), /truncated: an ELF header needs 52 bytes/);
  assert.throws(() => layoutOf(elf64([[0, 4]]).subarray(0, 100)), /truncated: 2 program headers at byte 64 run past the end/);
});

test('compressed kdump, flattened, Windows dumps and non-dumps are refused with what to do', () => {
  const text = (s: string, size = 8192) => {
    const b = new Uint8Array(size);
    b.set(Array.from(s, (c) => c.charCodeAt(0)));
    return b;
  };
  assert.throws(() => layoutOf(text('KDUMP   ')), /compressed kdump .*take an ELF dump instead \(QEMU: dump-guest-memory FILE without -z/);
  assert.throws(() => layoutOf(text('makedumpfile')), /flattened format/);
  assert.throws(() => layoutOf(text('PAGEDU64')), /Windows crash dump .*virsh dump --memory-only --format elf/);
  assert.throws(() => layoutOf(text('PAGEDUMP')), /Windows crash dump/);
  assert.throws(() => layoutOf(text('SMPGCONT')), /a Samepage content file, not a dump/);
  assert.throws(() => layoutOf(text('hello', 5000)), /not a memory dump: not ELF, and 5000 bytes is not a whole number of 4 KiB pages/);
  assert.throws(() => layoutOf(new Uint8Array(0)), /an empty file/);
  assert.throws(() => layoutOf(elf64([[0, 1]], { type: 2 })), /an ELF file but not a core dump \(e_type 2/);
  assert.throws(() => layoutOf(elf64([])), /without memory/);
  assert.throws(() => layoutOf(elf64([[0, 2], [4096, 2]])), /overlap/);
  const far = elf64([[0, 1]]);
  new DataView(far.buffer).setBigUint64(64 + 56 + 24, 0xfffffffffffff000n, true);
  assert.throws(() => layoutOf(far), /beyond 2\^53 bytes/);
  for (const bad of [text('KDUMP   '), text('hello', 5000)]) assert.throws(() => layoutOf(bad), DumpFormatError);
});

test('fuzzed ELF headers only ever give a layout or a DumpFormatError', async () => {
  const fc = (await import('fast-check')).default;
  const good = elf64([[0, 2], [0x100000, 1]]);
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(200), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(good.length), (edits, cut) => {
      const b = good.slice(0, Math.max(cut, 4));
      for (const [at, v] of edits) if (at < b.length) b[at] = v;
      try {
        const l = layoutOf(b);
        for (const r of l.regions) assert.ok(Number.isSafeInteger(r.startPage) && r.pageCount > 0);
      } catch (error) {
        if (!(error instanceof DumpFormatError)) throw error;
      }
    }),
    { numRuns: 3000 },
  );
});

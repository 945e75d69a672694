/**
 * `-m [size=]SIZE[,slots=N][,maxmem=SIZE]` (QemuOpts). A size without a suffix means MiB; the
 * values then reach the machine's `memory` property, where the RAM size checks happen.
 */
import { MEMORY_BACKEND_COMMON } from '../knowledge/qemuObjects';
import { rangeOf, rangeOfIndexed } from './args';
import type { CheckContext } from './context';
import { parseQemuOpts } from './qemuOpts';
import { replaceFix } from './report';
import { formatBytes, parseSize, parseWholeUnsigned } from './strtox';
import { mdCode, mdText } from '../text/markdown';

/** 128 TiB: the user address space of an x86-64 process with 4-level paging. */
const ADDRESS_SPACE = 1n << 47n;
const NAMES = new Set(['size', 'slots', 'maxmem']);
const SIZE_HINT = 'QEMU also prints "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta- and exabytes, respectively."';

export function checkMemoryOption(ctx: CheckContext): void {
  const { report } = ctx;
  const merged: Record<string, string> = {};
  let lastRange: ReturnType<typeof rangeOf> | undefined;
  let sizeRange: ReturnType<typeof rangeOf> | undefined;
  let lastOrder = 0;
  ctx.cmd.options.forEach((opt, order) => {
    if (opt.name !== 'm' || !opt.arg) return;
    const arg = opt.arg;
    if (arg.value === undefined) {
      report.hover(arg.range, () => `**Not checked:** ${mdCode(arg.source ?? '')} depends on a variable, so the RAM size is only known when the script runs.`);
      return;
    }
    const echo = `${opt.nameArg.value} ${arg.value}`;
    const parsed = parseQemuOpts(arg.value, 'size');
    for (const pair of parsed.pairs) {
      const nameRange = pair.implied ? rangeOf(arg, pair.valueSpan) : rangeOf(arg, pair.nameSpan);
      const range = pair.shortForm ? rangeOf(arg, pair.span) : rangeOfIndexed(arg, pair.valueIndex, pair.valueSpan);
      if (!NAMES.has(pair.name)) {
        const fix = pair.name.toLowerCase() === 'maxmem' || pair.name === 'max-size' || pair.name === 'max_mem' ? 'maxmem' : undefined;
        report.qemuError('qemu/memory-size', nameRange, `Invalid parameter '${pair.name}'`, '-m accepts `size`, `slots` and `maxmem`.', { stage: 'parse', order, echo, fixes: fix ? [replaceFix(`Write ${fix}`, nameRange, fix)] : undefined });
        return;
      }
      if (pair.name === 'slots') {
        if (!parseWholeUnsigned(pair.value, 0).ok) {
          report.qemuError('qemu/memory-size', range, "Parameter 'slots' expects a number", 'slots is a count of hot-plug memory slots.', { stage: 'parse', order, echo });
          return;
        }
      } else {
        const size = parseSize(pair.value);
        if (!size.ok) {
          const message = size.error === 'range' ? `Value '${pair.value}' is out of range for parameter '${pair.name}'` : `Parameter '${pair.name}' expects a non-negative number below 2^64`;
          const unit = /^\s*\d+(\.\d+)?\s*[kmgtpe]i?b$/i.test(pair.value) ? ' Write the unit as one letter (`4G`), not `4GB`/`4GiB`.' : '';
          report.qemuError('qemu/memory-size', range, message, `-m takes a number with an optional suffix k, M, G, T, P or E; without one it means MiB.${unit} ${SIZE_HINT}`, { stage: 'parse', order, echo });
          return;
        }
        if (size.hexWithSuffix) report.add('warning', 'qemu/hex-size-suffix', range, `QEMU warns "Using a multiplier suffix on hex numbers is deprecated: ${pair.value}"; write the size in decimal.`);
        if (pair.name === 'size') sizeRange = range;
        if (pair.name === 'size' && size.suffix === undefined && /^\s*0[xX]/.test(pair.value) && size.value !== 0n) {
          const mib = (size.value ?? 0n) * (1n << 20n);
          const huge = mib > ADDRESS_SPACE;
          report.add(huge ? 'error' : 'warning', 'qemu/memory-size', range, `QEMU appends "M" to a -m size that ends in a digit, so \`${pair.value}\` means ${pair.value}M = ${formatBytes(mib)}, not ${formatBytes(size.value ?? 0n)}${huge ? '; QEMU then fails with "cannot set up guest memory \'pc.ram\': Cannot allocate memory"' : ''}. Add a unit suffix.`, { stage: 'apply' });
        } else if (pair.name === 'size' && size.value !== undefined) {
          const bytes = size.suffix === undefined ? size.value * (1n << 20n) : size.value;
          if (bytes > ADDRESS_SPACE) report.qemuError('qemu/memory-size', range, "cannot set up guest memory 'pc.ram': Cannot allocate memory", `${formatBytes(bytes)} is more than a process can map on x86-64.`);
        }
        if (pair.name === 'size' && size.suffix === undefined && size.value !== undefined && size.value > 0n) {
          report.hover(range, () => `**-m ${mdText(pair.value)}**: no suffix, so QEMU reads MiB: ${formatBytes(size.value! * (1n << 20n))} of guest RAM.\n\n${MEMORY_BACKEND_COMMON.find((p) => p.name === 'size')?.doc ?? ''}`);
        }
      }
      merged[pair.name] = pair.value;
    }
    lastRange = arg.range;
    lastOrder = order;
  });
  if (!lastRange) return;
  const size = merged.size;
  const parsedSize = size !== undefined ? parseSize(size) : undefined;
  ctx.memoryFromM = {
    // QEMU appends "M" to a size that ends in a digit, and ignores a size of 0.
    size: parsedSize?.ok && parsedSize.value !== 0n ? (/\d$/.test(size!) ? `${size}M` : size) : undefined,
    slots: merged.slots,
    maxmem: merged.maxmem,
    range: lastRange,
    sizeRange,
    order: lastOrder,
  };
}

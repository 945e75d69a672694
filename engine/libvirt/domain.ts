/**
 * What a libvirt domain's memory settings become in QEMU, the way libvirt 9.0's QEMU driver builds
 * the command line: the RAM size (`-m`), `mem-merge`, and one memory backend for the whole guest or
 * one per NUMA cell, each either within KSM's reach or not (and why). Everything libvirt would
 * refuse becomes a problem with the element's range.
 */
import type { TextRange } from '../language/types';
import { attribute, childElement, childElements, textContent, type XmlElement } from '../xml/parseXml';
import { alignToMiB, LIBVIRT_MAX_BYTES, parseScaledMemory } from './units';

/** x86's base page size: a <page> of this size is not a huge page. */
const SYSTEM_PAGE_KIB = 4n;
/** The QEMU driver rounds DIMM sizes up to 2 MiB on x86 (qemuDomainGetMemoryModuleSizeAlignment). */
const DIMM_ALIGN_KIB = 2048n;

function alignTo(kib: bigint, step: bigint): bigint {
  return ((kib + step - 1n) / step) * step;
}

export type BackendKind = 'memory-backend-ram' | 'memory-backend-file' | 'memory-backend-memfd';

export interface DomainBackend {
  /** `pc.ram` for the whole guest, `ram-nodeN` for NUMA cell N, `memdimmN` for DIMM N (libvirt's ids). */
  id: string;
  cellId?: number;
  sizeKiB: bigint;
  kind: BackendKind;
  shared: boolean;
  hugepages: boolean;
  /** Why KSM never merges this backend; undefined when it can. */
  neverMerges?: string;
  /** The element that decides it (cell, hugepages, access, source), for findings. */
  range: TextRange;
}

export interface DomainProblem {
  ruleId: string;
  message: string;
  range: TextRange;
}

export interface MemoryElementValue {
  element: XmlElement;
  kib?: bigint;
}

export interface DomainMemory {
  name?: string;
  virtType?: string;
  memory?: MemoryElementValue;
  currentMemory?: MemoryElementValue;
  maxMemory?: MemoryElementValue & { slots?: number };
  /** Guest RAM as QEMU gets it at boot (`-m`), in KiB (whole MiB); 0 when libvirt would refuse the domain. */
  initialKiB: bigint;
  /** All guest RAM: the boot RAM plus hot-plugged DIMMs (`<devices><memory model='dimm'>`). */
  totalKiB: bigint;
  memMerge: boolean;
  nosharepages?: XmlElement;
  locked?: XmlElement;
  backends: DomainBackend[];
  /** The part of the guest RAM KSM can merge, in KiB. */
  mergeableKiB: bigint;
  balloon?: { element: XmlElement; model: string; freePageReporting: boolean };
  problems: DomainProblem[];
}

function readMemoryElement(element: XmlElement | undefined, problems: DomainProblem[]): MemoryElementValue | undefined {
  if (!element) return undefined;
  const text = textContent(element);
  const unit = attribute(element, 'unit');
  if (text.value === '') return { element }; // libvirt treats an empty element as absent
  const parsed = parseScaledMemory(text.value, unit?.value, `./${element.name}[1]`);
  if (!parsed.ok) {
    problems.push({ ruleId: 'libvirt/memory-value', message: parsed.message, range: parsed.where === 'unit' && unit ? unit.valueRange : text.range });
    return { element };
  }
  return { element, kib: parsed.kib };
}

/** A libvirt nodeset such as `0-2,^1,4`. */
export function parseNodeset(text: string): Set<number> | undefined {
  const set = new Set<number>();
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(\^)?(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[2]);
    const to = m[3] === undefined ? from : Number(m[3]);
    if (to < from || to - from > 4096) return undefined;
    for (let i = from; i <= to; i++) {
      if (m[1]) set.delete(i);
      else set.add(i);
    }
  }
  return set;
}

interface BackingChoice {
  source?: string;
  access?: string;
  /** The <hugepages> or <page> element that backs this cell (or the whole guest) with huge pages. */
  hugePageFor: (cellId: number | undefined) => XmlElement | undefined;
  rangeOf: (what: 'source' | 'access') => TextRange | undefined;
}

function backendFor(id: string, cellId: number | undefined, sizeKiB: bigint, backing: BackingChoice, cellAccess: string | undefined, range: TextRange, memMerge: boolean, node = cellId): DomainBackend {
  const access = cellAccess ?? backing.access;
  const hugePage = backing.hugePageFor(node);
  const hugepages = hugePage !== undefined;
  let kind: BackendKind;
  let shared: boolean;
  if (backing.source === 'memfd') {
    kind = 'memory-backend-memfd';
    shared = access !== 'private'; // libvirt passes no share flag, and QEMU maps memfd shared by default
  } else if (hugepages || backing.source === 'file' || access !== undefined) {
    // Any access mode, even private, makes libvirt 9.0 use a file backend (observed with virsh).
    kind = 'memory-backend-file';
    shared = access === 'shared';
  } else {
    kind = 'memory-backend-ram';
    shared = false;
  }
  let neverMerges: string | undefined;
  let decidedBy = range;
  if (!memMerge) neverMerges = '`<nosharepages/>` makes libvirt start QEMU with `mem-merge=off`';
  else if (hugepages) {
    neverMerges = 'it is backed by huge pages (`<hugepages/>`), which KSM never merges';
    decidedBy = { start: hugePage.range.start, end: hugePage.range.end };
  } else if (shared) {
    neverMerges =
      kind === 'memory-backend-memfd' && access === undefined
        ? 'its memfd source is mapped shared (libvirt sets no `share` and QEMU maps memfd shared by default), and KSM never merges shared memory; add `<access mode="private"/>`'
        : `it is mapped shared (${cellAccess ? "the cell's `memAccess=\"shared\"`" : '`<access mode="shared"/>`'}), and KSM never merges shared memory`;
    decidedBy = cellAccess ? range : (backing.rangeOf(backing.source === 'memfd' && access === undefined ? 'source' : 'access') ?? range);
  }
  return { id, cellId, sizeKiB, kind, shared, hugepages, neverMerges, range: decidedBy };
}

/** Reads the memory side of a `<domain>` element. */
export function readDomainMemory(domain: XmlElement): DomainMemory {
  const problems: DomainProblem[] = [];
  const memory = readMemoryElement(childElement(domain, 'memory'), problems);
  const currentMemory = readMemoryElement(childElement(domain, 'currentMemory'), problems);
  const maxMemoryElement = childElement(domain, 'maxMemory');
  const maxMemory = readMemoryElement(maxMemoryElement, problems) as DomainMemory['maxMemory'];
  if (maxMemory && maxMemoryElement) {
    const slots = attribute(maxMemoryElement, 'slots');
    if (slots && /^\d+$/.test(slots.value)) maxMemory.slots = Number(slots.value);
  }

  const backingElement = childElement(domain, 'memoryBacking');
  const nosharepages = backingElement && childElement(backingElement, 'nosharepages');
  const locked = backingElement && childElement(backingElement, 'locked');
  const hugepages = backingElement && childElement(backingElement, 'hugepages');
  const sourceEl = backingElement && childElement(backingElement, 'source');
  const accessEl = backingElement && childElement(backingElement, 'access');
  // Each <page> sets the page size of the cells in its nodeset, one without nodeset of the others;
  // no <page> means the default huge page size everywhere. A page of the system page size (4 KiB)
  // is ordinary memory: libvirt then uses no hugetlbfs at all (observed with virsh, libvirt 9.0).
  const pages = hugepages ? childElements(hugepages, 'page') : [];
  const pageCells = new Map<XmlElement, Set<number> | undefined>();
  for (const page of pages) {
    const nodeset = attribute(page, 'nodeset');
    const cells = nodeset ? parseNodeset(nodeset.value) : undefined;
    if (nodeset && !cells) problems.push({ ruleId: 'libvirt/invalid-attribute', message: `libvirt refuses nodeset '${nodeset.value}': a list of cell ids and ranges such as 0-1,3.`, range: nodeset.valueRange });
    pageCells.set(page, nodeset ? (cells ?? new Set()) : undefined);
  }
  const isSystemPageSize = (page: XmlElement) => {
    const size = attribute(page, 'size');
    const parsed = size ? parseScaledMemory(size.value, attribute(page, 'unit')?.value, './@size') : undefined;
    return parsed?.ok === true && parsed.kib === SYSTEM_PAGE_KIB;
  };
  const hugePageFor = (cellId: number | undefined): XmlElement | undefined => {
    if (!hugepages) return undefined;
    if (pages.length === 0) return hugepages;
    const page = pages.find((p) => pageCells.get(p)?.has(cellId ?? 0)) ?? pages.find((p) => pageCells.get(p) === undefined);
    return page && !isSystemPageSize(page) ? page : undefined;
  };
  const backing: BackingChoice = {
    source: sourceEl && attribute(sourceEl, 'type')?.value,
    access: accessEl && attribute(accessEl, 'mode')?.value,
    hugePageFor,
    rangeOf: (what) => {
      const el = what === 'source' ? sourceEl : accessEl;
      return el && { start: el.range.start, end: el.range.end };
    },
  };
  for (const [el, attr, allowed] of [
    [sourceEl, 'type', ['anonymous', 'file', 'memfd']],
    [accessEl, 'mode', ['shared', 'private']],
  ] as const) {
    const a = el && attribute(el, attr);
    if (a && !(allowed as readonly string[]).includes(a.value)) {
      problems.push({ ruleId: 'libvirt/invalid-attribute', message: `libvirt refuses it: "unknown memoryBacking/${el!.name}/${attr} '${a.value}'"; it accepts ${allowed.map((v) => `'${v}'`).join(', ')}.`, range: a.valueRange });
    }
  }
  const memMerge = !nosharepages;

  // NUMA cells: their sizes replace <memory>, and each gets its own backend.
  const cpu = childElement(domain, 'cpu');
  const numa = cpu && childElement(cpu, 'numa');
  const cells: Array<{ id: number; kib: bigint; access?: string; element: XmlElement }> = [];
  for (const [index, cell] of (numa ? childElements(numa, 'cell') : []).entries()) {
    const memAttr = attribute(cell, 'memory');
    const unit = attribute(cell, 'unit');
    const idAttr = attribute(cell, 'id');
    const id = idAttr && /^\d+$/.test(idAttr.value) ? Number(idAttr.value) : index;
    if (!memAttr) {
      problems.push({ ruleId: 'libvirt/memory-value', message: 'libvirt refuses a NUMA cell without memory: "missing element or attribute \'./@memory\'".', range: cell.nameRange });
      continue;
    }
    const parsed = parseScaledMemory(memAttr.value, unit?.value, './@memory');
    if (!parsed.ok) {
      problems.push({ ruleId: 'libvirt/memory-value', message: parsed.message, range: parsed.where === 'unit' && unit ? unit.valueRange : memAttr.valueRange });
      continue;
    }
    cells.push({ id, kib: alignToMiB(parsed.kib), access: attribute(cell, 'memAccess')?.value, element: cell });
  }

  const devicesElement = childElement(domain, 'devices');
  const backends: DomainBackend[] = [];
  let initialKiB = 0n;
  if (cells.length > 0) {
    for (const cell of cells) {
      initialKiB += cell.kib;
      backends.push(backendFor(`ram-node${cell.id}`, cell.id, cell.kib, backing, cell.access, { start: cell.element.range.start, end: cell.element.range.end }, memMerge));
    }
  }
  // DIMMs plugged at start: each has its own backend (memdimmN) on its guest NUMA node.
  let dimmKiB = 0n;
  for (const [index, dimm] of (devicesElement ? childElements(devicesElement, 'memory') : []).filter((d) => attribute(d, 'model')?.value === 'dimm').entries()) {
    const target = childElement(dimm, 'target');
    const sizeEl = target && childElement(target, 'size');
    const nodeEl = target && childElement(target, 'node');
    const size = sizeEl ? parseScaledMemory(textContent(sizeEl).value, attribute(sizeEl, 'unit')?.value, './target/size') : undefined;
    if (!size?.ok) continue;
    const kib = alignTo(size.kib, DIMM_ALIGN_KIB);
    const node = nodeEl && /^\d+$/.test(textContent(nodeEl).value) ? Number(textContent(nodeEl).value) : 0;
    const access = attribute(dimm, 'access')?.value ?? cells.find((c) => c.id === node)?.access;
    dimmKiB += kib;
    backends.push(backendFor(`memdimm${index}`, undefined, kib, backing, access, { start: dimm.range.start, end: dimm.range.end }, memMerge, node));
  }
  if (cells.length > 0) {
    if (memory?.kib !== undefined && memory.kib !== initialKiB + dimmKiB) {
      problems.push({
        ruleId: 'libvirt/numa-memory-overrides',
        message: `libvirt ignores this size: with NUMA cells the guest gets their sum${dimmKiB ? ' plus its DIMMs' : ''}, ${(initialKiB + dimmKiB) / 1024n} MiB.`,
        range: textContent(memory.element).range,
      });
    }
  } else if (memory?.kib) {
    initialKiB = alignToMiB(memory.kib);
    backends.push(backendFor('pc.ram', undefined, initialKiB, backing, undefined, { start: memory.element.range.start, end: memory.element.range.end }, memMerge));
  } else if (!problems.some((p) => p.ruleId === 'libvirt/memory-value')) {
    problems.push({ ruleId: 'libvirt/no-memory', message: 'libvirt refuses this domain: "Memory size must be specified via <memory> or in the <numa> configuration".', range: memory ? memory.element.nameRange : domain.nameRange });
  }
  if (initialKiB * 1024n > LIBVIRT_MAX_BYTES) {
    problems.push({ ruleId: 'libvirt/memory-value', message: 'libvirt refuses this domain: "initial memory size overflowed after alignment".', range: (memory?.element ?? domain).nameRange });
  }
  if (maxMemory?.kib !== undefined && maxMemoryElement) {
    if (maxMemory.slots === undefined || maxMemory.kib === 0n) {
      problems.push({ ruleId: 'libvirt/max-memory', message: 'libvirt refuses this domain: "both maximum memory size and memory slot count must be specified".', range: maxMemoryElement.nameRange });
    } else if (maxMemory.kib < initialKiB + dimmKiB) {
      problems.push({ ruleId: 'libvirt/max-memory', message: 'libvirt refuses this domain: "maximum memory size must be equal or greater than the actual memory size".', range: textContent(maxMemoryElement).range });
    } else if (cells.length === 0) {
      problems.push({ ruleId: 'libvirt/max-memory', message: 'libvirt refuses to start this domain: "At least one numa node has to be configured when enabling memory hotplug".', range: maxMemoryElement.nameRange });
    }
  }

  const balloonElement = devicesElement && childElement(devicesElement, 'memballoon');
  const balloon = balloonElement && {
    element: balloonElement,
    model: attribute(balloonElement, 'model')?.value ?? '',
    freePageReporting: attribute(balloonElement, 'freePageReporting')?.value === 'on',
  };
  const mergeableKiB = backends.reduce((sum, b) => (b.neverMerges ? sum : sum + b.sizeKiB), 0n);
  const refused = problems.some((p) => p.ruleId !== 'libvirt/numa-memory-overrides');
  const nameEl = childElement(domain, 'name');
  return {
    name: nameEl ? textContent(nameEl).value.trim() || undefined : undefined,
    virtType: attribute(domain, 'type')?.value,
    memory,
    currentMemory,
    maxMemory,
    initialKiB: refused ? 0n : initialKiB,
    totalKiB: refused ? 0n : initialKiB + dimmKiB,
    memMerge,
    nosharepages,
    locked,
    backends,
    mergeableKiB,
    balloon,
    problems,
  };
}

/**
 * The libvirt capability: diagnostics and hover for a domain XML file (`/etc/libvirt/qemu/*.xml`,
 * `virsh dumpxml`, `/run/libvirt/qemu/*.xml`), on what decides whether KSM can merge the guest.
 */
import type { SourceDocument } from '../language/analyzer';
import type { DocumentFeatures, Finding, HoverInfo } from '../language/types';
import { LIBVIRT_VERSION, libvirtElement } from '../knowledge/libvirtElements';
import { allElements, attribute, childElement, parseXml, textContent, type XmlElement } from '../xml/parseXml';
import { readDomainMemory, type DomainMemory } from './domain';
import { formatKiB, parseScaledMemory } from './units';
import { SCRIPT_ANALYSIS_LIMIT_CHARS } from '../language/limits';
import { whatIfLink } from '../qemu/hoverText';

const QEMU_TYPES = ['qemu', 'kvm'];

export interface ParsedDomain {
  /** The <domain> element (inside <domstatus> in a live state file). */
  root?: XmlElement;
  /** The QEMU process id a live state file records. */
  pid?: number;
  memory?: DomainMemory;
  findings: Finding[];
}

/** The domain in a document: XML problems, then the memory model when the root is a QEMU domain. */
export function parseDomain(text: string): ParsedDomain {
  const xml = parseXml(text);
  const findings: Finding[] = xml.problems.slice(0, 50).map((p) => ({
    ruleId: 'libvirt/not-well-formed',
    severity: 'error',
    message: `libvirt refuses this file as malformed XML: ${p.message}`,
    range: p.range,
  }));
  // libvirt's live state (/run/libvirt/qemu/NAME.xml) wraps the running domain in <domstatus>.
  const root = xml.root?.name === 'domstatus' ? childElement(xml.root, 'domain') : xml.root;
  if (!root || root.name !== 'domain') {
    if (root) findings.push({ ruleId: 'libvirt/not-a-domain', severity: 'information', message: `The root element is <${root.name}>, not <domain>: nothing here is a libvirt guest.`, range: root.nameRange });
    return { root, findings };
  }
  const type = attribute(root, 'type');
  if (!type || !QEMU_TYPES.includes(type.value)) {
    findings.push({
      ruleId: 'libvirt/not-qemu',
      severity: 'information',
      message: `This domain is ${type ? `type='${type.value}'` : 'missing its type attribute'}; Samepage checks QEMU guests (type='kvm' or 'qemu') only.`,
      range: type ? type.valueRange : root.nameRange,
    });
    return { root, findings };
  }
  const pid = xml.root?.name === 'domstatus' ? Number(attribute(xml.root, 'pid')?.value) : NaN;
  return { root, memory: readDomainMemory(root), findings, ...(Number.isInteger(pid) && pid > 0 ? { pid } : {}) };
}

function miB(kib: bigint): string {
  return `${kib / 1024n} MiB`;
}

function memoryFindings(m: DomainMemory): Finding[] {
  const findings: Finding[] = m.problems.map((p) => ({
    ruleId: p.ruleId,
    severity: p.ruleId === 'libvirt/numa-memory-overrides' ? 'warning' : 'error',
    message: p.message,
    range: p.range,
  }));
  if (m.memory?.kib !== undefined && m.backends.length === 1 && m.backends[0].cellId === undefined) {
    const text = textContent(m.memory.element);
    const unit = attribute(m.memory.element, 'unit')?.value ?? 'KiB';
    const parsed = parseScaledMemory(text.value, unit);
    if (parsed.ok && parsed.bytes !== m.initialKiB * 1024n && m.initialKiB > 0n) {
      findings.push({
        ruleId: 'libvirt/unit-rounding',
        severity: 'information',
        message: `${text.value} ${unit} is ${parsed.bytes} bytes${/^[kmgtpe]b$/i.test(unit) ? ` (${unit} counts in powers of 1000)` : ''}; libvirt rounds it up to whole MiB, so QEMU gets -m ${m.initialKiB / 1024n}.`,
        range: text.range,
      });
    }
  }
  if (m.nosharepages) {
    findings.push({
      ruleId: 'libvirt/nosharepages',
      severity: 'information',
      message: `KSM never merges this guest: <nosharepages/> makes libvirt start QEMU with -machine mem-merge=off, so none of its ${m.totalKiB ? miB(m.totalKiB) : 'RAM'} is offered to ksmd.`,
      range: m.nosharepages.nameRange,
    });
  } else if (m.initialKiB > 0n) {
    const partly = m.mergeableKiB > 0n && m.mergeableKiB < m.totalKiB;
    for (const b of m.backends) {
      if (!b.neverMerges) continue;
      const what = b.cellId !== undefined ? `NUMA cell ${b.cellId} (${miB(b.sizeKiB)})` : b.id.startsWith('memdimm') ? `DIMM ${b.id.slice(7)} (${miB(b.sizeKiB)})` : `this guest's RAM (${miB(b.sizeKiB)})`;
      findings.push({
        ruleId: 'libvirt/never-merges',
        severity: 'information',
        message: `KSM never merges ${what}: ${b.neverMerges}.${partly ? ` ${miB(m.mergeableKiB)} of the guest's ${miB(m.totalKiB)} can still merge.` : ''}`,
        range: b.range,
      });
    }
  }
  if (m.locked) {
    findings.push({
      ruleId: 'libvirt/locked',
      severity: 'information',
      message: '<locked/> (QEMU -overcommit mem-lock=on) does not keep RAM out of KSM: ksmd still merges locked pages and keeps the merged page locked. Locked RAM never swaps, so merging is the only way to get it back.',
      range: m.locked.nameRange,
    });
  }
  const cur = m.currentMemory;
  if (cur?.kib !== undefined && m.memory?.kib !== undefined && cur.kib > m.memory.kib) {
    findings.push({
      ruleId: 'libvirt/current-memory',
      severity: 'warning',
      message: `<currentMemory> (${formatKiB(cur.kib)}) is larger than <memory> (${formatKiB(m.memory.kib)}); libvirt uses <memory>.`,
      range: textContent(cur.element).range,
    });
  } else if (cur?.kib !== undefined && m.memory?.kib !== undefined && cur.kib < m.memory.kib && m.balloon?.model === 'none') {
    findings.push({
      ruleId: 'libvirt/current-memory',
      severity: 'warning',
      message: `<currentMemory> asks for ${formatKiB(cur.kib)} but there is no balloon (memballoon model='none'), so the guest keeps all of <memory> and KSM sees all of it.`,
      range: textContent(cur.element).range,
    });
  }
  if (m.balloon?.freePageReporting) {
    findings.push({
      ruleId: 'libvirt/free-page-reporting',
      severity: 'information',
      message: 'With freePageReporting the guest hands the pages it frees back to the host, so KSM finds fewer zero pages to merge in idle guests; the what-if models guest RAM as always resident.',
      range: attribute(m.balloon.element, 'freePageReporting')!.nameRange,
    });
  }
  return findings;
}

/** The element's path below <domain> (which a live state file wraps in <domstatus>). */
function elementPath(element: XmlElement, domain: XmlElement): string {
  const names: string[] = [];
  for (let e: XmlElement | undefined = element; e && e !== domain; e = e.parent) names.unshift(e.name);
  return names.join('/');
}

function hoverFor(element: XmlElement, domain: XmlElement, m: DomainMemory | undefined): string | undefined {
  const spec = libvirtElement(elementPath(element, domain));
  if (!spec) return undefined;
  const lines = [`**<${element.name}>** (libvirt domain XML)`, '', spec.doc, '', `**KSM:** ${spec.ksm}`];
  if (spec.qemu) lines.push('', `QEMU: ${spec.qemu}`);
  if (spec.since) lines.push('', `Since libvirt ${spec.since}.`);
  if (m) {
    if (spec.path === 'memory' && m.initialKiB > 0n) {
      const dimms = m.totalKiB > m.initialKiB ? ` plus ${miB(m.totalKiB - m.initialKiB)} of DIMMs` : '';
      lines.push('', `Here: QEMU gets -m ${m.initialKiB / 1024n}${dimms}; ${miB(m.mergeableKiB)} in all within KSM's reach.`);
    }
    if (spec.path === 'currentMemory' && m.currentMemory?.kib !== undefined) lines.push('', `Here: a balloon target of ${formatKiB(m.currentMemory.kib)}.`);
    if (spec.path === 'maxMemory' && m.maxMemory?.kib !== undefined) lines.push('', `Here: up to ${formatKiB(m.maxMemory.kib)} with hot-plugged memory${m.maxMemory.slots !== undefined ? ` in ${m.maxMemory.slots} slots` : ''}.`);
    if (spec.path === 'cpu/numa/cell') {
      const b = m.backends.find((x) => x.cellId !== undefined && x.range.start >= element.range.start && x.range.start < element.range.end) ?? m.backends.find((x) => String(x.cellId) === attribute(element, 'id')?.value);
      if (b) lines.push('', `Here: \`${b.kind}\` of ${miB(b.sizeKiB)}${b.shared ? ', shared' : ''}; ${b.neverMerges ? `KSM never merges it: ${b.neverMerges}.` : 'KSM can merge it.'}`);
    }
  }
  if (['memory', 'memoryBacking/nosharepages', 'cpu/numa/cell'].includes(spec.path)) lines.push('', `[Run the what-if: how much would KSM save with this guest?](${whatIfLink()})`);
  lines.push('', `_As libvirt ${LIBVIRT_VERSION} reads it._`);
  return lines.join('\n');
}

export function analyzeLibvirt(doc: SourceDocument): DocumentFeatures {
  if (doc.text.length > SCRIPT_ANALYSIS_LIMIT_CHARS) return { findings: [] };
  const parsed = parseDomain(doc.text);
  const findings = [...parsed.findings, ...(parsed.memory ? memoryFindings(parsed.memory) : [])];
  const elements = parsed.root ? allElements(parsed.root) : [];
  return {
    findings,
    hoverAt(offset: number): HoverInfo | undefined {
      const element = elements.find((e) => offset >= e.nameRange.start && offset <= e.nameRange.end);
      const markdown = element && parsed.root && hoverFor(element, parsed.root, parsed.memory);
      return element && markdown ? { range: element.nameRange, markdown } : undefined;
    },
  };
}

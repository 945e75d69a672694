/** What every check of one QEMU command line shares. */
import type { QemuVersion } from '../knowledge/qemuVersions';
import type { TextRange } from '../language/types';
import type { ParsedCommandLine } from './commandLine';
import type { Report } from './report';

export interface BackendObject {
  id: string;
  idRange: TextRange;
  type: string;
  typeRange: TextRange;
  size?: bigint;
  sizeRange?: TextRange;
  /** merge= as written (undefined: follows the machine's mem-merge). */
  merge?: { value: boolean; range: TextRange };
  share?: { value: boolean; range: TextRange };
  hugetlb?: boolean;
  /** memory-backend-file's mem-path (a hugetlbfs mount means huge pages). */
  memPath?: string;
  memPathRange?: TextRange;
}

export interface CheckContext {
  report: Report;
  version: QemuVersion;
  /** "7.2", and whether it came from the settings or is the default. */
  versionLabel: string;
  /** The program the command runs, e.g. `qemu-system-x86_64`; `kvm`/`qemu-kvm` prefer KVM. */
  program: string;
  cmd: ParsedCommandLine;
  /** Every -object id, with its qom-type. */
  objectIds: Map<string, string>;
  backends: BackendObject[];
  /** Ids of block nodes (-blockdev node-name=, -drive id=) for pflash links. */
  blockNodes: Set<string>;
  /** -m size/slots/maxmem, as they reach the machine's memory property. */
  memoryFromM: { size?: string; slots?: string; maxmem?: string; range: TextRange; sizeRange?: TextRange; order: number } | undefined;
}

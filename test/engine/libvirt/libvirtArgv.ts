/**
 * Runs the real libvirt (scripts/libvirt-argv.sh) on domain files and reads from each QEMU command
 * line what decides KSM: the RAM size, mem-merge, and the memory backends with QEMU's own defaults
 * (memfd is mapped shared unless share is false; KSM never merges shared or hugetlb memory).
 */
import { spawnSync } from 'node:child_process';

export interface LibvirtVerdict {
  /** libvirt's error line when it refuses the domain. */
  refused?: string;
  ramMiB?: number;
  memMergeOff?: boolean;
  mergeableMiB?: number;
  /** -overcommit mem-lock=on (<locked/>). */
  memLock?: boolean;
  /** The balloon device reports free pages. */
  freePageReporting?: boolean;
  argv?: string;
}

interface BackendObject {
  'qom-type': string;
  size: number;
  share?: boolean;
  hugetlb?: boolean;
}

export function verdictFromArgv(argv: string): LibvirtVerdict {
  const m = / -m (?:size=(\d+)k\S*|(\d+))/.exec(argv);
  const ramMiB = m ? (m[1] ? Number(m[1]) / 1024 : Number(m[2])) : undefined;
  const machine = / -machine (\S+)/.exec(argv)?.[1] ?? '';
  const memMergeOff = /(^|,)mem-merge=off(,|$)/.test(machine);
  const backends = [...argv.matchAll(/-object '(\{"qom-type":"memory-backend-[^']*\})'/g)].map((x) => JSON.parse(x[1]) as BackendObject);
  const neverMerges = (b: BackendObject) => b.share === true || (b['qom-type'] === 'memory-backend-memfd' && b.share !== false) || b.hugetlb === true;
  const mergeableBytes = memMergeOff ? 0 : backends.reduce((sum, b) => (neverMerges(b) ? sum : sum + b.size), 0);
  const memLock = / -overcommit mem-lock=on/.test(argv);
  const freePageReporting = /"driver":"virtio-balloon-pci"[^']*"free-page-reporting":true/.test(argv);
  return { ramMiB, memMergeOff, mergeableMiB: mergeableBytes / 1048576, memLock, freePageReporting, argv };
}

/** libvirt's verdict on each file, by path. */
export function libvirtVerdicts(files: string[]): Map<string, LibvirtVerdict> {
  const run = spawnSync('bash', ['scripts/libvirt-argv.sh', ...files], { encoding: 'utf8', timeout: 900_000, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`scripts/libvirt-argv.sh failed (exit ${run.status}): ${run.stderr || run.error?.message}`);
  const verdicts = new Map<string, LibvirtVerdict>();
  for (const block of run.stdout.split(/^== /m).slice(1)) {
    const newline = block.indexOf('\n');
    const file = block.slice(0, newline);
    const body = block.slice(newline + 1);
    verdicts.set(file, /^!! exit /m.test(body) ? { refused: body.split('\n')[0] } : verdictFromArgv(body));
  }
  return verdicts;
}

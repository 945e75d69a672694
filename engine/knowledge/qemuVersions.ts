/**
 * QEMU releases Samepage knows the machine types and properties of. 7.2 (Debian 12) is checked
 * against the real binary; later releases follow the upstream changelogs.
 */
export const QEMU_RELEASES = ['7.2', '8.0', '8.1', '8.2', '9.0', '9.1', '9.2', '10.0', '10.1', '10.2'] as const;

/** Used when samepage.qemu.version / --qemu-version is not set: the newest release in the table. */
export const DEFAULT_QEMU_VERSION = '10.2';

export interface QemuVersion {
  major: number;
  minor: number;
}

export function parseQemuVersion(text: string | undefined): QemuVersion {
  const m = /^(\d+)\.(\d+)/.exec(text ?? '') ?? /^(\d+)\.(\d+)/.exec(DEFAULT_QEMU_VERSION)!;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** Negative when a < b. */
export function compareVersions(a: QemuVersion, b: QemuVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

export function versionAtLeast(v: QemuVersion, since: string): boolean {
  return compareVersions(v, parseQemuVersion(since)) >= 0;
}

export function formatVersion(v: QemuVersion): string {
  return `${v.major}.${v.minor}`;
}

/** The releases from 7.2 up to and including `v` (later table entries are ignored). */
export function releasesUpTo(v: QemuVersion): string[] {
  return QEMU_RELEASES.filter((r) => compareVersions(parseQemuVersion(r), v) <= 0);
}

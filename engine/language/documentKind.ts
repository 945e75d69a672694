/**
 * Which analyzers a document gets. The editor and the CLI both decide here, from the file name
 * first and the content second, so `samepage lint` and the editor always agree.
 */
export const DOCUMENT_KINDS = ['ksmtuned', 'shell', 'sysfs-conf', 'tmpfiles', 'systemd-unit', 'markdown', 'libvirt-domain', 'proxmox-vm', 'unknown'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export function isDocumentKind(value: string): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value);
}

const LANGUAGE_ID_KINDS: Record<string, DocumentKind> = {
  ksmtuned: 'ksmtuned',
  shellscript: 'shell',
  markdown: 'markdown',
  'sysfs-conf': 'sysfs-conf',
  tmpfiles: 'tmpfiles',
  'systemd-unit-file': 'systemd-unit',
  'proxmox-vm': 'proxmox-vm',
};

/** A libvirt domain: an XML document whose root element is <domain>, or <domstatus> (libvirt's live state). */
const DOMAIN_ROOT = /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--(?:[^-]|-(?!->))*-->\s*)*<(domain|domstatus)[\s>/]/;
/** Keys every Proxmox VE VM config has (qm create writes them); two of them make a config. */
const PROXMOX_KEYS = /^(vmgenid|smbios1|scsihw|ostype|boot|bootdisk|meta|sockets|cores|balloon|numa|hugepages|allow-ksm): \S/gm;

function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(cut + 1);
}

export function kindFromFileName(path: string): DocumentKind | undefined {
  const normalized = path.replace(/\\/g, '/');
  const name = baseName(normalized);
  if (/^ksmtuned\.conf(\..+)?$/.test(name) || /(^|\/)ksmtuned\.conf\.d\/[^/]+\.conf$/.test(normalized)) return 'ksmtuned';
  if (name === 'sysfs.conf' || /(^|\/)sysfs\.d\/[^/]+\.conf$/.test(normalized)) return 'sysfs-conf';
  if (/(^|\/)tmpfiles\.d\/[^/]+\.conf$/.test(normalized)) return 'tmpfiles';
  if (/\.(service|socket|timer|path|mount|target)$/.test(name) || /\.(service|socket|timer)\.d\/[^/]+\.conf$/.test(normalized)) return 'systemd-unit';
  if (/\.(sh|bash|ksh|zsh)$/.test(name)) return 'shell';
  if (/\.(md|markdown)$/i.test(name)) return 'markdown';
  if (/(^|\/)qemu-server\/\d+\.conf$/.test(normalized)) return 'proxmox-vm';
  return undefined;
}

export function kindFromContent(text: string): DocumentKind {
  const head = text.slice(0, 4096);
  if (DOMAIN_ROOT.test(head)) return 'libvirt-domain';
  if (/^#!\s*\S*\b(ba|da|k|z)?sh\b/.test(head) || /^#!\s*\/usr\/bin\/env\s+(ba|da|k|z)?sh\b/.test(head)) return 'shell';
  if (/^\s*\[(Unit|Service|Install)\]\s*$/m.test(head)) return 'systemd-unit';
  if (/^\s*(export\s+)?(KSM_[A-Z_]+|LOGFILE|DEBUG|PIDFILE)=/m.test(head) && !/^\s*(qemu|kvm)/m.test(head)) return 'ksmtuned';
  if (/^\s*kernel\/mm\/ksm\/\w+\s*=/m.test(head)) return 'sysfs-conf';
  if (/^\s*w[+!-]*\s+\/sys\//m.test(head)) return 'tmpfiles';
  if (/^memory: (current=)?\d+\s*$/m.test(head) && (head.match(PROXMOX_KEYS) ?? []).length >= 2) return 'proxmox-vm';
  return 'unknown';
}

/** The kind for a document: an explicit choice wins, then a known language id, then the name, then the content. */
export function detectKind(fileName: string, text: string, languageId?: string, forced?: DocumentKind): DocumentKind {
  if (forced) return forced;
  const byName = kindFromFileName(fileName);
  if (byName) return byName;
  const byLanguage = languageId ? LANGUAGE_ID_KINDS[languageId] : undefined;
  if (byLanguage) return byLanguage;
  return kindFromContent(text);
}

/**
 * The engine's editor-neutral vocabulary. Every range is a pair of UTF-16 offsets into the
 * document text; server/ converts them to LSP positions, cli/ to line:column.
 */
export interface TextRange {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: TextRange;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor may apply on "fix all" / auto-fix. */
  preferred?: boolean;
  /**
   * The fix sets the document's line ends. Editors keep one line-end style per document and cannot
   * apply the equivalent `edits` (deleting each CR); they change the end-of-line setting instead.
   */
  endOfLine?: 'LF';
}

export interface Finding {
  /** Stable id such as `ksmtuned/crlf`; users key severity overrides and disable comments on it. */
  ruleId: string;
  severity: Severity;
  message: string;
  range: TextRange;
  fixes?: Fix[];
  tags?: Array<'unnecessary' | 'deprecated'>;
}

export interface HoverInfo {
  range: TextRange;
  markdown: string;
}

export type CompletionKind = 'variable' | 'value' | 'property' | 'enum' | 'file' | 'keyword' | 'snippet';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string; // markdown
  insertText?: string;
  /** Text this completion replaces; defaults to the word at the cursor. */
  range?: TextRange;
  sortText?: string;
  /** Choosing the entry inserts nothing and moves the cursor here instead (e.g. to a variable's existing assignment). */
  reveal?: TextRange;
}

export type SymbolKind = 'variable' | 'function' | 'key' | 'command' | 'object';

export interface SymbolEntry {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: TextRange;
  selectionRange: TextRange;
  children?: SymbolEntry[];
}

export interface CodeLensEntry {
  range: TextRange;
  title: string;
  command: string;
  arguments?: unknown[];
}

/** Facts about the machine the editor runs on; every field is optional (remote, non-Linux, no KSM). */
export interface HostFacts {
  /** /proc/meminfo values in kB, by name. */
  meminfo?: Record<string, number>;
  /** Live /sys/kernel/mm/ksm values, raw text without the newline, by file name. */
  ksm?: Record<string, string>;
  /** Running kernel release, e.g. "6.18.44". */
  kernelRelease?: string;
  pageSize?: number;
}

export type RuleSeverityOverride = Severity | 'off';

export interface EngineSettings {
  /** Per-rule overrides: rule id (or a prefix ending in `/`) → severity or `off`. */
  rules: Record<string, RuleSeverityOverride>;
  /** Kernel version "X.Y" to check knob existence against. */
  kernelVersion?: string;
  /** QEMU version "X.Y" whose machine types and properties apply. */
  qemuVersion?: string;
  /** ksmtuned flavour whose process matching applies. */
  ksmtunedVariant: 'debian' | 'fedora';
  /** Upper bound on findings per document, so a pathological file cannot flood the editor. */
  maxFindings: number;
}

export const DEFAULT_SETTINGS: EngineSettings = {
  rules: {},
  ksmtunedVariant: 'debian',
  maxFindings: 1000,
};

export interface AnalysisContext {
  settings: EngineSettings;
  host: HostFacts;
}

/** Everything one analyzer knows about one document version; computed once, queried often. */
export interface DocumentFeatures {
  findings: Finding[];
  hoverAt?(offset: number): HoverInfo | undefined;
  completeAt?(offset: number): CompletionEntry[];
  symbols?(): SymbolEntry[];
  codeLenses?(): CodeLensEntry[];
}

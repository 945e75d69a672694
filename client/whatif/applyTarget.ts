/**
 * The document "Apply" may write to. The extension records it for its panel in its own state
 * (workspaceState), keyed by the panel's id; the page's saved state never names it. A page is
 * only as trustworthy as what it runs, so after a reload "Apply" writes to the document the
 * extension recorded for that panel, or to nothing. Pure: takes a Memento-shaped store.
 */
import { isPanelId, parsePersistedState, type SourceInfo } from '../webview/protocol';

export interface ApplyTarget {
  kind: 'ksmtuned' | 'scenario' | 'shell';
  uri: string;
  label: string;
}

/** The part of vscode.Memento used here. */
export interface StateStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

const KEY = 'samepage.whatIf.applyTarget';

/** Records (or, with no target, forgets) the Apply target of the panel `panelId`. One panel exists at a time. */
export function recordApplyTarget(store: StateStore, panelId: string, target: ApplyTarget | undefined): Thenable<void> {
  return store.update(KEY, target ? { panelId, target } : undefined);
}

/** The target recorded for `panelId`, if the stored record is one this module wrote. */
export function recordedApplyTarget(store: StateStore, panelId: string | undefined): ApplyTarget | undefined {
  const record = store.get(KEY) as { panelId?: unknown; target?: Partial<ApplyTarget> } | undefined;
  const target = record?.target;
  if (!panelId || record?.panelId !== panelId || !target) return undefined;
  const { kind, uri, label } = target;
  if ((kind !== 'ksmtuned' && kind !== 'scenario' && kind !== 'shell') || typeof uri !== 'string' || typeof label !== 'string') return undefined;
  return { kind, uri, label };
}

export interface RestoredPanel {
  panelId: string | undefined;
  scenario: unknown;
  source: SourceInfo;
  target: ApplyTarget | undefined;
}

/**
 * What a panel restored after a reload shows: the page's scenario and wording, and the Apply
 * target only from the extension's record for the same panel id.
 */
export function restorePanel(pageState: unknown, store: StateStore): RestoredPanel | undefined {
  const persisted = parsePersistedState(pageState);
  if (!persisted) return undefined;
  const panelId = isPanelId(persisted.panelId) ? persisted.panelId : undefined;
  const target = recordedApplyTarget(store, panelId);
  const source: SourceInfo = target
    ? { kind: target.kind, label: target.label, canApply: true }
    : { ...persisted.source, canApply: false };
  return { panelId, scenario: persisted.scenario, source, target };
}

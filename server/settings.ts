import { DEFAULT_SETTINGS, type EngineSettings, type RuleSeverityOverride } from '../engine/language/types';

/** The `samepage.*` settings the server reads; package.json's contributes.configuration mirrors these keys. */
export interface SamepageSettings {
  rules?: Record<string, string>;
  kernel?: { version?: string };
  qemu?: { version?: string };
  ksmtuned?: { variant?: string };
  maxFindings?: number;
}

const OVERRIDES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Turns whatever the client sent into valid engine settings; unknown or malformed values are ignored. */
export function toEngineSettings(raw: unknown): EngineSettings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as SamepageSettings;
  const rules: Record<string, RuleSeverityOverride> = {};
  if (s.rules && typeof s.rules === 'object') {
    for (const [id, value] of Object.entries(s.rules)) {
      if (typeof value === 'string' && OVERRIDES.has(value)) rules[id] = value as RuleSeverityOverride;
    }
  }
  const version = (v: unknown) => (typeof v === 'string' && /^\d+\.\d+$/.test(v.trim()) ? v.trim() : undefined);
  return {
    rules,
    kernelVersion: version(s.kernel?.version),
    qemuVersion: version(s.qemu?.version),
    ksmtunedVariant: s.ksmtuned?.variant === 'fedora' ? 'fedora' : 'debian',
    maxFindings:
      typeof s.maxFindings === 'number' && Number.isInteger(s.maxFindings) && s.maxFindings > 0 ? s.maxFindings : DEFAULT_SETTINGS.maxFindings,
  };
}

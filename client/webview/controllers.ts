/**
 * The panel's controller part: who drives the knobs (the scenario's `controller`), running the same
 * host as B under another controller, and each run's sysfs writes over time.
 */
import { CONTROLLER_NAMES, CONTROLLERS, type ControllerName } from '../../engine/knowledge/controllers';
import { el } from './dom';
import type { RunView } from './protocol';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function controllerOf(scenario: Json): ControllerName {
  const c = scenario.controller;
  if (typeof c === 'string' && (CONTROLLER_NAMES as readonly string[]).includes(c)) return c as ControllerName;
  return scenario.ksmtuned?.enabled ? 'ksmtuned' : 'none';
}

/** The scenario under another controller (its settings dropped: they belong to the old one). */
export function underController(scenario: Json, controller: ControllerName): Json {
  const copy = JSON.parse(JSON.stringify(scenario)) as Json;
  copy.controller = controller;
  copy.ksmtuned = { ...(copy.ksmtuned ?? { variant: 'debian', values: {} }), enabled: controller === 'ksmtuned' };
  if (controllerOf(scenario) !== controller) delete copy.controllerSettings;
  return copy;
}

function select(id: string, value: ControllerName): HTMLSelectElement {
  const s = el('select', { id });
  for (const name of CONTROLLER_NAMES) {
    const option = el('option', { value: name, text: CONTROLLERS[name].title });
    if (name === value) option.selected = true;
    s.append(option);
  }
  return s;
}

/**
 * "Controller" (changes the scenario) and "Compare under" + button (runs B with the same host under
 * another controller: "this host under ksmtuned versus under KubeVirt").
 */
export function controllerSection(scenario: Json, onChange: () => void, runUnder: (scenario: Json) => void, busy: boolean): HTMLElement {
  const current = controllerOf(scenario);
  const own = select('controller', current);
  own.addEventListener('change', () => {
    const next = underController(scenario, own.value as ControllerName);
    for (const key of Object.keys(scenario)) delete scenario[key];
    Object.assign(scenario, next);
    onChange();
  });
  const other = select('compare-controller', current === 'kubevirt' ? 'ksmtuned' : 'kubevirt');
  const go = el('button', { type: 'button', class: 'secondary', text: 'Run as B under it', title: 'The same host and guests, driven by the other controller, as run B' });
  go.disabled = busy;
  go.addEventListener('click', () => runUnder(underController(scenario, other.value as ControllerName)));
  return el(
    'fieldset',
    { class: 'controllers' },
    el('legend', { text: 'Controller' }),
    el('div', { class: 'field' }, el('label', { for: 'controller', text: 'Drives the knobs' }), own),
    el('p', { class: 'note', text: CONTROLLERS[current].summary }),
    el('div', { class: 'field' }, el('label', { for: 'compare-controller', text: 'Compare under' }), other, go),
  );
}

/** A run's sysfs writes that changed a value or were refused, as a table (collapsed). */
export function knobWritesSection(run: RunView): HTMLElement | undefined {
  const writes = run.knobWrites ?? [];
  if (writes.length === 0) return undefined;
  const table = el('table', { class: 'writes' }, el('thead', {}, el('tr', {}, ...['t (s)', 'by', 'knob', 'value', 'kernel'].map((h) => el('th', { scope: 'col', text: h })))));
  const body = el('tbody');
  for (const w of writes) body.append(el('tr', {}, ...[String(w.t), w.by, w.knob, w.value, w.ok ? 'ok' : `refused: ${w.error ?? ''}`].map((c) => el('td', { text: c }))));
  table.append(body);
  return el('details', { class: 'knob-writes' }, el('summary', { text: `sysfs writes (${writes.length})` }), table);
}

/**
 * The scenario editor: host, guests, ksmtuned and knobs as labelled inputs bounded by the ranges
 * the extension sent (the knowledge table's). Edits change a plain JSON copy of the scenario; the
 * extension validates it again before running.
 */
import { el } from './dom';
import type { FieldRange, FormKnowledge } from './protocol';

type Json = Record<string, any>;

let fieldCounter = 0;

function clamp(value: number, range: FieldRange | undefined): number {
  if (!range) return value;
  return Math.min(range.max, Math.max(range.min, value));
}

/**
 * A number input; `placeholder` is the value used when it is left empty (short, so it is never cut
 * off), `hint` a note under it.
 */
function numberField(label: string, value: number | undefined, range: FieldRange | undefined, placeholder: string, onChange: (v: number | undefined) => void, hint?: string): HTMLElement {
  const id = `f${++fieldCounter}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const input = el('input', { id, type: 'number', step: range?.step !== undefined ? String(range.step) : 'any', placeholder, title: `Empty: ${placeholder}`, 'aria-describedby': hintId, min: range ? String(range.min) : undefined, max: range ? String(range.max) : undefined });
  if (value !== undefined) input.value = String(value);
  input.addEventListener('change', () => {
    if (input.value.trim() === '') return onChange(undefined);
    const n = Number(input.value);
    if (!Number.isFinite(n)) {
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    const c = clamp(n, range);
    if (c !== n) input.value = String(c);
    input.removeAttribute('aria-invalid');
    onChange(c);
  });
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), input, hint ? el('small', { id: hintId, class: 'hint', text: hint }) : undefined);
}

/** A decimal integer as ksmtuned's bash arithmetic reads it; `08`, `1x` or `5*3` are something else. */
const PLAIN_DECIMAL = /^[-+]?(0|[1-9]\d*)$/;

/**
 * A ksmtuned variable: the conf's value as written, since ksmtuned keeps it as a string. A value
 * bash arithmetic does not read as a plain decimal (KSM_THRES_COEF=08) is shown as it is, marked,
 * and run as ksmtuned runs it; a plain number is bounded by the variable's range.
 */
function ksmtunedField(variable: { name: string; default: string } & FieldRange, value: unknown, onChange: (v: string | undefined) => void): HTMLElement {
  const id = `f${++fieldCounter}`;
  const hint = el('small', { id: `${id}-hint`, class: 'hint' });
  const input = el('input', { id, type: 'text', inputmode: 'numeric', class: 'ksmtuned-value', placeholder: variable.default, title: `Empty: ${variable.default}`, 'aria-describedby': `${id}-hint` });
  const mark = (text: string) => {
    const plain = text === '' || PLAIN_DECIMAL.test(text);
    if (plain) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
    hint.textContent = plain ? '' : "As written; ksmtuned's arithmetic fails on it (see the notes above)";
  };
  if (value !== undefined) input.value = String(value);
  mark(input.value.trim());
  input.addEventListener('change', () => {
    const text = input.value.trim();
    if (text === '') onChange(undefined);
    else if (PLAIN_DECIMAL.test(text)) {
      const bounded = String(clamp(Number(text), variable));
      input.value = bounded;
      onChange(bounded);
    } else onChange(text);
    mark(input.value.trim());
  });
  return el('div', { class: 'field' }, el('label', { for: id, text: variable.name }), input, hint);
}

function selectField(label: string, value: string, choices: Array<[string, string]>, onChange: (v: string) => void): HTMLElement {
  const id = `f${++fieldCounter}`;
  const select = el('select', { id });
  for (const [v, text] of choices) {
    const option = el('option', { value: v, text });
    if (v === value) option.selected = true;
    select.append(option);
  }
  select.addEventListener('change', () => onChange(select.value));
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), select);
}

function checkField(label: string, value: boolean, onChange: (v: boolean) => void): HTMLElement {
  const id = `f${++fieldCounter}`;
  const box = el('input', { id, type: 'checkbox' });
  box.checked = value;
  box.addEventListener('change', () => onChange(box.checked));
  return el('div', { class: 'field check' }, box, el('label', { for: id, text: label }));
}

/** `changed(true)` when guest groups were added or removed (the form must be rebuilt), else `changed(false)`. */
export function buildForm(scenario: Json, knowledge: FormKnowledge, changed: (structural: boolean) => void): HTMLElement {
  const { ranges } = knowledge;
  const host = scenario.host ?? (scenario.host = {});
  const ksmtuned = scenario.ksmtuned ?? (scenario.ksmtuned = { enabled: false, variant: 'debian', values: {} });
  ksmtuned.values = ksmtuned.values ?? {};
  scenario.knobs = scenario.knobs ?? {};
  scenario.guests = Array.isArray(scenario.guests) ? scenario.guests : [];
  const set = (apply: () => void, structural = false) => {
    apply();
    changed(structural);
  };

  const hostSet = el('fieldset', {}, el('legend', { text: 'Host' }),
    numberField('MemTotal (GiB)', host.memTotalKb ? Number((host.memTotalKb / 2 ** 20).toFixed(3)) : undefined, ranges.memTotalGiB, '128', (v) => set(() => (host.memTotalKb = v === undefined ? undefined : Math.round(v * 2 ** 20)))),
    selectField('Kernel HZ', String(host.hz ?? 250), [['100', '100'], ['250', '250'], ['300', '300'], ['1000', '1000']], (v) => set(() => (host.hz = Number(v)))),
    (() => {
      const id = `f${++fieldCounter}`;
      const input = el('input', { id, type: 'text', value: String(host.kernel ?? ''), pattern: '\\d+\\.\\d+', maxlength: '8', size: '6' });
      input.addEventListener('change', () => set(() => (host.kernel = input.value.trim())));
      return el('div', { class: 'field' }, el('label', { for: id, text: 'Kernel (X.Y)' }), input);
    })(),
    numberField('Swap (GiB)', host.swapKb !== undefined ? Number((host.swapKb / 2 ** 20).toFixed(3)) : undefined, { min: 0, max: 1024 * 1024 }, '0', (v) => set(() => (host.swapKb = Math.round((v ?? 0) * 2 ** 20)))),
    numberField('Duration (s)', scenario.durationSeconds, ranges.durationSeconds, '600', (v) => set(() => (scenario.durationSeconds = v ?? 600))),
  );

  const guestsSet = el('fieldset', {}, el('legend', { text: 'Guests' }));
  scenario.guests.forEach((g: Json, i: number) => {
    const row = el('div', { class: 'guest-row', role: 'group', 'aria-label': `Guest group ${g.name ?? i + 1}` },
      el('span', { class: 'guest-name', text: String(g.name ?? `group ${i + 1}`) }),
      numberField('Count', g.count, ranges.guestCount, '1', (v) => set(() => (g.count = v ?? 0))),
      numberField('RAM (MiB)', g.memoryMiB, ranges.guestMemoryMiB, '1024', (v) => set(() => (g.memoryMiB = v ?? 1024))),
      // Only guests read from a libvirt domain with part of its RAM out of KSM's reach have it; empty means all.
      ...(g.mergeableMiB !== undefined
        ? [numberField('Mergeable (MiB)', g.mergeableMiB, { ...ranges.guestMemoryMiB, min: 0 }, '', (v) => set(() => (v === undefined ? delete g.mergeableMiB : (g.mergeableMiB = v))))]
        : []),
      // The scenario's own profiles and a measured guest's "measured" are choices too (shown, never replaced unasked).
      selectField('Profile', String(g.profile), [...new Set([...knowledge.profiles, ...(scenario.profiles ?? []).map((p: Json) => String(p.id)), String(g.profile)])].map((p) => [p, p]), (v) => set(() => (g.profile = v))),
      checkField('mem-merge', g.memMerge !== false, (v) => set(() => (g.memMerge = v))),
      checkField('THP', g.thp !== false, (v) => set(() => (g.thp = v))),
    );
    const remove = el('button', { type: 'button', class: 'secondary', text: 'Remove', 'aria-label': `Remove guest group ${g.name ?? i + 1}` });
    remove.addEventListener('click', () => set(() => scenario.guests.splice(i, 1), true));
    row.append(remove);
    guestsSet.append(row);
  });
  const add = el('button', { type: 'button', class: 'secondary', text: 'Add guest group' });
  add.addEventListener('click', () =>
    set(() => {
      let n = scenario.guests.length + 1;
      while (scenario.guests.some((g: Json) => g.name === `guests${n}`)) n++;
      scenario.guests.push({ name: `guests${n}`, count: 1, memoryMiB: 4096, profile: knowledge.defaultProfile, memMerge: true, thp: true });
    }, true),
  );
  guestsSet.append(add);

  const tunedSet = el('fieldset', {}, el('legend', { text: 'ksmtuned' }),
    checkField('ksmtuned enabled', ksmtuned.enabled === true, (v) => set(() => (ksmtuned.enabled = v))),
    selectField('Variant', String(ksmtuned.variant ?? 'debian'), [['debian', 'Debian (command line)'], ['fedora', 'Fedora/RHEL (process name)']], (v) => set(() => (ksmtuned.variant = v))),
    // docs/whatif.md "ksmtuned's state": running = settled on the t=0 host (npages kept, last knob writes in force).
    selectField('At the start', String(ksmtuned.state ?? 'fresh'), [['fresh', 'just started (first check after one interval)'], ['running', 'already running (settled on this host)']], (v) => set(() => (v === 'fresh' ? delete ksmtuned.state : (ksmtuned.state = v)))),
    ...knowledge.ksmtunedVariables.map((variable) =>
      ksmtunedField(variable, ksmtuned.values[variable.name], (v) => set(() => (v === undefined ? delete ksmtuned.values[variable.name] : (ksmtuned.values[variable.name] = v))))),
  );

  const knobSet = el('fieldset', {}, el('legend', { text: '/sys/kernel/mm/ksm at the start' }),
    ...knowledge.knobs.map((knob) => numberField(knob.name, scenario.knobs[knob.name], knob, knob.default, (v) => set(() => (v === undefined ? delete scenario.knobs[knob.name] : (scenario.knobs[knob.name] = Math.round(v)))), knob.hint || undefined)),
  );

  return el('form', { class: 'scenario', 'aria-label': 'Scenario' }, hostSet, guestsSet, tunedSet, knobSet);
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GUEST_PROFILE_IDS, MEASURED_PROFILE } from '../../../engine/knowledge/guestProfiles';
import { KSMTUNED_DEFAULTS, KSMTUNED_STATES } from '../../../engine/whatif/scenario';
import { knobByName } from '../../../engine/knowledge/knobs';
import { seedScenario } from '../../../engine/whatif/seed';
import { CONTROLLER_NAMES } from '../../../engine/knowledge/controllers';

const schema = JSON.parse(readFileSync('schemas/scenario.schema.json', 'utf8'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('the JSON schema and the validator agree on profiles, knobs, ksmtuned defaults', () => {
  assert.deepEqual(schema.properties.guests.items.properties.profile.anyOf[0].enum, [...GUEST_PROFILE_IDS]);
  assert.equal(schema.properties.guests.items.properties.profile.anyOf[1].const, MEASURED_PROFILE);
  for (const [name, spec] of Object.entries(schema.properties.knobs.properties) as Array<[string, { maximum?: number; enum?: unknown[] }]>) {
    const knob = knobByName(name);
    assert.ok(knob, `${name} is a knob`);
    if (spec.maximum !== undefined && knob.range) assert.equal(spec.maximum, knob.range.max, name);
  }
  for (const [name, spec] of Object.entries(schema.properties.ksmtuned.properties.values.properties) as Array<[string, { default: string }]>) {
    assert.equal(spec.default, KSMTUNED_DEFAULTS[name], name);
  }
  assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', ...Object.keys(seedScenario()), 'sampleIntervalSeconds', 'controller', 'controllerSettings', 'profiles', 'measurement', 'processes'].filter((k, i, a) => a.indexOf(k) === i).sort());
});

test('the schema offers exactly the controllers of the knowledge table', () => {
  assert.deepEqual(schema.properties.controller.enum, [...CONTROLLER_NAMES]);
  const result = JSON.parse(readFileSync('schemas/whatif-result.schema.json', 'utf8'));
  assert.deepEqual(result.properties.controller.enum, [...CONTROLLER_NAMES]);
});

test('package.json contributes the schema for scenario files', () => {
  const entry = pkg.contributes.jsonValidation.find((j: { url: string }) => j.url === './schemas/scenario.schema.json');
  assert.ok(entry);
  assert.ok(entry.fileMatch.includes('*.samepage.json'));
  assert.ok(pkg.activationEvents.includes('onWebviewPanel:samepage.whatIf'));
});

test('the schema offers exactly the ksmtuned states the validator accepts, fresh by default', () => {
  const state = schema.properties.ksmtuned.properties.state;
  assert.deepEqual(state.enum, [...KSMTUNED_STATES]);
  assert.equal(state.default, 'fresh');
});

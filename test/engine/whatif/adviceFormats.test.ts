import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adviceInFormat } from '../../../engine/whatif/adviceFormats';

test('advice in each controller format carries only the changed settings', () => {
  assert.deepEqual(adviceInFormat({ controller: 'ksmtuned', knobs: {}, ksmtuned: { values: { KSM_THRES_COEF: '50', KSM_NPAGES_MAX: '1250' } } }, ['KSM_THRES_COEF']), { format: 'ksmtuned.conf', text: 'KSM_THRES_COEF=50' });
  assert.equal(adviceInFormat({ controller: 'none', knobs: { run: 1, pages_to_scan: 5000, sleep_millisecs: 20 }, ksmtuned: { values: {} } }, ['run', 'pages_to_scan']).text, 'echo 1 > /sys/kernel/mm/ksm/run\necho 5000 > /sys/kernel/mm/ksm/pages_to_scan');
  assert.equal(adviceInFormat({ controller: 'mom', knobs: {}, ksmtuned: { values: {} }, controllerSettings: { ksm_npages_max: 5000 } }, ['ksm_npages_max']).text, '(defvar ksm_npages_max 5000)');
  assert.equal(adviceInFormat({ controller: 'kubevirt', knobs: {}, ksmtuned: { values: {} }, controllerSettings: { 'pages-boost': 3000 } }, ['pages-boost']).text, 'kubectl annotate --overwrite node NODE kubevirt.io/ksm-pages-boost-override=3000');
  const h = adviceInFormat({ controller: 'harvester-high', knobs: {}, ksmtuned: { values: {} }, controllerSettings: { thresCoef: 80 } }, ['thresCoef']);
  assert.match(h.text, /kind: Ksmtuned[\s\S]*mode: high\n  thresCoef: 80$/);
  assert.match(adviceInFormat({ controller: 'harvester-customized', knobs: {}, ksmtuned: { values: {} }, controllerSettings: { boost: 5000 } }, ['boost']).text, /boost: 5000/);
});

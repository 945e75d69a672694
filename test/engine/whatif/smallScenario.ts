import { seedScenario } from '../../../engine/whatif/seed';

/** Two 512 MiB Windows guests on a 16 GiB host with KSM on at a fixed rate, no ksmtuned: a run of a second or two. */
export function smallScenario() {
  const s = seedScenario();
  s.host = { ...s.host, memTotalKb: 16 * 2 ** 20, otherUsedKb: 2 ** 20, cachedKb: 2 ** 19 };
  s.guests = [{ ...s.guests[0], count: 2, memoryMiB: 512 }];
  s.knobs = { run: 1, pages_to_scan: 1000, sleep_millisecs: 20 };
  s.ksmtuned = { enabled: false, variant: 'fedora', values: {} };
  s.durationSeconds = 120;
  s.sampleIntervalSeconds = 5;
  return s;
}

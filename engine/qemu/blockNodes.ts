/** Names a machine's pflash0/pflash1 can point at: -blockdev node-name= and -drive id=. */
import type { ParsedCommandLine } from './commandLine';
import { parseQemuOpts } from './qemuOpts';

export function QemuOptsBlockNodes(cmd: ParsedCommandLine): Set<string> {
  const names = new Set<string>();
  for (const opt of cmd.options) {
    if ((opt.name !== 'blockdev' && opt.name !== 'drive') || opt.arg?.value === undefined) continue;
    const value = opt.arg.value;
    if (value.startsWith('{')) {
      const m = /"node-name"\s*:\s*"([^"]*)"/.exec(value);
      if (m) names.add(m[1]);
      continue;
    }
    for (const pair of parseQemuOpts(value, undefined).pairs) {
      if (pair.name === 'node-name' || pair.name === 'id') names.add(pair.value);
    }
  }
  return names;
}

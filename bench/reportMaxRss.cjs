// Preloaded (node --require) by bench/sim.bench.ts into the processes it times: reports their peak
// resident memory and CPU time on stderr at exit, the same way on every platform node runs on.
'use strict';
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nsamepage-bench-usage maxRssKb=${u.maxRSS} cpuS=${(u.userCPUTime + u.systemCPUTime) / 1e6}\n`);
});

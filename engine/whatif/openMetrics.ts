/**
 * A run as OpenMetrics text with the metric names of Prometheus node_exporter's ksmd collector
 * (prometheus/node_exporter collector/ksmd_linux.go: one metric per file, full_scans as a
 * `_total` counter, sleep_millisecs as sleep_seconds), one timestamped point per sample, so a
 * prediction overlays what a user already graphs. Only this export uses those names.
 */
import type { SimResult } from '../sim/api';

const FILES = ['full_scans', 'merge_across_nodes', 'pages_shared', 'pages_sharing', 'pages_to_scan', 'pages_unshared', 'pages_volatile', 'run', 'sleep_millisecs'] as const;

function metricName(file: (typeof FILES)[number]): string {
  if (file === 'full_scans') return 'node_ksmd_full_scans';
  if (file === 'sleep_millisecs') return 'node_ksmd_sleep_seconds';
  return `node_ksmd_${file}`;
}

/** `startEpochSeconds`: the wall-clock time that simulated t=0 stands for. */
export function toOpenMetrics(result: SimResult, startEpochSeconds: number): string {
  const lines: string[] = [];
  for (const file of FILES) {
    const name = metricName(file);
    const counter = file === 'full_scans';
    lines.push(`# TYPE ${name} ${counter ? 'counter' : 'gauge'}`, `# HELP ${name} ksmd '${file}' file (predicted by samepage).`);
    for (const s of result.samples) {
      const raw = Number(s.ksm[file]);
      const value = file === 'sleep_millisecs' ? raw / 1000 : raw;
      lines.push(`${name}${counter ? '_total' : ''} ${value} ${(startEpochSeconds + s.t).toFixed(3)}`);
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

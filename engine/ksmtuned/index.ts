/**
 * ksmtuned as Debian and Fedora ship it.
 *
 *   effectiveKsmtunedValues(confText) → the value of every ksmtuned variable after bash sources the
 *     conf and ksmtuned applies its defaults, bash's errors, whether the daemon starts, and
 *     `startup(memTotalKb)` for `sleep` and `thres`; `daemonValues()` feeds KsmtunedDaemon.
 *   KsmtunedDaemon: the startup arithmetic and one adjust() per monitor interval (decisions,
 *     clamps, sysfs writes, debug log lines).
 *   explainKsmtunedLog(log, { values }) → each debug-log line re-derived from the conf.
 *   analyzeKsmtuned: the editor/CLI analyzer (registered for document kind 'ksmtuned').
 */
export { effectiveKsmtunedValues, type KsmtunedConf, type EffectiveValue, type StartupValues } from './effectiveValues';
export { sourceConf, type SourcedConf, type SourcedValue } from './sourceConf';
export { KsmtunedDaemon, countsAsCommitted, BUSY_LOOP_INTERVAL_SECONDS, type KsmtunedHostView, type KsmtunedProcessView, type KsmtunedWrite, type AdjustResult } from './daemon';
export { explainKsmtunedLog, splitLogLine, type LogExplanation, type LogLineExplanation } from './explainLog';
export { gnuSleepSeconds } from './gnuSleep';
export { KSMTUNED_DEFAULTS } from './defaults';
export { analyzeKsmtuned, RUN_WHAT_IF_COMMAND } from './analyzer';

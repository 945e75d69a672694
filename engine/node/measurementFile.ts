/**
 * Node adapter: reads a scenario's measurement file (`measurement.file`, relative to the scenario
 * file's folder), decodes it and checks it against the scenario. Used by the CLI and the panel's
 * worker, so both resolve and judge the file the same way.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { decodeMeasurement, type Measurement, MeasurementFormatError } from '../measure/format';
import { measurementMismatches } from '../whatif/measured';
import type { Scenario } from '../whatif/scenario';

/** A content file for a 256 GiB host is well under this; anything larger is not one. */
const MAX_CONTENT_FILE_BYTES = 2 ** 31 - 1;

export class MeasurementFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MeasurementFileError';
  }
}

/** Where `measurement.file` points, for a scenario read from `scenarioPath` (or from the working folder). */
export function measurementPath(scenario: Scenario, scenarioPath: string | undefined): string | undefined {
  const file = scenario.measurement?.file;
  if (file === undefined) return undefined;
  return isAbsolute(file) ? file : resolve(scenarioPath ? dirname(scenarioPath) : '.', file);
}

/** The scenario's measurement, decoded and checked; undefined when the scenario has none. Throws MeasurementFileError. */
export function loadMeasurement(scenario: Scenario, scenarioPath: string | undefined): Measurement | undefined {
  const path = measurementPath(scenario, scenarioPath);
  if (path === undefined) return undefined;
  const named = `measurement.file ${JSON.stringify(scenario.measurement!.file)}`;
  let bytes: Uint8Array;
  try {
    const size = statSync(path).size;
    if (size > MAX_CONTENT_FILE_BYTES) throw new MeasurementFileError(`${named}: ${path} is ${size} bytes, too large for a content file`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof MeasurementFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (measurements are mode 0600: read it as the user who made it)' : String((error as Error).message);
    throw new MeasurementFileError(`${named}: cannot read ${path}: ${why}`);
  }
  let measurement: Measurement;
  try {
    measurement = decodeMeasurement(bytes);
  } catch (error) {
    if (error instanceof MeasurementFormatError) throw new MeasurementFileError(`${named}: ${path}: ${error.message}`);
    throw error;
  }
  const mismatches = measurementMismatches(scenario, measurement);
  if (mismatches.length > 0) throw new MeasurementFileError(`${named} does not fit the scenario:\n  ${mismatches.join('\n  ')}`);
  return measurement;
}

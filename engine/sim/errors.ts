/** A configuration the simulator refuses before allocating anything; `field` names the culprit. */
export class SimConfigError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'SimConfigError';
  }
}

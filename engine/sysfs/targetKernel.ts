import { CURRENT_KERNEL, majorMinor } from '../knowledge/knobs';
import type { AnalysisContext } from '../language/types';

/** The kernel "X.Y" to check against: the setting, else the running kernel, else the newest known. */
export function targetKernel(ctx: AnalysisContext): string {
  return (ctx.settings.kernelVersion && majorMinor(ctx.settings.kernelVersion)) || (ctx.host.kernelRelease && majorMinor(ctx.host.kernelRelease)) || CURRENT_KERNEL;
}

import type { MachineFamily } from '../knowledge/qemuMachines';

/** The PC machines (hw/i386/pc.c) as opposed to microvm and the generic ones. */
export const PC_FAMILIES: ReadonlySet<MachineFamily> = new Set(['i440fx', 'q35', 'isapc']);

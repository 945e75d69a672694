/**
 * Which accelerator QEMU will use: `-machine accel=a:b` (also set by `-enable-kvm`) or `-accel`
 * options, never both. Unknown names only fail when no listed accelerator exists.
 */
import { ACCELERATORS } from '../knowledge/qemuObjects';
import { rangeOf, rangeOfIndexed } from './args';
import type { CheckContext } from './context';
import type { MachineState } from './machineOptions';
import { checkValue } from './propertyValues';
import { parseQemuOpts } from './qemuOpts';
import { replaceFix } from './report';
import { mdCode, mdText } from '../text/markdown';

export interface AcceleratorChoice {
  /** Accelerators in the order QEMU tries them. */
  names: string[];
  /** KVM is the first candidate, so KVM-only settings take effect. */
  kvmFirst: boolean;
}

export function checkAccelerators(ctx: CheckContext, state: MachineState): AcceleratorChoice {
  const { report } = ctx;
  const accelOptions = ctx.cmd.options.map((o, order) => ({ o, order })).filter(({ o }) => o.name === 'accel' && o.arg);
  const machineAccel = state.accel;
  if (machineAccel && accelOptions.length) {
    const first = accelOptions[0].o;
    report.qemuError('qemu/accel-conflict', machineAccel.sugar ? machineAccel.range : machineAccel.keyRange, 'The -accel and "-machine accel=" options are incompatible', `${machineAccel.sugar ? '`-enable-kvm` is short for `-machine accel=kvm`, which' : '`accel=`'} cannot be combined with \`-accel\`; use \`-accel\` alone (e.g. \`-accel kvm -accel tcg\`).`, {
      fixes: machineAccel.sugar ? [replaceFix('Remove -enable-kvm (already using -accel)', machineAccel.range, '')] : undefined,
    });
    void first;
  }
  const names: string[] = [];
  if (accelOptions.length) {
    let anyValid = false;
    const invalid: Array<{ name: string; range: ReturnType<typeof rangeOf>; echo: string }> = [];
    for (const { o } of accelOptions) {
      const arg = o.arg!;
      if (arg.value === undefined) {
        anyValid = true; // unknown at lint time
        continue;
      }
      const parsed = parseQemuOpts(arg.value, 'accel');
      const namePair = parsed.pairs.find((p) => p.implied) ?? parsed.pairs.find((p) => p.name === 'accel');
      const name = namePair?.value ?? '';
      if (name === 'help' || name === '?') {
        if (!report.helpAt) report.helpAt = { order: ctx.cmd.options.indexOf(o), range: arg.range };
        continue;
      }
      const range = namePair ? rangeOfIndexed(arg, namePair.valueIndex, namePair.valueSpan) : arg.range;
      const accel = ACCELERATORS[name];
      if (!accel) {
        invalid.push({ name, range, echo: `${o.nameArg.value} ${arg.value}` });
        continue;
      }
      anyValid = true;
      names.push(name);
      report.hover(range, () => `**${mdText(name)}** accelerator\n\n${accel.doc}`);
      for (const pair of parsed.pairs) {
        if (pair.implied || pair.name === 'accel') continue;
        const spec = accel.properties.find((p) => p.name === pair.name);
        const nameRange = pair.shortForm ? rangeOf(arg, pair.span) : rangeOf(arg, pair.nameSpan);
        if (!spec) {
          report.qemuError('qemu/accel-property', nameRange, `Property '${name}-accel.${pair.name}' not found`, `The ${name} accelerator has ${accel.properties.map((p) => `\`${p.name}\``).join(', ') || 'no options'}.`);
          continue;
        }
        if (pair.shortForm) {
          report.add('warning', 'qemu/short-form-boolean', nameRange, `QEMU warns "short-form boolean option '${pair.shortForm === 'off' ? 'no' : ''}${pair.name}' deprecated"; write ${pair.name}=${pair.shortForm}.`, {
            fixes: [replaceFix(`Write ${pair.name}=${pair.shortForm}`, nameRange, `${pair.name}=${pair.shortForm}`)],
          });
        }
        const valueRange = pair.shortForm ? nameRange : rangeOfIndexed(arg, pair.valueIndex, pair.valueSpan);
        if (name === 'tcg' && pair.name === 'thread') {
          if (pair.value !== 'single' && pair.value !== 'multi') report.qemuError('qemu/accel-property', valueRange, `Invalid 'thread' setting ${pair.value}`, 'thread is `single` or `multi`.');
          continue;
        }
        const verdict = checkValue(spec, pair.name, pair.value, ctx.version, 'keyval');
        if (verdict.error) {
          const message = spec.type === 'uint64' ? `Parameter '${pair.name}' expects uint64` : verdict.error.message;
          report.qemuError(verdict.error.ruleId, valueRange, message, verdict.error.why);
        }
      }
    }
    for (const bad of invalid) {
      const why = bad.name.includes(',') ? ' In -accel, `,,` is an escaped comma that stays in the name.' : '';
      if (anyValid) report.add('warning', 'qemu/invalid-accelerator', bad.range, `QEMU prints "invalid accelerator ${bad.name}" and falls back to the next one; qemu-system-x86_64 has ${Object.keys(ACCELERATORS).filter((a) => a !== 'qtest').join(' and ')}.${why}`);
      else report.qemuError('qemu/invalid-accelerator', bad.range, `invalid accelerator ${bad.name}`, `qemu-system-x86_64 has the accelerators ${Object.keys(ACCELERATORS).filter((a) => a !== 'qtest').join(' and ')}.${why}`, { echo: bad.echo });
    }
  } else if (machineAccel) {
    const list = machineAccel.value.split(':');
    const known = list.filter((n) => ACCELERATORS[n]);
    names.push(...known);
    if (!machineAccel.sugar) report.hover(machineAccel.valueRange, () => `**accel=${mdText(machineAccel.value)}**: QEMU tries ${list.map(mdCode).join(', then ')}.`);
    if (machineAccel.value === '') {
      report.qemuError('qemu/invalid-accelerator', machineAccel.valueRange.start === machineAccel.valueRange.end ? machineAccel.range : machineAccel.valueRange, 'no accelerator found', 'accel= is empty: name at least one accelerator, e.g. `accel=kvm:tcg`.');
    } else {
      for (const n of list.filter((x) => !ACCELERATORS[x])) {
        if (known.length) report.add('warning', 'qemu/invalid-accelerator', machineAccel.valueRange, `QEMU prints "invalid accelerator ${n}" and falls back to ${known[0]}.`);
        else report.qemuError('qemu/invalid-accelerator', machineAccel.valueRange, `invalid accelerator ${n}`, 'qemu-system-x86_64 has the accelerators kvm and tcg, separated by `:` in accel=.');
      }
    }
  } else {
    names.push(...(/(^|\/)(qemu-kvm|kvm)$/.test(ctx.program) ? ['kvm', 'tcg'] : ['tcg', 'kvm']));
  }
  const choice = { names, kvmFirst: names[0] === 'kvm' };
  checkKvmOnlyKeys(ctx, state, choice);
  return choice;
}

/** kernel-irqchip, kvm-shadow-mem, igd-passthru: handed to an accelerator, which may never run. */
function checkKvmOnlyKeys(ctx: CheckContext, state: MachineState, choice: AcceleratorChoice): void {
  const irqchip = state.legacy.get('kernel-irqchip');
  if (irqchip && !['on', 'off', 'split'].includes(irqchip.value)) {
    if (choice.kvmFirst) {
      ctx.report.qemuError('qemu/invalid-enum', irqchip.valueRange, `Parameter 'kernel-irqchip' does not accept value '${irqchip.value}'`, 'kernel-irqchip is `on`, `off` or `split`; KVM reads it.');
    } else {
      ctx.report.add('warning', 'qemu/kvm-only-key', irqchip.valueRange, `kernel-irqchip accepts \`on\`, \`off\` or \`split\`. QEMU hands it to KVM only; with ${choice.names[0] ?? 'this accelerator'} it is ignored now, and it fails once KVM is used.`);
    }
  }
  const shadow = state.legacy.get('kvm-shadow-mem');
  if (shadow) {
    const verdict = checkValue({ name: 'kvm-shadow-mem', type: 'size', doc: '' }, 'kvm-shadow-mem', shadow.value, ctx.version, 'keyval');
    if (verdict.error) {
      if (choice.kvmFirst) ctx.report.qemuError('qemu/invalid-size', shadow.valueRange, verdict.error.message, verdict.error.why);
      else ctx.report.add('warning', 'qemu/kvm-only-key', shadow.valueRange, `kvm-shadow-mem is not a valid size; QEMU only reads it under KVM, so with ${choice.names[0] ?? 'this accelerator'} it is ignored for now.`);
    }
  }
  const igd = state.legacy.get('igd-passthru');
  if (igd) ctx.report.add('information', 'qemu/kvm-only-key', igd.keyRange, 'igd-passthru only matters under the Xen accelerator, which qemu-system-x86_64 on Debian does not have; QEMU ignores it here.');
}

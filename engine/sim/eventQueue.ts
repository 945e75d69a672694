/** A binary min-heap of timed callbacks; ties go by priority, then by insertion order. */
export interface TimedEvent {
  tNs: number;
  priority: number;
  run(): void;
}

export class EventQueue {
  private heap: Array<TimedEvent & { seq: number }> = [];
  private seq = 0;

  push(e: TimedEvent): void {
    const h = this.heap;
    h.push({ ...e, seq: this.seq++ });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  peekTime(): number {
    return this.heap.length ? this.heap[0].tNs : Infinity;
  }

  pop(): TimedEvent | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  private less(a: TimedEvent & { seq: number }, b: TimedEvent & { seq: number }): boolean {
    return a.tNs !== b.tNs ? a.tNs < b.tNs : a.priority !== b.priority ? a.priority < b.priority : a.seq < b.seq;
  }
}

/** Same-time order: processes appear and leave, then knob writes, writes, ksmtuned, then samples. */
export const PRIORITY = { processStart: 0, processExit: 1, knobSet: 2, burst: 3, ksmtuned: 4, sample: 5 } as const;

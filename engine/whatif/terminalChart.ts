/** A small column chart for the terminal: one column per time bucket, eighth-block resolution. */
const BLOCKS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export interface TerminalChartOptions {
  width?: number;
  height?: number;
  ascii?: boolean;
  /** Formats the y-axis maximum and the x-axis end. */
  formatY(value: number): string;
  formatX(value: number): string;
}

export function terminalChart(points: Array<{ x: number; y: number }>, options: TerminalChartOptions): string {
  const width = Math.max(10, Math.min(options.width ?? 60, 200));
  const height = Math.max(3, Math.min(options.height ?? 10, 50));
  if (points.length === 0) return '(no samples)\n';
  const xMax = points[points.length - 1].x || 1;
  const yMax = Math.max(...points.map((p) => p.y));
  const columns: number[] = new Array(width).fill(0);
  const filled: boolean[] = new Array(width).fill(false);
  for (const p of points) {
    const col = Math.min(width - 1, Math.floor((p.x / xMax) * (width - 1)));
    columns[col] = filled[col] ? Math.max(columns[col], p.y) : p.y;
    filled[col] = true;
  }
  // Fewer samples than columns: a column without a sample shows the value before it.
  for (let i = 1; i < width; i++) if (!filled[i]) columns[i] = columns[i - 1];
  const label = options.formatY(yMax);
  const pad = label.length;
  const rows: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    let line = '';
    for (const v of columns) {
      const level = yMax > 0 ? (v / yMax) * height - r : 0;
      if (options.ascii) line += level >= 0.5 ? '#' : ' ';
      else line += BLOCKS[Math.max(0, Math.min(8, Math.round(level * 8)))];
    }
    const axis = r === height - 1 ? label : r === 0 ? '0'.padStart(pad) : ''.padStart(pad);
    rows.push(`${axis} ${options.ascii ? '|' : '│'}${line}`);
  }
  rows.push(`${''.padStart(pad)} ${options.ascii ? '+' : '└'}${(options.ascii ? '-' : '─').repeat(width)}`);
  const end = options.formatX(xMax);
  rows.push(`${''.padStart(pad)}  0${end.padStart(width - 1)}`);
  return rows.join('\n') + '\n';
}

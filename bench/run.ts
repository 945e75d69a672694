// `npm run bench`: runs every bench/*.bench.ts and prints its figures. Benchmarks report numbers;
// they never pass or fail. A bench module exports `run(): Promise<BenchFigure[]> | BenchFigure[]`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

async function main(): Promise<void> {
  const filter = process.argv.slice(2);
  const dir = join(process.cwd(), 'bench');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
    if (filter.length && !filter.some((f) => file.includes(f))) continue;
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { run(): Promise<BenchFigure[]> | BenchFigure[] };
    console.log(`# ${file}`);
    for (const figure of await module.run()) {
      const value = Number.isInteger(figure.value) ? figure.value.toString() : figure.value.toPrecision(4);
      console.log(`  ${figure.name}: ${value} ${figure.unit}${figure.note ? `  (${figure.note})` : ''}`);
    }
  }
}

void main();

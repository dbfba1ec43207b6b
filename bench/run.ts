// `npm run bench -- NAME`: runs bench/NAME.ts, prints its table, writes bench/results/NAME.json.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printAndSave, type BenchResult } from './support/report.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const name = process.argv[2];
const known = ['pull', 'ingest', 'reconcile', 'grid', 'push', 'cutover'];
if (!name || !known.includes(name) || !existsSync(join(here, `${name}.ts`))) {
  console.error(`usage: npm run bench -- <${known.join('|')}>`);
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { run(args: string[]): Promise<BenchResult> };
const result = await mod.run(process.argv.slice(3));
const file = printAndSave(result, join(here, 'results'));
console.log(`wrote ${file}`);
process.exit(0);

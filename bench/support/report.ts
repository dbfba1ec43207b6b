// The benchmark result format (DESIGN.md, "Testing"): a printed table and bench/results/NAME.json.
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figure {
  value: number;
  unit: string;
  target: number | null;
  better: 'lower' | 'higher';
  baseline?: { name: string; value: number };
}

export interface BenchResult {
  name: string;
  figures: Record<string, Figure>;
  /** Extra rows for the table that are context, not targets. */
  notes?: string[];
}

export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown cpu';
  return `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${process.platform}`;
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

export function printAndSave(result: BenchResult, dir: string): string {
  const rows = Object.entries(result.figures).map(([name, f]) => {
    const meets = f.target === null ? '' : (f.better === 'lower' ? f.value <= f.target : f.value >= f.target) ? 'yes' : 'NO';
    return [
      name,
      `${fmt(f.value)} ${f.unit}`,
      f.target === null ? '' : `${f.better === 'lower' ? '≤' : '≥'} ${fmt(f.target)}`,
      meets,
      f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.value)}` : '',
    ];
  });
  const head = ['figure', 'value', 'target', 'meets', 'baseline (same run)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
  console.log(`\n${result.name} — ${machine()}\n${out}`);
  for (const n of result.notes ?? []) console.log(`  ${n}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.name}.json`);
  writeFileSync(file, `${JSON.stringify({ name: result.name, machine: machine(), at: new Date().toISOString(), figures: result.figures, notes: result.notes ?? [] }, null, 2)}\n`);
  return file;
}

/** Peak resident memory of this process so far, in MB (Linux: VmHWM; elsewhere a sampled max). */
export function peakRssMb(sampledMaxBytes: number): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    if (m) return Number(m[1]) / 1024;
  } catch {
    // Not Linux: fall back to sampling.
  }
  return sampledMaxBytes / 2 ** 20;
}

// A bench step in a process of its own (so its memory and time are its own): runs
// bench/support/<script> and resolves with the JSON object on the last line it prints.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const supportScript = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));

export function runChild(script: string, args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', supportScript(script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (c: string) => (out += c));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>) : reject(new Error(`${script} exited ${code}`))));
  });
}

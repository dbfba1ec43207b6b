// Escaping for the HTML reports the engine writes (push validation, launch report): every value
// that came from a database or a person goes through here.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in element content and in quoted attribute values. */
export const escapeHtml = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** Writes a report page under `dir` (the workspace's reports/, private to the user) atomically; returns its path. */
export function writeHtmlFile(dir: string, fileName: string, html: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, fileName);
  const temp = `${file}.tmp`;
  writeFileSync(temp, html, { mode: 0o600 });
  renameSync(temp, file);
  return file;
}

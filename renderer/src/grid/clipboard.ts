// Copied cells as tab-separated text (what spreadsheets paste as cells): one line per row, tabs
// between cells; a tab, newline or quote inside a value is quoted as spreadsheets expect.
export function toTsv(rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => (/[\t\n\r"]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((r) => r.map(cell).join('\t')).join('\n');
}

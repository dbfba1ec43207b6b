/** Path of a better-sqlite3 binary built for the installed Electron (built on first use). */
export function electronSqliteBinding(root: string): string;

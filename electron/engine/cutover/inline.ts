// Under the exclusive locks every round trip to the server is time every client waits, and a
// Supabase target is tens of milliseconds away. So each locked step is sent as one script: its
// statements' parameters rendered as literals (quoteLiteral, the one escaping PostgreSQL itself
// defines), which only the simple protocol can carry several statements with. Pure.
import { quoteLiteral } from '../pg/quote.ts';

export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot inline the number ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return quoteLiteral(value);
  if (value instanceof Date) return quoteLiteral(value.toISOString());
  return quoteLiteral(JSON.stringify(value));
}

/**
 * `sql` with each $n outside literals, quoted identifiers, dollar-quoted bodies and comments
 * replaced by the literal of params[n - 1].
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  if (!params.length) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === "'" || ((c === 'E' || c === 'e') && next === "'" && !/[\w$]/.test(sql[i - 1] ?? ''))) {
      const escapes = c !== "'";
      let j = escapes ? i + 2 : i + 1;
      while (j < sql.length) {
        if (escapes && sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === '"' && sql[j + 1] !== '"')) j += sql[j] === '"' ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && next === '-') {
      const j = sql.indexOf('\n', i);
      const end = j < 0 ? sql.length : j;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '/' && next === '*') {
      const j = sql.indexOf('*/', i + 2);
      const end = j < 0 ? sql.length : j + 2;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '$') {
      const param = /^\$(\d+)/.exec(sql.slice(i));
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (param && !/[\w$]/.test(sql[i - 1] ?? '')) {
        const n = Number(param[1]);
        if (n < 1 || n > params.length) throw new Error(`$${n} has no parameter`);
        out += literal(params[n - 1]);
        i += param[0].length;
      } else if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const stop = end < 0 ? sql.length : end + tag[0].length;
        out += sql.slice(i, stop);
        i = stop;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

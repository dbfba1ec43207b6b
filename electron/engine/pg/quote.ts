// The one place identifiers are quoted. PostgreSQL silently truncates names longer than 63 bytes,
// so two long names could become the same object: refuse them here instead.
import pg from 'pg';
import { CutoverError } from '../../../shared/api/errors.ts';

/** NAMEDATALEN - 1: the longest identifier PostgreSQL keeps whole. */
export const MAX_IDENTIFIER_BYTES = 63;

/** `name` as a double-quoted SQL identifier; throws on names PostgreSQL would change or refuse. */
export function quoteIdent(name: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new CutoverError('BAD_INPUT', 'An SQL identifier cannot be empty.');
  if (name.includes('\0')) throw new CutoverError('BAD_INPUT', 'An SQL identifier cannot contain a NUL character.');
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw new CutoverError(
      'BAD_INPUT',
      `The SQL identifier ${JSON.stringify(name)} is ${bytes} bytes long; PostgreSQL keeps only ${MAX_IDENTIFIER_BYTES} and would silently truncate it.`,
    );
  }
  return pg.escapeIdentifier(name);
}

/** `schema.name`, both parts quoted. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * `value` as an SQL string literal. Only for DDL, which takes no parameters (COMMENT ON … IS, a
 * copied default or policy never needs it): values in queries go as parameters.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new CutoverError('BAD_INPUT', 'An SQL literal cannot contain a NUL character.');
  return pg.escapeLiteral(value);
}

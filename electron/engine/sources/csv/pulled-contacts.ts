// A contacts export has no contact id: one of its contacts is the contact pulled from the API
// with the same normalised e-mail (emailKey), and the API record is the one kept. Only e-mails
// the API does not have become contacts of their own (under an id derived from the e-mail).
import type Database from 'better-sqlite3';
import { emailKey } from '../../domain/email.ts';

/** The normalised e-mails of every contact pulled from the API (deleted ones too: the API still says what became of them). */
export function pulledContactEmails(db: Database.Database): Set<string> {
  const keys = new Set<string>();
  for (const email of db.prepare("SELECT email FROM raw_systeme_contacts WHERE origin = 'api'").pluck().iterate() as IterableIterator<string>) {
    keys.add(emailKey(email));
  }
  return keys;
}

/**
 * Removes contacts an earlier import made from an export row whose e-mail a pulled contact has
 * (imported before the pull, or by a version that did not match them): the same person twice.
 * Returns how many were removed.
 */
export function removeImportedDuplicates(db: Database.Database, pulled: ReadonlySet<string> = pulledContactEmails(db)): number {
  if (pulled.size === 0) return 0;
  const imported = db.prepare("SELECT id, email FROM raw_systeme_contacts WHERE origin = 'csv'").all() as { id: number; email: string }[];
  const doubled = imported.filter((c) => pulled.has(emailKey(c.email))).map((c) => c.id);
  if (doubled.length === 0) return 0;
  return db.prepare("DELETE FROM raw_systeme_contacts WHERE origin = 'csv' AND id IN (SELECT value FROM json_each(?))").run(JSON.stringify(doubled)).changes;
}

// The Systeme.io contacts export → rows of raw_systeme_contacts, with the same column meanings
// as the API path (contactStream in ingest/streams.ts):
//   id             "ID" when the export has one; the real export has none (see derivedContactId, and
//                  pulled-contacts.ts: a contact the API pull has, by e-mail, keeps its API record)
//   email          "Email", verbatim (case and stray spaces kept, as the API keeps them)
//   first_name, surname, phone   "First name", "Last name", "Phone"; blank = none
//   registered_at  "Date Registered", any of the export's timestamp styles → ISO UTC
//   tags           "Tag": comma-separated names → JSON array, sorted and unique
//   locale, unsubscribed, bounced, needs_confirmation: not in the export (null / 0)
//
// The export may spread one contact over several rows (each holding part of its tags, sometimes
// with the date in another style). All rows of a contact — the same ID, or without an ID the same
// normalised e-mail — become one record: tags unioned, the first non-blank name and phone, the
// earliest registration, and `raw` the array of its rows verbatim. A contact is therefore known
// only once the whole file is read, so every record comes out of `finish`.
import { emailKey } from '../../domain/email.ts';
import { createHash } from 'node:crypto';
import { tagsColumn } from '../ingest/streams.ts';
import type { ExtractedRow } from '../ingest/writer.ts';
import { cell, ExportMapper, optional, type ColumnSpec, type ErrorLog } from './columns.ts';
import { parseTimestamp } from './timestamps.ts';

type Key = 'id' | 'email' | 'firstName' | 'lastName' | 'phone' | 'tags' | 'registered';

const CONTACT_COLUMNS: readonly ColumnSpec<Key>[] = [
  { key: 'id', label: 'ID', aliases: ['Contact ID'], required: false },
  { key: 'email', label: 'Email', aliases: ['E-mail', 'Email Address'], required: true },
  { key: 'firstName', label: 'First name', required: false },
  { key: 'lastName', label: 'Last name', aliases: ['Surname'], required: false },
  { key: 'phone', label: 'Phone', aliases: ['Phone number'], required: false },
  { key: 'tags', label: 'Tag', aliases: ['Tags'], required: false },
  { key: 'registered', label: 'Date Registered', aliases: ['Registered', 'Registered At', 'Registration Date'], required: true },
];

/**
 * The id of a contact the export gives no ID for: derived from its normalised e-mail, so the
 * same contact gets the same id on every import (re-imports update it instead of adding a
 * copy). It is NEGATIVE on purpose: Systeme.io contact ids are positive integers, so a derived id
 * can never land on a real contact's row, whether that arrives by the API or by a later export
 * that has IDs. 48 bits of SHA-1 keep it a safe JS integer; for two e-mails to share one, among
 * even a million contacts, the odds are below one in 500.
 */
export function derivedContactId(email: string): number {
  const hex = createHash('sha1').update(emailKey(email)).digest('hex').slice(0, 12);
  return -(Number.parseInt(hex, 16) + 1);
}

interface Contact {
  id: number | null;
  email: string;
  key: string;
  firstName: string | null;
  surname: string | null;
  phone: string | null;
  registeredAt: string;
  /** Tag names as read (repeats removed at the end). */
  tags: string[];
  /** The source rows: line and the row's verbatim JSON (kept as text: far smaller than objects). */
  rows: { line: number; json: string }[];
}

export class SystemeContactMapper extends ExportMapper<Key> {
  private readonly byId = new Map<number, Contact>();
  private readonly byEmail = new Map<string, Contact>();

  constructor(header: readonly string[], errors: ErrorLog, timeZone: string, fileLabel = 'The file') {
    super(header, CONTACT_COLUMNS, 'a Systeme.io contacts export', errors, timeZone, fileLabel);
  }

  /** How many contacts the rows so far make. */
  get contacts(): number {
    return this.byId.size + this.byEmail.size;
  }

  protected mapRow(line: number, fields: string[]): ExtractedRow[] {
    const m = this.map;
    const problems: string[] = [];
    const idText = cell(m, fields, 'id').trim();
    let id: number | null = null;
    if (idText !== '') {
      if (/^\d{1,15}$/.test(idText) && Number(idText) > 0) id = Number(idText);
      else problems.push(`ID "${idText}" is not a Systeme.io contact id (a positive whole number)`);
    }
    const email = optional(m, fields, 'email');
    if (email === null) problems.push('no Email');
    const dateText = cell(m, fields, 'registered');
    const registered = parseTimestamp(dateText, this.timeZone);
    if (!registered.ok) problems.push(dateText.trim() === '' ? 'no Date Registered' : `Date Registered: ${registered.error}`);

    const key = email === null ? '' : emailKey(email);
    const existing = id !== null ? this.byId.get(id) : this.byEmail.get(key);
    if (existing && email !== null && existing.key !== key) {
      problems.push(`line ${existing.rows[0]!.line} gives this ID the e-mail ${JSON.stringify(existing.email.trim())}, this row ${JSON.stringify(email.trim())}`);
    }
    const who = id !== null ? `Contact ${id}` : email !== null ? `Contact ${email.trim()}` : '';
    if (problems.length || email === null || !registered.ok) return this.skip(line, who, problems);

    const row = {
      id,
      email,
      key,
      firstName: optional(m, fields, 'firstName'),
      surname: optional(m, fields, 'lastName'),
      phone: optional(m, fields, 'phone'),
      registeredAt: registered.iso,
      tags: splitTags(cell(m, fields, 'tags')),
      rows: [{ line, json: this.rawJson(fields) }],
    };
    if (existing) mergeInto(existing, row);
    else if (id !== null) this.byId.set(id, row);
    else this.byEmail.set(key, row);
    return [];
  }

  override finish(): ExtractedRow[] {
    // Contacts by ID come in the order of their first rows (Map order).
    const contacts = [...this.byId.values()];
    if (this.byEmail.size) {
      // Rows without an ID join the contact with an ID that has their e-mail, when exactly one has.
      const idsByEmail = new Map<string, Contact[]>();
      for (const c of this.byId.values()) {
        const list = idsByEmail.get(c.key);
        if (list) list.push(c);
        else idsByEmail.set(c.key, [c]);
      }
      for (const c of this.byEmail.values()) {
        const withId = idsByEmail.get(c.key);
        if (withId?.length === 1) mergeInto(withId[0]!, c);
        else contacts.push(c);
      }
      contacts.sort((a, b) => a.rows[0]!.line - b.rows[0]!.line);
    }
    this.byId.clear();
    this.byEmail.clear();
    const out: ExtractedRow[] = [];
    const derived = new Map<number, Contact>();
    for (const c of contacts) {
      const row = toExtracted(c);
      if (c.id === null) {
        // Practically impossible (see derivedContactId), but never let one e-mail overwrite another.
        const other = derived.get(row.id as number);
        if (other) {
          for (const r of c.rows) this.errors.add(r.line, `Contact ${c.email.trim()}: has no ID, and the id derived from its e-mail collides with ${other.email.trim()}'s (line ${other.rows[0]!.line}); row skipped`);
          continue;
        }
        derived.set(row.id as number, c);
      }
      out.push(row);
    }
    return out;
  }
}

function splitTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Merges `from` into `into`; the row earlier in the file gives the e-mail, names and phone. */
function mergeInto(into: Contact, from: Contact): void {
  const fromFirst = from.rows[0]!.line < into.rows[0]!.line;
  const pick = (mine: string | null, theirs: string | null) => (fromFirst ? (theirs ?? mine) : (mine ?? theirs));
  into.firstName = pick(into.firstName, from.firstName);
  into.surname = pick(into.surname, from.surname);
  into.phone = pick(into.phone, from.phone);
  if (from.registeredAt < into.registeredAt) into.registeredAt = from.registeredAt;
  for (const t of from.tags) into.tags.push(t);
  into.rows.push(...from.rows);
  if (fromFirst) {
    into.rows.sort((a, b) => a.line - b.line);
    into.email = from.email;
  }
}

function toExtracted(c: Contact): ExtractedRow {
  return {
    id: c.id ?? derivedContactId(c.email),
    columns: {
      email: c.email,
      first_name: c.firstName,
      surname: c.surname,
      phone: c.phone,
      registered_at: c.registeredAt,
      // The export has no locale or flags; the API's "none".
      locale: null,
      unsubscribed: 0,
      bounced: 0,
      needs_confirmation: 0,
      tags: tagsColumn(c.tags),
    },
    // The same text as JSON.stringify of the row object, or of the array of them.
    raw: c.rows.length === 1 ? c.rows[0]!.json : `[${c.rows.map((r) => r.json).join(',')}]`,
  };
}

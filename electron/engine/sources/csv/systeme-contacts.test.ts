import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derivedContactId, SystemeContactMapper } from './systeme-contacts.ts';
import { mapExport } from '../../testing/csv.ts';

const mapAll = (text: string) => mapExport(text, (header, errors) => new SystemeContactMapper(header, errors, 'Asia/Manila'));

const HEADER = 'ID,Email,First name,Last name,Phone,Tag,Date Registered';

test('one row per contact maps to the API columns, tags sorted and unique', () => {
  const { rows, errors } = mapAll(`${HEADER}\r\n101,Ana@Example.com ,Ana,,+639171234567,"squeeze,Canva,squeeze, PaidCanva",2024-09-03T13:12:44+08:00\r\n`);
  assert.equal(errors.count, 0);
  assert.deepEqual(rows, [
    {
      id: 101,
      columns: {
        email: 'Ana@Example.com ',
        first_name: 'Ana',
        surname: null,
        phone: '+639171234567',
        registered_at: '2024-09-03T05:12:44.000Z',
        locale: null,
        unsubscribed: 0,
        bounced: 0,
        needs_confirmation: 0,
        tags: '["Canva","PaidCanva","squeeze"]',
      },
      raw: JSON.stringify({
        ID: '101',
        Email: 'Ana@Example.com ',
        'First name': 'Ana',
        'Last name': '',
        Phone: '+639171234567',
        Tag: 'squeeze,Canva,squeeze, PaidCanva',
        'Date Registered': '2024-09-03T13:12:44+08:00',
      }),
    },
  ]);
});

test('several rows of one contact merge: tags unioned, first names kept, earliest date, all rows in raw', () => {
  const text = [
    HEADER,
    '7,bo@example.com,,,,"Canva,PaidCanva",2024-09-03 13:12:44',
    '8,cy@example.com,Cy,Lee,,squeeze,2024-10-01 08:00:00',
    '7,bo@example.com,Bo,Cruz,0917,PaidP2P,09/03/2024 13:12',
    '7,BO@example.com,Bob,,,"Canva,Imported",2024-09-05 10:00:00',
  ].join('\n');
  const { rows, errors } = mapAll(text);
  assert.equal(errors.count, 0);
  assert.deepEqual(
    rows.map((r) => r.id),
    [7, 8],
  );
  const bo = rows[0]!;
  assert.deepEqual(bo.columns, {
    email: 'bo@example.com',
    first_name: 'Bo',
    surname: 'Cruz',
    phone: '0917',
    registered_at: '2024-09-03T05:12:00.000Z', // the minute-only row is the earliest
    locale: null,
    unsubscribed: 0,
    bounced: 0,
    needs_confirmation: 0,
    tags: '["Canva","Imported","PaidCanva","PaidP2P"]',
  });
  const raw = JSON.parse(bo.raw) as Record<string, string>[];
  assert.deepEqual(
    raw.map((r) => r.Tag),
    ['Canva,PaidCanva', 'PaidP2P', 'Canva,Imported'],
  );
});

test('without IDs, rows merge by normalised e-mail under a stable negative id', () => {
  const text = [
    'Email,First name,Last name,Phone,Tag,Date Registered',
    ' Dee@Example.com,Dee,,,Canva,2024-09-03 13:12:44',
    'eve@example.com,,,,squeeze,2024-09-04 13:12:44',
    'dee@example.com ,,Diaz,,PaidCanva,2024-09-02 13:12:44',
  ].join('\n');
  const { rows, errors } = mapAll(text);
  assert.equal(errors.count, 0);
  assert.equal(rows.length, 2);
  const dee = rows[0]!;
  assert.equal(dee.id, derivedContactId('dee@example.com'));
  assert.ok((dee.id as number) < 0 && Number.isSafeInteger(dee.id));
  assert.equal(derivedContactId(' DEE@example.com'), dee.id, 'the same for any spelling of the e-mail');
  assert.notEqual(rows[1]!.id, dee.id);
  assert.equal(dee.columns.email, ' Dee@Example.com');
  assert.equal(dee.columns.surname, 'Diaz');
  assert.equal(dee.columns.registered_at, '2024-09-02T05:12:44.000Z');
  assert.equal(dee.columns.tags, '["Canva","PaidCanva"]');
  assert.equal((JSON.parse(dee.raw) as unknown[]).length, 2);
});

test('a row without an ID joins the contact with an ID that has its e-mail', () => {
  const text = [HEADER, ',fay@example.com,,,,squeeze,2024-09-01 09:00:00', '55,Fay@example.com,Fay,,,PaidP2P,2024-09-02 09:00:00'].join('\n');
  const { rows, errors } = mapAll(text);
  assert.equal(errors.count, 0);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.id, 55);
  assert.equal(rows[0]!.columns.email, 'fay@example.com', 'the earlier row gives the e-mail');
  assert.equal(rows[0]!.columns.tags, '["PaidP2P","squeeze"]');
  assert.equal(rows[0]!.columns.registered_at, '2024-09-01T01:00:00.000Z');
});

test('per-row problems are reported with their line; the other rows of the contact still merge', () => {
  const text = [
    HEADER, // 1
    '9,gi@example.com,Gi,,,Canva,2024-09-03 13:12:44', // 2
    '9,gi@example.com,,,,PaidCanva,not a date', // 3: bad date
    '10,,Hal,,,squeeze,2024-09-03 13:12:44', // 4: no e-mail
    'x11,ivy@example.com,,,,,2024-09-03 13:12:44', // 5: bad id
    '9,other@example.com,,,,Imported,2024-09-03 13:12:44', // 6: same ID, another e-mail
    '12,jo@example.com,,,,,', // 7: no date
    '9,gi@example.com,,,,squeeze,2024-09-03 13:12:44', // 8: fine
  ].join('\n');
  const { rows, errors } = mapAll(text);
  assert.deepEqual(
    errors.first.map((e) => e.line),
    [3, 4, 5, 6, 7],
  );
  const [l3, l4, l5, l6, l7] = errors.first.map((e) => e.message);
  assert.match(l3!, /^Contact 9: Date Registered: unreadable date "not a date".*; row skipped$/);
  assert.match(l4!, /^Contact 10: no Email; row skipped$/);
  assert.match(l5!, /ID "x11" is not a Systeme.io contact id/);
  assert.match(l6!, /line 2 gives this ID the e-mail "gi@example.com", this row "other@example.com"/);
  assert.match(l7!, /no Date Registered/);
  assert.deepEqual(
    rows.map((r) => [r.id, r.columns.tags]),
    [[9, '["Canva","squeeze"]']],
  );
});

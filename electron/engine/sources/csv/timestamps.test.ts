import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimestamp, zoneOffsetMs } from './timestamps.ts';

const MANILA = 'Asia/Manila';
const iso = (value: string, zone = MANILA) => {
  const r = parseTimestamp(value, zone);
  assert.ok(r.ok, `${value}: ${r.ok ? '' : r.error}`);
  return r.iso;
};

test('ISO 8601 with an offset is read as written, whatever the zone setting', () => {
  assert.equal(iso('2024-09-03T13:12:44+08:00'), '2024-09-03T05:12:44.000Z');
  assert.equal(iso('2024-09-03T13:12:44+08:00', 'America/New_York'), '2024-09-03T05:12:44.000Z');
  assert.equal(iso('2024-09-03T05:12:44.123Z'), '2024-09-03T05:12:44.123Z');
  assert.equal(iso('2024-09-03T05:12:44+00:00'), '2024-09-03T05:12:44.000Z');
  assert.equal(iso('2024-09-03T00:30:00-0530'), '2024-09-03T06:00:00.000Z');
  assert.equal(iso(' 2024-09-03 13:12:44 +08:00 '), '2024-09-03T05:12:44.000Z', 'a space for T, spaces around');
});

test('Manila wall-clock formats become UTC (8 hours earlier, across midnight and year end)', () => {
  assert.equal(iso('2024-09-03 13:12:44'), '2024-09-03T05:12:44.000Z');
  assert.equal(iso('2024-09-03 07:59:59'), '2024-09-02T23:59:59.000Z');
  assert.equal(iso('09/03/2024 13:12'), '2024-09-03T05:12:00.000Z');
  assert.equal(iso('01/01/2025 03:00'), '2024-12-31T19:00:00.000Z');
  assert.equal(iso('1/1/2025 3:00 AM'), '2024-12-31T19:00:00.000Z', 'single digits and AM/PM');
  assert.equal(iso('1/1/2025 12:30 PM'), '2025-01-01T04:30:00.000Z');
  assert.equal(iso('1/1/2025 12:30 AM'), '2024-12-31T16:30:00.000Z');
  assert.equal(iso('2024-09-03'), '2024-09-02T16:00:00.000Z', 'a bare date is local midnight');
  assert.equal(iso('2024-09-03T13:12:44'), '2024-09-03T05:12:44.000Z', 'ISO without an offset is local');
});

test('precision says what the text carried', () => {
  const p = (v: string) => {
    const r = parseTimestamp(v, MANILA);
    return r.ok ? r.precision : r.error;
  };
  assert.equal(p('2024-09-03T13:12:44+08:00'), 'second');
  assert.equal(p('2024-09-03 13:12:44'), 'second');
  assert.equal(p('09/03/2024 13:12'), 'minute');
  assert.equal(p('2024-09-03'), 'day');
});

test('the offset comes from the zone rules, daylight saving included', () => {
  assert.equal(zoneOffsetMs(MANILA, Date.parse('2025-01-15T00:00:00Z')), 8 * 3_600_000);
  // New York: EST (-5) in January, EDT (-4) in July.
  assert.equal(iso('2025-01-15 12:00:00', 'America/New_York'), '2025-01-15T17:00:00.000Z');
  assert.equal(iso('2025-07-15 12:00:00', 'America/New_York'), '2025-07-15T16:00:00.000Z');
  assert.equal(iso('07/15/2025 12:00', 'Europe/Berlin'), '2025-07-15T10:00:00.000Z');
  assert.equal(iso('2025-03-09 01:59:00', 'America/New_York'), '2025-03-09T06:59:00.000Z', 'just before the spring gap');
  assert.equal(iso('2025-03-09 03:00:00', 'America/New_York'), '2025-03-09T07:00:00.000Z', 'just after it');
  assert.equal(iso('2024-09-03 13:12:44', 'UTC'), '2024-09-03T13:12:44.000Z');
});

test('unreadable and impossible values are errors naming the value', () => {
  for (const bad of ['yesterday', '2024-13-01 00:00:00', '02/30/2024 10:00', '2024-09-03 24:00:00', '2024-09-03T10:00:00+25:00', '13/25/2024 10:00', '3 Sept 2024']) {
    const r = parseTimestamp(bad, MANILA);
    assert.equal(r.ok, false, bad);
    assert.ok(!r.ok && r.error.includes(bad), `${bad}: ${r.ok ? '' : r.error}`);
  }
  assert.deepEqual(parseTimestamp('  ', MANILA), { ok: false, error: 'empty date' });
  assert.ok(parseTimestamp('02/29/2024 10:00', MANILA).ok, 'a leap day');
});

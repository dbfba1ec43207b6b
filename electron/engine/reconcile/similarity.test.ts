import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jaroWinkler, scorePair, type PersonSide } from './similarity.ts';
import { addressParts, normalName, normalPhone, subaddressKey } from './keys.ts';

test('Jaro–Winkler on fixed pairs (the textbook values)', () => {
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 0.001, `${a} vs ${b}`);
  near(jaroWinkler('martha', 'marhta'), 0.961);
  near(jaroWinkler('dwayne', 'duane'), 0.84);
  near(jaroWinkler('dixon', 'dicksonx'), 0.813);
  assert.equal(jaroWinkler('', ''), 0);
  assert.equal(jaroWinkler('same', 'same'), 1);
  assert.equal(jaroWinkler('abc', 'xyz'), 0);
});

test('looser keys: Gmail dots and +tags, any provider’s +tag; local-part letters and digits; names and phones', () => {
  assert.equal(subaddressKey(' Ana.Reyes+shop@Gmail.com '), 'anareyes@gmail.com');
  assert.equal(subaddressKey('ana.reyes+shop@yahoo.com'), 'ana.reyes@yahoo.com');
  assert.deepEqual(addressParts('Noel.Torres.4480+x@yahoo.com'), { key: 'noel.torres.4480+x@yahoo.com', sub: 'noel.torres.4480@yahoo.com', letters: 'noeltorres', digits: '4480', problem: null });
  assert.equal(addressParts('anareyes12gmail.com').problem, 'no-at');
  assert.equal(normalName(' Mañalac ', 'Dela  Cruz'), 'manalac dela cruz');
  assert.equal(normalName(null, '  '), null);
  assert.equal(normalPhone('+63 917 123 4567'), normalPhone('09171234567'));
  assert.equal(normalPhone('12345'), null);
});

const side = (email: string, first: string | null, last: string | null, phone?: string): PersonSide => {
  const p = addressParts(email);
  return { subKeys: [p.sub], locals: [{ letters: p.letters, digits: p.digits }], names: first || last ? [{ first: normalName(first), last: normalName(last) }] : [], phones: phone ? [normalPhone(phone)!] : [] };
};

test('a pair is scored field by field: agreeing fields raise it, a different name or phone pulls it down', () => {
  const sameNumber = scorePair(side('noel_torres4480@gmail.com', 'Noel', 'Torres'), side('noel.torres.4480@yahoo.com', null, null), 'email-number');
  assert.ok(sameNumber.score >= 0.8, sameNumber.explanation);
  assert.equal(sameNumber.fields.emailNumber, 1);
  assert.match(sameNumber.explanation, /same number/);
  const initials = scorePair(side('mibanez76543@gmail.com', null, 'Ibañez'), side('melaniei.work.76543@gmail.com', 'Melanie', null), 'email-number');
  assert.ok(initials.score >= 0.8, `"m" + "ibanez" is explained by the other side's first name: ${initials.explanation}`);
  const otherName = scorePair(side('ana4480@gmail.com', 'Ana', 'Cruz'), side('jose4480@gmail.com', 'Jose', 'Reyes'), 'email-number');
  assert.ok(otherName.score < 0.2, otherName.explanation);
  const phone = scorePair(side('a1@gmail.com', 'Rhea', 'Lim', '09171234567'), side('rhea.lim@yahoo.com', 'Rhea', null, '+639171234567'), 'phone');
  assert.ok(phone.score >= 0.95 && phone.fields.phone === 1, phone.explanation);
  const mailbox = scorePair(side('ana.reyes12@gmail.com', null, null), side('anareyes12+shop@gmail.com', null, null), 'subaddress');
  assert.ok(mailbox.score >= 0.99 && mailbox.fields.subaddress === 1);
});

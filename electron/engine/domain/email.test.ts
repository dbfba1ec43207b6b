import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailKey, emailProblem, gmailKey } from './email.ts';

test('the exact key trims and lower-cases, and nothing else', () => {
  assert.equal(emailKey('  Ana.Reyes+ph@Gmail.COM \t'), 'ana.reyes+ph@gmail.com');
  assert.equal(emailKey('x@y.z'), 'x@y.z');
});

test('the Gmail key drops dots and +tags for Gmail and googlemail only', () => {
  assert.equal(gmailKey('Ana.Reyes+ph@Gmail.com'), 'anareyes@gmail.com');
  assert.equal(gmailKey('ana.reyes@googlemail.com'), 'anareyes@gmail.com');
  assert.equal(gmailKey('ana.reyes+ph@yahoo.com'), 'ana.reyes+ph@yahoo.com');
  assert.equal(gmailKey('no-at-sign'), 'no-at-sign');
});

test('invalid addresses are named by their problem', () => {
  assert.equal(emailProblem(''), 'empty');
  assert.equal(emailProblem(null), 'empty');
  assert.equal(emailProblem('   '), 'empty');
  assert.equal(emailProblem('ana reyes@gmail.com'), 'space-inside');
  assert.equal(emailProblem('ana.gmail.com'), 'no-at');
  assert.equal(emailProblem('ana@@gmail.com'), 'bad-shape');
  assert.equal(emailProblem('@gmail.com'), 'bad-shape');
  assert.equal(emailProblem('ana@localhost'), 'bad-shape');
  assert.equal(emailProblem('  Ana@Gmail.com '), null);
});

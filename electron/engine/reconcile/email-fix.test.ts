import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggestEmailFix } from './email-fix.ts';

test('a proposed fix removes spaces and puts back a missing @ before a known domain', () => {
  assert.equal(suggestEmailFix('ana reyes12@gmail.com'), 'anareyes12@gmail.com');
  assert.equal(suggestEmailFix('anareyes12gmail.com'), 'anareyes12@gmail.com');
  assert.equal(suggestEmailFix('anareyes12.yahoo.com.ph'), 'anareyes12@yahoo.com.ph');
  assert.equal(suggestEmailFix(''), null);
  assert.equal(suggestEmailFix('no-domain-here'), null);
  assert.equal(suggestEmailFix('fine@gmail.com'), null, 'nothing to fix');
});

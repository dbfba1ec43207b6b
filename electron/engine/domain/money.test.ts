import assert from 'node:assert/strict';
import { test } from 'node:test';
import { centavosToDecimal, decimalToCentavos, formatPesos, toCentavos } from './money.ts';

test('pesos become whole centavos without float drift', () => {
  assert.equal(toCentavos(1300), 130000);
  assert.equal(toCentavos(0.1 + 0.2), 30);
  assert.equal(toCentavos(49.995), 5000);
});

test('decimal text round-trips through centavos', () => {
  for (const c of [0, 1, 99, 100, 4900, 130000, -1250]) assert.equal(decimalToCentavos(centavosToDecimal(c)), c);
  assert.equal(centavosToDecimal(130000), '1300.00');
  assert.equal(centavosToDecimal(-5), '-0.05');
  assert.equal(decimalToCentavos('1,300.00'), 130000);
  assert.equal(decimalToCentavos('12.5'), 1250);
  assert.equal(decimalToCentavos('12.345'), null);
  assert.equal(decimalToCentavos('abc'), null);
  assert.throws(() => centavosToDecimal(1.5));
});

test('pesos are shown with the peso sign', () => {
  assert.equal(formatPesos(130000), '₱1,300.00');
});

// Money is held as integer centavos everywhere the app sums it, so totals are exact; pesos appear
// only at the edges (source amounts in, reports and the target's numeric(10,2) out).

/** Pesos (as a source reports them) to centavos. */
export function toCentavos(pesos: number): number {
  return Math.round(pesos * 100);
}

/** Centavos as the exact decimal text Postgres numeric takes: 130000 → "1300.00". */
export function centavosToDecimal(centavos: number): string {
  if (!Number.isSafeInteger(centavos)) throw new RangeError(`not a whole number of centavos: ${centavos}`);
  const sign = centavos < 0 ? '-' : '';
  const abs = Math.abs(centavos);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A decimal text ("1,300.00", "49", "-12.5") to centavos; null when it is not a number. */
export function decimalToCentavos(text: string): number | null {
  const clean = text.trim().replaceAll(',', '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -value : value;
}

const peso = new Intl.NumberFormat('en-PH', { style: 'currency', currency: 'PHP', minimumFractionDigits: 2 });

/** "₱1,300.00" for people. */
export function formatPesos(centavos: number): string {
  return peso.format(centavos / 100);
}

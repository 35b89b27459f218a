/** Money as the graph shows it: exact øre, never a float. Mirrors `type Money` in every schema. */
export interface Money {
  readonly ore: string;
  readonly kroner: string;
  readonly currency: 'DKK';
}

/** From an integer amount of øre (number, bigint or digit string, as legacy systems send it). */
export function moneyFromOre(ore: number | bigint | string): Money {
  const text = String(ore).trim();
  if (!/^-?\d+$/.test(text)) throw new Error(`moneyFromOre: expected an integer number of øre, got ${JSON.stringify(ore)}`);
  const value = BigInt(text);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const kroner = `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return { ore: value.toString(), kroner, currency: 'DKK' };
}

/** Kroner as a decimal string ("1234.5", "1234.50", "1234") to øre; rejects more than two decimals. */
export function oreFromKroner(kroner: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(kroner.trim());
  if (!match) throw new Error(`an amount in kroner looks like "1234.50", got ${JSON.stringify(kroner)}`);
  const [, sign, whole, fraction = ''] = match;
  const ore = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  return sign ? -ore : ore;
}

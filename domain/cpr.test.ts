import { ageOn, centuryYear, maskCpr, parseCpr, passesModulus11 } from './cpr';

describe('CPR century table', () => {
  it.each([
    [0, 38, 1938],
    [3, 99, 1999],
    [4, 36, 2036],
    [4, 37, 1937],
    [9, 10, 2010],
    [9, 50, 1950],
    [5, 57, 2057],
    [5, 58, 1858],
    [8, 0, 2000],
    [8, 99, 1899],
  ])('7th digit %i with year %i is %i', (digit, yy, expected) => {
    expect(centuryYear(yy, digit)).toBe(expected);
  });
});

describe('parseCpr', () => {
  it('derives birth date and sex (odd 10th digit = male)', () => {
    expect(parseCpr('1203382258')).toEqual({ ok: true, value: { cpr: '1203382258', birthDate: '1938-03-12', sex: 'FEMALE', passesModulus11: true } });
    expect(parseCpr('150501-4207')).toMatchObject({ ok: true, value: { cpr: '1505014207', birthDate: '2001-05-15', sex: 'MALE' } });
  });

  it('accepts a number issued after 2007 that fails modulus-11', () => {
    expect(passesModulus11('0209144200')).toBe(false);
    expect(parseCpr('0209144200')).toMatchObject({ ok: true, value: { birthDate: '2014-09-02', sex: 'FEMALE', passesModulus11: false } });
  });

  it.each([
    ['12033822', 'ten digits'],
    ['12033822589', 'ten digits'],
    ['12o3382258', 'ten digits'],
    ['3102802258', 'day 31 does not exist'],
    ['2902012258', 'day 29 does not exist in 1901-02'],
    ['1213382258', 'month 13 does not exist'],
    ['0003382258', 'day 00 does not exist'],
  ])('rejects %s with a reason', (input, reason) => {
    const result = parseCpr(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('knows 29 February in a leap year of the right century', () => {
    expect(parseCpr('2902004001')).toMatchObject({ ok: true, value: { birthDate: '2000-02-29' } });
    expect(parseCpr('2902000001').ok).toBe(false); // 7th digit 0: 1900, not a leap year
  });
});

describe('ageOn and maskCpr', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2011-11-26', '2026-11-25')).toBe(14);
    expect(ageOn('2011-11-26', '2026-11-26')).toBe(15);
  });
  it('masks the serial', () => {
    expect(maskCpr('1203382258')).toBe('120338-****');
  });
});

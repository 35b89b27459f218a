import { LegacyError } from '../../platform';
import { isoFromLegacyDate, toApplication, toDwelling, toHousingBenefit, toLegacyApplication } from './mapping';

const dwelling = { CPRNR: '1203382258', BOLIGTYPE: 'LEJL', HUSLEJE_ORE: '647250', BOLIGAREAL_M2: '068', ANTAL_BEBOERE: '01', INDFLYTNING_DATO: '01081979' };
const benefit = { CPRNR: '1203382258', BOLIGSTOETTE_ORE: '218450', STATUS: 'BEV', BEVILGET_DATO: '21122025', PERIODE_FRA: '01012026', PERIODE_TIL: '00000000' };
const application = {
  ANSOEGNING_NR: 'BS2003000023',
  CPRNR: '1203382258',
  MODTAGET_DATO: '01122003',
  STATUS: 'AFS',
  AFGOERELSE_DATO: '21122003',
  BEGRUNDELSE: 'Husstandsindkomst over grænsen          ',
};

function badResponse(run: () => unknown): LegacyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LegacyError);
    expect(error).toMatchObject({ system: 'housing', kind: 'bad-response' });
    return error as LegacyError;
  }
  throw new Error('expected a bad-response LegacyError');
}

describe('toDwelling', () => {
  it('reads UPPERCASE keys, øre strings and zero-padded counts', () => {
    expect(toDwelling(dwelling)).toEqual({
      type: 'RENTED_APARTMENT',
      monthlyRent: { ore: '647250', kroner: '6472.50', currency: 'DKK' },
      areaSquareMetres: 68,
      residents: 1,
      movedInOn: '1979-08-01',
    });
  });

  it('keeps exact øre through leading zeros and amounts beyond float precision', () => {
    expect(toDwelling({ ...dwelling, HUSLEJE_ORE: '000647205' }).monthlyRent).toEqual({ ore: '647205', kroner: '6472.05', currency: 'DKK' });
    expect(toDwelling({ ...dwelling, HUSLEJE_ORE: '90071992547409931' }).monthlyRent?.kroner).toBe('900719925474099.31');
  });

  it('has no rent for an owner-occupied dwelling (empty amount)', () => {
    expect(toDwelling({ ...dwelling, BOLIGTYPE: 'EJER', HUSLEJE_ORE: '' })).toMatchObject({ type: 'OWNER_OCCUPIED', monthlyRent: null });
  });

  it.each([
    ['an unknown dwelling code', { BOLIGTYPE: 'HULE' }, 'BOLIGTYPE has unknown code "HULE"'],
    ['a rent with a decimal point', { HUSLEJE_ORE: '6472.50' }, 'HUSLEJE_ORE'],
    ['a negative area', { BOLIGAREAL_M2: '-68' }, 'BOLIGAREAL_M2'],
    ['a missing field', { ANTAL_BEBOERE: undefined }, 'ANTAL_BEBOERE is missing'],
    ['an impossible move-in date', { INDFLYTNING_DATO: '31021979' }, 'INDFLYTNING_DATO'],
  ])('rejects %s as bad-response naming the field', (_name, change, detail) => {
    expect(badResponse(() => toDwelling({ ...dwelling, ...change } as never)).detail).toContain(detail);
  });

  it('does not treat an inherited property name as a code', () => {
    badResponse(() => toDwelling({ ...dwelling, BOLIGTYPE: 'constructor' }));
  });
});

describe('toHousingBenefit', () => {
  it('maps a granted, open-ended benefit ("00000000" is no date)', () => {
    expect(toHousingBenefit(benefit)).toEqual({
      status: 'GRANTED',
      monthlyAmount: { ore: '218450', kroner: '2184.50', currency: 'DKK' },
      grantedOn: '2025-12-21',
      period: { from: '2026-01-01', to: null },
    });
  });

  it('maps a pending case with nothing paid', () => {
    expect(toHousingBenefit({ ...benefit, STATUS: 'UBH', BOLIGSTOETTE_ORE: '', BEVILGET_DATO: '00000000', PERIODE_FRA: '00000000' })).toEqual({
      status: 'PENDING',
      monthlyAmount: null,
      grantedOn: null,
      period: null,
    });
  });

  it.each([
    ['BEV', 'GRANTED'],
    ['AFS', 'REJECTED'],
    ['UBH', 'PENDING'],
    ['OPH', 'ENDED'],
    [' OPH ', 'ENDED'],
  ])('maps status %j to %s', (code, status) => {
    expect(toHousingBenefit({ ...benefit, STATUS: code }).status).toBe(status);
  });

  it('rejects an unknown status rather than guessing', () => {
    expect(badResponse(() => toHousingBenefit({ ...benefit, STATUS: 'bev' })).detail).toBe('STATUS has unknown code "bev"');
  });

  it('rejects a period that ends before it starts', () => {
    badResponse(() => toHousingBenefit({ ...benefit, PERIODE_TIL: '31122025' }));
  });
});

describe('toApplication', () => {
  it('trims the padded free text and keeps Danish letters', () => {
    expect(toApplication(application)).toEqual({
      applicationNumber: 'BS2003000023',
      receivedOn: '2003-12-01',
      status: 'REJECTED',
      decidedOn: '2003-12-21',
      decisionReason: 'Husstandsindkomst over grænsen',
    });
  });

  it('keeps ÅØÆ text intact, in composed form', () => {
    const decomposed = 'A\u030Arsopgørelse for Ærø'; // "Å" sent as A + combining ring
    expect(toApplication({ ...application, BEGRUNDELSE: `${decomposed}   ` }).decisionReason).toBe('Årsopgørelse for Ærø');
  });

  it('has no reason or decision date while pending', () => {
    expect(toApplication({ ...application, STATUS: 'UBH', AFGOERELSE_DATO: '00000000', BEGRUNDELSE: '    ' })).toMatchObject({
      status: 'PENDING',
      decidedOn: null,
      decisionReason: null,
    });
  });
});

describe('isoFromLegacyDate', () => {
  it('turns DDMMYYYY into ISO', () => {
    expect(isoFromLegacyDate('29022024')).toBe('2024-02-29');
    expect(isoFromLegacyDate('01011900')).toBe('1900-01-01');
  });

  it.each(['29022023', '32012020', '00012020', '01132020', '2024-02-29', '1012020', '', '00000000'])('rejects %j as bad-response', (text) => {
    badResponse(() => isoFromLegacyDate(text, 'MODTAGET_DATO'));
  });
});

describe('toLegacyApplication', () => {
  it("writes the filing in the system's words", () => {
    expect(
      toLegacyApplication({
        cpr: '1203382258',
        dwellingType: 'SENIOR_HOUSING',
        monthlyRentOre: 647250n,
        areaSquareMetres: 68,
        residents: 1,
        householdIncomeOre: 19800000n,
      }),
    ).toEqual({ CPRNR: '1203382258', BOLIGTYPE: 'AELD', HUSLEJE_ORE: '647250', BOLIGAREAL_M2: '68', ANTAL_BEBOERE: '1', HUSSTANDSINDKOMST_ORE: '19800000' });
    expect(
      toLegacyApplication({
        cpr: '1203382258',
        dwellingType: 'OWNER_OCCUPIED',
        monthlyRentOre: null,
        areaSquareMetres: 120,
        residents: 2,
        householdIncomeOre: 0n,
      }).HUSLEJE_ORE,
    ).toBe('');
    expect(
      toLegacyApplication({
        cpr: '1203382258',
        dwellingType: 'RENTED_ROOM',
        monthlyRentOre: 1n,
        areaSquareMetres: 9,
        residents: 1,
        householdIncomeOre: 0n,
        clientReference: 'abc123',
      }).KLIENT_REF,
    ).toBe('abc123');
  });
});

import { LegacyError } from '../../platform/errors';
import { isoFromLegacyDate, isoFromLegacyEndDate, legacyDateFromIso, toBenefitClaim, toBenefitPayment } from './mapping';

describe('mapping legacy YDL rows to the schema', () => {
  it('turns a claim row into a BenefitClaim: letters to enums, CHAR(8) dates to ISO, øre to Money', () => {
    expect(
      toBenefitClaim({
        krv_id: '100002',
        krv_cpr: '0407681258',
        krv_type: 'B',
        krv_stat: 'A',
        krv_fra_dto: '20141001',
        krv_til_dto: '99999999',
        krv_blb_ore: '109850',
        krv_rel_cpr: '0209144200',
      }),
    ).toEqual({
      id: '100002',
      type: 'CHILD_BENEFIT',
      status: 'ACTIVE',
      period: { from: '2014-10-01', to: null },
      monthlyAmount: { ore: '109850', kroner: '1098.50', currency: 'DKK' },
      child: { cpr: '0209144200' },
    });
  });

  it.each([
    ['F', 'O', 'STATE_PENSION', 'ENDED'],
    ['S', 'V', 'SICKNESS_BENEFIT', 'PENDING'],
    ['K', 'L', 'CASH_ASSISTANCE', 'REJECTED'],
  ])('maps KRV_TYPE %s and KRV_STAT %s', (type, stat, expectedType, expectedStatus) => {
    const claim = toBenefitClaim({
      krv_id: '1',
      krv_cpr: '1203382258',
      krv_type: type,
      krv_stat: stat,
      krv_fra_dto: '20240101',
      krv_til_dto: '20240630',
      krv_blb_ore: '1',
      krv_rel_cpr: null,
    });
    expect(claim).toMatchObject({ type: expectedType, status: expectedStatus, period: { to: '2024-06-30' }, child: null });
  });

  it('turns a payment row into a BenefitPayment', () => {
    expect(
      toBenefitPayment({
        udb_id: '1000001',
        udb_krv_id: '100001',
        udb_dto: '20261030',
        udb_blb_ore: '913177',
        udb_konto: '****-******0042',
        udb_stat: 'R',
        krv_type: 'F',
      }),
    ).toEqual({
      id: '1000001',
      date: '2026-10-30',
      amount: { ore: '913177', kroner: '9131.77', currency: 'DKK' },
      status: 'RETURNED',
      accountMasked: '****-******0042',
      claimId: '100001',
      claimType: 'STATE_PENSION',
    });
  });

  it('treats a code it does not know as an unreadable answer from the benefits system', () => {
    const read = () => toBenefitPayment({ udb_id: '1', udb_krv_id: '1', udb_dto: '20261030', udb_blb_ore: '1', udb_konto: 'x', udb_stat: 'Z', krv_type: 'F' });
    expect(read).toThrow(LegacyError);
    expect(read).toThrow(expect.objectContaining({ system: 'benefits', kind: 'bad-response', detail: expect.stringContaining('UDB_STAT') }));
  });

  it('reads CHAR(8) dates strictly, with the open-end markers as null', () => {
    expect(isoFromLegacyDate('20240229', 'X')).toBe('2024-02-29');
    expect(() => isoFromLegacyDate('20230229', 'X')).toThrow(LegacyError);
    expect(() => isoFromLegacyDate('2024-1-1', 'X')).toThrow(LegacyError);
    expect(isoFromLegacyEndDate('99999999', 'X')).toBeNull();
    expect(isoFromLegacyEndDate('00000000', 'X')).toBeNull();
    expect(isoFromLegacyEndDate('        ', 'X')).toBeNull();
    expect(legacyDateFromIso('2026-11-26')).toBe('20261126');
    expect(() => legacyDateFromIso('2026-02-30')).toThrow(/YYYY-MM-DD/);
  });
});

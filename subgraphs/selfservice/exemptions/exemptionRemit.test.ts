import { serviceCatalogue } from '../../../domain/catalogue/catalogue';
import { mayDecideExemption, type ExemptionCoverage } from './exemptionRemit';

/** Who decides an exemption (grant, renew, revoke), pure: the rule of exemptionRemit.ts against the repository's catalogue. */
const catalogue = serviceCatalogue();
const ALL: ExemptionCoverage = { allAuthorities: true, authorities: [] };
const only = (authority: string): ExemptionCoverage => ({ allAuthorities: false, authorities: [authority] });
const decide = (decider: string, coverage: ExemptionCoverage, residence: string | undefined) => mayDecideExemption(decider, coverage, residence, catalogue);
const reasonOf = (d: ReturnType<typeof decide>) => (d.allowed ? 'ALLOWED' : d.reason);

describe('exemption remit', () => {
  it("borgerservice-grants-for-all-authorities: the citizen's own municipality decides for every authority, or any one", () => {
    expect(reasonOf(decide('municipality:0825', ALL, '0825'))).toBe('ALLOWED');
    for (const authority of ['municipality:0825', 'agency:tax', 'udbetaling-danmark'])
      expect(reasonOf(decide('municipality:0825', only(authority), '0825'))).toBe('ALLOWED');
  });

  it('exemption-revoked-by-other-municipality-refused: another municipality decides nothing for the citizen', () => {
    const refused = decide('municipality:0751', ALL, '0825');
    expect(refused).toMatchObject({ allowed: false, reason: 'OUTSIDE_REMIT' });
    expect(refused.allowed || refused.message).toMatch(/not a resident of Municipality 0751/);
    expect(reasonOf(decide('municipality:0751', only('udbetaling-danmark'), '0825'))).toBe('OUTSIDE_REMIT');
  });

  it('exemption-granted-outside-remit-refused: a national authority exempts from its own services only', () => {
    expect(reasonOf(decide('udbetaling-danmark', only('udbetaling-danmark'), undefined))).toBe('ALLOWED');
    expect(reasonOf(decide('udbetaling-danmark', ALL, '0751'))).toBe('OUTSIDE_REMIT');
    const refused = decide('udbetaling-danmark', only('agency:tax'), '0751');
    expect(refused.allowed || refused.message).toBe(
      'Udbetaling Danmark serves housing benefit, state pension and child benefit; the tax agency serves preliminary income assessment. ' +
        "An exemption for the tax agency is for it or the citizen's own municipality to decide.",
    );
  });

  it("tax-agency-cannot-exempt-municipal-service: the tax agency cannot exempt from a municipality's services", () => {
    const refused = decide('agency:tax', only('municipality:0751'), '0751');
    expect(refused).toMatchObject({ allowed: false, reason: 'OUTSIDE_REMIT' });
    expect(refused.allowed || refused.message).toMatch(
      /^The tax agency serves preliminary income assessment; Municipality 0751 serves change of address, .*sickness benefit\./,
    );
    expect(reasonOf(decide('agency:tax', only('agency:tax'), '0751'))).toBe('ALLOWED');
  });

  it("municipal-exemption-for-another-municipality-refused: municipal services are the citizen's own municipality's", () => {
    expect(reasonOf(decide('municipality:0751', only('municipality:0101'), '0751'))).toBe('OUTSIDE_REMIT');
  });

  it("municipality-unknown: a municipality cannot be checked as responsible without the citizen's residence", () => {
    expect(reasonOf(decide('municipality:0751', only('udbetaling-danmark'), undefined))).toBe('MUNICIPALITY_UNKNOWN');
  });
});

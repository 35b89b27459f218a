import { authorityKindOf, municipalityCodeOf } from './authority';
import { parseServiceCatalogue, serviceCatalogue, withRegistryFilings } from './catalogue';
import raw from './services.json';

describe('service catalogue', () => {
  const catalogue = serviceCatalogue();

  it('loads the repository catalogue with the issue services', () => {
    expect(catalogue.version).toBe(raw.version);
    for (const code of [
      'change-of-address',
      'housing-benefit',
      'child-benefit',
      'state-pension',
      'preliminary-income-assessment',
      'sickness-benefit',
      'daycare',
      'school-enrolment',
      'health-card',
    ]) {
      expect(catalogue.has(code)).toBe(true);
    }
    expect(catalogue.get('housing-benefit')).toMatchObject({
      authorityKind: 'udbetaling-danmark',
      domain: 'housing',
      wave: 3,
      mandatoryDigitalSince: '2014-12-01',
      delegable: true,
    });
  });

  it('isMandatoryDigital follows the wave dates', () => {
    expect(catalogue.isMandatoryDigital('change-of-address', '2012-11-30')).toBe(false);
    expect(catalogue.isMandatoryDigital('change-of-address', '2012-12-01')).toBe(true);
    expect(catalogue.isMandatoryDigital('preliminary-income-assessment', '2024-01-01')).toBe(false);
    expect(() => catalogue.isMandatoryDigital('no-such', '2024-01-01')).toThrow(/no service with code "no-such"/);
    expect(() => catalogue.isMandatoryDigital('daycare', '2024-13-01')).toThrow(/ISO date/);
  });

  it('catalogue-invalid: load-time validation names the entry and field', () => {
    const entry = { ...raw.services[0], filing: null };
    const doc = (services: unknown[]) => ({ version: 'x', effectiveDate: '2024-01-01', services });
    expect(() => parseServiceCatalogue(doc([{ ...entry, domain: 'weather' }]))).toThrow(/service "change-of-address".domain must be one of/);
    expect(() => parseServiceCatalogue(doc([{ ...entry, wave: 5 }]))).toThrow(/wave must be 1, 2, 3, 4 or null/);
    expect(() => parseServiceCatalogue(doc([{ ...entry, mandatoryDigitalSince: null }]))).toThrow(/names wave 1 but no mandatoryDigitalSince/);
    expect(() => parseServiceCatalogue(doc([entry, entry]))).toThrow(/appears twice/);
    expect(() => parseServiceCatalogue(doc([{ ...entry, code: 'Housing Benefit' }]))).toThrow(/lowercase words joined by hyphens/);
    expect(() => parseServiceCatalogue({ ...doc([entry]), effectiveDate: '1 Jan' })).toThrow(/effectiveDate must be an ISO date/);
  });

  it('catalogue-filings-from-registry: filing links come from systems/registry.ts, and a registry entry filing an unknown service is refused', () => {
    expect(raw.services.some((s) => 'filing' in s)).toBe(false);
    expect(catalogue.get('change-of-address')!.filing).toEqual({ via: 'citizen', mutation: 'changeAddress' });
    expect(() => withRegistryFilings({ services: [{ code: 'daycare' }] })).toThrow(
      /systems\/registry.ts: "citizen" files "change-of-address", which is not in the service catalogue/,
    );
  });

  it('catalogue-fileable: every service says how it is filed here, or null; a bad filing entry names the field', () => {
    expect(catalogue.get('housing-benefit')!.filing).toEqual({ via: 'housing', mutation: 'applyForHousingBenefit' });
    expect(catalogue.get('daycare')!.filing).toEqual({ via: 'daycare', mutation: 'applyForDaycarePlace' });
    expect(catalogue.get('school-enrolment')!.filing).toBeNull();
    const entry = { ...raw.services[0], filing: { via: 'citizen', mutation: 'changeAddress' } };
    const doc = (services: unknown[]) => ({ version: 'x', effectiveDate: '2024-01-01', services });
    expect(() => parseServiceCatalogue(doc([raw.services[0]]))).toThrow(/service "change-of-address".filing must be .* or null .*not missing/);
    expect(() => parseServiceCatalogue(doc([{ ...entry, filing: { via: 'weather', mutation: 'changeAddress' } }]))).toThrow(
      /filing.via must be one of citizen, tax, housing, benefits/,
    );
    expect(() => parseServiceCatalogue(doc([{ ...entry, filing: { via: 'citizen', mutation: 'change address' } }]))).toThrow(
      /filing.mutation must be a GraphQL field name/,
    );
    expect(() => parseServiceCatalogue(doc([{ ...entry, filing: { via: 'citizen' } }]))).toThrow(/filing.mutation must be a non-empty string/);
  });

  it('reads authorities', () => {
    expect(authorityKindOf('municipality:0751')).toBe('municipality');
    expect(authorityKindOf('municipality')).toBeUndefined();
    expect(authorityKindOf('udbetaling-danmark')).toBe('udbetaling-danmark');
    expect(authorityKindOf('agency:weather')).toBeUndefined();
    expect(municipalityCodeOf('municipality:0825')).toBe('0825');
    expect(municipalityCodeOf('agency:tax')).toBeUndefined();
  });
});

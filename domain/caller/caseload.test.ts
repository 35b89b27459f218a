import { decide, needsRegisterFacts } from './authorize';
import { knownMunicipalityOf } from './caseload';
import type { CallerContext } from './types';

/** The caseworker rule in the kit: whom a caseworker reaches (served or caseload), pure. */
const INGRID = '1203382258'; // Aarhus, 0751
const MADS = '1505014207'; // Copenhagen, 0101
const base = { requestId: 'r', at: '2026-11-26T10:30:00.000Z', today: '2026-11-26', channel: 'ASSISTED' } as const;
const AARHUS = { kind: 'caseworker', id: 'lise', authority: 'municipality:0751', scopes: ['citizen:read', 'housing:read', 'housing:assist'] } as const;
const TAX = { kind: 'caseworker', id: 'ole', authority: 'agency:tax', scopes: ['citizen:read', 'tax:read', 'tax:assist'] } as const;

const aarhus: CallerContext = { ...base, actor: AARHUS };
const aarhusServing = (cpr: string, subjectMunicipalityCode?: string): CallerContext => ({
  ...aarhus,
  actingFor: { cpr, basis: 'caseworker', grants: [] },
  subjectMunicipalityCode,
});
const tax: CallerContext = { ...base, actor: TAX };
const reasonOf = (d: ReturnType<typeof decide>) => (d.allowed ? 'ALLOWED' : d.reason);

describe('caseworker reach (kit caseload rule)', () => {
  it('caseworker-own-caseload-reads: a municipality reads its registered residents without naming them', () => {
    expect(reasonOf(decide(aarhus, INGRID, 'citizen', 'read', undefined, { municipalityCode: '0751' }))).toBe('ALLOWED');
    // Outside the citizen subgraph the gateway's caseload lookup says where the citizen lives.
    expect(reasonOf(decide({ ...aarhus, citizenMunicipalities: { [INGRID]: '0751' } }, INGRID, 'housing', 'read'))).toBe('ALLOWED');
  });

  it('caseworker-other-municipality-refused: a resident of another municipality, not named, is NOT_IN_CASELOAD', () => {
    const refused = decide(aarhus, MADS, 'citizen', 'read', undefined, { municipalityCode: '0101' });
    expect(refused).toMatchObject({ allowed: false, reason: 'NOT_IN_CASELOAD' });
    expect(refused.allowed || refused.message).toMatch(/Municipality 0751.*x-act-for/s);
    // No register record and no lookup: not in the caseload (fail closed).
    expect(reasonOf(decide(aarhus, MADS, 'housing', 'read'))).toBe('NOT_IN_CASELOAD');
    expect(reasonOf(decide({ ...aarhus, citizenMunicipalities: { [MADS]: '0101' } }, MADS, 'housing', 'read'))).toBe('NOT_IN_CASELOAD');
    // Not in the register at all: no address, so no caseload.
    expect(reasonOf(decide(aarhus, MADS, 'citizen', 'read', undefined, { municipalityCode: null }))).toBe('NOT_IN_CASELOAD');
  });

  it('caseworker-serving-named-citizen: a citizen named in x-act-for is reached wherever they live', () => {
    expect(reasonOf(decide(aarhusServing(MADS, '0101'), MADS, 'housing', 'read'))).toBe('ALLOWED');
    expect(reasonOf(decide(aarhusServing(MADS, '0101'), MADS, 'citizen', 'read', undefined, { municipalityCode: '0101' }))).toBe('ALLOWED');
    // Serving one citizen opens no one else outside the caseload.
    expect(reasonOf(decide(aarhusServing(MADS), INGRID, 'housing', 'read'))).toBe('NOT_IN_CASELOAD');
  });

  it('national-authority-names-the-citizen: the tax agency has no caseload of residents', () => {
    const refused = decide({ ...tax, citizenMunicipalities: { [INGRID]: '0751' } }, INGRID, 'tax', 'read', undefined, { municipalityCode: '0751' });
    expect(refused).toMatchObject({ allowed: false, reason: 'CITIZEN_NOT_NAMED' });
    expect(refused.allowed || refused.message).toMatch(/^The tax agency has no caseload.*x-act-for/);
    expect(reasonOf(decide({ ...tax, actingFor: { cpr: INGRID, basis: 'caseworker', grants: [] } }, INGRID, 'tax', 'read'))).toBe('ALLOWED');
  });

  it('scope-missing: the scope is checked first, whoever the citizen is', () => {
    expect(reasonOf(decide(aarhusServing(INGRID), INGRID, 'tax', 'read'))).toBe('SCOPE_MISSING');
    expect(reasonOf(decide(aarhus, INGRID, 'tax', 'read', undefined, { municipalityCode: '0751' }))).toBe('SCOPE_MISSING');
  });

  it('caseworker-files-only-for-named-citizen: a filing needs x-act-for even for a resident', () => {
    expect(reasonOf(decide({ ...aarhus, citizenMunicipalities: { [INGRID]: '0751' } }, INGRID, 'housing', 'file'))).toBe('CITIZEN_NOT_NAMED');
    expect(reasonOf(decide(aarhusServing(INGRID, '0751'), INGRID, 'housing', 'file'))).toBe('ALLOWED');
  });

  it('needsRegisterFacts: only a municipality caseworker with the scope, not serving the citizen, waits on the record', () => {
    expect(needsRegisterFacts(aarhus, INGRID, 'citizen', 'read')).toBe(true);
    expect(needsRegisterFacts(aarhusServing(INGRID), INGRID, 'citizen', 'read')).toBe(false);
    expect(needsRegisterFacts(aarhus, INGRID, 'tax', 'read')).toBe(false);
    expect(needsRegisterFacts(tax, INGRID, 'citizen', 'read')).toBe(false);
    expect(needsRegisterFacts({ ...base, actor: { kind: 'citizen', id: 'm', cpr: MADS, scopes: [] } }, INGRID, 'citizen', 'read')).toBe(false);
  });

  it("knownMunicipalityOf: the subject's from the gateway, others' from the caseload lookup", () => {
    expect(knownMunicipalityOf(aarhusServing(MADS, '0101'), MADS)).toBe('0101');
    expect(knownMunicipalityOf({ ...aarhusServing(MADS, '0101'), citizenMunicipalities: { [INGRID]: '0751' } }, INGRID)).toBe('0751');
    expect(knownMunicipalityOf(aarhusServing(MADS, '0101'), INGRID)).toBeUndefined();
  });
});

import { HeaderMap } from '@apollo/server';
import { type Actor, CASELOAD_RESIDENCES_EXTENSION, generateContextKeys, verifyCallerContext } from '../../domain/caller';
import { PinnedClock } from '../../platform/clock';
import { createGatewayContext } from './createGatewayContext';
import type { ActingDirectory } from './resolveCallerContext';

const INGRID = '1203382258';
const KAREN = '0407681258';
const MADS = '1505014207';
const clock = new PinnedClock('2026-11-26');
const aarhus: Actor = { kind: 'caseworker', id: 'lise', authority: 'municipality:0751', scopes: ['citizen:read', 'housing:read'] };
const mads: Actor = { kind: 'citizen', id: 'persona:mads', cpr: MADS, scopes: [] };

/** A directory that counts what the gateway asks of the register. */
function directory(overrides: Partial<ActingDirectory> = {}) {
  const calls = { registerFacts: [] as string[], residences: [] as string[][] };
  const dir: ActingDirectory = {
    actingContext: async () => ({ delegations: [], exemptions: [] }),
    registerFacts: async (cpr, lookup) => {
      calls.registerFacts.push(`${cpr} ${lookup.purpose}`);
      return { parentCprs: [], municipalityCode: '0101' };
    },
    residences: async (cprs) => {
      calls.residences.push([...cprs]);
      return Object.fromEntries(cprs.map((cpr) => [cpr, '0751']));
    },
    domainOfService: () => undefined,
    ...overrides,
  };
  return { dir, calls };
}

async function contextAs(actor: Actor, dir: ActingDirectory) {
  const keys = await generateContextKeys();
  const context = await createGatewayContext({ verifyToken: async () => actor, directory: dir, signingKey: keys.privateKey!, clock })({
    headers: new HeaderMap([['authorization', 'Bearer token']]),
    requestId: 'r1',
  });
  const signedFor = async (subgraph: string, operation: 'query' | 'mutation', citizens?: string[]) =>
    (await verifyCallerContext(await context.contextFor!(subgraph, operation, citizens), keys.publicKey, clock, subgraph)).caller;
  return { context, signedFor };
}

describe("createGatewayContext: the register's own answer feeds a caseworker's caseload", () => {
  it('caseload-residences-from-citizen-subgraph-only: what the citizen subgraph reports is used; any other subgraph is ignored', async () => {
    const { dir, calls } = directory();
    const { context, signedFor } = await contextAs(aarhus, dir);
    context.subgraphAnswered!('housing', { [CASELOAD_RESIDENCES_EXTENSION]: { [KAREN]: '0751' } });
    context.subgraphAnswered!('citizen', { [CASELOAD_RESIDENCES_EXTENSION]: { [INGRID]: '0751' }, staleData: [] });
    expect((await signedFor('benefits', 'query', [INGRID])).citizenMunicipalities).toEqual({ [INGRID]: '0751' });
    expect(calls.residences).toEqual([]);
    // Karen was only claimed by housing: she is looked up.
    expect((await signedFor('benefits', 'query', [KAREN])).citizenMunicipalities).toEqual({ [KAREN]: '0751' });
    expect(calls.residences).toEqual([[KAREN]]);
  });

  it('caseload-residences-malformed-report-ignored: a report that is not CPR number -> code teaches nothing', async () => {
    const { dir, calls } = directory();
    const { context, signedFor } = await contextAs(aarhus, dir);
    context.subgraphAnswered!('citizen', { [CASELOAD_RESIDENCES_EXTENSION]: [INGRID] });
    context.subgraphAnswered!('citizen', { [CASELOAD_RESIDENCES_EXTENSION]: { [INGRID]: 751 } });
    context.subgraphAnswered!('citizen', undefined);
    await signedFor('housing', 'query', [INGRID]);
    expect(calls.residences).toEqual([[INGRID]]);
  });
});

describe("createGatewayContext: a citizen's own municipality only for their mutations", () => {
  it('self-read-no-municipality-lookup: contexts for a query carry no municipality and cost no register call', async () => {
    const { dir, calls } = directory();
    const { context, signedFor } = await contextAs(mads, dir);
    expect(context.caller?.subjectMunicipalityCode).toBeUndefined();
    expect((await signedFor('citizen', 'query')).subjectMunicipalityCode).toBeUndefined();
    expect((await signedFor('housing', 'query')).subjectMunicipalityCode).toBeUndefined();
    expect(calls.registerFacts).toEqual([]);
  });

  it("self-filing-carries-municipality: a mutation's contexts carry it, asked of the register once per request", async () => {
    const { dir, calls } = directory();
    const { signedFor } = await contextAs(mads, dir);
    expect((await signedFor('citizen', 'mutation')).subjectMunicipalityCode).toBe('0101');
    expect((await signedFor('housing', 'mutation')).subjectMunicipalityCode).toBe('0101');
    expect(calls.registerFacts).toEqual([`${MADS} looked up your municipality to label your own request`]);
  });

  it('self-filing-register-down: the mutation goes ahead without the municipality (filings fall back, nobody is locked out)', async () => {
    const { dir } = directory({
      registerFacts: async () => {
        throw new Error('cpr down');
      },
    });
    const { signedFor } = await contextAs(mads, dir);
    const caller = await signedFor('citizen', 'mutation');
    expect(caller.actor.cpr).toBe(MADS);
    expect(caller.subjectMunicipalityCode).toBeUndefined();
  });
});

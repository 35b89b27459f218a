import { randomUUID } from 'node:crypto';
import { personaCpr } from '../../legacy/population';
import { delegateContext, selfContext } from '../../test/support/callerContexts';
import { createGrantorLoader } from './grantorName';
import { startCitizenForTests, type CitizenTestService } from '../../test/support/citizenTestSupport';

/**
 * holder-reads-grantor-name in the citizen subgraph: a holder, for themselves, reads the name (only
 * the name) of a grantor whose power of attorney is in force, as the selfservice store says; the
 * read lands in the grantor's log as DELEGATE, under the holder's name.
 */
const INGRID = personaCpr('ingrid');
const KAREN = personaCpr('karen');
const PETER = personaCpr('peter');
const MADS = personaCpr('mads');

const NAMES = `query MyGrantors($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { name { full } } } }`;
const refs = (...cprs: string[]) => cprs.map((cpr) => ({ __typename: 'Citizen', cpr }));
const codes = (errors: { extensions?: Record<string, unknown> }[] | undefined) => (errors ?? []).map((e) => e.extensions?.code);

let citizen: CitizenTestService;
beforeAll(async () => {
  citizen = await startCitizenForTests({ cache: false });
  // Today is 2026-11-26: Ingrid's power of attorney to Mads is in force, Karen's has expired.
  const grant = (grantor: string, from: string, to: string) =>
    citizen.selfservice.sql.query(
      `INSERT INTO delegations (id, grantor_cpr, holder_cpr, services, actions, valid_from, valid_to, created_at, created_by)
     VALUES ($1, $2, $3, ARRAY['housing-benefit'], ARRAY['read'], $4::date, $5::date, '2026-01-01T09:00:00Z', 'test')`,
      [randomUUID(), grantor, MADS, from, to],
    );
  await grant(INGRID, '2026-01-01', '2027-06-30');
  await grant(KAREN, '2025-01-01', '2025-12-31');
});
afterAll(() => citizen.stop());

async function logSince(before: number) {
  return (await citizen.accessLog()).slice(before).map((r) => [r.subject_cpr, r.actor_role, r.domain, r.operation, (r as { actor_name?: string }).actor_name]);
}

describe('holder-reads-grantor-name', () => {
  it("Mads, for himself, reads the name of Ingrid (in force), not of Karen (expired) nor Peter (none); Ingrid's log says so", async () => {
    const before = (await citizen.accessLog()).length;
    const { data, errors } = await citizen.graphql(NAMES, { r: refs(INGRID, KAREN, PETER) }, selfContext('mads'));
    expect(data._entities).toEqual([{ name: { full: 'Ingrid Marie Holm' } }, { name: null }, { name: null }]);
    expect(errors!.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 1, 'name'], 'FORBIDDEN'],
      [['_entities', 2, 'name'], 'FORBIDDEN'],
    ]);
    expect(await logSince(before)).toEqual([[INGRID, 'DELEGATE', 'citizen', 'query MyGrantors', 'Mads Holm Jensen']]);
  });

  it("only the name: the grantor's address, birth date and relations stay FORBIDDEN", async () => {
    const { data, errors } = await citizen.graphql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { name { first } address { city } birthDate children { cpr } } } }`,
      { r: refs(INGRID) },
      selfContext('mads'),
    );
    expect(data._entities).toEqual([{ name: { first: 'Ingrid' }, address: null, birthDate: null, children: null }]);
    expect(codes(errors)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
  });

  it('not while acting for someone else: the request is about them', async () => {
    const forKaren = delegateContext('mads', 'karen', [{ domain: 'citizen', actions: ['read'] }]);
    const { data, errors } = await citizen.graphql(NAMES, { r: refs(INGRID) }, forKaren);
    expect(data._entities).toEqual([{ name: null }]);
    expect(codes(errors)).toEqual(['FORBIDDEN']);
  });

  it('a citizen holding nothing from Ingrid reads no name and leaves nothing in her log', async () => {
    const before = (await citizen.accessLog()).length;
    const { data, errors } = await citizen.graphql(NAMES, { r: refs(INGRID) }, selfContext('karen'));
    expect(data._entities).toEqual([{ name: null }]);
    expect(codes(errors)).toEqual(['FORBIDDEN']);
    expect(await logSince(before)).toEqual([]);
  });
});

describe('grantors in force, batched', () => {
  it("one selfservice question per request, however many grantors a holder's list names", async () => {
    const calls: (readonly string[])[] = [];
    const loader = createGrantorLoader(
      {
        grantorsInForce: async (_token, cprs) => {
          calls.push(cprs);
          return new Set([INGRID]);
        },
      },
      'signed-context',
    );
    expect(await Promise.all([INGRID, KAREN, PETER, INGRID].map((cpr) => loader.load(cpr)))).toEqual([true, false, false, true]);
    expect(calls).toEqual([[INGRID, KAREN, PETER]]);
  });
});

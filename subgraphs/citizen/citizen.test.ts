import { LegacyHttp } from '../../platform/legacyHttp';
import { personaCpr } from '../../legacy/population';
import { caseworkerContext } from '../../test/support/callerContexts';
import { CprClient } from '../../domain/register/cprClient';
import { startCitizenForTests, type CitizenTestService } from '../../test/support/citizenTestSupport';

const cpr = Object.fromEntries(['ingrid', 'karen', 'peter', 'mads', 'freja', 'bent'].map((id) => [id, personaCpr(id)]));
const UNKNOWN = '0101010000';
// Register behaviour is tested as Aarhus's caseworker with citizen:read: its residents (the caseload)
// are read; anyone else's record is read too, to decide, and refused, so batching is the same.
const CASEWORKER = caseworkerContext('caseworker-aarhus');
/** The caseworker serving one citizen (x-act-for): reached wherever they live, with no register read to decide. */
const serving = (cprNumber: string) => ({ ...CASEWORKER, actingFor: { cpr: cprNumber, basis: 'caseworker' as const, grants: [] } });

let citizen: CitizenTestService;
let population: CitizenTestService['population'];
let standIn: CitizenTestService['standIn'];
beforeAll(async () => {
  // No cache here: these tests count register calls per request.
  citizen = await startCitizenForTests({ cache: false });
  ({ population, standIn } = citizen);
});
afterAll(() => citizen.stop());
beforeEach(() => {
  standIn.resetCalls();
  standIn.setFaults({ down: false });
});

const graphql = (query: string, variables: Record<string, unknown> = {}, as = CASEWORKER) => citizen.graphql(query, variables, as);
const lookups = () => citizen.lookups();

describe('Query.citizen', () => {
  it('ingrid with her children and grandchildren, nested, one register call per generation', async () => {
    const { data, errors } = await graphql(
      `query ($cpr: CPR!) {
      citizen(cpr: $cpr) {
        cpr name { first middle last full } birthDate age sex passesModulus11 civilStatus civilStatusSince
        address { street houseNumber floor door postalCode city municipality { code name } movedIn }
        spouse { cpr }
        children { name { full } spouse { name { full } } children { name { full } birthDate } }
      }
    }`,
      { cpr: cpr.ingrid },
    );
    // Mads lives in Copenhagen: outside Aarhus's caseload, his name and birth date are refused (his record was read to decide).
    expect(errors!.map((e) => [e.path!.join('.'), e.extensions!.reason]).sort()).toEqual([
      ['citizen.children.0.children.0.birthDate', 'NOT_IN_CASELOAD'],
      ['citizen.children.0.children.0.name', 'NOT_IN_CASELOAD'],
    ]);
    expect(data.citizen).toEqual({
      cpr: cpr.ingrid,
      name: { first: 'Ingrid', middle: 'Marie', last: 'Holm', full: 'Ingrid Marie Holm' },
      birthDate: '1938-03-12',
      age: 88,
      sex: 'FEMALE',
      passesModulus11: true,
      civilStatus: 'WIDOWED',
      civilStatusSince: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      address: {
        street: 'Åboulevarden',
        houseNumber: '41',
        floor: '2',
        door: 'th',
        postalCode: '8000',
        city: 'Aarhus C',
        municipality: { code: '0751', name: 'Aarhus' },
        movedIn: '1979-08-01',
      },
      spouse: null,
      children: [
        {
          name: { full: 'Karen Holm Jensen' },
          spouse: { name: { full: 'Peter Jensen' } },
          children: [
            { name: null, birthDate: null },
            { name: { full: 'Freja Holm Jensen' }, birthDate: '2014-09-02' },
          ],
        },
      ],
    });
    expect(lookups().map((batch) => [...batch].sort())).toEqual([[cpr.ingrid], [cpr.karen], [cpr.peter, cpr.mads, cpr.freja].sort()]);
  });

  it('freja fails modulus-11 and is served all the same, with her parents', async () => {
    const { data, errors } = await graphql(`{ citizen(cpr: "${cpr.freja}") {
      name { full } birthDate age sex passesModulus11 parents { name { full } } children { cpr }
    } }`);
    expect(errors).toBeUndefined();
    expect(data.citizen).toEqual({
      name: { full: 'Freja Holm Jensen' },
      birthDate: '2014-09-02',
      age: 12,
      sex: 'FEMALE',
      passesModulus11: false,
      parents: [{ name: { full: 'Karen Holm Jensen' } }, { name: { full: 'Peter Jensen' } }],
      children: [],
    });
  });

  it('birth date and sex derived from the CPR number agree with the register for every persona', async () => {
    const personas = Object.values(cpr);
    const answers = await Promise.all(
      personas.map((p) => graphql('query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr birthDate sex } }', { cprs: [p] }, serving(p))),
    );
    const data = { citizens: answers.flatMap((a) => a.data.citizens) };
    expect(data.citizens).toHaveLength(personas.length);
    const client = new CprClient({ http: new LegacyHttp({ baseURL: standIn.url, system: 'cpr' }) });
    const register = await client.lookup(personas);
    client.close();
    expect(register.size).toBe(personas.length);
    for (const citizen of data.citizens) {
      const record = register.get(citizen.cpr)!;
      expect([citizen.birthDate, citizen.sex]).toEqual([record.birthDate, record.sex === 'M' ? 'MALE' : 'FEMALE']);
    }
  });

  it('unknown-but-valid CPR: null without errors, after asking the register (the caseworker serving that number)', async () => {
    const { data, errors } = await graphql(`{ citizen(cpr: "${UNKNOWN}") { cpr name { full } } }`, {}, serving(UNKNOWN));
    expect(errors).toBeUndefined();
    expect(data).toEqual({ citizen: null });
    expect(lookups()).toEqual([[UNKNOWN]]);
  });

  it('caseload-unknown-number-not-revealed: to a caseload reader an unknown number looks like a non-resident', async () => {
    const unknown = await graphql(`{ citizen(cpr: "${UNKNOWN}") { cpr name { full } } }`);
    const elsewhere = await graphql(`{ citizen(cpr: "${cpr.mads}") { cpr name { full } } }`);
    expect(unknown.data).toEqual({ citizen: { cpr: UNKNOWN, name: null } });
    expect(elsewhere.data).toEqual({ citizen: { cpr: cpr.mads, name: null } });
    expect(unknown.errors!.map((e) => e.extensions)).toEqual(elsewhere.errors!.map((e) => e.extensions));
    expect(unknown.errors![0].message).toBe(elsewhere.errors![0].message);
  });

  it('invalid CPR as a variable: HTTP 400, BAD_USER_INPUT with the reason, no register call', async () => {
    const response = await graphql('query ($cpr: CPR!) { citizen(cpr: $cpr) { cpr } }', { cpr: '3102802258' });
    expect(response.status).toBe(400);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'day 31 does not exist in 1980-02' });
    expect(response.errors![0].message).toContain('Invalid CPR number');
    expect(standIn.calls()).toEqual([]);
  });

  it('invalid CPR as a literal: Apollo reports a validation failure carrying the reason, no register call', async () => {
    // Literals are checked during validation, and Apollo gives every validation error the code
    // GRAPHQL_VALIDATION_FAILED (overriding the scalar's BAD_USER_INPUT); the scalar's reason survives.
    const response = await graphql('{ citizen(cpr: "12345") { cpr } }');
    expect(response.status).toBe(400);
    expect(response.errors![0].extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'a CPR number has ten digits, DDMMYYSSSS or DDMMYY-SSSS',
    });
    expect(response.errors![0].message).toContain('Invalid CPR number');
    expect(standIn.calls()).toEqual([]);
  });

  it('cpr-down: the citizen keeps its CPR-derived fields; register fields are null with LEGACY_UNAVAILABLE naming cpr', async () => {
    standIn.setFaults({ down: true });
    // Served (x-act-for): no register read is needed to decide, so the number's own fields survive the outage.
    const { data, errors } = await graphql(
      `{ citizen(cpr: "${cpr.ingrid}") { cpr birthDate name { full } address { city } children { cpr } } }`,
      {},
      serving(cpr.ingrid),
    );
    expect(data.citizen).toEqual({ cpr: cpr.ingrid, birthDate: '1938-03-12', name: null, address: null, children: null });
    expect(errors!.map((e) => e.path!.join('.')).sort()).toEqual(['citizen.address', 'citizen.children', 'citizen.name']);
    for (const error of errors!) {
      expect(error.extensions).toEqual({ code: 'LEGACY_UNAVAILABLE', legacySystem: 'cpr', reason: 'unavailable', upstreamStatus: 503 });
    }
  });
});

describe('Query.citizens', () => {
  it('answers in input order, in one register call; the caseload reader cannot tell an unknown number from a non-resident', async () => {
    const { data, errors } = await graphql('query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { name { first } } }', {
      cprs: [cpr.karen, UNKNOWN, cpr.bent, '020914-4200'],
    });
    expect(data.citizens).toEqual([{ name: { first: 'Karen' } }, { name: null }, { name: null }, { name: { first: 'Freja' } }]);
    expect(errors!.map((e) => [e.path!.join('.'), e.extensions!.reason])).toEqual([
      ['citizens.1.name', 'NOT_IN_CASELOAD'],
      ['citizens.2.name', 'NOT_IN_CASELOAD'],
    ]);
    expect(lookups()).toEqual([[cpr.karen, UNKNOWN, cpr.bent, cpr.freja]]);
  });

  it('null for a number the register does not know, to a caller who may read it (the caseworker serving it)', async () => {
    const { data, errors } = await graphql('query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { name { first } } }', { cprs: [UNKNOWN] }, serving(UNKNOWN));
    expect(errors).toBeUndefined();
    expect(data.citizens).toEqual([null]);
  });

  it('more than 100 numbers is BAD_USER_INPUT, with no register call', async () => {
    const cprs = population.people.slice(0, 101).map((p) => p.cpr);
    const { data, errors } = await graphql('query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr } }', { cprs });
    expect(data).toEqual({ citizens: null });
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', max: 100 });
    expect(standIn.calls()).toEqual([]);
  });
});

describe('batching over _entities', () => {
  it('5 citizens with their spouses make exactly 2 PersonLookup calls: first level, then the spouses', async () => {
    // Couples living in Aarhus: the caseworker's caseload.
    const inAarhus = (cprNumber: string | null) => population.byCpr.get(cprNumber ?? '')?.address.municipalityCode === '0751';
    const married = population.people.filter((p) => p.civilStatus === 'G' && inAarhus(p.cpr) && inAarhus(p.spouseCpr)).slice(0, 10);
    const chosen = married.filter((p, i) => !married.slice(0, i).some((q) => q.spouseCpr === p.cpr)).slice(0, 5);
    expect(chosen).toHaveLength(5);
    const { data, errors } = await graphql(
      `query ($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Citizen { cpr name { full } spouse { cpr name { full } } } }
    }`,
      { representations: chosen.map((p) => ({ __typename: 'Citizen', cpr: p.cpr })) },
    );
    expect(errors).toBeUndefined();
    const fullName = (cprNumber: string) => {
      const p = population.byCpr.get(cprNumber)!;
      return [p.firstName, p.middleName, p.lastName].filter(Boolean).join(' ');
    };
    expect(data._entities).toEqual(
      chosen.map((p) => ({
        cpr: p.cpr,
        name: { full: fullName(p.cpr) },
        spouse: { cpr: p.spouseCpr, name: { full: fullName(p.spouseCpr!) } },
      })),
    );
    expect(standIn.calls()).toEqual([
      { operation: 'PersonLookup', keys: chosen.map((p) => p.cpr) },
      { operation: 'PersonLookup', keys: chosen.map((p) => p.spouseCpr) },
    ]);
  });

  it('a malformed CPR in an entity reference fails that entity only, and never reaches the register', async () => {
    const { data, errors } = await graphql('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { cpr birthDate name { first } } } }', {
      r: [
        { __typename: 'Citizen', cpr: '99999' },
        { __typename: 'Citizen', cpr: cpr.karen },
      ],
    });
    // To a caseload reader the malformed number is no resident: refused like any stranger.
    expect(data._entities).toEqual([null, { cpr: cpr.karen, birthDate: '1968-07-04', name: { first: 'Karen' } }]);
    expect(errors!.length).toBeGreaterThan(0);
    for (const error of errors!) expect(error.path!.slice(0, 2)).toEqual(['_entities', 0]);
    expect(lookups()).toEqual([[cpr.karen]]);
  });

  it('a malformed CPR in an entity reference, to a caller who may read it: its number fields are BAD_USER_INPUT', async () => {
    const { data, errors } = await graphql(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { cpr birthDate name { first } } } }',
      {
        r: [{ __typename: 'Citizen', cpr: '99999' }],
      },
      serving('99999'),
    );
    expect(data._entities).toEqual([{ cpr: '99999', birthDate: null, name: null }]);
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({ path: ['_entities', 0, 'birthDate'], extensions: { code: 'BAD_USER_INPUT' } });
  });
});

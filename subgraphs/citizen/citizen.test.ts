import { personaCpr } from '../../legacy/population';
import { caseworkerContext } from '../../test/support/callerContexts';
import { CprClient } from './cprClient';
import { startCitizenForTests, type CitizenTestService } from './testSupport';

const cpr = Object.fromEntries(['ingrid', 'karen', 'peter', 'mads', 'freja', 'bent'].map((id) => [id, personaCpr(id)]));
const UNKNOWN = '0101010000';
// Register behaviour is tested as a caseworker with the scope citizen:read: allowed to read anyone.
const CASEWORKER = caseworkerContext('caseworker-aarhus');

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

const graphql = (query: string, variables: Record<string, unknown> = {}) => citizen.graphql(query, variables, CASEWORKER);
const lookups = () => citizen.lookups();

describe('Query.citizen', () => {
  it('ingrid with her children and grandchildren, nested, one register call per generation', async () => {
    const { data, errors } = await graphql(`query ($cpr: CPR!) {
      citizen(cpr: $cpr) {
        cpr name { first middle last full } birthDate age sex passesModulus11 civilStatus civilStatusSince
        address { street houseNumber floor door postalCode city municipality { code name } movedIn }
        spouse { cpr }
        children { name { full } spouse { name { full } } children { name { full } birthDate } }
      }
    }`, { cpr: cpr.ingrid });
    expect(errors).toBeUndefined();
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
        street: 'Åboulevarden', houseNumber: '41', floor: '2', door: 'th', postalCode: '8000', city: 'Aarhus C',
        municipality: { code: '0751', name: 'Aarhus' }, movedIn: '1979-08-01',
      },
      spouse: null,
      children: [{
        name: { full: 'Karen Holm Jensen' },
        spouse: { name: { full: 'Peter Jensen' } },
        children: [
          { name: { full: 'Mads Holm Jensen' }, birthDate: '2001-05-15' },
          { name: { full: 'Freja Holm Jensen' }, birthDate: '2014-09-02' },
        ],
      }],
    });
    expect(lookups()).toEqual([[cpr.ingrid], [cpr.karen], [cpr.peter, cpr.mads, cpr.freja]]);
  });

  it('freja fails modulus-11 and is served all the same, with her parents', async () => {
    const { data, errors } = await graphql(`{ citizen(cpr: "${cpr.freja}") {
      name { full } birthDate age sex passesModulus11 parents { name { full } } children { cpr }
    } }`);
    expect(errors).toBeUndefined();
    expect(data.citizen).toEqual({
      name: { full: 'Freja Holm Jensen' }, birthDate: '2014-09-02', age: 12, sex: 'FEMALE', passesModulus11: false,
      parents: [{ name: { full: 'Karen Holm Jensen' } }, { name: { full: 'Peter Jensen' } }],
      children: [],
    });
  });

  it('birth date and sex derived from the CPR number agree with the register for every persona', async () => {
    const personas = Object.values(cpr);
    const { data } = await graphql('query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr birthDate sex } }', { cprs: personas });
    const client = new CprClient({ baseURL: standIn.url });
    const register = await client.lookup(personas);
    client.close();
    expect(register.size).toBe(personas.length);
    for (const citizen of data.citizens) {
      const record = register.get(citizen.cpr)!;
      expect([citizen.birthDate, citizen.sex]).toEqual([record.birthDate, record.sex === 'M' ? 'MALE' : 'FEMALE']);
    }
  });

  it('unknown-but-valid CPR: null without errors, after asking the register', async () => {
    const { data, errors } = await graphql(`{ citizen(cpr: "${UNKNOWN}") { cpr name { full } } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ citizen: null });
    expect(lookups()).toEqual([[UNKNOWN]]);
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
    const { data, errors } = await graphql(`{ citizen(cpr: "${cpr.ingrid}") { cpr birthDate name { full } address { city } children { cpr } } }`);
    expect(data.citizen).toEqual({ cpr: cpr.ingrid, birthDate: '1938-03-12', name: null, address: null, children: null });
    expect(errors!.map((e) => e.path)).toEqual([['citizen', 'name'], ['citizen', 'address'], ['citizen', 'children']]);
    for (const error of errors!) {
      expect(error.extensions).toEqual({ code: 'LEGACY_UNAVAILABLE', legacySystem: 'cpr', reason: 'unavailable', upstreamStatus: 503 });
    }
  });
});

describe('Query.citizens', () => {
  it('answers in input order, null for the unknown, in one register call', async () => {
    const { data, errors } = await graphql('query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { name { first } } }', {
      cprs: [cpr.bent, UNKNOWN, '020914-4200'],
    });
    expect(errors).toBeUndefined();
    expect(data.citizens).toEqual([{ name: { first: 'Bent' } }, null, { name: { first: 'Freja' } }]);
    expect(lookups()).toEqual([[cpr.bent, UNKNOWN, cpr.freja]]);
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
    const married = population.people.filter((p) => p.civilStatus === 'G' && p.spouseCpr).slice(0, 10);
    const chosen = married.filter((p, i) => !married.slice(0, i).some((q) => q.spouseCpr === p.cpr)).slice(0, 5);
    expect(chosen).toHaveLength(5);
    const { data, errors } = await graphql(`query ($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Citizen { cpr name { full } spouse { cpr name { full } } } }
    }`, { representations: chosen.map((p) => ({ __typename: 'Citizen', cpr: p.cpr })) });
    expect(errors).toBeUndefined();
    const fullName = (cprNumber: string) => {
      const p = population.byCpr.get(cprNumber)!;
      return [p.firstName, p.middleName, p.lastName].filter(Boolean).join(' ');
    };
    expect(data._entities).toEqual(chosen.map((p) => ({
      cpr: p.cpr, name: { full: fullName(p.cpr) }, spouse: { cpr: p.spouseCpr, name: { full: fullName(p.spouseCpr!) } },
    })));
    expect(standIn.calls()).toEqual([
      { operation: 'PersonLookup', keys: chosen.map((p) => p.cpr) },
      { operation: 'PersonLookup', keys: chosen.map((p) => p.spouseCpr) },
    ]);
  });

  it('a malformed CPR in an entity reference fails that entity\'s fields only, with BAD_USER_INPUT', async () => {
    const { data, errors } = await graphql('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { cpr birthDate name { first } } } }', {
      r: [{ __typename: 'Citizen', cpr: '99999' }, { __typename: 'Citizen', cpr: cpr.bent }],
    });
    expect(data._entities).toEqual([{ cpr: '99999', birthDate: null, name: null }, { cpr: cpr.bent, birthDate: '1949-01-30', name: { first: 'Bent' } }]);
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({ path: ['_entities', 0, 'birthDate'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(lookups()).toEqual([[cpr.bent]]);
  });
});

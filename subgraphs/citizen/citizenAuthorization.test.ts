import { personaCpr } from '../../legacy/population';
import { caseworkerContext, delegateContext, selfContext, stamped, type UnstampedContext } from '../../test/support/callerContexts';
import { CALLER_CONTEXT_HEADER, CASELOAD_RESIDENCES_EXTENSION, generateContextKeys, signCallerContext } from '../../domain';
import { startCitizenForTests, type CitizenTestService } from '../../test/support/citizenTestSupport';

const INGRID = personaCpr('ingrid');
const KAREN = personaCpr('karen');
const MADS = personaCpr('mads');
const FREJA = personaCpr('freja');
const BENT = personaCpr('bent');

const CITIZEN_FIELDS = 'cpr name { full } birthDate age sex passesModulus11 address { city } civilStatus';
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { name { full } birthDate sex address { city } } } }`;
const ref = (cpr: string) => [{ __typename: 'Citizen', cpr }];

const codes = (errors: { extensions?: Record<string, unknown> }[] | undefined) => [...new Set((errors ?? []).map((e) => e.extensions?.code))];

let citizen: CitizenTestService;
beforeAll(async () => {
  // No cache: "no register call for a forbidden citizen" must not pass just because of a cache hit.
  citizen = await startCitizenForTests({ cache: false });
});
afterAll(() => citizen.stop());
beforeEach(() => citizen.standIn.resetCalls());

describe('the caller context', () => {
  it('missing-caller-context: UNAUTHENTICATED (HTTP 401), no register call', async () => {
    const response = await citizen.graphql(`{ citizen(cpr: "${INGRID}") { name { full } } }`, {}, { headers: {} });
    expect(response.status).toBe(401);
    expect(response.data).toBeUndefined();
    expect(codes(response.errors)).toEqual(['UNAUTHENTICATED']);
    expect(citizen.standIn.calls()).toEqual([]);
  });

  it('forged-caller-context: a context signed with another key is UNAUTHENTICATED, no register call', async () => {
    const attacker = await generateContextKeys();
    const forged = await signCallerContext(stamped(caseworkerContext('caseworker-aarhus'), citizen.keys.clock), attacker.privateKey!, {
      audience: 'citizen',
      operation: 'query',
    });
    const response = await citizen.graphql(`{ citizen(cpr: "${INGRID}") { name { full } } }`, {}, { headers: { [CALLER_CONTEXT_HEADER]: forged } });
    expect(response.status).toBe(401);
    expect(codes(response.errors)).toEqual(['UNAUTHENTICATED']);
    expect(citizen.standIn.calls()).toEqual([]);
  });

  it('expired-caller-context: a context signed by the gateway but expired is UNAUTHENTICATED', async () => {
    const expired = await citizen.keys.sign(selfContext('ingrid'), -60);
    const response = await citizen.graphql(`{ citizen(cpr: "${INGRID}") { name { full } } }`, {}, { headers: { [CALLER_CONTEXT_HEADER]: expired } });
    expect(codes(response.errors)).toEqual(['UNAUTHENTICATED']);
    expect(citizen.standIn.calls()).toEqual([]);
  });

  it('entities-direct-without-context: _entities called straight on the subgraph is UNAUTHENTICATED, no register call', async () => {
    const response = await citizen.graphql(ENTITIES, { r: ref(INGRID) }, { headers: {} });
    expect(response.status).toBe(401);
    expect(codes(response.errors)).toEqual(['UNAUTHENTICATED']);
    expect(citizen.standIn.calls()).toEqual([]);
  });
});

describe('citizens', () => {
  it('citizen-self: Ingrid reads all of her own record', async () => {
    const { data, errors } = await citizen.graphql(`query ($cpr: CPR!) { citizen(cpr: $cpr) { ${CITIZEN_FIELDS} } }`, { cpr: INGRID }, selfContext('ingrid'));
    expect(errors).toBeUndefined();
    expect(data.citizen).toEqual({
      cpr: INGRID,
      name: { full: 'Ingrid Marie Holm' },
      birthDate: '1938-03-12',
      age: 88,
      sex: 'FEMALE',
      passesModulus11: true,
      address: { city: 'Aarhus C' },
      civilStatus: 'WIDOWED',
    });
  });

  it('other-citizen-forbidden: Mads reading Ingrid via _entities gets null + FORBIDDEN, and the register is not asked', async () => {
    const { data, errors } = await citizen.graphql(ENTITIES, { r: ref(INGRID) }, selfContext('mads'));
    expect(data._entities).toEqual([{ name: null, birthDate: null, sex: null, address: null }]);
    expect(errors!.map((e) => [e.path, e.extensions?.code])).toEqual(
      expect.arrayContaining([
        [['_entities', 0, 'name'], 'FORBIDDEN'],
        [['_entities', 0, 'birthDate'], 'FORBIDDEN'],
        [['_entities', 0, 'sex'], 'FORBIDDEN'],
        [['_entities', 0, 'address'], 'FORBIDDEN'],
      ]),
    );
    expect(citizen.standIn.calls()).toEqual([]);
  });

  it('other-citizen-forbidden: asking _entities for the CPR number too nulls the whole entity', async () => {
    const { data, errors } = await citizen.graphql(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { cpr } } }',
      { r: ref(INGRID) },
      selfContext('mads'),
    );
    expect(data._entities).toEqual([null]);
    expect(codes(errors)).toEqual(['FORBIDDEN']);
  });

  it('other-citizen-forbidden via Query.citizen: the number asked comes back, nothing else, and the register is not asked (existence not revealed)', async () => {
    for (const cpr of [INGRID, '0101010000']) {
      const { data, errors } = await citizen.graphql(`query ($cpr: CPR!) { citizen(cpr: $cpr) { cpr name { full } age } }`, { cpr }, selfContext('mads'));
      expect(data.citizen).toEqual({ cpr, name: null, age: null });
      expect(codes(errors)).toEqual(['FORBIDDEN']);
    }
    expect(citizen.standIn.calls()).toEqual([]);
  });

  it("relations-authorized-on-their-own: Karen sees her children's CPR numbers in her record, not their names", async () => {
    const { data, errors } = await citizen.graphql('{ me { children { cpr name { full } birthDate } } }', {}, selfContext('karen'));
    expect(data.me.children).toEqual([
      { cpr: MADS, name: null, birthDate: null },
      { cpr: FREJA, name: null, birthDate: null },
    ]);
    expect(codes(errors)).toEqual(['FORBIDDEN']);
    expect(citizen.lookups()).toEqual([[KAREN]]);
  });

  it('custody-under-15: Karen acting for Freja (custody) reads Freja, logged as CUSTODIAN', async () => {
    const before = (await citizen.accessLog()).length;
    const custody: UnstampedContext = {
      ...selfContext('karen'),
      actingFor: { cpr: FREJA, basis: 'custody', grants: [{ domain: 'citizen', actions: ['read', 'file'] }] },
      subjectMunicipalityCode: '0751',
    };
    const { data, errors } = await citizen.graphql('query CustodyRead { actingFor { cpr name { full } age } }', {}, custody);
    expect(errors).toBeUndefined();
    expect(data.actingFor).toEqual({ cpr: FREJA, name: { full: 'Freja Holm Jensen' }, age: 12 });
    const rows = (await citizen.accessLog()).slice(before);
    expect(rows.map((r) => [r.subject_cpr, r.actor_role, r.domain, r.operation])).toEqual([[FREJA, 'CUSTODIAN', 'citizen', 'query CustodyRead']]);
  });

  it('me-and-actingFor: me is the signed-in citizen, actingFor the citizen acted for; both null for a caseworker serving no one', async () => {
    const delegate = delegateContext('mads', 'ingrid', [{ domain: 'citizen', actions: ['read'] }]);
    const asDelegate = await citizen.graphql('{ me { cpr } actingFor { cpr name { first } } }', {}, delegate);
    expect(asDelegate.data).toEqual({ me: { cpr: MADS }, actingFor: { cpr: INGRID, name: { first: 'Ingrid' } } });
    const asSelf = await citizen.graphql('{ me { cpr } actingFor { cpr } }', {}, selfContext('bent'));
    expect(asSelf.data).toEqual({ me: { cpr: BENT }, actingFor: { cpr: BENT } });
    const asCaseworker = await citizen.graphql('{ me { cpr } actingFor { cpr } }', {}, caseworkerContext('caseworker-aarhus'));
    expect(asCaseworker.data).toEqual({ me: null, actingFor: null });
  });

  // The gateway's own identity, bound to one lookup about one citizen, with the purpose her log shows.
  const systemCheck = (cpr: string): UnstampedContext => ({
    actor: { kind: 'system', id: 'citizen-graph-gateway', scopes: [] },
    actingFor: { cpr, basis: 'system-check', grants: [{ domain: 'citizen', actions: ['read'] }] },
    channel: 'DIGITAL_SELF_SERVICE',
    requestId: `system-check-${cpr}`,
    purpose: 'checked whether Karen may act for you',
  });

  it("system-reads-register-facts: the gateway's system actor reads parents and municipality for its custody check, and it is logged with the purpose", async () => {
    const { data, errors } = await citizen.graphql(
      'query ($cpr: CPR!) { citizen(cpr: $cpr) { parents { cpr } address { municipality { code } } } }',
      { cpr: FREJA },
      systemCheck(FREJA),
    );
    expect(errors).toBeUndefined();
    expect(data.citizen).toEqual({ parents: [{ cpr: KAREN }, { cpr: personaCpr('peter') }], address: { municipality: { code: '0751' } } });
    const logged = (await citizen.accessLog()).filter(
      (row: { subject_cpr: string; actor_role: string }) => row.subject_cpr === FREJA && row.actor_role === 'SYSTEM',
    );
    expect(logged).toEqual([expect.objectContaining({ domain: 'citizen', operation: 'checked whether Karen may act for you' })]);
  });

  it('system-identity-narrow: the system actor cannot read names, street or anyone but the one citizen its check is about', async () => {
    const names = await citizen.graphql('query ($cpr: CPR!) { citizen(cpr: $cpr) { name { full } birthDate } }', { cpr: FREJA }, systemCheck(FREJA));
    expect(names.data.citizen).toEqual({ name: null, birthDate: null });
    expect(codes(names.errors)).toEqual(['FORBIDDEN']);
    expect(names.errors).toHaveLength(2);
    const street = await citizen.graphql(
      'query ($cpr: CPR!) { citizen(cpr: $cpr) { address { street municipality { code } } } }',
      { cpr: FREJA },
      systemCheck(FREJA),
    );
    expect(codes(street.errors)).toContain('FORBIDDEN');
    expect(JSON.stringify(street.data)).not.toMatch(/gade|vej|Nørre/i);
    const other = await citizen.graphql('query ($cpr: CPR!) { citizen(cpr: $cpr) { parents { cpr } } }', { cpr: INGRID }, systemCheck(FREJA));
    expect(other.data.citizen).toEqual({ parents: null });
    expect(codes(other.errors)).toEqual(['FORBIDDEN']);
  });
});

describe('delegates', () => {
  it('delegate-with-grant: Mads with a citizen read grant from Ingrid reads her record', async () => {
    const delegate = delegateContext('mads', 'ingrid', [{ domain: 'citizen', actions: ['read'] }]);
    const { data, errors } = await citizen.graphql(`query ($cpr: CPR!) { citizen(cpr: $cpr) { name { full } address { city } } }`, { cpr: INGRID }, delegate);
    expect(errors).toBeUndefined();
    expect(data.citizen).toEqual({ name: { full: 'Ingrid Marie Holm' }, address: { city: 'Aarhus C' } });
  });

  it('delegate-without-grant: a housing-only grant gives no register data, and no register call; the citizen stays reachable by number', async () => {
    const delegate = delegateContext('mads', 'ingrid', [{ domain: 'housing', actions: ['read', 'file'], services: ['housing-benefit'] }]);
    const { data, errors } = await citizen.graphql('{ actingFor { cpr name { full } sex } }', {}, delegate);
    expect(data.actingFor).toEqual({ cpr: INGRID, name: null, sex: null });
    expect(codes(errors)).toEqual(['FORBIDDEN']);
    expect(citizen.standIn.calls()).toEqual([]);
  });

  it('delegate-without-grant: a grant from Ingrid gives nothing about anyone else (her daughter)', async () => {
    const delegate = delegateContext('mads', 'ingrid', [{ domain: 'citizen', actions: ['read'] }]);
    const { data, errors } = await citizen.graphql('{ actingFor { children { cpr name { full } } } }', {}, delegate);
    expect(data.actingFor.children).toEqual([{ cpr: KAREN, name: null }]);
    expect(codes(errors)).toEqual(['FORBIDDEN']);
    expect(citizen.lookups()).toEqual([[INGRID]]);
  });
});

describe('caseworkers', () => {
  const NAMES = 'query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { name { first } } }';
  const reasons = (errors: { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] | undefined) =>
    (errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.reason]);

  it('caseworker-own-caseload-reads: Aarhus reads its residents without naming them, in one register call', async () => {
    const { data, errors } = await citizen.graphql(NAMES, { cprs: [INGRID, KAREN] }, caseworkerContext('caseworker-aarhus'));
    expect(errors).toBeUndefined();
    expect(data.citizens).toEqual([{ name: { first: 'Ingrid' } }, { name: { first: 'Karen' } }]);
    expect(citizen.lookups()).toEqual([[INGRID, KAREN]]);
  });

  it('caseworker-other-municipality-refused: Aarhus gets nothing of a Læsø resident it does not serve', async () => {
    const { data, errors } = await citizen.graphql(NAMES, { cprs: [BENT, INGRID] }, caseworkerContext('caseworker-aarhus'));
    expect(data.citizens).toEqual([{ name: null }, { name: { first: 'Ingrid' } }]);
    expect(reasons(errors)).toEqual([['citizens.0.name', 'NOT_IN_CASELOAD']]);
    expect(errors![0].message).toMatch(/not a registered resident of Municipality 0751.*x-act-for/s);
  });

  it('caseworker-serving-named-citizen: named in x-act-for, Bent is read by Aarhus, and only he', async () => {
    const serving = caseworkerContext('caseworker-aarhus', { citizenId: 'bent' });
    const { data, errors } = await citizen.graphql(NAMES, { cprs: [BENT, MADS] }, serving);
    expect(data.citizens).toEqual([{ name: { first: 'Bent' } }, { name: null }]);
    expect(reasons(errors)).toEqual([['citizens.1.name', 'NOT_IN_CASELOAD']]);
  });

  it('national-authority-names-the-citizen: the tax agency reads no one unnamed, and asks the register nothing', async () => {
    const { data, errors } = await citizen.graphql(NAMES, { cprs: [BENT, INGRID] }, caseworkerContext('caseworker-tax'));
    expect(data.citizens).toEqual([{ name: null }, { name: null }]);
    expect(reasons(errors)).toEqual([
      ['citizens.0.name', 'CITIZEN_NOT_NAMED'],
      ['citizens.1.name', 'CITIZEN_NOT_NAMED'],
    ]);
    expect(citizen.standIn.calls()).toEqual([]);
    const named = await citizen.graphql(NAMES, { cprs: [BENT] }, caseworkerContext('caseworker-tax', { citizenId: 'bent' }));
    expect(named.data.citizens).toEqual([{ name: { first: 'Bent' } }]);
  });

  it('caseworker-without-scope: without citizen:read every field is FORBIDDEN and the register is not asked', async () => {
    const noScope = caseworkerContext('caseworker-aarhus', undefined, ['housing:read', 'housing:assist']);
    const { data, errors } = await citizen.graphql(
      'query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr name { first } birthDate } }',
      { cprs: [BENT, INGRID] },
      noScope,
    );
    expect(data.citizens).toEqual([
      { cpr: BENT, name: null, birthDate: null },
      { cpr: INGRID, name: null, birthDate: null },
    ]);
    expect(codes(errors)).toEqual(['FORBIDDEN']);
    expect(citizen.standIn.calls()).toEqual([]);
  });
});

describe('the access log', () => {
  it("access-log-written: a delegate's and a caseworker's reads are logged for the citizen read; a self read is not", async () => {
    const before = (await citizen.accessLog()).length;
    await citizen.graphql('query OwnRecord { me { name { full } } }', {}, selfContext('bent'));
    expect(await citizen.accessLog()).toHaveLength(before);

    const delegate = delegateContext('mads', 'ingrid', [{ domain: 'citizen', actions: ['read'] }]);
    await citizen.graphql('query GrandmotherAddress { actingFor { address { street } } }', {}, delegate);
    await citizen.graphql(
      `query CounterLookup { citizen(cpr: "${BENT}") { name { full } } }`,
      {},
      caseworkerContext('caseworker-aarhus', { citizenId: 'bent' }),
    );
    const rows = (await citizen.accessLog()).slice(before);
    expect(rows.map((r) => [r.subject_cpr, r.actor_role, r.domain, r.operation])).toEqual([
      [INGRID, 'DELEGATE', 'citizen', 'query GrandmotherAddress'],
      [BENT, 'CASEWORKER', 'citizen', 'query CounterLookup'],
    ]);
  });

  it('access-log-written: a forbidden read is not logged (nothing was read)', async () => {
    const before = (await citizen.accessLog()).length;
    await citizen.graphql(`{ citizen(cpr: "${BENT}") { name { full } } }`, {}, caseworkerContext('caseworker-aarhus', undefined, ['housing:read']));
    // Outside the caseload: the record was read to decide, but nothing left, so nothing is logged.
    await citizen.graphql(`{ citizen(cpr: "${BENT}") { name { full } } }`, {}, caseworkerContext('caseworker-aarhus'));
    expect(await citizen.accessLog()).toHaveLength(before);
  });
});

describe('when the access log cannot be written', () => {
  let down: CitizenTestService;
  beforeAll(async () => {
    down = await startCitizenForTests({ cache: false });
    await down.stopSelfservice();
  });
  afterAll(() => down.stop());

  it("access-log-down-fails-closed: a caseworker's read returns no data, only ACCESS_LOG_UNAVAILABLE", async () => {
    const response = await down.graphql(
      `{ citizen(cpr: "${BENT}") { name { full } address { street } } }`,
      {},
      caseworkerContext('caseworker-aarhus', { citizenId: 'bent' }),
    );
    expect(response.data).toBeNull();
    expect(codes(response.errors)).toEqual(['ACCESS_LOG_UNAVAILABLE']);
  });

  it("access-log-down-fails-closed: the citizen's own read needs no log and is answered", async () => {
    const response = await down.graphql('{ me { name { full } } }', {}, selfContext('bent'));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ me: { name: { full: 'Bent Knudsen' } } });
  });
});

describe('with the cache', () => {
  let cached: CitizenTestService;
  beforeAll(async () => {
    cached = await startCitizenForTests();
  });
  afterAll(() => cached.stop());

  it('second-query-zero-legacy-calls: the same query twice asks the register once', async () => {
    const query = `{ citizen(cpr: "${KAREN}") { name { full } children { cpr } } }`;
    const first = await cached.graphql(query, {}, caseworkerContext('caseworker-aarhus'));
    expect(cached.lookups()).toEqual([[KAREN]]);
    cached.standIn.resetCalls();
    const second = await cached.graphql(query, {}, caseworkerContext('caseworker-aarhus'));
    expect(second.data).toEqual(first.data);
    expect(cached.standIn.calls()).toEqual([]);
  });

  it('cached-but-forbidden: a cached citizen is still refused to a caller who may not read them', async () => {
    await cached.graphql(`{ citizen(cpr: "${INGRID}") { name { full } } }`, {}, caseworkerContext('caseworker-aarhus'));
    const { data, errors } = await cached.graphql(`{ citizen(cpr: "${INGRID}") { name { full } } }`, {}, selfContext('mads'));
    expect(data.citizen).toEqual({ name: null });
    expect(codes(errors)).toEqual(['FORBIDDEN']);
  });
});

describe('the caseload residences reported to the gateway (extensions.caseloadResidences)', () => {
  const NAMES = 'query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { name { first } } }';
  const reported = (response: object) => (response as { extensions?: Record<string, unknown> }).extensions?.[CASELOAD_RESIDENCES_EXTENSION];

  it('caseload-residences-reported: only the citizens served to the caseworker under the caseload rule, with their municipality', async () => {
    const list = await citizen.graphql(NAMES, { cprs: [INGRID, BENT, KAREN, MADS] }, caseworkerContext('caseworker-aarhus'));
    expect(reported(list)).toEqual({ [INGRID]: '0751', [KAREN]: '0751' });
    // An entity fetch (a query that started at another subgraph) reports the same way.
    const entities = await citizen.graphql(ENTITIES, { r: [...ref(INGRID), ...ref(BENT)] }, caseworkerContext('caseworker-aarhus'));
    expect(reported(entities)).toEqual({ [INGRID]: '0751' });
  });

  it('caseload-residences-not-reported: not for a citizen served by name, a national authority, a citizen or a delegate', async () => {
    const serving = await citizen.graphql(NAMES, { cprs: [BENT] }, caseworkerContext('caseworker-aarhus', { citizenId: 'bent' }));
    expect(serving.data.citizens).toEqual([{ name: { first: 'Bent' } }]);
    expect(reported(serving)).toBeUndefined();
    expect(reported(await citizen.graphql(NAMES, { cprs: [INGRID] }, caseworkerContext('caseworker-tax')))).toBeUndefined();
    const self = await citizen.graphql(NAMES, { cprs: [INGRID] }, selfContext('ingrid'));
    expect(self.data.citizens).toEqual([{ name: { first: 'Ingrid' } }]);
    expect(reported(self)).toBeUndefined();
    const delegate = delegateContext('mads', 'ingrid', [{ domain: 'citizen', actions: ['read'] }]);
    expect(reported(await citizen.graphql(NAMES, { cprs: [INGRID] }, delegate))).toBeUndefined();
  });
});

import { personaCpr } from '../../legacy/population';
import { caseworkerContext, delegateContext, selfContext } from '../../test/support/callerContexts';
import type { ReadThroughCache } from '../../platform';
import { clientReference } from '../kit/filing';
import { CLIENT_REFERENCE_WIDTH } from '../../domain/register/cprRecords';
import { startCitizenForTests, type CitizenTestService } from '../../test/support/citizenTestSupport';

const INGRID = personaCpr('ingrid');
const KAREN = personaCpr('karen');
const PETER = personaCpr('peter');
const MADS = personaCpr('mads');
const BENT = personaCpr('bent');

const CHANGE_ADDRESS = `mutation Move($input: ChangeAddressInput!, $key: ID!) {
  changeAddress(input: $input, idempotencyKey: $key) {
    reference channel exemptionUsed
    address { street houseNumber floor door postalCode city municipality { code name } movedIn }
    citizen { cpr }
  }
}`;
const ADDRESS_OF = 'query ($cpr: CPR!) { citizen(cpr: $cpr) { address { street houseNumber city movedIn } } }';

const move = (cpr: string, overrides: Record<string, unknown> = {}) => ({
  cpr,
  street: 'Sønder Allé',
  houseNumber: '7A',
  floor: '3',
  door: 'th',
  postalCode: '8000',
  city: 'Aarhus C',
  municipalityCode: '0751',
  movedIn: '2026-11-20',
  ...overrides,
});
const codes = (errors: { extensions?: Record<string, unknown> }[] | undefined) => [...new Set((errors ?? []).map((e) => e.extensions?.code))];
let keyCounter = 0;
const newKey = () => `move-${process.pid}-${Date.now()}-${++keyCounter}`;

let citizen: CitizenTestService;
beforeAll(async () => {
  citizen = await startCitizenForTests();
});
afterAll(() => citizen.stop());
beforeEach(() => citizen.standIn.resetCalls());

const writes = () => citizen.standIn.calls().filter((c) => c.operation === 'AddressChange');
const filings = async () => (await citizen.selfservice.filings()).rows;
const idempotencyRows = async () => (await citizen.idempotencySql.query('SELECT key FROM idempotency_keys')).rows;

describe('Mutation.changeAddress by the citizen', () => {
  it('citizen-moves-online: the register gets the move, the result says DIGITAL_SELF_SERVICE, the filing counts for uptake', async () => {
    const key = newKey();
    const { data, errors } = await citizen.graphql(CHANGE_ADDRESS, { input: move(KAREN, { street: 'Åboulevarden' }), key }, selfContext('karen'));
    expect(errors).toBeUndefined();
    const reference = clientReference(`changeAddress:persona:karen`, key, CLIENT_REFERENCE_WIDTH);
    expect(data.changeAddress).toEqual({
      reference,
      channel: 'DIGITAL_SELF_SERVICE',
      exemptionUsed: false,
      address: {
        street: 'Åboulevarden',
        houseNumber: '7A',
        floor: '3',
        door: 'th',
        postalCode: '8000',
        city: 'Aarhus C',
        municipality: { code: '0751', name: 'Aarhus' },
        movedIn: '2026-11-20',
      },
      citizen: { cpr: KAREN },
    });
    expect(writes()).toEqual([{ operation: 'AddressChange', keys: [KAREN] }]);
    const filed = (await filings()).filter((f) => f.reference === reference);
    expect(filed).toEqual([
      expect.objectContaining({ service: 'change-of-address', channel: 'DIGITAL_SELF_SERVICE', subject_cpr: KAREN, municipality_code: '0751' }),
    ]);
  });

  it('mutation-invalidates-cache: read, move, read: the second read shows the new address', async () => {
    const before = await citizen.graphql(ADDRESS_OF, { cpr: PETER }, selfContext('peter'));
    expect(before.data.citizen.address.street).not.toBe('Nørregade');
    const cachedRead = await citizen.graphql(ADDRESS_OF, { cpr: PETER }, selfContext('peter'));
    expect(cachedRead.data).toEqual(before.data);
    expect(citizen.lookups()).toEqual([[PETER]]); // the second read came from the cache
    await citizen.graphql(CHANGE_ADDRESS, { input: move(PETER, { street: 'Nørregade', houseNumber: '12' }), key: newKey() }, selfContext('peter'));
    const after = await citizen.graphql(ADDRESS_OF, { cpr: PETER }, selfContext('peter'));
    expect(after.data.citizen.address).toEqual({ street: 'Nørregade', houseNumber: '12', city: 'Aarhus C', movedIn: '2026-11-20' });
    expect(citizen.lookups()).toEqual([[PETER], [PETER]]);
  });

  it('retry-no-duplicate-filing: the same idempotency key 5 times at once moves the citizen once, same result each time', async () => {
    const key = newKey();
    const input = move(INGRID, { street: 'Rosenvænget', houseNumber: '3', floor: null, door: null });
    const results = await Promise.all(Array.from({ length: 5 }, () => citizen.graphql(CHANGE_ADDRESS, { input, key }, selfContext('ingrid'))));
    for (const result of results) expect(result.errors).toBeUndefined();
    expect(new Set(results.map((r) => JSON.stringify(r.data))).size).toBe(1);
    expect(results[0].data.changeAddress.address).toMatchObject({ street: 'Rosenvænget', floor: null, door: null });
    expect(writes()).toEqual([{ operation: 'AddressChange', keys: [INGRID] }]);
    const reference = results[0].data.changeAddress.reference;
    expect((await filings()).filter((f) => f.reference === reference)).toHaveLength(1);
  });

  it('retry-no-duplicate-filing: a retry after the first answered replays it without a register call', async () => {
    const key = newKey();
    const input = move(INGRID, { street: 'Klostergade', houseNumber: '1' });
    const first = await citizen.graphql(CHANGE_ADDRESS, { input, key }, selfContext('ingrid'));
    const retry = await citizen.graphql(CHANGE_ADDRESS, { input, key }, selfContext('ingrid'));
    expect(retry.data).toEqual(first.data);
    expect(citizen.standIn.calls().map((c) => c.operation)).toEqual(['AddressChange']);
  });

  it('idempotency-key-reused: the same key with another address is IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    const key = newKey();
    await citizen.graphql(CHANGE_ADDRESS, { input: move(INGRID, { street: 'Klostergade', houseNumber: '2' }), key }, selfContext('ingrid'));
    const reused = await citizen.graphql(CHANGE_ADDRESS, { input: move(INGRID, { street: 'Vestergade', houseNumber: '9' }), key }, selfContext('ingrid'));
    expect(reused.data).toEqual({ changeAddress: null });
    expect(codes(reused.errors)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(writes()).toHaveLength(1);
    const now = await citizen.graphql(ADDRESS_OF, { cpr: INGRID }, selfContext('ingrid'));
    expect(now.data.citizen.address.street).toBe('Klostergade');
  });

  it('other-citizen-move-forbidden: a citizen cannot move someone else, and nothing is written', async () => {
    const { data, errors } = await citizen.graphql(CHANGE_ADDRESS, { input: move(INGRID), key: newKey() }, selfContext('mads'));
    expect(data).toEqual({ changeAddress: null });
    expect(codes(errors)).toEqual(['FORBIDDEN']);
    expect(citizen.standIn.calls()).toEqual([]);
  });
});

describe('input the register cannot hold', () => {
  it.each([
    ['street longer than 40 characters', { street: 'x'.repeat(41) }, 'street'],
    ['house number longer than 4', { houseNumber: '112AB' }, 'houseNumber'],
    ['floor longer than 2', { floor: '12a' }, 'floor'],
    ['door longer than 4', { door: 'tv 12' }, 'door'],
    ['city longer than 20', { city: 'Aarhus C'.padEnd(21, 'x') }, 'city'],
    ['postal code not four digits', { postalCode: '800' }, 'postalCode'],
    ['municipality code not four digits', { municipalityCode: '751' }, 'municipalityCode'],
    ['text outside ISO-8859-1', { city: 'Łódź' }, 'city'],
    ['blank street', { street: '   ' }, 'street'],
  ])('invalid-input (%s): BAD_USER_INPUT naming the field, nothing written', async (_what, overrides, field) => {
    const { data, errors } = await citizen.graphql(CHANGE_ADDRESS, { input: move(BENT, overrides), key: newKey() }, selfContext('bent'));
    expect(data).toEqual({ changeAddress: null });
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [expect.objectContaining({ field })] });
    expect(citizen.standIn.calls()).toEqual([]);
  });

  it('decomposed-danish-letters: "å" typed as a + ring is composed into the one ISO-8859-1 letter', async () => {
    const { data, errors } = await citizen.graphql(CHANGE_ADDRESS, { input: move(BENT, { street: 'Va\u030angevej' }), key: newKey() }, selfContext('bent'));
    expect(errors).toBeUndefined();
    expect(data.changeAddress.address.street).toBe('Vångevej');
  });

  it('register-refuses-municipality: an unknown municipality code is BAD_USER_INPUT from the register, nothing stored for the key', async () => {
    const key = newKey();
    const { errors } = await citizen.graphql(CHANGE_ADDRESS, { input: move(BENT, { municipalityCode: '0999' }), key }, selfContext('bent'));
    expect(codes(errors)).toEqual(['BAD_USER_INPUT']);
    expect((await idempotencyRows()).map((r) => r.key)).not.toContain(key);
  });
});

describe('filing on behalf of a citizen', () => {
  it("delegate-files-with-file-grant: Mads files Ingrid's move under her power of attorney (DELEGATE, logged)", async () => {
    const before = (await citizen.accessLog()).length;
    const delegate = delegateContext('mads', 'ingrid', [{ domain: 'citizen', actions: ['file'], services: ['change-of-address'] }]);
    const { data, errors } = await citizen.graphql(CHANGE_ADDRESS, { input: move(INGRID, { street: 'Fredensgade' }), key: newKey() }, delegate);
    expect(errors).toBeUndefined();
    expect(data.changeAddress).toMatchObject({ channel: 'DELEGATE', exemptionUsed: false, address: { street: 'Fredensgade' } });
    const rows = (await citizen.accessLog()).slice(before);
    expect(rows.map((r) => [r.subject_cpr, r.actor_role, r.operation])).toEqual([[INGRID, 'DELEGATE', 'mutation changeAddress']]);
    expect((await filings()).filter((f) => f.reference === data.changeAddress.reference)).toEqual([expect.objectContaining({ channel: 'DELEGATE' })]);
  });

  it('delegate-without-file-grant-refused: a read-only (or other-service) power of attorney cannot file the move', async () => {
    for (const grants of [
      [{ domain: 'citizen' as const, actions: ['read' as const] }],
      [{ domain: 'citizen' as const, actions: ['file' as const], services: ['daycare'] }],
    ]) {
      const { data, errors } = await citizen.graphql(CHANGE_ADDRESS, { input: move(INGRID), key: newKey() }, delegateContext('mads', 'ingrid', grants));
      expect(data).toEqual({ changeAddress: null });
      expect(codes(errors)).toEqual(['FORBIDDEN']);
    }
    expect(citizen.standIn.calls()).toEqual([]);
  });

  it('assisted-filing-without-exemption: a caseworker cannot file a mandatory digital move for Ingrid: DIGITAL_SELF_SERVICE_REQUIRED, nothing written', async () => {
    const key = newKey();
    const caseworker = caseworkerContext('caseworker-aarhus', { citizenId: 'ingrid', exemptions: [] }, ['citizen:read', 'citizen:assist']);
    const { data, errors } = await citizen.graphql(CHANGE_ADDRESS, { input: move(INGRID), key }, caseworker);
    expect(data).toEqual({ changeAddress: null });
    expect(codes(errors)).toEqual(['DIGITAL_SELF_SERVICE_REQUIRED']);
    expect(errors![0].extensions).toMatchObject({ service: 'change-of-address', authority: 'municipality:0751' });
    expect(citizen.standIn.calls()).toEqual([]);
    expect((await idempotencyRows()).map((r) => r.key)).not.toContain(key);
  });

  it('assisted-filing-with-exemption: Bent (no internet at home) is served at the counter: exemptionUsed, ASSISTED, logged', async () => {
    const before = (await citizen.accessLog()).length;
    const caseworker = caseworkerContext(
      'caseworker-aarhus',
      {
        citizenId: 'bent',
        exemptions: [{ authorities: ['municipality:0825'], reason: 'NO_INTERNET_AT_HOME', validTo: null }],
      },
      ['citizen:read', 'citizen:assist'],
    );
    const { data, errors } = await citizen.graphql(
      CHANGE_ADDRESS,
      { input: move(BENT, { street: 'Byrum Hovedgade', postalCode: '9940', city: 'Læsø', municipalityCode: '0825' }), key: newKey() },
      caseworker,
    );
    expect(errors).toBeUndefined();
    expect(data.changeAddress).toMatchObject({
      channel: 'ASSISTED',
      exemptionUsed: true,
      address: { city: 'Læsø', municipality: { code: '0825', name: 'Læsø' } },
    });
    const rows = (await citizen.accessLog()).slice(before);
    expect(rows.map((r) => [r.subject_cpr, r.actor_role, r.operation])).toEqual([[BENT, 'CASEWORKER', 'mutation changeAddress']]);
    expect((await filings()).filter((f) => f.reference === data.changeAddress.reference)).toEqual([
      expect.objectContaining({ channel: 'ASSISTED', municipality_code: '0825' }),
    ]);
  });

  it('caseworker-without-assist-scope: citizen:read alone does not let a caseworker file', async () => {
    const caseworker = caseworkerContext(
      'caseworker-aarhus',
      { citizenId: 'bent', exemptions: [{ authorities: 'ALL', reason: 'NO_INTERNET_AT_HOME', validTo: null }] },
      ['citizen:read'],
    );
    const { errors } = await citizen.graphql(CHANGE_ADDRESS, { input: move(BENT), key: newKey() }, caseworker);
    expect(codes(errors)).toEqual(['FORBIDDEN']);
    expect(citizen.standIn.calls()).toEqual([]);
  });
});

describe('the register and the services around it', () => {
  it('unknown-citizen-not-found: a number the register does not know is NOT_FOUND; nothing is stored for the key, so a retry asks again', async () => {
    // Only the citizen themselves can file for a number nobody may read: a signed-in citizen the register does not know.
    const ghost = { ...selfContext('bent'), actor: { kind: 'citizen' as const, id: 'ghost', cpr: '0101010000', scopes: [] } };
    const key = newKey();
    for (let attempt = 0; attempt < 2; attempt++) {
      const { data, errors } = await citizen.graphql(CHANGE_ADDRESS, { input: move('0101010000'), key }, ghost);
      expect(data).toEqual({ changeAddress: null });
      expect(codes(errors)).toEqual(['NOT_FOUND']);
    }
    // The register answers the resent reference from memory (its 910), writing nothing.
    expect(citizen.standIn.calls().map((c) => c.operation)).toEqual(['AddressChange', 'AddressChangeReplay']);
    expect((await idempotencyRows()).map((r) => r.key)).not.toContain(key);
  });

  it('register-down-during-move: LEGACY_UNAVAILABLE naming cpr, and the key is free for a retry that succeeds', async () => {
    const key = newKey();
    const input = move(MADS, { street: 'Blågårdsgade' });
    citizen.standIn.setFaults({ down: true });
    try {
      const failed = await citizen.graphql(CHANGE_ADDRESS, { input, key }, selfContext('mads'));
      expect(failed.errors![0].extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', legacySystem: 'cpr' });
    } finally {
      citizen.standIn.setFaults({ down: false });
    }
    const retried = await citizen.graphql(CHANGE_ADDRESS, { input, key }, selfContext('mads'));
    expect(retried.errors).toBeUndefined();
    expect(retried.data.changeAddress.address.street).toBe('Blågårdsgade');
  });

  it('cache-down-after-write: the move succeeds when the cache cannot be invalidated (logged as a warning)', async () => {
    const warnings: string[] = [];
    const broken = await startCitizenForTests({
      runtime: (runtime) => {
        const cache = Object.create(runtime.cache!) as ReadThroughCache;
        cache.invalidate = async () => {
          throw new Error('redis unreachable');
        };
        return {
          ...runtime,
          cache,
          logger: {
            ...runtime.logger,
            warn: (message: string) => {
              warnings.push(message);
            },
          },
        };
      },
    });
    try {
      const { data, errors } = await broken.graphql(
        CHANGE_ADDRESS,
        { input: move(BENT, { street: 'Havnegade', postalCode: '9940', city: 'Læsø', municipalityCode: '0825' }), key: newKey() },
        selfContext('bent'),
      );
      expect(errors).toBeUndefined();
      expect(data.changeAddress.address.street).toBe('Havnegade');
      expect(warnings).toEqual(['changeAddress: cache invalidation failed; changed entries are served until their TTL']);
    } finally {
      await broken.stop();
    }
  });

  it("selfservice-down-after-write: the citizen's own move still succeeds; the uptake record is lost and logged", async () => {
    const errorsLogged: string[] = [];
    const down = await startCitizenForTests({
      runtime: (runtime) => ({
        ...runtime,
        logger: {
          ...runtime.logger,
          error: (message: string) => {
            errorsLogged.push(message);
          },
        },
      }),
    });
    try {
      await down.stopSelfservice();
      const { data, errors } = await down.graphql(
        CHANGE_ADDRESS,
        { input: move(BENT, { street: 'Østerby', postalCode: '9940', city: 'Læsø', municipalityCode: '0825' }), key: newKey() },
        selfContext('bent'),
      );
      expect(errors).toBeUndefined();
      expect(data.changeAddress.address.street).toBe('Østerby');
      expect(errorsLogged).toContain('changeAddress: the write was made but recording the filing for uptake failed');
      expect(down.standIn.calls().map((c) => c.operation)).toEqual(['AddressChange']);
    } finally {
      await down.stop();
    }
  });
});

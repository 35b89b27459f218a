import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../gateway/identity/devIssuer';
import { personaCpr } from '../../legacy/population';
import { PinnedClock } from '../../platform/clock';
import { FilingStore } from '../../subgraphs/selfservice/filings/filingStore';
import { startTestStack, type TestStack } from '../support/testStack';

/**
 * The mandatory-digital policy, end to end through the gateway: who may read and file what for
 * whom (self, delegate, custody, caseworker), the exemption rule for assisted filings, the
 * access log, and the identity edge (forged, expired, alg none, no signed context).
 */
const INGRID = personaCpr('ingrid');
const BENT = personaCpr('bent');
const FREJA = personaCpr('freja');

const HOUSING =
  'query Housing($cpr: CPR!) { citizen(cpr: $cpr) { name { full } housingBenefit { status } preliminaryIncomeAssessment(year: 2026) { status } } }';
const APPLY = `mutation Apply($input: HousingBenefitApplicationInput!, $key: ID!) {
  applyForHousingBenefit(input: $input, idempotencyKey: $key) { application { applicationNumber status } channel exemptionUsed } }`;
const application = (cpr: string) => ({
  cpr,
  dwellingType: 'RENTED_APARTMENT',
  monthlyRentKroner: '4500.00',
  areaSquareMetres: 60,
  residents: 1,
  annualHouseholdIncomeKroner: '150000.00',
});
const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

describe('policy matrix through the gateway', () => {
  let stack: TestStack;
  // The whole stack runs on this one pinned clock; a test that needs a later day moves it.
  const TODAY = '2026-11-26';
  const clock = new PinnedClock(TODAY);
  beforeAll(async () => {
    stack = await startTestStack({ clock });
    const granted = await stack.as('ingrid')(
      `mutation { grantDelegation(input: { holderCpr: "${personaCpr('mads')}", services: ["housing-benefit"], actions: [READ, FILE], validTo: "2027-06-30" }, idempotencyKey: "ingrid-mads-1") { id status } }`,
    );
    expect(granted.body.errors).toBeUndefined();
    // Bent's own municipality (Læsø) grants it, serving him at the counter.
    const exempted = await stack.as(
      'caseworker-laesoe',
      BENT,
    )(`mutation { grantExemption(input: { citizenCpr: "${BENT}", reason: NO_INTERNET_AT_HOME }, idempotencyKey: "bent-exemption-1") { id status validTo } }`);
    expect(exempted.body.errors).toBeUndefined();
  }, 60_000);
  afterAll(() => stack?.stop());
  afterEach(() => clock.set(TODAY));

  it('citizen-self: Ingrid reads her own housing benefit and tax', async () => {
    const { body } = await stack.as('ingrid')(HOUSING, { cpr: INGRID });
    expect(body.errors).toBeUndefined();
    expect(body.data!.citizen.housingBenefit.status).toBe('GRANTED');
  });

  it('citizen-reads-other-citizen: Karen without x-act-for gets no data of her mother', async () => {
    const { body } = await stack.as('karen')(HOUSING, { cpr: INGRID });
    expect(body.data!.citizen.name).toBeNull();
    expect(body.data!.citizen.housingBenefit).toBeNull();
    expect(codes(body)).toEqual(expect.arrayContaining(['FORBIDDEN']));
  });

  it('delegate-with-scope: Mads acting for Ingrid reads her housing benefit, not her tax, and it is logged', async () => {
    const { body } = await stack.as('mads', INGRID)(HOUSING, { cpr: INGRID });
    expect(body.data!.citizen.housingBenefit.status).toBe('GRANTED');
    expect(body.data!.citizen.preliminaryIncomeAssessment).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['citizen', 'preliminaryIncomeAssessment'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    const log = await stack.as('ingrid')('{ me { accessLog(first: 50) { edges { node { actorRole domain operation } } } } }');
    expect(log.body.data!.me.accessLog.edges.map((e: any) => e.node)).toContainEqual(expect.objectContaining({ actorRole: 'DELEGATE', domain: 'HOUSING' }));
  });

  it("delegate-cannot-read-grantor-log: Mads may not read Ingrid's access log", async () => {
    const { body } = await stack.as('mads', INGRID)('query($cpr: CPR!) { citizen(cpr: $cpr) { accessLog { edges { node { at } } } } }', { cpr: INGRID });
    expect(body.data!.citizen.accessLog).toBeNull();
    expect(codes(body)).toContain('FORBIDDEN');
  });

  it('delegate-without-delegation: Karen naming Ingrid in x-act-for is refused with 403', async () => {
    const { status, body } = await stack.as('karen', INGRID)(HOUSING, { cpr: INGRID });
    expect(status).toBe(403);
    expect(codes(body)).toEqual(['FORBIDDEN']);
  });

  it('delegate-expired: after the delegation ends, Mads is refused', async () => {
    clock.set('2027-07-01');
    const { status, body } = await stack.as('mads', INGRID)(HOUSING, { cpr: INGRID });
    expect(status).toBe(403);
    expect(codes(body)).toEqual(['FORBIDDEN']);
  });

  it('parent-custody: Karen acts for Freja (12) without a delegation', async () => {
    const { body } = await stack.as('karen', FREJA)('query($cpr: CPR!) { citizen(cpr: $cpr) { name { first } benefitClaims { type } } }', { cpr: FREJA });
    expect(body.errors).toBeUndefined();
    expect(body.data!.citizen.name.first).toBe('Freja');
  });

  it("caseworker-with-scope and caseworker-without-scope: housing yes (Ingrid is in Aarhus's caseload), tax no", async () => {
    const { body } = await stack.as('caseworker-aarhus')(HOUSING, { cpr: INGRID });
    expect(body.data!.citizen.housingBenefit.status).toBe('GRANTED');
    expect(body.data!.citizen.preliminaryIncomeAssessment).toBeNull();
    expect(codes(body)).toEqual(['FORBIDDEN']);
  });

  it("assisted-filing-without-exemption: a caseworker cannot file Ingrid's housing benefit at the counter", async () => {
    const before = stack.standIns.housing.calls().filter((c) => c.operation === 'IndgivAnsoegning').length;
    const { body } = await stack.as('caseworker-aarhus', INGRID)(APPLY, { input: application(INGRID), key: 'cw-ingrid-1' });
    expect(codes(body)).toEqual(['DIGITAL_SELF_SERVICE_REQUIRED']);
    expect(body.errors![0].message).toMatch(/exemption/);
    expect(stack.standIns.housing.calls().filter((c) => c.operation === 'IndgivAnsoegning').length).toBe(before);
  });

  it('assisted-filing-with-exemption: Bent (no internet at home) is served at the counter, and his log says so', async () => {
    const { body } = await stack.as('caseworker-aarhus', BENT)(APPLY, { input: application(BENT), key: 'cw-bent-1' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.applyForHousingBenefit).toMatchObject({ channel: 'ASSISTED', exemptionUsed: true, application: { status: 'PENDING' } });
    const log = await stack.as('bent')('{ me { accessLog(first: 50) { edges { node { actorRole domain operation } } } } }');
    expect(log.body.data!.me.accessLog.edges.map((e: any) => e.node)).toContainEqual(
      expect.objectContaining({ actorRole: 'CASEWORKER', domain: 'HOUSING', operation: 'mutation applyForHousingBenefit' }),
    );
  });

  it("assisted-filing-expired-exemption: once Bent's exemption has run out, the counter must refuse", async () => {
    clock.set('2029-01-02');
    const { body } = await stack.as('caseworker-aarhus', BENT)(APPLY, { input: application(BENT), key: 'cw-bent-2' });
    expect(codes(body)).toEqual(['DIGITAL_SELF_SERVICE_REQUIRED']);
  });

  it('delegate-files-for-grantor and retry-storm-no-duplicate-filing: ten concurrent retries make one application', async () => {
    const before = stack.standIns.housing.calls().filter((c) => c.operation === 'IndgivAnsoegning').length;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => stack.as('mads', INGRID)(APPLY, { input: application(INGRID), key: 'mads-for-ingrid-1' })),
    );
    const numbers = new Set(results.map((r) => r.body.data?.applyForHousingBenefit?.application.applicationNumber));
    expect(results.every((r) => !r.body.errors)).toBe(true);
    expect(numbers.size).toBe(1);
    expect(results[0].body.data!.applyForHousingBenefit.channel).toBe('DELEGATE');
    expect(stack.standIns.housing.calls().filter((c) => c.operation === 'IndgivAnsoegning').length - before).toBe(1);
  });

  it('uptake: the analyst sees the filings by channel, small cells suppressed; a citizen may not', async () => {
    const query = `{ uptake(from: "${TODAY}", to: "${TODAY}") { services { serviceCode filings { delegate assisted digitalSelfService suppressed } } } }`;
    const housingOf = async () => {
      const { body } = await stack.as('analyst')(query);
      expect(body.errors).toBeUndefined();
      return body.data!.uptake.services.find((s: any) => s.serviceCode === 'housing-benefit');
    };
    // Mads's filing for Ingrid and Bent's at the counter: one citizen each, suppressed (null), through the gateway too.
    expect((await housingOf()).filings).toMatchObject({ delegate: null, assisted: null, suppressed: true });
    // Five more citizens in each channel: exact counts.
    const filings = new FilingStore(stack.storeSql);
    const channels = ['DIGITAL_SELF_SERVICE', 'DELEGATE', 'ASSISTED'] as const;
    for (const [c, channel] of channels.entries()) {
      for (let i = 0; i < 5; i++) {
        await filings.record({
          reference: `matrix-${channel}-${i}`,
          service: 'housing-benefit',
          channel,
          municipalityCode: '0751',
          subjectCpr: `0303${70 + c}${String(1000 + i)}`,
          filedAt: `${TODAY}T10:00:00.000Z`,
        });
      }
    }
    expect((await housingOf()).filings).toMatchObject({ delegate: 6, assisted: 6, suppressed: false });
    const denied = await stack.as('ingrid')(query);
    expect(codes(denied.body)).toContain('FORBIDDEN');
  });

  it('caseworker-without-assist-scope: a tax caseworker cannot file housing benefit even for an exempt citizen', async () => {
    const { body } = await stack.as('caseworker-tax', BENT)(APPLY, { input: application(BENT), key: 'cwtax-bent-1' });
    expect(codes(body)).toEqual(['FORBIDDEN']);
  });

  it('delegate-revoked: once Ingrid revokes the power of attorney, Mads is refused', async () => {
    const mine = await stack.as('ingrid')('{ me { delegationsGranted(activeOnly: true) { id } } }');
    const [delegation] = mine.body.data!.me.delegationsGranted;
    const revoked = await stack.as('ingrid')(
      `mutation { revokeDelegation(input: { delegationId: "${delegation.id}" }, idempotencyKey: "revoke-1") { status } }`,
    );
    expect(revoked.body.data!.revokeDelegation.status).toBe('REVOKED');
    const { status, body } = await stack.as('mads', INGRID)(HOUSING, { cpr: INGRID });
    expect(status).toBe(403);
    expect(codes(body)).toEqual(['FORBIDDEN']);
  });

  it('subgraph-without-signed-context: _entities called directly on a subgraph is UNAUTHENTICATED', async () => {
    const response = await fetch(stack.subgraphs.housing.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { housingBenefit { status } } } }',
        variables: { r: [{ __typename: 'Citizen', cpr: INGRID }] },
      }),
    });
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(response.status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  describe('identity edge', () => {
    // Lifetimes relative to the pinned clock, so only the flaw under test can make a token fail.
    const inFiveMinutes = () => Math.floor(clock.now().getTime() / 1000) + 300;
    const post = (token: string) => stack.graphql('{ me { name { full } } }', undefined, { authorization: `Bearer ${token}` });

    it('forged-token: signed by a key the gateway does not trust', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const token = await new SignJWT({ nin: INGRID, role: 'citizen' })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject('x')
        .setExpirationTime(inFiveMinutes())
        .sign(privateKey);
      const { status, body } = await post(token);
      expect(status).toBe(401);
      expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    });

    it('expired-token', async () => {
      const token = await stack.devIssuer.mint({ id: 'ingrid', kind: 'citizen', name: 'Ingrid', cpr: INGRID, description: '' }, -120);
      const { status, body } = await post(token);
      expect(status).toBe(401);
      expect(body.errors![0].message).toMatch(/expired/);
    });

    it('alg-none: an unsigned token is refused', async () => {
      const token = new UnsecuredJWT({ nin: INGRID, role: 'citizen' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject('x')
        .setExpirationTime(inFiveMinutes())
        .encode();
      const { status, body } = await post(token);
      expect(status).toBe(401);
      expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    });

    it('no-token: introspection and the public catalogue run anonymously; personal data is 401 UNAUTHENTICATED', async () => {
      expect((await stack.graphql('{ __schema { queryType { name } } }')).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const catalogue = await stack.graphql('{ services { code } }');
      expect([catalogue.status, catalogue.body.errors]).toEqual([200, undefined]);
      const { status, body } = await stack.graphql('{ me { name { full } } }');
      expect(status).toBe(401);
      expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    });
  });
});

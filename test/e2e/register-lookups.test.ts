import { randomUUID } from 'node:crypto';
import { CALLER_CONTEXT_HEADER, CASELOAD_RESIDENCES_EXTENSION, type CallerContext, signCallerContext } from '../../domain/caller';
import { personaCpr } from '../../legacy/population';
import { requestTime } from '../../platform/clock';
import { startTestStack, type TestStack } from '../support/testStack';

/**
 * The gateway's own register lookups, counted where they land: requests the citizen subgraph
 * answered (its graphql_requests_total, by operation name), over real HTTP through the whole stack.
 * A caseworker's caseload residences come from the register's answer to the query itself
 * (extensions.caseloadResidences, never passed to the client); a citizen's own municipality is
 * asked only when they file (a mutation), not on every read.
 */
const INGRID = personaCpr('ingrid'); // Aarhus 0751
const MADS = personaCpr('mads'); // Copenhagen 0101

const CASEWORKER_READ = `query CaseworkerOverview($cpr: CPR!) { citizen(cpr: $cpr) { name { full } address { city }
  housingBenefit { status } benefitPayments(first: 3) { totalCount } } }`;
const SELF_READ = 'query SelfOverview { me { name { full } housingBenefit { status } } }';
const MOVE = 'mutation Move($input: ChangeAddressInput!, $key: ID!) { changeAddress(input: $input, idempotencyKey: $key) { reference } }';

describe("the gateway's register lookups, only where the data needs them", () => {
  let stack: TestStack;

  /** Requests the citizen subgraph answered so far, by operation name. */
  const citizenRequests = async (): Promise<Record<string, number>> => {
    const metric = stack.metrics.citizen.getSingleMetric('graphql_requests_total');
    const counts: Record<string, number> = {};
    for (const value of (await metric!.get()).values) {
      const operation = String(value.labels.operation);
      counts[operation] = (counts[operation] ?? 0) + value.value;
    }
    return counts;
  };
  /** Requests the citizen subgraph answered while `work` ran: in all, and by operation name. */
  const counted = async <T>(work: () => Promise<T>) => {
    const before = await citizenRequests();
    const result = await work();
    const after = await citizenRequests();
    const byOperation: Record<string, number> = {};
    for (const [operation, n] of Object.entries(after)) if (n > (before[operation] ?? 0)) byOperation[operation] = n - (before[operation] ?? 0);
    return { result, byOperation, total: Object.values(byOperation).reduce((a, b) => a + b, 0) };
  };

  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);
  afterAll(() => stack?.stop());

  describe("a caseworker's caseload", () => {
    it('caseworker-residences-from-register-answer: citizen(cpr:) with housing and benefits makes exactly one call to the citizen subgraph', async () => {
      const caseworker = stack.as('caseworker-aarhus');
      await caseworker('{ __typename }'); // the token's first use, out of the count
      const { result, byOperation, total } = await counted(() => caseworker(CASEWORKER_READ, { cpr: INGRID }));
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data!.citizen).toEqual({
        name: { full: 'Ingrid Marie Holm' },
        address: { city: expect.any(String) },
        housingBenefit: { status: 'GRANTED' },
        benefitPayments: { totalCount: expect.any(Number) },
      });
      expect(byOperation).toEqual({ CaseworkerOverview__citizen__0: 1 });
      expect(total).toBe(1);
    });

    it('caseload-residences-extension-not-in-response: the citizen subgraph reports the residences; the gateway keeps them to itself', async () => {
      const { status, body } = await stack.as('caseworker-aarhus')(CASEWORKER_READ, { cpr: INGRID });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.extensions?.[CASELOAD_RESIDENCES_EXTENSION]).toBeUndefined();
      expect(JSON.stringify(body)).not.toContain(CASELOAD_RESIDENCES_EXTENSION);

      // The same query asked of the citizen subgraph itself, in the caseworker's name: the extension is there.
      const requestId = `residences-${randomUUID()}`;
      const caller: CallerContext = {
        actor: { kind: 'caseworker', id: 'persona:caseworker-aarhus', authority: 'municipality:0751', scopes: ['citizen:read'] },
        channel: 'ASSISTED',
        requestId,
        ...requestTime(stack.clock),
      };
      const context = await signCallerContext(caller, stack.contextKeys.privateKey!, { audience: 'citizen', operation: 'query' });
      const response = await fetch(stack.subgraphs.citizen.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId, [CALLER_CONTEXT_HEADER]: context },
        body: JSON.stringify({ query: 'query Direct($cpr: CPR!) { citizen(cpr: $cpr) { name { full } } }', variables: { cpr: INGRID } }),
      });
      const direct = (await response.json()) as { data?: unknown; extensions?: Record<string, unknown> };
      expect(direct.extensions?.[CASELOAD_RESIDENCES_EXTENSION]).toEqual({ [INGRID]: '0751' });
    });

    it('caseload-residences-not-for-others: a citizen outside the caseload is still refused, register and housing alike', async () => {
      const { body } = await stack.as('caseworker-copenhagen')(CASEWORKER_READ, { cpr: INGRID });
      expect(body.data!.citizen).toEqual({ name: null, address: null, housingBenefit: null, benefitPayments: null });
      const reasons = new Set((body.errors ?? []).map((e) => `${e.path?.join('.')} ${e.extensions?.code} ${e.extensions?.reason}`));
      expect(reasons).toEqual(
        new Set([
          'citizen.name FORBIDDEN NOT_IN_CASELOAD',
          'citizen.address FORBIDDEN NOT_IN_CASELOAD',
          'citizen.housingBenefit FORBIDDEN NOT_IN_CASELOAD',
          'citizen.benefitPayments FORBIDDEN NOT_IN_CASELOAD',
        ]),
      );
      expect(JSON.stringify(body)).not.toContain(CASELOAD_RESIDENCES_EXTENSION);
    });
  });

  describe("a citizen's own municipality", () => {
    it('self-read-no-municipality-lookup: a citizen reading their own data costs no register-facts call', async () => {
      // Her first request (the gateway caches register answers): her name for access logs is asked, her municipality is not.
      const ingrid = stack.as('ingrid');
      const first = await counted(() => ingrid(SELF_READ));
      expect(first.result.body.errors).toBeUndefined();
      expect(first.result.body.data!.me.name.full).toBe('Ingrid Marie Holm');
      expect(first.byOperation).toEqual({ GatewayActorName: 1, SelfOverview__citizen__0: 1 });
      const again = await counted(() => ingrid(SELF_READ));
      expect(again.byOperation).toEqual({ SelfOverview__citizen__0: 1 });
      expect(again.total).toBe(1);
    });

    it('self-filing-carries-municipality: a citizen filing for themselves still has the filing counted under their municipality', async () => {
      const input = {
        cpr: MADS,
        street: 'Nørrebrogade',
        houseNumber: '10',
        postalCode: '2200',
        city: 'København N',
        municipalityCode: '0101',
        movedIn: '2026-11-20',
      };
      const { result, byOperation } = await counted(() => stack.as('mads')(MOVE, { input, key: `self-filing-${randomUUID()}` }));
      expect(result.body.errors).toBeUndefined();
      const reference = result.body.data!.changeAddress.reference as string;
      // His first request: the register is asked for his municipality once, for the mutation's contexts.
      expect(byOperation.GatewayRegisterFacts).toBe(1);
      const filed = await stack.storeSql.query<{ municipality_code: string; subject_cpr: string }>(
        'SELECT municipality_code, subject_cpr FROM filings WHERE reference = $1',
        [reference],
      );
      expect(filed.rows).toEqual([{ municipality_code: '0101', subject_cpr: MADS }]);
    });
  });
});

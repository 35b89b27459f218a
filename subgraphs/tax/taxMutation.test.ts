import { randomUUID } from 'node:crypto';
import { personaCpr } from '../../legacy/population';
import { caseworkerContext, delegateContext, selfContext } from '../../test/support/callerContexts';
import type { Grant } from '../../domain/caller/types';
import { parseServiceCatalogue, serviceCatalogue } from '../../domain/catalogue/catalogue';
import type { Logger } from '../../platform';
import { PRELIMINARY_INCOME_SERVICE } from './changePreliminaryIncome';
import { CHANGE_MUTATION, startTaxHarness, type GraphQLAnswer, type TaxHarness } from '../../test/support/taxTestSupport';

const [karen, peter, mads, freja, bent] = ['karen', 'peter', 'mads', 'freja', 'bent'].map(personaCpr);
const FILE_TAX: Grant[] = [{ domain: 'tax', actions: ['file'], services: [PRELIMINARY_INCOME_SERVICE] }];

let harness: TaxHarness;
beforeAll(async () => {
  // A short agency timeout, so the lost-answer test is quick.
  harness = await startTaxHarness({ cache: false, legacyTimeoutMs: 500 });
}, 30_000);
afterAll(() => harness.stop());
beforeEach(() => {
  harness.standIn.resetCalls();
  harness.standIn.setFaults({ latencyMs: 0 });
});

type As = Parameters<TaxHarness['graphql']>[2];
const change = (input: Record<string, unknown>, as: As, key: string = randomUUID(), graphql = harness.graphql) => graphql(CHANGE_MUTATION, { input, key }, as);
const changesOf = (cpr: string) => harness.standIn.incomeChanges().filter((c) => c.cpr === cpr);
const submitCalls = () => harness.standIn.calls().filter((c) => c.operation === 'SubmitIncomeChange');
const filingsOf = async (cpr: string) => (await harness.test.selfservice.filings()).rows.filter((row) => row.subject_cpr === cpr);
const accessLogOf = async (cpr: string) => (await harness.test.selfservice.accessLog()).rows.filter((row) => row.subject_cpr === cpr);
const codes = (answer: GraphQLAnswer) => answer.errors?.map((e) => e.extensions.code);

/** The same catalogue with the service made mandatory digital self-service, as housing benefit is. */
const MANDATORY_CATALOGUE = parseServiceCatalogue({
  version: 'test-mandatory',
  effectiveDate: '2015-01-01',
  services: serviceCatalogue().services.map((s) => (s.code === PRELIMINARY_INCOME_SERVICE ? { ...s, mandatoryDigitalSince: '2015-01-01', wave: 4 } : s)),
});

describe('changePreliminaryIncome: filing', () => {
  it('a citizen changes their own expected salary; the receipt and the updated assessment come back', async () => {
    const answer = await change({ cpr: karen, year: 2026, expectedSalary: '455000.50', reason: 'New job from 1 March' }, selfContext('karen'));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.changePreliminaryIncome).toEqual({
      receipt: {
        changeId: expect.stringMatching(/^FS-2026-\d{6}$/),
        incomeYear: 2026,
        expectedSalary: { ore: '45500050', kroner: '455000.50' },
        reason: 'New job from 1 March',
        receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      },
      citizen: { cpr: karen },
      assessment: { incomeYear: 2026, expectedSalary: { kroner: '455000.50' }, status: 'CHANGED_BY_CITIZEN', lastChangeReason: 'New job from 1 March' },
      channel: 'DIGITAL_SELF_SERVICE',
      exemptionUsed: false,
    });
    expect(changesOf(karen)).toHaveLength(1);
    expect(await filingsOf(karen)).toEqual([
      expect.objectContaining({
        service: PRELIMINARY_INCOME_SERVICE,
        channel: 'DIGITAL_SELF_SERVICE',
        municipality_code: '0751',
        reference: expect.stringContaining(answer.data!.changePreliminaryIncome.receipt.changeId),
      }),
    ]);
    // The citizen's own change is not a third-party access.
    expect(await accessLogOf(karen)).toEqual([]);
  });

  it('retry-no-duplicate-filing: the same idempotency key five times at once files one change, and all five get the same result', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => change({ cpr: peter, year: 2027, expectedSalary: '512000' }, selfContext('peter'), key)));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const results = answers.map((a) => a.data!.changePreliminaryIncome);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(submitCalls()).toHaveLength(1);
    expect(changesOf(peter).filter((c) => c.year === 2027)).toHaveLength(1);
    expect(await filingsOf(peter)).toHaveLength(1);
  });

  it('retry-after-lost-answer: the agency filed the change but the answer timed out; the retry gets that receipt and nothing is filed twice', async () => {
    const key = randomUUID();
    harness.standIn.setFaults({ latencyMs: 800 });
    const lost = await change({ cpr: mads, year: 2026, expectedSalary: '300000' }, selfContext('mads'), key);
    expect(codes(lost)).toEqual(['LEGACY_TIMEOUT']);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the agency finishes filing it
    expect(changesOf(mads)).toHaveLength(1);

    harness.standIn.setFaults({ latencyMs: 0 });
    const retried = await change({ cpr: mads, year: 2026, expectedSalary: '300000' }, selfContext('mads'), key);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.changePreliminaryIncome.receipt.changeId).toBe(changesOf(mads)[0].changeId);
    expect(changesOf(mads)).toHaveLength(1);
    expect(submitCalls()).toHaveLength(2);
  });

  it('idempotency-key-reused: the same key with a different change is IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
    const key = randomUUID();
    const first = await change({ cpr: peter, year: 2026, expectedSalary: '600000' }, selfContext('peter'), key);
    expect(first.errors).toBeUndefined();
    harness.standIn.resetCalls();
    const reused = await change({ cpr: peter, year: 2026, expectedSalary: '700000' }, selfContext('peter'), key);
    expect(reused.data?.changePreliminaryIncome ?? null).toBeNull();
    expect(codes(reused)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(submitCalls()).toEqual([]);
    // The same amount written differently is the same request: a replay, not a reuse.
    const replay = await change({ cpr: peter, year: 2026, expectedSalary: '600000.00' }, selfContext('peter'), key);
    expect(replay.data!.changePreliminaryIncome).toEqual(first.data!.changePreliminaryIncome);
  });

  it('keys belong to the caller: two citizens using the same key each file their own change', async () => {
    const key = randomUUID();
    const fromBent = await change({ cpr: bent, year: 2026, expectedSalary: '1000' }, selfContext('bent'), key);
    const fromKaren = await change({ cpr: karen, year: 2027, expectedSalary: '2000' }, selfContext('karen'), key);
    expect([fromBent.errors, fromKaren.errors]).toEqual([undefined, undefined]);
    expect(fromBent.data!.changePreliminaryIncome.receipt.changeId).not.toBe(fromKaren.data!.changePreliminaryIncome.receipt.changeId);
  });
});

describe('changePreliminaryIncome: who may file', () => {
  it('assisted-change-not-mandatory-digital: a tax caseworker (tax:assist) files at the counter without an exemption', async () => {
    const answer = await change({ cpr: bent, year: 2027, expectedSalary: '12000' }, caseworkerContext('caseworker-tax', { citizenId: 'bent' }));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.changePreliminaryIncome).toMatchObject({
      channel: 'ASSISTED',
      exemptionUsed: false,
      assessment: { expectedSalary: { kroner: '12000.00' } },
    });
    expect((await accessLogOf(bent)).map((row) => [row.actor_role, row.domain, row.operation])).toContainEqual([
      'CASEWORKER',
      'tax',
      'mutation changePreliminaryIncome',
    ]);
    const { changeId } = answer.data!.changePreliminaryIncome.receipt;
    expect((await filingsOf(bent)).filter((row) => String(row.reference).includes(changeId))).toEqual([
      expect.objectContaining({ channel: 'ASSISTED', municipality_code: '0825' }),
    ]);
  });

  it('a caseworker without tax:assist is FORBIDDEN and nothing is filed', async () => {
    const answer = await change({ cpr: karen, year: 2025, expectedSalary: '1' }, caseworkerContext('caseworker-aarhus', { citizenId: 'karen' }));
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(harness.standIn.calls()).toEqual([]);
  });

  it("a citizen may not change another citizen's assessment", async () => {
    const answer = await change({ cpr: karen, year: 2025, expectedSalary: '1' }, selfContext('peter'));
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(harness.standIn.calls()).toEqual([]);
  });

  it('delegate-files-with-file-grant: files for the grantor; the assessment stays hidden without a read grant', async () => {
    const fileOnly = await change({ cpr: karen, year: 2025, expectedSalary: '400000' }, delegateContext('mads', 'karen', FILE_TAX));
    expect(fileOnly.data!.changePreliminaryIncome).toMatchObject({
      channel: 'DELEGATE',
      exemptionUsed: false,
      assessment: null,
      receipt: { incomeYear: 2025 },
    });
    expect(fileOnly.errors).toEqual([
      expect.objectContaining({ path: ['changePreliminaryIncome', 'assessment'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    expect((await accessLogOf(karen)).map((row) => [row.actor_role, row.operation])).toContainEqual(['DELEGATE', 'mutation changePreliminaryIncome']);

    const fileAndRead = await change(
      { cpr: karen, year: 2025, expectedSalary: '410000' },
      delegateContext('mads', 'karen', [{ domain: 'tax', actions: ['read', 'file'] }]),
    );
    expect(fileAndRead.errors).toBeUndefined();
    expect(fileAndRead.data!.changePreliminaryIncome.assessment).toMatchObject({ expectedSalary: { kroner: '410000.00' } });
  });

  it('delegate-without-file-grant-refused: a read-only grant, or a filing grant for another service, is FORBIDDEN and files nothing', async () => {
    const readOnly = await change({ cpr: karen, year: 2025, expectedSalary: '1' }, delegateContext('mads', 'karen', [{ domain: 'tax', actions: ['read'] }]));
    const otherService = await change(
      { cpr: karen, year: 2025, expectedSalary: '1' },
      delegateContext('mads', 'karen', [{ domain: 'tax', actions: ['file'], services: ['annual-tax-statement'] }]),
    );
    expect([codes(readOnly), codes(otherService)]).toEqual([['FORBIDDEN'], ['FORBIDDEN']]);
    expect(harness.standIn.calls()).toEqual([]);
  });
});

describe('changePreliminaryIncome: mandatory digital self-service (a catalogue where the service is mandatory)', () => {
  let mandatory: Awaited<ReturnType<TaxHarness['another']>>;
  beforeAll(async () => {
    mandatory = await harness.another({ catalogue: MANDATORY_CATALOGUE });
  });

  it('assisted-filing-without-exemption: DIGITAL_SELF_SERVICE_REQUIRED, and nothing is written anywhere', async () => {
    const filingsBefore = (await harness.test.selfservice.filings()).rows.length;
    const answer = await change(
      { cpr: peter, year: 2025, expectedSalary: '1' },
      caseworkerContext('caseworker-tax', { citizenId: 'peter' }),
      randomUUID(),
      mandatory.graphql,
    );
    expect(codes(answer)).toEqual(['DIGITAL_SELF_SERVICE_REQUIRED']);
    expect(answer.errors![0].extensions).toMatchObject({ service: PRELIMINARY_INCOME_SERVICE, authority: 'agency:tax' });
    expect(harness.standIn.calls()).toEqual([]);
    expect((await harness.test.selfservice.filings()).rows).toHaveLength(filingsBefore);
  });

  it('an exemption for another authority does not cover the tax agency', async () => {
    const exemptions = [{ authorities: ['municipality:0751'], reason: 'NO_INTERNET', validTo: null }];
    const answer = await change(
      { cpr: peter, year: 2025, expectedSalary: '1' },
      caseworkerContext('caseworker-tax', { citizenId: 'peter', exemptions }),
      randomUUID(),
      mandatory.graphql,
    );
    expect(codes(answer)).toEqual(['DIGITAL_SELF_SERVICE_REQUIRED']);
    expect(harness.standIn.calls()).toEqual([]);
  });

  it('assisted-filing-with-exemption: goes through, exemptionUsed true, and the access log has the caseworker', async () => {
    const exemptions = [{ authorities: ['agency:tax'], reason: 'DISABILITY', validTo: null }];
    const answer = await change(
      { cpr: peter, year: 2025, expectedSalary: '250000' },
      caseworkerContext('caseworker-tax', { citizenId: 'peter', exemptions }),
      randomUUID(),
      mandatory.graphql,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.changePreliminaryIncome).toMatchObject({ channel: 'ASSISTED', exemptionUsed: true });
    expect((await accessLogOf(peter)).map((row) => [row.actor_role, row.operation])).toContainEqual(['CASEWORKER', 'mutation changePreliminaryIncome']);
  });

  it('the citizen filing online needs no exemption', async () => {
    const answer = await change({ cpr: peter, year: 2025, expectedSalary: '260000' }, selfContext('peter'), randomUUID(), mandatory.graphql);
    expect(answer.data!.changePreliminaryIncome).toMatchObject({ channel: 'DIGITAL_SELF_SERVICE', exemptionUsed: false });
  });
});

describe('changePreliminaryIncome: refused input and failures', () => {
  it.each(['12,50', '1e5', '-100', '100.123', '', 'abc', ' ', '1000000000.01', '1 000'])(
    'bad-amount: expectedSalary %j is BAD_USER_INPUT and the agency is not asked',
    async (amount) => {
      const answer = await change({ cpr: karen, year: 2026, expectedSalary: amount }, selfContext('karen'));
      expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors![0].extensions.argument).toBe('input.expectedSalary');
      expect(harness.standIn.calls()).toEqual([]);
    },
  );

  it('accepts the largest amount the agency takes', async () => {
    const answer = await change({ cpr: karen, year: 2027, expectedSalary: '1000000000' }, selfContext('karen'));
    expect(answer.data!.changePreliminaryIncome.receipt.expectedSalary.kroner).toBe('1000000000.00');
  });

  it.each([
    ['a reason over 500 characters', { reason: 'x'.repeat(501) }, 'input.reason'],
    ['a reason with a control character', { reason: 'bell \u0007' }, 'input.reason'],
    ['an absurd year', { year: 1999 }, 'input.year'],
  ])('refuses %s with BAD_USER_INPUT before the agency is asked', async (_, override, argument) => {
    const answer = await change({ cpr: karen, year: 2026, expectedSalary: '1', ...override }, selfContext('karen'));
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(answer.errors![0].extensions.argument).toBe(argument);
    expect(harness.standIn.calls()).toEqual([]);
  });

  it('agency-refuses: a child has no assessment (FS-1005), a year the agency does not keep is FS-1001', async () => {
    const child = await change({ cpr: freja, year: 2026, expectedSalary: '1' }, selfContext('freja'));
    expect(child.errors![0].extensions).toMatchObject({ code: 'LEGACY_ERROR', legacySystem: 'tax', legacyFaultCode: 'FS-1005' });
    const oldYear = await change({ cpr: karen, year: 2020, expectedSalary: '1' }, selfContext('karen'));
    expect(oldYear.errors![0].extensions).toMatchObject({ code: 'LEGACY_ERROR', legacyFaultCode: 'FS-1001' });
  });

  it('a refused change does not use up its key: after the agency is back, the retry files it', async () => {
    const key = randomUUID();
    harness.standIn.setFaults({ down: true });
    const down = await change({ cpr: bent, year: 2025, expectedSalary: '5000' }, selfContext('bent'), key);
    expect(codes(down)).toEqual(['LEGACY_UNAVAILABLE']);
    harness.standIn.setFaults({ down: false });
    const retried = await change({ cpr: bent, year: 2025, expectedSalary: '5000' }, selfContext('bent'), key);
    expect(retried.errors).toBeUndefined();
    expect(changesOf(bent).filter((c) => c.year === 2025)).toHaveLength(1);
  });

  it('uptake-record-lost: if the filing cannot be recorded for uptake, the change is still made and returned, and the loss is logged', async () => {
    const errors: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn() {}, error: (message) => errors.push(message) };
    const broken = await harness.another({
      logger,
      selfservice: {
        recordAccess: (token, entries) => harness.test.runtime.selfservice.recordAccess(token, entries),
        recordFiling: async () => {
          throw new Error('selfservice down');
        },
      },
    });
    const answer = await change({ cpr: mads, year: 2027, expectedSalary: '333000' }, selfContext('mads'), randomUUID(), broken.graphql);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.changePreliminaryIncome.receipt.expectedSalary.kroner).toBe('333000.00');
    expect(changesOf(mads).filter((c) => c.year === 2027)).toHaveLength(1);
    expect(errors).toEqual([expect.stringContaining('recording the filing for uptake failed')]);
  });
});

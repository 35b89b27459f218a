import { installBenefitsDatabase } from '../../legacy/benefits/install';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { openThrowawaySchema, type RecordedQuery, type SqlClient } from '../../platform/sql';
import { BenefitsRepository } from './benefitsRepository';
import { toBenefitApplication } from './mapping';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const INGRID = personaCpr('ingrid');
const KAREN = personaCpr('karen');

describe('BenefitsRepository against PostgreSQL', () => {
  let sql: SqlClient;
  let repository: BenefitsRepository;
  const recorded: RecordedQuery[] = [];

  beforeAll(async () => {
    sql = await openThrowawaySchema({ system: 'benefits', databaseUrl: DATABASE_URL, prefix: 'benefits_repo', onQuery: (q) => recorded.push(q) });
    await installBenefitsDatabase(sql, generatePopulation());
    repository = new BenefitsRepository(sql);
  });
  afterAll(() => sql.close());
  beforeEach(() => {
    recorded.length = 0;
  });

  it('insertApplication stores an application as received, text kept verbatim as data', async () => {
    const text = "Ansøgning om folkepension'; DROP TABLE YDL_ANS; -- æøå";
    const { application, created } = await repository.insertApplication({
      cpr: INGRID,
      type: 'STATE_PENSION',
      receivedOn: '2026-11-26',
      text,
      channel: 'ASSISTED',
    });
    expect(created).toBe(true);
    expect(toBenefitApplication(application)).toEqual({
      id: expect.stringMatching(/^\d+$/),
      cpr: INGRID,
      type: 'STATE_PENSION',
      receivedOn: '2026-11-26',
      status: 'RECEIVED',
      text,
      channel: 'ASSISTED',
      reference: null,
    });
    expect(recorded[0].params).toEqual([INGRID, 'F', '20261126', text, 'P', null]);
    expect((await repository.applicationsByCprs([INGRID])).get(INGRID)?.map((a) => a.ans_id)).toEqual([application.ans_id]);
  });

  it('insertApplication with a reference is idempotent: a retry returns the first application', async () => {
    const first = await repository.insertApplication({
      cpr: KAREN,
      type: 'CHILD_BENEFIT',
      receivedOn: '2026-11-20',
      text: 'første',
      channel: 'DIGITAL',
      reference: 'req-42',
    });
    const retry = await repository.insertApplication({
      cpr: KAREN,
      type: 'CHILD_BENEFIT',
      receivedOn: '2026-11-21',
      text: 'anden',
      channel: 'DIGITAL',
      reference: 'req-42',
    });
    expect(first.created).toBe(true);
    expect(retry).toEqual({ application: first.application, created: false });
    expect((await repository.applicationsByCprs([KAREN])).get(KAREN)).toHaveLength(1);
  });

  it('insertApplication refuses values the legacy columns cannot hold, before sending anything', async () => {
    await expect(repository.insertApplication({ cpr: '12345', type: 'STATE_PENSION', receivedOn: '2026-11-26', text: '', channel: 'DIGITAL' })).rejects.toThrow(
      /cpr must be ten digits/,
    );
    await expect(
      repository.insertApplication({ cpr: INGRID, type: 'STATE_PENSION', receivedOn: '2026-11-26', text: 'x'.repeat(2001), channel: 'DIGITAL' }),
    ).rejects.toThrow(/at most 2000/);
    await expect(repository.insertApplication({ cpr: INGRID, type: 'STATE_PENSION', receivedOn: '26-11-2026', text: '', channel: 'DIGITAL' })).rejects.toThrow(
      /YYYY-MM-DD/,
    );
    expect(recorded).toEqual([]);
  });

  it('answers many page requests in one statement, each page in its own order', async () => {
    const pages = await repository.paymentPagesByCitizen([
      { cpr: INGRID, typeCode: null, after: null, limit: 3 },
      { cpr: KAREN, typeCode: 'B', after: null, limit: 2 },
      { cpr: '0000000000', typeCode: null, after: null, limit: 5 },
      { cpr: INGRID, typeCode: null, after: { date: '20260101', id: '0' }, limit: 2 },
    ]);
    expect(recorded).toHaveLength(1);
    expect(pages.map((p) => p.length)).toEqual([3, 2, 0, 2]);
    expect(pages[3].every((p) => p.udb_dto < '20260101')).toBe(true);
    const dates = pages[0].map((p) => p.udb_dto);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CALLER_CONTEXT_HEADER, generateContextKeys, signCallerContext } from '../../../domain/caller';
import { PinnedClock } from '../../../platform/clock';
import { stamped } from '../../../test/support/callerContexts';
import { UNWIRED_REGISTER } from '../../../test/support/selfserviceForTests';
import { silentLogger } from '../../../platform/logger';
import { openSqlClient } from '../../../platform/sql';
import { migrate } from './migrate';
import { buildSelfserviceSubgraph } from '../server';
import { asCitizen, GRANT_EXEMPTION, personaCpr, servingCitizen, TEST_NOW } from '../../../test/support/selfserviceTestSupport';

const bent = personaCpr('bent');

describe('embedded store (PGlite on disk)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'selfservice-pglite-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('pglite-restart: migrates on start, and an exemption survives a restart', async () => {
    const keys = await generateContextKeys();
    const clock = new PinnedClock(TEST_NOW);
    const start = async () => {
      const sql = await openSqlClient({ system: 'selfservice', dataDir: path.join(dataDir, 'selfservice') });
      return buildSelfserviceSubgraph({ sql, logger: silentLogger, contextPublicKey: keys.publicKey, services: [], register: UNWIRED_REGISTER, clock }).listen(
        0,
      );
    };
    const gql = async (url: string, query: string, variables: unknown, context: Parameters<typeof stamped>[0]) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CALLER_CONTEXT_HEADER]: await signCallerContext(stamped(context, clock), keys.privateKey!, { audience: 'selfservice', operation: 'mutation' }),
          'x-request-id': context.requestId,
        },
        body: JSON.stringify({ query, variables }),
      });
      return res.json() as Promise<{ data?: any; errors?: unknown[] }>;
    };

    const first = await start();
    const granted = await gql(
      first.url,
      GRANT_EXEMPTION,
      { input: { citizenCpr: bent, reason: 'NO_INTERNET_AT_HOME', openEnded: true }, key: 'pglite-1' },
      servingCitizen(bent),
    );
    expect(granted.errors).toBeUndefined();
    const retried = await gql(
      first.url,
      GRANT_EXEMPTION,
      { input: { citizenCpr: bent, reason: 'NO_INTERNET_AT_HOME', openEnded: true }, key: 'pglite-1' },
      servingCitizen(bent),
    );
    expect(retried.data).toEqual(granted.data);
    await first.stop();

    const second = await start();
    try {
      const read = await gql(
        second.url,
        `query($cpr: CPR!) { _entities(representations: [{ __typename: "Citizen", cpr: $cpr }]) { ... on Citizen { exemptions { active { id validTo } } } } }`,
        { cpr: bent },
        asCitizen(bent),
      );
      expect(read.data._entities[0].exemptions.active).toEqual([{ id: granted.data.grantExemption.id, validTo: null }]);
    } finally {
      await second.stop();
    }

    // The second start found the store current.
    const sql = await openSqlClient({ system: 'selfservice', dataDir: path.join(dataDir, 'selfservice') });
    try {
      expect((await migrate(sql)).applied).toEqual([]);
      const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM exemptions');
      expect(rows[0].n).toBe(1);
    } finally {
      await sql.close();
    }
  });
});

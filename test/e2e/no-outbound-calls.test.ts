import { randomUUID } from 'node:crypto';
import { personaCpr } from '../../legacy/population';
import { recordOutbound } from '../support/outboundRecorder';
import { rawRequest } from '../support/edgeGateway';
import { startTestStack, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/testStack';

const OVERVIEW =
  'query Overview($cpr: CPR!) { citizen(cpr: $cpr) { name { full } address { city } preliminaryIncomeAssessment(year: 2026) { status } housingBenefit { status } } }';
// What an operator might have in the environment for other tools; none of it may switch reporting on.
const APOLLO_ENV = { APOLLO_KEY: 'service:citizen-graph:not-a-real-key', APOLLO_GRAPH_REF: 'citizen-graph@current', APOLLO_SCHEMA_REPORTING: 'true' };

describe('the stack calls nothing it was not configured to call', () => {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const name of [...Object.keys(APOLLO_ENV), 'APOLLO_TELEMETRY_DISABLED']) saved[name] = process.env[name];
    Object.assign(process.env, APOLLO_ENV);
    delete process.env.APOLLO_TELEMETRY_DISABLED;
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('no-outbound-calls: start, queries, the landing page and stop make no connection and no DNS lookup beyond loopback, even with APOLLO_KEY set', async () => {
    const outbound = recordOutbound([new URL(TEST_DATABASE_URL).hostname, new URL(TEST_REDIS_URL).hostname]);
    try {
      const stack = await startTestStack({ gateway: { redisUrl: TEST_REDIS_URL, redisKeyPrefix: `test:outbound:${randomUUID()}:` } });
      try {
        const own = await stack.as('ingrid')(OVERVIEW, { cpr: personaCpr('ingrid') });
        expect(own.body.errors).toBeUndefined();
        expect(own.body.data!.citizen.name.full).toBe('Ingrid Marie Holm');
        expect((await stack.graphql('{ __typename }')).status).toBe(200);
        const landing = await rawRequest(stack.gatewayUrl, { method: 'GET', headers: { accept: 'text/html' } });
        expect(landing.status).toBe(200);
      } finally {
        await stack.stop();
      }
      // Cloud-metadata probes and telemetry exports run in the background: give them time to show.
      await new Promise((resolve) => setTimeout(resolve, 2000));
    } finally {
      outbound.stop();
    }
    expect(outbound.attempts).toEqual([]);
  }, 60_000);
});

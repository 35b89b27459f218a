import { personaCpr } from '../../legacy/population';
import type { TestStack } from './testStack';

/**
 * For tests of what concurrent requests share (test/e2e/self-read-sharing.test.ts,
 * test/e2e/inbound-sharing.test.ts): send several at once, keep them in flight together by slowing
 * the legacy stand-ins, and read what the access log holds for them. Nothing here measures time.
 */

/** `count` calls of `one`, started at once. */
export function inParallel<T>(count: number, one: () => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, one));
}

/** Runs `work` while the register, tax and housing stand-ins answer after `latencyMs`, so requests sent together overlap. */
export async function whileStandInsSlow<T>(stack: TestStack, latencyMs: number, work: () => Promise<T>): Promise<T> {
  const standIns = [stack.standIns.cpr, stack.standIns.tax, stack.standIns.housing];
  for (const standIn of standIns) standIn.setFaults({ latencyMs });
  try {
    return await work();
  } finally {
    for (const standIn of standIns) standIn.setFaults({ latencyMs: 0 });
  }
}

/** The entries in a citizen's access log written for these requests, from the store. */
export async function accessLogFor(
  stack: TestStack,
  subject: string,
  requestIds: readonly string[],
): Promise<{ actorRole: string; domain: string; requestId: string }[]> {
  const { rows } = await stack.storeSql.query<{ actorRole: string; domain: string; requestId: string }>(
    'SELECT actor_role AS "actorRole", domain, request_id AS "requestId" FROM access_log WHERE subject_cpr = $1 AND request_id = ANY($2)',
    [subject, [...requestIds]],
  );
  return rows;
}

const GRANT = `mutation Grant($input: GrantDelegationInput!, $key: ID!) { grantDelegation(input: $input, idempotencyKey: $key) { id status } }`;

/** Ingrid grants Mads a power of attorney to read her housing benefit (the delegate in these tests). */
export async function ingridGrantsMadsHousing(stack: TestStack, idempotencyKey: string): Promise<void> {
  const granted = await stack.as('ingrid')(GRANT, {
    input: { holderCpr: personaCpr('mads'), services: ['housing-benefit'], actions: ['READ'], validTo: '2027-06-30' },
    key: idempotencyKey,
  });
  if (granted.body.errors) throw new Error(`the grant failed: ${JSON.stringify(granted.body.errors)}`);
}

import { createHash } from 'node:crypto';
import type { Channel, Domain } from './caller/types';
import { messageOf } from './errors';
import type { Logger } from './logger';
import type { SubgraphRequestContext } from './requestContext';
import type { SelfserviceClient } from './selfserviceClient';

/**
 * The reference a legacy write carries so the legacy system itself files once per attempt:
 * the same (scope, key) always gives the same reference, and it says nothing about the citizen.
 */
export function clientReference(scope: string, idempotencyKey: string, width = 32): string {
  return createHash('sha256').update(`${scope}\n${idempotencyKey}`).digest('hex').slice(0, width);
}

export interface FinishFilingInput {
  readonly logger: Logger;
  readonly selfservice: Pick<SelfserviceClient, 'recordFiling'>;
  readonly ctx: Pick<SubgraphRequestContext, 'access' | 'callerToken' | 'caller' | 'requestId'>;
  readonly domain: Domain;
  /** The GraphQL mutation's name, for the access log. */
  readonly mutation: string;
  /** Removes the cache entries the write changed. */
  readonly invalidate: () => Promise<void>;
  readonly filing: { service: string; subjectCpr: string; reference: string; channel: Channel };
}

/**
 * What follows every legacy write, also on a replayed retry (each step is idempotent, so a retry
 * heals a step the first attempt lost): forget cached entries, note the access for the citizen's
 * log, record the filing for the uptake figures. The write has happened, so a failing step is
 * logged, never thrown: cache entries then expire by TTL; the uptake record waits for a retry.
 */
export async function finishFiling(input: FinishFilingInput): Promise<void> {
  const { logger, ctx, filing } = input;
  try {
    await input.invalidate();
  } catch (error) {
    logger.warn(`${input.mutation}: cache invalidation failed; changed entries are served until their TTL`, { message: messageOf(error), requestId: ctx.requestId });
  }
  ctx.access.record(filing.subjectCpr, input.domain, `mutation ${input.mutation}`);
  try {
    await input.selfservice.recordFiling(ctx.callerToken, {
      service: filing.service,
      channel: filing.channel,
      municipalityCode: ctx.caller.subjectMunicipalityCode ?? '0000',
      subjectCpr: filing.subjectCpr,
      // The request's instant: the filing is dated the day it was judged on.
      filedAt: ctx.caller.at,
      reference: filing.reference,
    });
  } catch (error) {
    logger.error(`${input.mutation}: the write was made but recording the filing for uptake failed`, { message: messageOf(error), reference: filing.reference, requestId: ctx.requestId });
  }
}

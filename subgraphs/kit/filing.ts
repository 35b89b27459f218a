import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { ACCESS_LOG_UNAVAILABLE } from './accessLog';
import type { Channel, Domain } from '../../domain/caller/types';
import { messageOf } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { SubgraphRequestContext } from './requestContext';
import type { SelfserviceClient } from '../selfservice/client/selfserviceClient';

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

export interface FilingIntent {
  readonly selfservice: Pick<SelfserviceClient, 'recordAccess'>;
  readonly ctx: Pick<SubgraphRequestContext, 'access' | 'callerToken'>;
  readonly domain: Domain;
  readonly mutation: string;
  readonly subjectCpr: string;
}

/**
 * Write-ahead: before a delegate, custodian or caseworker changes a citizen's data in a legacy
 * system, the entry is in the citizen's log. If the log cannot be written, nothing is filed
 * (ACCESS_LOG_UNAVAILABLE), so no change is ever made that the citizen cannot see.
 */
export async function logFilingIntent(intent: FilingIntent): Promise<void> {
  const entry = intent.ctx.access.entryFor(intent.subjectCpr, intent.domain, `mutation ${intent.mutation}`);
  if (!entry) return;
  try {
    await intent.selfservice.recordAccess(intent.ctx.callerToken, [entry]);
  } catch {
    throw new GraphQLError('Nothing was filed: the access log could not be written first; please try again.', { extensions: { code: ACCESS_LOG_UNAVAILABLE } });
  }
  intent.ctx.access.markWritten(entry);
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
    logger.warn(`${input.mutation}: cache invalidation failed; changed entries are served until their TTL`, {
      message: messageOf(error),
      requestId: ctx.requestId,
    });
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
    logger.error(`${input.mutation}: the write was made but recording the filing for uptake failed`, {
      message: messageOf(error),
      reference: filing.reference,
      requestId: ctx.requestId,
    });
  }
}

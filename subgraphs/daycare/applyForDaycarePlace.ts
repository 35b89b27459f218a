import { ageOn, assertFilingAllowed, type Channel, isIsoDate, parseCpr } from '../../domain';
import { badUserInput, toGraphQLError } from '../../platform';
import { clientReference, finishFiling, logFilingIntent, type SubgraphRuntime } from '../kit';
import type { DaycareContext } from './context';
import type { DaycareSubmission } from './records';
import type { DaycareClient } from './daycareClient';
import { DAYCARE_KINDS } from './loaders';
import { DAYCARE_SYSTEM, offerCode, toFiled } from './mapping';
import type { DaycareFiled, DaycareOffer } from './types';

/** The catalogue service this mutation files (domain/catalogue/services.json; the registry's "files"). */
export const DAYCARE_SERVICE = 'daycare';
const MUTATION = 'applyForDaycarePlace';

export type FilingDeps = Pick<SubgraphRuntime, 'cache' | 'catalogue' | 'idempotency' | 'selfservice' | 'logger'> & { readonly client: DaycareClient };

/**
 * Daycare is for children under 15, the age to which parents act for their children by custody
 * (the gateway's CUSTODY_AGE_LIMIT, gateway/identity/resolveCallerContext.ts).
 */
export const DAYCARE_AGE_LIMIT = 15;

/** How far ahead a place may be applied for. */
const MAX_YEARS_AHEAD = 2;

export interface DaycarePlaceApplicationInput {
  readonly childCpr: string;
  readonly offer: DaycareOffer;
  readonly wantedFrom: string;
}

/** What the mutation returns (and what a retry with the same idempotency key gets back). */
export interface DaycareFilingResult extends DaycareFiled {
  readonly child: { readonly cpr: string };
  readonly channel: Channel;
  readonly exemptionUsed: boolean;
}

/**
 * The applyForDaycarePlace resolver, as every filing mutation of the graph (parents file for
 * their children under 15: custody is resolved by the gateway from the register; the child must
 * be under 15 here too, whoever files): authorize under the
 * mandatory-digital rule (domain/caller/filingRule.ts), write the access-log entry ahead of the
 * write, file once per idempotency key (and once per client reference in the daycare system), then
 * drop the stale cache entries, note the access and record the filing through selfservice.
 * Checks of the input beyond the CPR number go before logFilingIntent; the fields the system
 * needs go into the submission (records.ts) and the input type (schema.graphql).
 */
export function createApplyForDaycarePlace(deps: FilingDeps) {
  return async (_root: unknown, args: { input: DaycarePlaceApplicationInput; idempotencyKey: string }, ctx: DaycareContext): Promise<DaycareFilingResult> => {
    const { childCpr: cpr, offer, wantedFrom } = args.input;
    const { exemptionUsed } = assertFilingAllowed({ ctx: ctx.caller, cpr, serviceCode: DAYCARE_SERVICE, catalogue: deps.catalogue, today: ctx.today });
    assertChildUnderLimit(cpr, ctx.today);
    assertWantedFrom(wantedFrom, ctx.today);
    const scope = `${MUTATION}:${ctx.caller.actor.id}`;
    await logFilingIntent({ selfservice: deps.selfservice, ctx, domain: 'daycare', mutation: MUTATION, subjectCpr: cpr });

    const result = await deps.idempotency.run({ scope, key: args.idempotencyKey, input: { cpr, offer, wantedFrom }, at: ctx.at }, async () => {
      // The write is outside the transaction, so the daycare system files once per reference too.
      const submission = {
        cpr,
        clientReference: clientReference(scope, args.idempotencyKey),
        offer: offerCode(offer),
        wantedStart: wantedFrom.replace(/-/g, ''),
      };
      const receipt = await fileOnce(deps.client, submission);
      return { ...receipt, child: { cpr }, channel: ctx.caller.channel, exemptionUsed: exemptionUsed !== undefined } satisfies DaycareFilingResult;
    });

    // Also on a replay: if the first attempt stopped after its write, this finishes the job (each step is idempotent).
    await finishFiling({
      logger: deps.logger,
      selfservice: deps.selfservice,
      ctx,
      domain: 'daycare',
      mutation: MUTATION,
      invalidate: async () => {
        await deps.cache?.invalidate(DAYCARE_SYSTEM, DAYCARE_KINDS.record, [cpr]);
      },
      filing: { service: DAYCARE_SERVICE, subjectCpr: cpr, reference: result.reference, channel: result.channel },
    });
    return result;
  };
}

function assertChildUnderLimit(cpr: string, today: string): void {
  const parsed = parseCpr(cpr);
  if (!parsed.ok || ageOn(parsed.value.birthDate, today) >= DAYCARE_AGE_LIMIT) {
    throw badUserInput(`A daycare place is applied for a child under ${DAYCARE_AGE_LIMIT}; this citizen is ${DAYCARE_AGE_LIMIT} or over.`, {
      field: 'childCpr',
    });
  }
}

function assertWantedFrom(wantedFrom: string, today: string): void {
  const latest = `${Number(today.slice(0, 4)) + MAX_YEARS_AHEAD}${today.slice(4)}`;
  if (!isIsoDate(wantedFrom) || wantedFrom < today || wantedFrom > latest) {
    throw badUserInput(`wantedFrom must be a date from today (${today}) to ${latest}.`, { field: 'wantedFrom' });
  }
}

async function fileOnce(client: DaycareClient, submission: DaycareSubmission): Promise<DaycareFiled> {
  try {
    return toFiled(await client.submit(submission));
  } catch (error) {
    throw toGraphQLError(error);
  }
}

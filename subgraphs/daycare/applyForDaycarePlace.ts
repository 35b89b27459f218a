import { assertFilingAllowed, type Channel } from '../../domain';
import { toGraphQLError } from '../../platform';
import { clientReference, finishFiling, logFilingIntent, type SubgraphRuntime } from '../kit';
import type { DaycareContext } from './context';
import type { DaycareClient } from './daycareClient';
import { DAYCARE_KINDS } from './loaders';
import { DAYCARE_SYSTEM, toFiled } from './mapping';
import type { DaycareFiled } from './types';

/** The catalogue service this mutation files (domain/catalogue/services.json; the registry's "files"). */
export const DAYCARE_SERVICE = 'daycare';
const MUTATION = 'applyForDaycarePlace';

export type FilingDeps = Pick<SubgraphRuntime, 'cache' | 'catalogue' | 'idempotency' | 'selfservice' | 'logger'> & { readonly client: DaycareClient };

export interface DaycareFilingInput {
  readonly cpr: string;
}

/** What the mutation returns (and what a retry with the same idempotency key gets back). */
export interface DaycareFilingResult extends DaycareFiled {
  readonly citizen: { readonly cpr: string };
  readonly channel: Channel;
  readonly exemptionUsed: boolean;
}

/**
 * The applyForDaycarePlace resolver, as every filing mutation of the graph: authorize under the
 * mandatory-digital rule (domain/caller/filingRule.ts), write the access-log entry ahead of the
 * write, file once per idempotency key (and once per client reference in the daycare system), then
 * drop the stale cache entries, note the access and record the filing through selfservice.
 * Checks of the input beyond the CPR number go before logFilingIntent; the fields the system
 * needs go into the submission (records.ts) and the input type (schema.graphql).
 */
export function createApplyForDaycarePlace(deps: FilingDeps) {
  return async (_root: unknown, args: { input: DaycareFilingInput; idempotencyKey: string }, ctx: DaycareContext): Promise<DaycareFilingResult> => {
    const { cpr } = args.input;
    const { exemptionUsed } = assertFilingAllowed({ ctx: ctx.caller, cpr, serviceCode: DAYCARE_SERVICE, catalogue: deps.catalogue, today: ctx.today });
    const scope = `${MUTATION}:${ctx.caller.actor.id}`;
    await logFilingIntent({ selfservice: deps.selfservice, ctx, domain: 'daycare', mutation: MUTATION, subjectCpr: cpr });

    const result = await deps.idempotency.run({ scope, key: args.idempotencyKey, input: { cpr }, at: ctx.at }, async () => {
      // The write is outside the transaction, so the daycare system files once per reference too.
      const receipt = await fileOnce(deps.client, cpr, clientReference(scope, args.idempotencyKey));
      return { ...receipt, citizen: { cpr }, channel: ctx.caller.channel, exemptionUsed: exemptionUsed !== undefined } satisfies DaycareFilingResult;
    });

    // Also on a replay: if the first attempt stopped after its write, this finishes the job (each step is idempotent).
    await finishFiling({
      logger: deps.logger, selfservice: deps.selfservice, ctx, domain: 'daycare', mutation: MUTATION,
      invalidate: async () => { await deps.cache?.invalidate(DAYCARE_SYSTEM, DAYCARE_KINDS.record, [cpr]); },
      filing: { service: DAYCARE_SERVICE, subjectCpr: cpr, reference: result.reference, channel: result.channel },
    });
    return result;
  };
}

async function fileOnce(client: DaycareClient, cpr: string, reference: string): Promise<DaycareFiled> {
  try {
    return toFiled(await client.submit({ cpr, clientReference: reference }));
  } catch (error) {
    throw toGraphQLError(error);
  }
}

import { assertFilingAllowed, type Channel } from '../../domain';
import { badUserInput, LegacyError, toGraphQLError } from '../../platform';
import { clientReference, finishFiling, logFilingIntent, type SubgraphRuntime } from '../kit';
import { filingFingerprint, type HousingBenefitApplicationInput, readApplicationInput } from './applicationInput';
import { invalidateAfterFiling } from './cacheInvalidation';
import type { HousingContext } from './context';
import type { HousingClient } from './housingClient';
import type { HousingBenefitApplication, HousingBenefitApplicationFiling } from './types';

export const HOUSING_BENEFIT_SERVICE = 'housing-benefit';
const MUTATION = 'applyForHousingBenefit';

export type FilingDeps = Pick<SubgraphRuntime, 'cache' | 'catalogue' | 'idempotency' | 'selfservice' | 'logger'> & { readonly client: HousingClient };

/** What the mutation returns (and what a retry with the same idempotency key gets back). */
export interface HousingBenefitApplicationResult {
  readonly application: HousingBenefitApplication;
  readonly citizen: { readonly cpr: string };
  readonly channel: Channel;
  readonly exemptionUsed: boolean;
}

/**
 * The applyForHousingBenefit resolver: authorize (and the mandatory-digital rule), check the
 * input, file once per idempotency key, then drop the stale cache entries, note the access and
 * record the filing for the uptake figures.
 */
export function createApplyForHousingBenefit(deps: FilingDeps) {
  return async (
    _root: unknown,
    args: { input: HousingBenefitApplicationInput; idempotencyKey: string },
    ctx: HousingContext,
  ): Promise<HousingBenefitApplicationResult> => {
    const { cpr } = args.input;
    const { exemptionUsed } = assertFilingAllowed({ ctx: ctx.caller, cpr, serviceCode: HOUSING_BENEFIT_SERVICE, catalogue: deps.catalogue, today: ctx.today });
    const filing = readApplicationInput(args.input);
    const scope = `${MUTATION}:${ctx.caller.actor.id}`;
    await logFilingIntent({ selfservice: deps.selfservice, ctx, domain: 'housing', mutation: MUTATION, subjectCpr: cpr });

    const result = await deps.idempotency.run({ scope, key: args.idempotencyKey, input: filingFingerprint(filing), at: ctx.at }, async () => {
      // The write is outside the transaction, so the housing system must file once per reference too.
      const receipt = await fileOnce(deps.client, { ...filing, clientReference: clientReference(scope, args.idempotencyKey) });
      return {
        application: { ...receipt, decidedOn: null, decisionReason: null },
        citizen: { cpr },
        channel: ctx.caller.channel,
        exemptionUsed: exemptionUsed !== undefined,
      } satisfies HousingBenefitApplicationResult;
    });

    // Also on a replay: if the first attempt stopped after its write, this finishes the job (all three are idempotent).
    await finishFiling({
      logger: deps.logger,
      selfservice: deps.selfservice,
      ctx,
      domain: 'housing',
      mutation: MUTATION,
      invalidate: () => invalidateAfterFiling({ cache: deps.cache, client: deps.client, logger: deps.logger }, cpr),
      filing: { service: HOUSING_BENEFIT_SERVICE, subjectCpr: cpr, reference: result.application.applicationNumber, channel: result.channel },
    });
    return result;
  };
}

async function fileOnce(client: HousingClient, filing: HousingBenefitApplicationFiling) {
  try {
    return await client.fileApplication(filing);
  } catch (error) {
    if (error instanceof LegacyError && error.kind === 'fault' && error.detail.startsWith('ANS001')) {
      throw badUserInput('The housing-benefit system has no record of this citizen; they cannot apply here.', { field: 'cpr' });
    }
    throw toGraphQLError(error);
  }
}

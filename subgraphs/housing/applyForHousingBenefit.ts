import { createHash } from 'node:crypto';
import { assertFilingAllowed, badUserInput, type Channel, LegacyError, type SubgraphRuntime, toGraphQLError } from '../kit';
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
  return async (_root: unknown, args: { input: HousingBenefitApplicationInput; idempotencyKey: string }, ctx: HousingContext): Promise<HousingBenefitApplicationResult> => {
    const { cpr } = args.input;
    const { exemptionUsed } = assertFilingAllowed({ ctx: ctx.caller, cpr, serviceCode: HOUSING_BENEFIT_SERVICE, catalogue: deps.catalogue, today: ctx.today });
    const filing = readApplicationInput(args.input);
    const scope = `${MUTATION}:${ctx.caller.actor.id}`;

    const result = await deps.idempotency.run({ scope, key: args.idempotencyKey, input: filingFingerprint(filing) }, async () => {
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
    await invalidateAfterFiling({ cache: deps.cache, client: deps.client, logger: deps.logger }, cpr);
    ctx.access.record(cpr, 'housing', `mutation ${MUTATION}`);
    try {
      await deps.selfservice.recordFiling(ctx.callerToken, {
        service: HOUSING_BENEFIT_SERVICE,
        channel: result.channel,
        municipalityCode: ctx.caller.subjectMunicipalityCode ?? '0000',
        subjectCpr: cpr,
        filedAt: new Date().toISOString(),
        reference: result.application.applicationNumber,
      });
    } catch (error) {
      deps.logger.error('housing: the application was filed but recording it for the uptake figures failed', {
        applicationNumber: result.application.applicationNumber,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    return result;
  };
}

/** Our KLIENT_REF: the same (scope, key) always gives the same reference, and says nothing about the citizen. */
export function clientReference(scope: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${scope}\n${idempotencyKey}`).digest('hex').slice(0, 32);
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

import type { ReadThroughCache } from '../../platform/cache/ReadThroughCache';
import type { Channel } from '../../domain/caller';
import { assertFilingAllowed } from '../../domain/caller/filingRule';
import type { ServiceCatalogue } from '../../domain/catalogue/catalogue';
import { badUserInput, toGraphQLError } from '../../platform/errors';
import { clientReference, finishFiling, logFilingIntent } from '../kit/filing';
import type { IdempotencyStore } from '../kit/idempotency';
import type { Logger } from '../../platform/logger';
import type { SelfserviceClient } from '../selfservice/client/selfserviceClient';
import { BENEFITS_DOMAIN } from './access';
import type { BenefitsRepository } from './benefitsRepository';
import type { BenefitsContext } from './context';
import { BENEFITS_SYSTEM, CACHE_KINDS } from './loaders';
import { toBenefitApplication, type BenefitApplication, type BenefitType } from './mapping';

/** The benefits that can be applied for here, by their service in the catalogue. */
export const SERVICE_BY_BENEFIT: Readonly<Partial<Record<BenefitType, string>>> = {
  STATE_PENSION: 'state-pension',
  CHILD_BENEFIT: 'child-benefit',
  SICKNESS_BENEFIT: 'sickness-benefit',
};

/** ANS_TEKST is VARCHAR(2000). */
const MAX_TEXT_LENGTH = 2000;
const MUTATION = 'applyForBenefit';

export interface BenefitApplicationInput {
  readonly cpr: string;
  readonly type: BenefitType;
  readonly text?: string | null;
}

export interface BenefitApplicationResult {
  readonly application: BenefitApplication;
  readonly channel: Channel;
  readonly exemptionUsed: boolean;
}

export interface ApplyForBenefitDeps {
  readonly repository: BenefitsRepository;
  readonly catalogue: ServiceCatalogue;
  readonly idempotency: IdempotencyStore;
  readonly cache?: ReadThroughCache;
  readonly selfservice: Pick<SelfserviceClient, 'recordAccess' | 'recordFiling'>;
  readonly logger: Logger;
}

/**
 * Mutation.applyForBenefit: the filing rule, then one YDL_ANS row per idempotency key. The
 * legacy insert carries a reference derived from the key, so even a write the idempotency
 * store never saw committed is not repeated by a retry.
 */
export function applyForBenefitResolver(deps: ApplyForBenefitDeps) {
  return async (
    _parent: unknown,
    args: { input: BenefitApplicationInput; idempotencyKey: string },
    ctx: BenefitsContext,
  ): Promise<BenefitApplicationResult> => {
    const { cpr, type } = args.input;
    const text = args.input.text ?? '';
    const serviceCode = SERVICE_BY_BENEFIT[type];
    if (!serviceCode) {
      throw badUserInput(`${type} cannot be applied for here; the benefits open to application are ${Object.keys(SERVICE_BY_BENEFIT).join(', ')}.`, {
        argument: 'input.type',
      });
    }
    if (text.length > MAX_TEXT_LENGTH)
      throw badUserInput(`The application text holds at most ${MAX_TEXT_LENGTH} characters, got ${text.length}.`, { argument: 'input.text' });
    const { exemptionUsed } = assertFilingAllowed({ ctx: ctx.caller, cpr, serviceCode, catalogue: deps.catalogue, today: ctx.today });

    const scope = `${MUTATION}:${ctx.caller.actor.id}`;
    const reference = clientReference(scope, args.idempotencyKey);
    await logFilingIntent({ selfservice: deps.selfservice, ctx, domain: BENEFITS_DOMAIN, mutation: MUTATION, subjectCpr: cpr });
    let result: BenefitApplicationResult;
    try {
      result = await deps.idempotency.run({ scope, key: args.idempotencyKey, input: { cpr, type, text }, at: ctx.at }, async () => {
        const { application } = await deps.repository.insertApplication({
          cpr,
          type,
          text,
          reference,
          receivedOn: ctx.today,
          channel: ctx.caller.channel === 'ASSISTED' ? 'ASSISTED' : 'DIGITAL',
        });
        return { application: toBenefitApplication(application), channel: ctx.caller.channel, exemptionUsed: exemptionUsed !== undefined };
      });
    } catch (error) {
      throw toGraphQLError(error);
    }

    // Also on a replay: a retry then repairs an invalidation or uptake record the first attempt lost.
    await finishFiling({
      logger: deps.logger,
      selfservice: deps.selfservice,
      ctx,
      domain: BENEFITS_DOMAIN,
      mutation: MUTATION,
      // An application changes the citizen's applications only: claims appear when the authority decides.
      invalidate: async () => {
        await deps.cache?.invalidate(BENEFITS_SYSTEM, CACHE_KINDS.applications, [cpr]);
      },
      filing: { service: serviceCode, subjectCpr: cpr, reference, channel: ctx.caller.channel },
    });
    return result;
  };
}

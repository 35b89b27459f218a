import { decide, forbidden } from '../../../domain/caller';
import type { CallerContext } from '../../../domain/caller/types';
import { AccessRecorder } from '../../kit/accessLog';
import { badUserInput, notFound } from '../../../platform/errors';
import { requireAnalyst } from '../access';
import { isCommentPublishable, namesToScreen } from '../ratings/commentScreen';
import type { SelfserviceContext } from '../context';
import { conflict, guarded } from '../errors';
import { costFigures, JOINT_BREAKDOWNS, jointExemptions, jointFilings, outcomeGroups, pricingFor, satisfactionCells } from './outcomes';
import type { OutcomeDimension } from './outcomesStore';
import type { FilingForRating } from '../ratings/ratingStore';
import type { MutationArgs, ResolverDeps } from '../resolverDeps';

const DIMENSIONS: readonly OutcomeDimension[] = ['SERVICE', 'WAVE', 'MUNICIPALITY'];
const MAX_COMMENT_LENGTH = 500;

interface RateFilingInput {
  readonly filingReference: string;
  readonly score: number;
  readonly comment?: string | null;
}

/** Query.outcomes (analysts: aggregates only, small cells suppressed) and Mutation.rateFiling (the citizen or their delegate). */
export function outcomesResolvers({ stores, catalogue, outcomes, clock, register }: ResolverDeps) {
  const pricing = pricingFor(catalogue, outcomes.channelCosts);
  return {
    Query: {
      outcomes: guarded(async (_root: unknown, args: { from: string; to: string; groupBy?: OutcomeDimension[] | null }, context: SelfserviceContext) => {
        requireAnalyst(context.caller);
        if (args.from > args.to) throw badUserInput('from may not be after to.', { field: 'from' });
        // One fixed order, so the same breakdown is always the same table.
        const groupBy = DIMENSIONS.filter((d) => (args.groupBy ?? []).includes(d));
        const period = { from: args.from, to: args.to };
        const min = outcomes.minCellCitizens;
        // Every breakdown's table, suppressed together: what one hides, none shows or gives back.
        const [tables, exemptionsCountry, exemptionsByMunicipality, ratings, comments] = await Promise.all([
          stores.outcomes.filingTables(period, JOINT_BREAKDOWNS, pricing),
          stores.outcomes.exemptions(period, false),
          stores.outcomes.exemptions(period, true),
          stores.outcomes.ratings(period),
          stores.outcomes.publishableComments(period),
        ]);
        const joint = jointFilings(tables, pricing.waves, min);
        const totalGroup = outcomeGroups(joint, [])[0];
        const exemptions = jointExemptions(exemptionsCountry, exemptionsByMunicipality, min);
        return {
          from: args.from,
          to: args.to,
          groupBy,
          minimumCellCitizens: min,
          groups: outcomeGroups(joint, groupBy),
          total: totalGroup ?? {
            serviceCode: null,
            wave: null,
            municipalityCode: null,
            suppressed: false,
            filings: { digitalSelfService: 0, delegate: 0, assisted: 0, total: 0 },
            digitalShare: null,
            estimatedSavingKroner: '0.00',
          },
          exemptions: groupBy.includes('MUNICIPALITY') ? exemptions.byMunicipality : exemptions.country,
          satisfaction: satisfactionCells(ratings, comments, min),
          costs: { version: outcomes.channelCosts.version, priceYear: outcomes.channelCosts.priceYear, figures: costFigures(outcomes.channelCosts) },
        };
      }),
    },
    OutcomeGroup: {
      service: (group: { serviceCode: string | null }) => (group.serviceCode ? (catalogue.get(group.serviceCode) ?? null) : null),
    },
    Mutation: {
      rateFiling: guarded(async (_root: unknown, { input, idempotencyKey }: MutationArgs<RateFilingInput>, context: SelfserviceContext) => {
        const { caller } = context;
        const subjectCpr = raterSubject(caller);
        if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
          throw badUserInput(`score is a whole number from 1 to 5; got ${input.score}.`, { field: 'score' });
        const comment = input.comment?.trim() || null;
        if (comment && comment.length > MAX_COMMENT_LENGTH)
          throw badUserInput(`comment is at most ${MAX_COMMENT_LENGTH} characters; got ${comment.length}.`, { field: 'comment' });
        // The citizen's and the rater's register names, asked only about the caller's own subject; null (register down): not shown.
        const names = comment === null ? [] : await namesToScreen(register, caller, subjectCpr);
        return stores.idempotency.run({ scope: `rateFiling:${caller.actor.id}`, key: idempotencyKey, input, at: context.now.toISOString() }, async (tx) => {
          const filing = await stores.ratings.filing(tx, input.filingReference);
          // Someone else's filing looks exactly like a missing one.
          if (!filing || filing.subjectCpr !== subjectCpr) throw notFound('The filing');
          assertMayRate(caller, filing, catalogue.get(filing.service)?.domain);
          const publishable = comment !== null && names !== null && isCommentPublishable(comment, names);
          const rating = await stores.ratings.rate(
            tx,
            { filingReference: filing.reference, score: input.score, comment, commentPublishable: publishable },
            caller.actor.id,
            context.now,
          );
          if (!rating) throw conflict('This filing has already been rated.');
          // Rated by someone acting for the citizen: in the citizen's log (undefined for their own rating).
          const entry = new AccessRecorder(caller).entryFor(filing.subjectCpr, 'selfservice', 'mutation rateFiling');
          if (entry) await stores.accessLog.append([entry], clock.now(), tx);
          return rating;
        });
      }),
    },
  };
}

/** The citizen whose filing may be rated: the one signed in, or the one a delegate (or parent) acts for. */
function raterSubject(caller: CallerContext): string {
  const { actor, actingFor } = caller;
  if (actor.kind !== 'citizen' || !actor.cpr) throw forbidden('Only the citizen who filed, or someone acting for them, may rate a filing.', 'selfservice');
  return actingFor?.cpr ?? actor.cpr;
}

/** Someone acting for the citizen rates only a filing they may file for them. */
function assertMayRate(caller: CallerContext, filing: FilingForRating, domain: Parameters<typeof decide>[2] | undefined): void {
  if (caller.actor.cpr === filing.subjectCpr) return;
  const decision = domain ? decide(caller, filing.subjectCpr, domain, 'file', filing.service) : undefined;
  if (!decision?.allowed) throw forbidden(decision?.message ?? 'You may not rate this filing.', domain ?? 'selfservice', decision?.reason);
}

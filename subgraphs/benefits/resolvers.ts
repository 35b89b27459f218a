import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parseCpr } from '../../domain/cpr';
import { CprScalar } from '../../domain/cprScalar';
import { DateScalar } from '../../domain/dateScalar';
import { badUserInput, toGraphQLError } from '../../platform/errors';
import { readForCitizen } from '../kit/readForCitizen';
import { BENEFITS_DOMAIN } from './access';
import { applyForBenefitResolver, type ApplyForBenefitDeps } from './applyForBenefit';
import type { PaymentRow } from './benefitsRepository';
import type { BenefitsContext } from './context';
import { decodePaymentCursor, encodePaymentCursor, validatePageSize, type PaymentPosition } from './cursor';
import { citizenPageKey, claimPageKey } from './loaders';
import {
  benefitTypeCode,
  toBenefitApplication,
  toBenefitClaim,
  toBenefitPayment,
  type BenefitApplication,
  type BenefitClaim,
  type BenefitPayment,
  type BenefitType,
} from './mapping';

interface PageArgs {
  readonly first: number;
  readonly after?: string | null;
}

/** What a BenefitPaymentConnection resolves from: one page, and how to count all pages. */
interface PaymentConnection {
  readonly payments: readonly BenefitPayment[];
  readonly hasNextPage: boolean;
  readonly count: () => Promise<number>;
}

/** Every Citizen field goes through the kit's readForCitizen: authorized before loading, third-party reads logged. */
export function createResolvers(deps: ApplyForBenefitDeps): GraphQLResolverMap<BenefitsContext> {
  return {
    CPR: CprScalar,
    Date: DateScalar,
    Citizen: {
      // Async, so a bad representation fails only its own entity, not the whole _entities list.
      __resolveReference: async ({ cpr }: { cpr: unknown }) => citizenReference(cpr),
      benefitClaims: ({ cpr }: { cpr: string }, _args: unknown, ctx: BenefitsContext) =>
        legacyField(() => readForCitizen(ctx, cpr, BENEFITS_DOMAIN, async () => ((await ctx.loaders.claims.load(cpr)) ?? []).map(toBenefitClaim))),
      benefitApplications: ({ cpr }: { cpr: string }, _args: unknown, ctx: BenefitsContext) =>
        legacyField(() => readForCitizen(ctx, cpr, BENEFITS_DOMAIN, async () => ((await ctx.loaders.applications.load(cpr)) ?? []).map(toBenefitApplication))),
      benefitPayments: ({ cpr }: { cpr: string }, args: PageArgs & { claimType?: BenefitType | null }, ctx: BenefitsContext) =>
        legacyField(() =>
          readForCitizen(ctx, cpr, BENEFITS_DOMAIN, async () => {
            const { limit, after } = pageRequest(args);
            const typeCode = args.claimType ? benefitTypeCode(args.claimType) : null;
            const rows = await ctx.loaders.citizenPaymentPages.load(citizenPageKey({ cpr, typeCode, after, limit: limit + 1 }));
            return connection(rows ?? [], limit, async () => {
              const byType = (await ctx.loaders.citizenPaymentCounts.load(cpr)) ?? {};
              return typeCode ? (byType[typeCode] ?? 0) : Object.values(byType).reduce((sum, n) => sum + n, 0);
            });
          }),
        ),
    },
    Mutation: {
      applyForBenefit: applyForBenefitResolver(deps),
    },
    BenefitApplication: {
      receivedVia: (application: BenefitApplication) => application.channel,
    },
    // A claim is only ever reached through its citizen's authorized benefitClaims.
    BenefitClaim: {
      payments: (claim: BenefitClaim, args: PageArgs, { loaders }: BenefitsContext) =>
        legacyField(async () => {
          const { limit, after } = pageRequest(args);
          const rows = await loaders.claimPaymentPages.load(claimPageKey({ claimId: claim.id, after, limit: limit + 1 }));
          return connection(rows ?? [], limit, async () => (await loaders.claimPaymentCounts.load(claim.id)) ?? 0);
        }),
    },
    BenefitPaymentConnection: {
      edges: (page: PaymentConnection) => page.payments.map((node) => ({ node, cursor: cursorOf(node) })),
      pageInfo: (page: PaymentConnection) => ({
        hasNextPage: page.hasNextPage,
        endCursor: page.payments.length > 0 ? cursorOf(page.payments[page.payments.length - 1]) : null,
      }),
      totalCount: (page: PaymentConnection) => legacyField(page.count),
    },
  };
}

/** A representation's cpr, as ten digits; anything else is refused before it reaches a query. */
function citizenReference(cpr: unknown): { cpr: string } {
  const parsed = typeof cpr === 'string' ? parseCpr(cpr) : undefined;
  if (!parsed?.ok)
    throw badUserInput(`A Citizen representation needs a valid CPR number: ${parsed ? parsed.reason : 'cpr must be a string'}.`, {
      argument: 'representations',
    });
  return { cpr: parsed.value.cpr };
}

function pageRequest(args: PageArgs): { limit: number; after: PaymentPosition | null } {
  return { limit: validatePageSize(args.first), after: args.after == null ? null : decodePaymentCursor(args.after) };
}

/** Pages are fetched one row long: that extra row only tells whether another page follows. */
function connection(rows: readonly PaymentRow[], limit: number, count: () => Promise<number>): PaymentConnection {
  return { payments: rows.slice(0, limit).map(toBenefitPayment), hasNextPage: rows.length > limit, count };
}

function cursorOf(payment: BenefitPayment): string {
  return encodePaymentCursor({ date: payment.date.replace(/-/g, ''), id: payment.id });
}

/** Legacy failures (including rows we cannot read) become errors naming the system; the field goes null. */
async function legacyField<T>(resolve: () => Promise<T>): Promise<T> {
  try {
    return await resolve();
  } catch (error) {
    throw toGraphQLError(error);
  }
}

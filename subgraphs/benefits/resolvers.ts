import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { CprScalar } from '../kit/cprScalar';
import { DateScalar } from '../kit/dateScalar';
import { toGraphQLError } from '../kit/errors';
import type { PaymentRow } from './benefitsRepository';
import { decodePaymentCursor, encodePaymentCursor, validatePageSize, type PaymentPosition } from './cursor';
import { citizenPageKey, claimPageKey, type Loaders } from './loaders';
import { benefitTypeCode, toBenefitClaim, toBenefitPayment, type BenefitClaim, type BenefitPayment, type BenefitType } from './mapping';

export interface BenefitsContext {
  readonly requestId: string;
  readonly loaders: Loaders;
}

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

export const resolvers: GraphQLResolverMap<BenefitsContext> = {
  CPR: CprScalar,
  Date: DateScalar,
  Citizen: {
    __resolveReference: ({ cpr }: { cpr: string }) => ({ cpr }),
    benefitClaims: ({ cpr }: { cpr: string }, _args: unknown, { loaders }: BenefitsContext) =>
      legacyField(async () => ((await loaders.claims.load(cpr)) ?? []).map(toBenefitClaim)),
    benefitPayments: ({ cpr }: { cpr: string }, args: PageArgs & { claimType?: BenefitType | null }, { loaders }: BenefitsContext) =>
      legacyField(async () => {
        const { limit, after } = pageRequest(args);
        const typeCode = args.claimType ? benefitTypeCode(args.claimType) : null;
        const rows = await loaders.citizenPaymentPages.load(citizenPageKey({ cpr, typeCode, after, limit: limit + 1 }));
        return connection(rows ?? [], limit, async () => {
          const byType = (await loaders.citizenPaymentCounts.load(cpr)) ?? new Map<string, number>();
          return typeCode ? byType.get(typeCode) ?? 0 : [...byType.values()].reduce((sum, n) => sum + n, 0);
        });
      }),
  },
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

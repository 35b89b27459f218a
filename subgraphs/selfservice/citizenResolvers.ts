import type { GraphQLResolveInfo } from 'graphql';
import { parseCpr } from '../../domain/cpr';
import { logThirdPartyRead } from './accessLog/accessReads';
import { badUserInput } from '../../platform/errors';
import { assertMayReadPrivateRecords, exemptionsVisibleTo } from './access';
import { exemptionsDecidedBy } from './exemptions/exemptionRemit';
import type { SelfserviceContext } from './context';
import { checkPageSize, decodeCursor, encodeCursor } from './cursor';
import { inForceOn } from './dates';
import type { DelegationRecord } from './delegations/delegationStore';
import { guarded } from './errors';
import type { ResolverDeps } from './resolverDeps';

interface CitizenRef {
  readonly cpr: string;
}

/** The fields this subgraph adds to Citizen; every one checks the caller first. */
export function citizenResolvers({ stores, clock, catalogue }: ResolverDeps) {
  const logRead = (context: SelfserviceContext, cpr: string, info: GraphQLResolveInfo) => logThirdPartyRead(stores, clock, context, cpr, info);
  const delegations =
    (side: 'delegationsGranted' | 'delegationsHeld', what: string) =>
    async (
      citizen: CitizenRef,
      { activeOnly }: { activeOnly?: boolean | null },
      context: SelfserviceContext,
      info: GraphQLResolveInfo,
    ): Promise<DelegationRecord[]> => {
      assertMayReadPrivateRecords(context.caller, citizen.cpr, what);
      const all = (await context.loaders[side].load(citizen.cpr)) ?? [];
      await logRead(context, citizen.cpr, info);
      return activeOnly ? all.filter((d) => inForceOn(context.today, d.validFrom, d.validTo, d.revokedOn)) : all;
    };

  return {
    Citizen: {
      __resolveReference: (reference: CitizenRef) => {
        const parsed = parseCpr(reference.cpr);
        if (!parsed.ok) throw badUserInput(`Invalid CPR number: ${parsed.reason}.`);
        return { cpr: parsed.value.cpr };
      },
      exemptions: async (citizen: CitizenRef, _args: unknown, context: SelfserviceContext, info: GraphQLResolveInfo) => {
        const visible = exemptionsVisibleTo(context.caller, citizen.cpr);
        const all = (await context.loaders.exemptions.load(citizen.cpr)) ?? [];
        const history = visible === 'all' ? all : exemptionsDecidedBy(context.caller, citizen.cpr, all, catalogue);
        await logRead(context, citizen.cpr, info);
        return { active: history.filter((e) => inForceOn(context.today, e.validFrom, e.validTo, e.revokedOn)), history };
      },
      delegationsGranted: delegations('delegationsGranted', 'powers of attorney'),
      delegationsHeld: delegations('delegationsHeld', 'powers of attorney'),
      accessLog: guarded(
        async (citizen: CitizenRef, args: { first?: number | null; after?: string | null }, context: SelfserviceContext, info: GraphQLResolveInfo) => {
          assertMayReadPrivateRecords(context.caller, citizen.cpr, 'access log');
          const first = checkPageSize(args.first ?? 20);
          // Logged first: a caseworker reading someone's log sees their own look in it.
          await logRead(context, citizen.cpr, info);
          const page = await stores.accessLog.page(citizen.cpr, first, args.after ? decodeCursor(args.after) : undefined);
          const edges = page.entries.map((entry) => ({ node: entry, cursor: encodeCursor(entry) }));
          return {
            edges,
            totalCount: page.totalCount,
            pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
          };
        },
      ),
    },
    AccessLogEntry: {
      domain: (entry: { domain: string }) => entry.domain.toUpperCase(),
    },
  };
}

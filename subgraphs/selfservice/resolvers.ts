import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { CprScalar } from '../../domain/cprScalar';
import { DateScalar } from '../../domain/dateScalar';
import { citizenResolvers } from './citizenResolvers';
import type { SelfserviceContext } from './context';
import { DateTimeScalar } from './dateTimeScalar';
import { delegationResolvers } from './delegations/delegationResolvers';
import { exemptionResolvers } from './exemptions/exemptionResolvers';
import type { ResolverDeps } from './resolverDeps';
import { serviceResolvers } from './serviceResolvers';
import { outcomesResolvers } from './outcomes/outcomesResolvers';
import { uptakeResolvers } from './uptake/uptakeResolvers';

/** All resolvers of the selfservice subgraph, one module per concept, merged by type. */
export function createResolvers(deps: ResolverDeps): GraphQLResolverMap<SelfserviceContext> {
  const parts: Record<string, Record<string, unknown>>[] = [
    serviceResolvers(deps.catalogue),
    citizenResolvers(deps),
    exemptionResolvers(deps),
    delegationResolvers(deps),
    uptakeResolvers(deps),
    outcomesResolvers(deps),
  ];
  const merged: Record<string, unknown> = { CPR: CprScalar, Date: DateScalar, DateTime: DateTimeScalar };
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) merged[type] = { ...(merged[type] as object | undefined), ...fields };
  }
  return merged as GraphQLResolverMap<SelfserviceContext>;
}

import type { GraphQLFieldResolver } from 'graphql';
import { createBatchLoader } from '../kit';
import { mayReadNameAsHolder } from '../../domain';
import type { SelfserviceClient } from '../selfservice/client/selfserviceClient';
import { CITIZEN_DOMAIN } from './access';
import type { CitizenContext } from './context';
import { toPersonName, type CitizenRef } from './mapping';

/**
 * A holder of a power of attorney, signed in for themselves, sees the name of each citizen whose
 * power of attorney they hold in force today (in `me { delegationsHeld { grantor { name } } }`),
 * as they would acting for them. The rule is the kit's (mayReadNameAsHolder); the fact comes from
 * the selfservice store, asked once per request; the read is logged in the grantor's log (DELEGATE).
 */

/** Who may be asked about: the selfservice client (with this subgraph's credential). */
export type HeldDelegations = Pick<SelfserviceClient, 'grantorsInForce'>;

/** Per request: whether the caller holds a power of attorney in force from each citizen asked, in one call. */
export function createGrantorLoader(delegations: HeldDelegations, callerToken: string) {
  return createBatchLoader<boolean>({
    system: 'selfservice',
    kind: 'grantors-in-force',
    fetchMany: async (cprs) => {
      const held = await delegations.grantorsInForce(callerToken, cprs);
      return new Map(cprs.map((cpr) => [cpr, held.has(cpr)]));
    },
  });
}

type NameResolver = GraphQLFieldResolver<CitizenRef, CitizenContext>;

/**
 * Citizen.name: the register field as before for anyone who may read the citizen; for a holder who
 * may not, the name alone (null when the register does not know them), logged as their delegate's read.
 */
export function withGrantorNameForHolder(registerName: NameResolver, mayRead: (context: CitizenContext, cpr: string) => boolean): NameResolver {
  return async (citizen, args, context, info) => {
    if (mayRead(context, citizen.cpr)) return registerName(citizen, args, context, info);
    const holds = (cpr: string) => context.loaders.grantorInForce.load(cpr).then((held) => held === true);
    if (!(await mayReadNameAsHolder(context.caller, citizen.cpr, holds))) return registerName(citizen, args, context, info);
    const person = await context.loaders.person.load(citizen.cpr);
    if (!person) return null;
    context.access.record(citizen.cpr, CITIZEN_DOMAIN, undefined, 'DELEGATE');
    return toPersonName(person.name);
  };
}

import type { ServiceEntry } from '../kit/catalogue/catalogue';
import { notFound } from '../kit/errors';
import { requireCitizenForThemselves } from './access';
import type { SelfserviceContext } from './context';
import { statusOn } from './dates';
import { newDelegation, type GrantDelegationArgs } from './delegationRules';
import type { DelegationRecord } from './delegationStore';
import { conflict, guarded } from './errors';
import type { MutationArgs, ResolverDeps } from './resolverDeps';

/** Grant and revoke a power of attorney: the grantor themselves, once per idempotency key. */
export function delegationResolvers({ stores, policy, catalogue }: ResolverDeps) {
  return {
    Mutation: {
      grantDelegation: guarded(async (_root: unknown, { input, idempotencyKey }: MutationArgs<GrantDelegationArgs>, context: SelfserviceContext) => {
        const grantor = requireCitizenForThemselves(context.caller);
        const delegation = newDelegation(input, grantor.cpr, context.today, policy, catalogue);
        return stores.idempotency.run({ scope: `grantDelegation:${grantor.id}`, key: idempotencyKey, input, at: context.now.toISOString() }, (tx) =>
          stores.delegations.grant(tx, delegation, grantor.id, context.now));
      }),
      revokeDelegation: guarded(async (_root: unknown, { input, idempotencyKey }: MutationArgs<{ delegationId: string }>, context: SelfserviceContext) => {
        const grantor = requireCitizenForThemselves(context.caller);
        return stores.idempotency.run({ scope: `revokeDelegation:${grantor.id}`, key: idempotencyKey, input, at: context.now.toISOString() }, async (tx) => {
          const record = await stores.delegations.lock(tx, input.delegationId);
          // Someone else's delegation looks exactly like a missing one.
          if (!record || record.grantorCpr !== grantor.cpr) throw notFound('The delegation');
          if (record.revokedOn !== null) throw conflict('This power of attorney is already revoked.', { status: 'REVOKED' });
          return stores.delegations.revoke(tx, record.id, grantor.id, context.now, context.today);
        });
      }),
    },
    Delegation: {
      grantor: (delegation: DelegationRecord) => ({ cpr: delegation.grantorCpr }),
      holder: (delegation: DelegationRecord) => ({ cpr: delegation.holderCpr }),
      services: (delegation: DelegationRecord): ServiceEntry[] =>
        delegation.services.map((code) => catalogue.get(code)).filter((s): s is ServiceEntry => s !== undefined),
      actions: (delegation: DelegationRecord) => delegation.actions.map((a) => a.toUpperCase()),
      status: (delegation: DelegationRecord, _args: unknown, context: SelfserviceContext) =>
        statusOn(context.today, delegation.validFrom, delegation.validTo, delegation.revokedOn),
    },
  };
}

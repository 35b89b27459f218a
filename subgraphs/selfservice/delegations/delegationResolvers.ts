import { AccessRecorder } from '../../kit/accessLog';
import type { ServiceEntry } from '../../../domain/catalogue/catalogue';
import { notFound } from '../../../platform/errors';
import type { AccessLogEntry } from '../client/selfserviceClient';
import { requireCitizenForThemselves, requireHolderForThemselves } from '../access';
import type { SelfserviceContext } from '../context';
import { statusOn } from '../dates';
import { assertHolderInRegister, newDelegation, type GrantDelegationArgs } from './delegationRules';
import type { DelegationRecord } from './delegationStore';
import { conflict, guarded } from '../errors';
import type { MutationArgs, ResolverDeps } from '../resolverDeps';

/** Grant and revoke (the grantor) or renounce (the holder) a power of attorney, once per idempotency key. */
export function delegationResolvers({ stores, policy, catalogue, clock, register }: ResolverDeps) {
  return {
    Mutation: {
      grantDelegation: guarded(async (_root: unknown, { input, idempotencyKey }: MutationArgs<GrantDelegationArgs>, context: SelfserviceContext) => {
        const grantor = requireCitizenForThemselves(context.caller);
        const delegation = newDelegation(input, grantor.cpr, context.today, policy, catalogue);
        return stores.idempotency.run({ scope: `grantDelegation:${grantor.id}`, key: idempotencyKey, input, at: context.now.toISOString() }, async (tx) => {
          // Inside the attempt: a retry of a granted attempt replays without asking the register again.
          await assertHolderInRegister(register, delegation.holderCpr);
          return stores.delegations.grant(tx, delegation, grantor.id, context.now);
        });
      }),
      revokeDelegation: guarded(async (_root: unknown, { input, idempotencyKey }: MutationArgs<{ delegationId: string }>, context: SelfserviceContext) => {
        const grantor = requireCitizenForThemselves(context.caller);
        return stores.idempotency.run({ scope: `revokeDelegation:${grantor.id}`, key: idempotencyKey, input, at: context.now.toISOString() }, async (tx) => {
          const record = await stores.delegations.lock(tx, input.delegationId);
          // Someone else's delegation looks exactly like a missing one.
          if (!record || record.grantorCpr !== grantor.cpr) throw notFound('The delegation');
          if (record.revokedOn !== null) throw conflict(`This power of attorney has already ended (${endedStatus(record)}).`, { status: endedStatus(record) });
          return stores.delegations.revoke(tx, record.id, grantor.id, context.now, context.today, 'GRANTOR');
        });
      }),
      renounceDelegation: guarded(async (_root: unknown, { input, idempotencyKey }: MutationArgs<{ delegationId: string }>, context: SelfserviceContext) => {
        const holder = requireHolderForThemselves(context.caller);
        return stores.idempotency.run({ scope: `renounceDelegation:${holder.id}`, key: idempotencyKey, input, at: context.now.toISOString() }, async (tx) => {
          const record = await stores.delegations.lock(tx, input.delegationId);
          // A delegation the caller does not hold looks exactly like a missing one.
          if (!record || record.holderCpr !== holder.cpr) throw notFound('The delegation');
          if (record.revokedOn !== null) throw conflict(`This power of attorney has already ended (${endedStatus(record)}).`, { status: endedStatus(record) });
          if (record.validTo < context.today) throw conflict('This power of attorney has already expired.', { status: 'EXPIRED' });
          const renounced = await stores.delegations.revoke(tx, record.id, holder.id, context.now, context.today, 'HOLDER');
          // The grantor's log says the holder gave it up: in the same transaction, so both or neither.
          await stores.accessLog.append([renouncedEntry(record, context)], clock.now(), tx);
          return renounced;
        });
      }),
    },
    Delegation: {
      grantor: (delegation: DelegationRecord) => ({ cpr: delegation.grantorCpr }),
      holder: (delegation: DelegationRecord) => ({ cpr: delegation.holderCpr }),
      services: (delegation: DelegationRecord): ServiceEntry[] =>
        delegation.services.map((code) => catalogue.get(code)).filter((s): s is ServiceEntry => s !== undefined),
      actions: (delegation: DelegationRecord) => delegation.actions.map((a) => a.toUpperCase()),
      status: (delegation: DelegationRecord, _args: unknown, context: SelfserviceContext) => {
        const status = statusOn(context.today, delegation.validFrom, delegation.validTo, delegation.revokedOn);
        return status === 'REVOKED' ? endedStatus(delegation) : status;
      },
    },
  };
}

/** An ended delegation is REVOKED by its grantor or RENOUNCED by its holder. */
function endedStatus(delegation: DelegationRecord): 'REVOKED' | 'RENOUNCED' {
  return delegation.endedBy === 'HOLDER' ? 'RENOUNCED' : 'REVOKED';
}

/** The grantor's log entry for the holder giving it up. */
function renouncedEntry(delegation: DelegationRecord, context: SelfserviceContext): AccessLogEntry {
  return new AccessRecorder(context.caller).entryFor(delegation.grantorCpr, 'selfservice', 'mutation renounceDelegation', 'DELEGATE')!;
}

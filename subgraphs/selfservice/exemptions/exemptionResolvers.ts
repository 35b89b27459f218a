import { notFound } from '../../../platform/errors';
import { type Caseworker, requireExemptionGranter } from '../access';
import type { SelfserviceContext } from '../context';
import { statusOn } from '../dates';
import { conflict, guarded } from '../errors';
import { assertMayDecideExemption } from './exemptionRemit';
import { assertNote, newExemption, renewedEnd, type GrantExemptionArgs, type RenewExemptionArgs } from './exemptionRules';
import type { ExemptionChange, ExemptionRecord } from './exemptionStore';
import type { MutationArgs, ResolverDeps } from '../resolverDeps';

/**
 * Grant, renew, revoke: caseworkers with exemptions:grant serving the citizen, whose authority is
 * responsible (exemptionRemit.ts); each write once per idempotency key.
 */
export function exemptionResolvers({ stores, policy, catalogue }: ResolverDeps) {
  const changeBy = (caseworker: Caseworker, context: SelfserviceContext, note?: string | null): ExemptionChange => ({
    actorId: caseworker.id,
    actorAuthority: caseworker.authority,
    at: context.now,
    today: context.today,
    note,
  });
  const lockOrNotFound = async (tx: Parameters<typeof stores.exemptions.lock>[0], id: string) => {
    const record = await stores.exemptions.lock(tx, id);
    if (!record) throw notFound('The exemption');
    return record;
  };

  return {
    Mutation: {
      grantExemption: guarded(async (_root: unknown, { input, idempotencyKey }: MutationArgs<GrantExemptionArgs>, context: SelfserviceContext) => {
        const caseworker = requireExemptionGranter(context.caller);
        const change = changeBy(caseworker, context);
        const exemption = newExemption(input, caseworker, context.today, policy);
        assertMayDecideExemption(context.caller, exemption.citizenCpr, exemption, catalogue);
        return stores.idempotency.run({ scope: `grantExemption:${change.actorId}`, key: idempotencyKey, input, at: context.now.toISOString() }, (tx) =>
          stores.exemptions.grant(tx, exemption, change),
        );
      }),
      renewExemption: guarded(async (_root: unknown, { input, idempotencyKey }: MutationArgs<RenewExemptionArgs>, context: SelfserviceContext) => {
        const change = changeBy(requireExemptionGranter(context.caller), context, input.note);
        assertNote(input.note);
        return stores.idempotency.run({ scope: `renewExemption:${change.actorId}`, key: idempotencyKey, input, at: context.now.toISOString() }, async (tx) => {
          const record = await lockOrNotFound(tx, input.exemptionId);
          assertMayDecideExemption(context.caller, record.citizenCpr, record, catalogue);
          return stores.exemptions.renew(tx, record.id, renewedEnd(record, input, context.today, policy), change);
        });
      }),
      revokeExemption: guarded(
        async (_root: unknown, { input, idempotencyKey }: MutationArgs<{ exemptionId: string; note?: string | null }>, context: SelfserviceContext) => {
          const change = changeBy(requireExemptionGranter(context.caller), context, input.note);
          assertNote(input.note);
          return stores.idempotency.run(
            { scope: `revokeExemption:${change.actorId}`, key: idempotencyKey, input, at: context.now.toISOString() },
            async (tx) => {
              const record = await lockOrNotFound(tx, input.exemptionId);
              assertMayDecideExemption(context.caller, record.citizenCpr, record, catalogue);
              if (record.revokedOn !== null) throw conflict('This exemption is already revoked.', { status: 'REVOKED' });
              return stores.exemptions.revoke(tx, record.id, change);
            },
          );
        },
      ),
    },
    Exemption: {
      citizen: (exemption: ExemptionRecord) => ({ cpr: exemption.citizenCpr }),
      coversAllAuthorities: (exemption: ExemptionRecord) => exemption.allAuthorities,
      status: (exemption: ExemptionRecord, _args: unknown, context: SelfserviceContext) =>
        statusOn(context.today, exemption.validFrom, exemption.validTo, exemption.revokedOn),
      events: async (exemption: ExemptionRecord, _args: unknown, context: SelfserviceContext) =>
        (await context.loaders.exemptionEvents.load(exemption.id)) ?? [],
    },
  };
}

import { type CallerContext, CALLER_CONTEXT_HEADER, type ContextBinding, generateContextKeys, type Grant, signCallerContext } from '../../subgraphs/kit/caller';
import { type Clock, type RequestTime, requestTime } from '../../subgraphs/kit/clock';
import { PERSONAS } from '../../legacy/population';

/** A caller context as tests write it: the request time is stamped from the harness's clock when signed. */
export type UnstampedContext = Omit<CallerContext, 'at' | 'today'> & Partial<RequestTime>;

/** The context with the clock's instant and Danish date, unless it names its own. */
export function stamped(ctx: UnstampedContext, clock: Clock): CallerContext {
  return { ...requestTime(clock), ...ctx } as CallerContext;
}

/**
 * Test-side gateway for one subgraph (`audience`): a key pair, and caller contexts signed at the
 * harness's (pinned) time. Contexts are minted for a mutation unless a test says otherwise (a
 * mutation's context also covers the queries that follow it), as the gateway would for a mutation.
 */
export async function testGatewayKeys(clock: Clock, audience: string) {
  const keys = await generateContextKeys();
  const sign = (ctx: UnstampedContext, ttlSeconds?: number, binding: Partial<ContextBinding> = {}) =>
    signCallerContext(stamped(ctx, clock), keys.privateKey!, { audience, operation: 'mutation', ...binding }, ttlSeconds);
  return {
    publicKey: keys.publicKey,
    privateKey: keys.privateKey!,
    clock,
    audience,
    /** The signed context, as the gateway would send it (ttlSeconds < 0 gives an expired one). */
    sign,
    /** Headers a subgraph accepts: the context signed with this key, and the request id it was minted for. */
    async headersFor(ctx: UnstampedContext, binding: Partial<ContextBinding> = {}): Promise<Record<string, string>> {
      return { [CALLER_CONTEXT_HEADER]: await sign(ctx, undefined, binding), 'x-request-id': ctx.requestId };
    },
  };
}

function persona(id: string) {
  const found = PERSONAS.find((p) => p.id === id);
  if (!found) throw new Error(`no persona "${id}" in legacy/population/personas.json`);
  return found;
}

/** A citizen persona acting for themselves. */
export function selfContext(id: string, municipalityCode = persona(id).municipalityCode): UnstampedContext {
  const p = persona(id);
  return { actor: { kind: 'citizen', id: `persona:${id}`, cpr: p.cpr!, scopes: [], name: p.name }, channel: 'DIGITAL_SELF_SERVICE', requestId: `test-${id}`, subjectMunicipalityCode: municipalityCode };
}

/** A citizen persona acting for another under a delegation with the given grants. */
export function delegateContext(holderId: string, grantorId: string, grants: Grant[]): UnstampedContext {
  const holder = persona(holderId);
  const grantor = persona(grantorId);
  return {
    actor: { kind: 'citizen', id: `persona:${holderId}`, cpr: holder.cpr!, scopes: [], name: holder.name },
    actingFor: { cpr: grantor.cpr!, basis: 'delegation', grants, delegationId: 'test-delegation' },
    channel: 'DELEGATE',
    requestId: `test-${holderId}-for-${grantorId}`,
    subjectMunicipalityCode: grantor.municipalityCode,
  };
}

/** A caseworker persona, optionally serving a citizen at the counter, with that citizen's exemptions. */
export function caseworkerContext(id: string, serving?: { citizenId: string; exemptions?: NonNullable<CallerContext['actingFor']>['exemptions'] }, scopes = persona(id).scopes ?? []): UnstampedContext {
  const p = persona(id);
  const citizen = serving ? persona(serving.citizenId) : undefined;
  return {
    actor: { kind: 'caseworker', id: `persona:${id}`, authority: p.authority, scopes: [...scopes], name: p.name },
    actingFor: citizen ? { cpr: citizen.cpr!, basis: 'caseworker', grants: [], exemptions: serving?.exemptions ?? [] } : undefined,
    channel: 'ASSISTED',
    requestId: `test-${id}`,
    subjectMunicipalityCode: citizen?.municipalityCode,
  };
}

import { type CallerContext, CALLER_CONTEXT_HEADER, type ContextBinding, generateContextKeys, type Grant, signCallerContext } from '../../domain/caller';
import { type Clock, type RequestTime, requestTime } from '../../platform/clock';
import { generatePopulation, PERSONAS } from '../../legacy/population';
import { municipalityCodeOf } from '../../domain/catalogue/authority';

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
  if (!found) throw new Error(`no persona "${id}" in personas/personas.json`);
  return found;
}

/** A citizen persona acting for themselves. */
export function selfContext(id: string, municipalityCode = persona(id).municipalityCode): UnstampedContext {
  const p = persona(id);
  return {
    actor: { kind: 'citizen', id: `persona:${id}`, cpr: p.cpr!, scopes: [], name: p.name },
    channel: 'DIGITAL_SELF_SERVICE',
    requestId: `test-${id}`,
    subjectMunicipalityCode: municipalityCode,
  };
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
export function caseworkerContext(
  id: string,
  serving?: { citizenId: string; exemptions?: NonNullable<CallerContext['actingFor']>['exemptions'] },
  scopes = persona(id).scopes ?? [],
): UnstampedContext {
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

let population: ReturnType<typeof generatePopulation> | undefined;
/** Where the register places a citizen: a persona's municipality, else the synthetic population's. */
function residenceOf(cpr: string): string | undefined {
  const persona = PERSONAS.find((p) => p.cpr === cpr);
  if (persona?.municipalityCode) return persona.municipalityCode;
  population ??= generatePopulation();
  return population.byCpr.get(cpr)?.address.municipalityCode;
}

/**
 * A caseworker's call about `cprs`, as the gateway signs it for a subgraph without the register:
 * with the municipality of those of them in the caseworker's caseload (the gateway learns only
 * those from the register). Others stay unknown, so the kit refuses them.
 */
export function withCaseload(ctx: UnstampedContext, cprs: readonly string[]): UnstampedContext {
  const home = municipalityCodeOf(ctx.actor.authority);
  const citizenMunicipalities = Object.fromEntries(cprs.filter((cpr) => home !== undefined && residenceOf(cpr) === home).map((cpr) => [cpr, home!]));
  return { ...ctx, citizenMunicipalities };
}

/**
 * For tests of a subgraph's mechanics (batching, paging, mapping, caching), not of who may read:
 * the call carries every citizen in `cprs` as in the caseworker's caseload, as if the gateway's
 * register lookup had said so (a subgraph cannot tell). Tests of who may read use withCaseload.
 */
export function asIfInCaseload(ctx: UnstampedContext, cprs: readonly string[]): UnstampedContext {
  const home = municipalityCodeOf(ctx.actor.authority);
  if (!home) throw new Error(`asIfInCaseload: ${ctx.actor.authority} is no municipality, so it has no caseload`);
  return { ...ctx, citizenMunicipalities: Object.fromEntries(cprs.map((cpr) => [cpr, home])) };
}

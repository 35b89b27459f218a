import { ErrorCode } from '../../platform/errors';
import { GraphQLError } from 'graphql';
import { ageOn, parseCpr } from '../../domain/cpr';
import type { Action, ActingFor, Actor, CallerContext, Domain, ExemptionInForce, Grant } from '../../domain/caller';
import type { RequestTime } from '../../platform/clock';
import { DOMAINS } from '../../systems/registry';

/** A delegation in force between the actor and the subject, as the selfservice store reports it. */
export interface DelegationInForce {
  readonly id: string;
  readonly services: readonly string[];
  readonly actions: readonly Action[];
}

/** One use of the gateway's system identity: for which request, on which day, and why (shown in the subject's log). */
export interface SystemLookup {
  readonly requestId: string;
  readonly time: RequestTime;
  readonly purpose: string;
}

/** What the gateway needs to know to decide whether the actor may act for the subject. */
export interface ActingDirectory {
  /** Delegations held by actorCpr from subjectCpr, and the subject's exemptions, on the request's day. */
  actingContext(
    actorCpr: string | null,
    subjectCpr: string,
    lookup: SystemLookup,
  ): Promise<{ delegations: DelegationInForce[]; exemptions: ExemptionInForce[] }>;
  /** The register's facts about the subject: parents (for custody) and municipality. */
  registerFacts(subjectCpr: string, lookup: SystemLookup): Promise<{ parentCprs: string[]; municipalityCode: string | null } | null>;
  /**
   * The signed-in citizen's own name in the register, to label what they do in others' access logs
   * (actorName). Without it, or when the register cannot say, the token's name claim is shown.
   */
  registerName?(actor: Actor, request: { requestId: string; time: RequestTime }): Promise<string | null>;
  /** Which domain a catalogue service belongs to. */
  domainOfService(serviceCode: string): Domain | undefined;
  /**
   * A caseworker's caseload: the municipality each citizen lives in, asked of the register in the
   * caseworker's own name (`callerContext`, signed for the citizen subgraph), so only citizens the
   * register shows them come back and each look is in that citizen's access log. Without it,
   * caseload reads outside the citizen subgraph are refused (name the citizen in x-act-for).
   */
  residences?(cprs: readonly string[], callerContext: string, requestId: string): Promise<Record<string, string>>;
}

const ALL_DOMAINS: readonly Domain[] = DOMAINS;
/** Custody ends on the child's 15th birthday. */
export const CUSTODY_AGE_LIMIT = 15;

/**
 * Decides, once per request, who acts for whom with which permissions and over which channel.
 * Throws FORBIDDEN when a citizen names someone they may not act for.
 */
export async function resolveCallerContext(input: {
  actor: Actor;
  /** The x-act-for header: the citizen the actor acts for, if any. */
  actFor?: string;
  requestId: string;
  /** The request's instant and Danish date: every check below and every subgraph use this one day. */
  time: RequestTime;
  directory: ActingDirectory;
}): Promise<CallerContext> {
  const { actor, directory } = input;
  const { today } = input.time;
  // Every context this request gets carries its id and its one time.
  const requestId = input.requestId;
  const stamp = { requestId, at: input.time.at, today };
  const who = actor.kind === 'caseworker' ? `${actor.name ?? actor.id} (${actor.authority})` : (actor.name ?? actor.id);
  const lookup = (purpose: string): SystemLookup => ({ requestId, time: input.time, purpose });
  const subject = input.actFor ? parseSubject(input.actFor) : undefined;

  if (actor.kind === 'caseworker') {
    if (!subject) return { actor, channel: 'ASSISTED', ...stamp };
    const check = lookup(`checked your exemptions and municipality for caseworker ${who}, who serves you`);
    const [acting, facts] = await Promise.all([directory.actingContext(null, subject, check), bestEffort(directory.registerFacts(subject, check))]);
    const actingFor: ActingFor = { cpr: subject, basis: 'caseworker', grants: grantsFromScopes(actor.scopes), exemptions: acting.exemptions };
    return { actor, actingFor, channel: 'ASSISTED', ...stamp, subjectMunicipalityCode: facts?.municipalityCode ?? undefined };
  }

  if (actor.kind !== 'citizen') {
    if (subject) throw forbidden('Only citizens and caseworkers can act for a citizen.');
    return { actor, channel: 'DIGITAL_SELF_SERVICE', ...stamp };
  }
  if (!subject || subject === actor.cpr) {
    // Their municipality only labels filings: looked up when a mutation's context is signed (withOwnMunicipality), not for every read.
    return { actor, channel: 'DIGITAL_SELF_SERVICE', ...stamp };
  }

  const birth = parseCpr(subject);
  const couldBeCustody = birth.ok && ageOn(birth.value.birthDate, today) < CUSTODY_AGE_LIMIT;
  // Custody is decided by the register, so for a child under 15 its answer is required; otherwise best effort.
  const check = lookup(`checked whether ${who} may act for you (power of attorney or custody)`);
  const [acting, facts] = await Promise.all([
    directory.actingContext(actor.cpr!, subject, check),
    couldBeCustody ? directory.registerFacts(subject, check) : bestEffort(directory.registerFacts(subject, check)),
  ]);
  const subjectMunicipalityCode = facts?.municipalityCode ?? undefined;
  const isChildInCustody = couldBeCustody && (facts?.parentCprs ?? []).includes(actor.cpr!);
  if (isChildInCustody) {
    return {
      actor,
      actingFor: { cpr: subject, basis: 'custody', grants: ALL_DOMAINS.map((domain) => ({ domain, actions: ['read', 'file'] as Action[] })) },
      channel: 'DIGITAL_SELF_SERVICE',
      ...stamp,
      subjectMunicipalityCode,
    };
  }
  if (acting.delegations.length === 0) {
    throw forbidden('You hold no power of attorney from this citizen that is in force today.');
  }
  return {
    actor,
    actingFor: {
      cpr: subject,
      basis: 'delegation',
      grants: grantsFromDelegations(acting.delegations, directory),
      delegationId: acting.delegations[0].id,
    },
    channel: 'DELEGATE',
    ...stamp,
    subjectMunicipalityCode,
  };
}

/** Why the register is asked for a citizen's own municipality (shown in their access log). */
export const OWN_MUNICIPALITY_PURPOSE = 'looked up your municipality to label your own request';

/**
 * A citizen acting for themselves, with their municipality from the register: for the contexts
 * of a mutation, whose filings it labels (subgraphs/kit/filing.ts); reads do not need it, so
 * resolveCallerContext does not ask. Best effort: a register outage must not lock citizens out of
 * their own services, so without an answer the context goes without it (filings then count under
 * "0000", as before). Any other caller is returned as it is.
 */
export async function withOwnMunicipality(
  caller: CallerContext,
  input: { readonly directory: Pick<ActingDirectory, 'registerFacts'>; readonly time: RequestTime },
): Promise<CallerContext> {
  const { actor } = caller;
  if (actor.kind !== 'citizen' || !actor.cpr || caller.actingFor || caller.subjectMunicipalityCode !== undefined) return caller;
  const lookup: SystemLookup = { requestId: caller.requestId, time: input.time, purpose: OWN_MUNICIPALITY_PURPOSE };
  const own = await bestEffort(Promise.resolve().then(() => input.directory.registerFacts(actor.cpr!, lookup)));
  return own?.municipalityCode ? { ...caller, subjectMunicipalityCode: own.municipalityCode } : caller;
}

/** "housing:read" -> housing read; "housing:assist" -> housing file. */
export function grantsFromScopes(scopes: readonly string[]): Grant[] {
  const byDomain = new Map<Domain, Set<Action>>();
  for (const scope of scopes) {
    const [domain, verb] = scope.split(':') as [Domain, string];
    if (!ALL_DOMAINS.includes(domain)) continue;
    const action: Action | undefined = verb === 'read' ? 'read' : verb === 'assist' ? 'file' : undefined;
    if (!action) continue;
    byDomain.set(domain, (byDomain.get(domain) ?? new Set()).add(action));
  }
  return [...byDomain].map(([domain, actions]) => ({ domain, actions: [...actions] }));
}

/** Each delegated service gives its domain's actions for that service; any delegation lets the holder see whom they act for. */
export function grantsFromDelegations(delegations: readonly DelegationInForce[], directory: Pick<ActingDirectory, 'domainOfService'>): Grant[] {
  const grants: Grant[] = [{ domain: 'citizen', actions: ['read'] }];
  for (const delegation of delegations) {
    for (const service of delegation.services) {
      const domain = directory.domainOfService(service);
      if (domain) grants.push({ domain, actions: [...delegation.actions], services: [service] });
    }
  }
  return grants;
}

async function bestEffort<T>(promise: Promise<T | null>): Promise<T | null> {
  return promise.catch(() => null);
}

function parseSubject(text: string): string {
  const parsed = parseCpr(text);
  if (!parsed.ok)
    throw new GraphQLError(`The x-act-for header is not a valid CPR number: ${parsed.reason}.`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
    });
  return parsed.value.cpr;
}

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });
}

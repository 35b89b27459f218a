import type { CallerContext, OperationKind } from '../../../domain/caller/types';
import { SELFSERVICE_INTERNAL_PATHS } from '../client/selfserviceClient';

/** Who called an internal endpoint: the service that proved its name (if any) and the context it forwarded. */
export interface InternalCaller {
  /** The subgraph that proved its name with its credential; undefined for the gateway. */
  readonly service?: string;
  readonly context: CallerContext;
  readonly operation: OperationKind;
}

interface CallerRule {
  readonly who: string;
  readonly allows: (caller: InternalCaller) => boolean;
}

/** Each internal endpoint names the one kind of caller it serves; everyone else is refused (403). */
const RULES: Record<string, CallerRule> = {
  [SELFSERVICE_INTERNAL_PATHS.actingContext]: {
    who: "the gateway's system identity (acting-for checks)",
    allows: (c) => c.service === undefined && c.context.actor.kind === 'system',
  },
  [SELFSERVICE_INTERNAL_PATHS.accessLog]: {
    who: 'a subgraph proving its service identity',
    allows: (c) => c.service !== undefined,
  },
  [SELFSERVICE_INTERNAL_PATHS.filings]: {
    who: 'a subgraph proving its service identity, within a mutation',
    allows: (c) => c.service !== undefined && c.operation === 'mutation',
  },
  [SELFSERVICE_INTERNAL_PATHS.grantorsInForce]: {
    who: "the citizen subgraph proving its service identity, for a citizen reading their grantors' names",
    allows: (c) => c.service === 'citizen' && c.context.actor.kind === 'citizen',
  },
};

export function mayCall(path: string, caller: InternalCaller): boolean {
  return RULES[path]?.allows(caller) ?? false;
}

export function refusal(path: string): string {
  return `${path} serves only ${RULES[path]?.who ?? 'no one'}`;
}

/** A call from an allowed caller that asks for something its context does not cover (HTTP 403). */
export class InternalRefusal extends Error {}

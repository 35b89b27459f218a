import type { Actor } from '../../domain/caller';
import type { RequestTime } from '../../platform/clock';
import type { ActingDirectory } from './resolveCallerContext';

/**
 * A citizen's actions carry their name as the population register has it into other citizens'
 * access logs: put on the actor in the caller context before it is signed, so every subgraph writes
 * the same name and selfservice can check it. Looked up alongside the acting-for check, best
 * effort: a register outage must not lock anyone out; the token's name claim (the identity
 * provider's) then stands. Cached by the directory, so mostly free.
 */
export function lookUpRegisterName(directory: ActingDirectory, actor: Actor, requestId: string, time: RequestTime): Promise<string | null> {
  if (actor.kind !== 'citizen' || !directory.registerName) return Promise.resolve(null);
  return directory.registerName(actor, { requestId, time }).catch(() => null);
}

/** The actor with their register name, when one was found. */
export function withRegisterName(actor: Actor, name: string | null): Actor {
  return name ? { ...actor, name } : actor;
}

import type { HeaderMap } from '@apollo/server';
import type { Clock } from '../clock';
import { unauthenticated } from './authorize';
import { CALLER_CONTEXT_HEADER, type ContextKeys, verifyCallerContext } from './signing';
import type { CallerContext } from './types';

/** The verified caller and the signed token itself (forwarded on internal calls to selfservice). */
export interface VerifiedCaller {
  readonly caller: CallerContext;
  readonly token: string;
}

/** Reads and verifies the gateway-signed caller context; without a valid one: UNAUTHENTICATED. */
export async function verifiedCaller(headers: HeaderMap, publicKey: ContextKeys['publicKey'], clock: Clock): Promise<VerifiedCaller> {
  const token = headers.get(CALLER_CONTEXT_HEADER);
  if (!token) throw unauthenticated();
  try {
    return { caller: await verifyCallerContext(token, publicKey, clock), token };
  } catch {
    throw unauthenticated();
  }
}

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who calls an internal endpoint: a subgraph proves its name with a secret only it and the
 * selfservice service hold (never sent on the wire). The proof covers the path, the body and
 * the caller context it forwards, so a captured call cannot be bent to say something else, and
 * a captured context is useless without the service's secret.
 */

/** The header carrying "<service>:<hex HMAC-SHA256>". */
export const SERVICE_AUTH_HEADER = 'x-service-auth';

/** One service's name and secret (at least 32 bytes). */
export interface ServiceCredential {
  readonly name: string;
  readonly secret: Buffer;
}

export function generateServiceCredential(name: string): ServiceCredential {
  return { name, secret: randomBytes(32) };
}

/** "citizen:<base64>,tax:<base64>": the form INTERNAL_SERVICE_KEYS (selfservice) and SERVICE_KEY (one subgraph) take. */
export function parseServiceCredentials(text: string, variable: string): ServiceCredential[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, encoded] = part.split(':');
      const secret = Buffer.from(encoded ?? '', 'base64');
      if (!/^[a-z][a-z0-9-]*$/.test(name ?? '') || secret.length < 32) {
        throw new Error(`${variable} must be "<service>:<base64 secret of at least 32 bytes>", comma-separated (see npm run keys)`);
      }
      return { name, secret };
    });
}

export function formatServiceCredential(credential: ServiceCredential): string {
  return `${credential.name}:${credential.secret.toString('base64')}`;
}

/** The header value a service sends with an internal call. */
export function serviceProof(credential: ServiceCredential, call: InternalCall): string {
  return `${credential.name}:${mac(credential.secret, call)}`;
}

/** The calling service's name when its proof holds; undefined otherwise (unknown service, wrong secret, altered call). */
export function verifyServiceProof(credentials: ReadonlyMap<string, Buffer>, header: string | undefined, call: InternalCall): string | undefined {
  const match = /^([a-z][a-z0-9-]*):([0-9a-f]{64})$/.exec(header ?? '');
  const secret = match ? credentials.get(match[1]) : undefined;
  if (!match || !secret) return undefined;
  const expected = Buffer.from(mac(secret, call), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex')) ? match[1] : undefined;
}

/** What a proof covers. */
export interface InternalCall {
  readonly path: string;
  readonly body: string;
  readonly callerContext: string;
}

function mac(secret: Buffer, call: InternalCall): string {
  const bodyHash = createHash('sha256').update(call.body).digest('hex');
  return createHmac('sha256', secret).update(`${call.path}\n${bodyHash}\n${call.callerContext}`).digest('hex');
}

import { readFileSync } from 'node:fs';
import type https from 'node:https';
import { createSecureContext } from 'node:tls';
import type { EnvReader } from './env';
import { messageOf } from './errors';

/** How a service serves HTTPS; with `ca` and requestClientCert, mutual TLS. */
export interface ServerTls {
  /** PEM certificate chain, the service's own certificate first. */
  readonly cert: string | Buffer;
  /** PEM private key of that certificate. */
  readonly key: string | Buffer;
  /** PEM CA certificate(s) a caller's client certificate must chain to. */
  readonly ca?: string | Buffer;
  /** Mutual TLS: a connection without a client certificate signed by `ca` is refused at the handshake. */
  readonly requestClientCert?: boolean;
}

/**
 * A service's TLS from the environment, for entry points: TLS_CERT_FILE and TLS_KEY_FILE (PEM)
 * turn HTTPS on; TLS_CLIENT_CA_FILE adds mutual TLS (callers must present a certificate it
 * signed). None set: plain HTTP (undefined). Read and checked once, at start.
 */
export function tlsFromEnv(env: EnvReader): ServerTls | undefined {
  const certFile = env.optional('TLS_CERT_FILE');
  const keyFile = env.optional('TLS_KEY_FILE');
  const caFile = env.optional('TLS_CLIENT_CA_FILE');
  if (!certFile && !keyFile && !caFile) return undefined;
  if (!certFile || !keyFile) {
    throw new Error(
      `environment variables TLS_CERT_FILE and TLS_KEY_FILE go together (HTTPS needs both); ${certFile ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'} is missing`,
    );
  }
  const tls: ServerTls = {
    cert: readPemFile(env, 'TLS_CERT_FILE', 'certificate'),
    key: readPemFile(env, 'TLS_KEY_FILE', 'private key'),
    ...(caFile ? { ca: readPemFile(env, 'TLS_CLIENT_CA_FILE', 'certificate'), requestClientCert: true } : {}),
  };
  checkKeyPair(tls, 'TLS_CERT_FILE', 'TLS_KEY_FILE');
  return tls;
}

/** Node's HTTPS server options for a ServerTls; throws naming the option when it cannot work. */
export function httpsServerOptions(tls: ServerTls): https.ServerOptions {
  if (!tls.cert || !tls.key) throw new Error('serveHttp: tls needs both cert and key (PEM)');
  if (tls.requestClientCert && !tls.ca) throw new Error('serveHttp: tls.requestClientCert needs tls.ca, the CA that signs client certificates');
  return {
    cert: tls.cert,
    key: tls.key,
    ca: tls.ca,
    minVersion: 'TLSv1.2',
    // Unverified clients never reach a handler: Node ends the handshake.
    requestCert: tls.requestClientCert === true,
    rejectUnauthorized: tls.requestClientCert === true,
  };
}

const PEM_MARKER = { certificate: /-----BEGIN CERTIFICATE-----/, 'private key': /-----BEGIN [A-Z ]*PRIVATE KEY-----/ } as const;

/** The PEM file named by environment variable `name`; errors name the variable and the file. */
export function readPemFile(env: EnvReader, name: string, kind: keyof typeof PEM_MARKER): string {
  const file = env.string(name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`environment variable ${name}: cannot read ${file} (${messageOf(error)})`);
  }
  if (!PEM_MARKER[kind].test(text)) throw new Error(`environment variable ${name}: ${file} holds no PEM ${kind}`);
  return text;
}

/** Fails at start, not at the first handshake, when the key does not belong to the certificate. */
export function checkKeyPair(pair: { cert?: string | Buffer; key?: string | Buffer; ca?: string | Buffer }, certName: string, keyName: string): void {
  try {
    createSecureContext({ cert: pair.cert, key: pair.key, ca: pair.ca });
  } catch (error) {
    throw new Error(`${keyName} does not fit the certificate in ${certName}, or a PEM file is damaged: ${messageOf(error)}`);
  }
}

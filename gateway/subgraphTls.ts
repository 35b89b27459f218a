import type { Agent } from 'undici';
import { internalDispatcher } from '../platform/internalHttp';
import { checkKeyPair, type EnvReader, readPemFile } from '../platform';

/** How the gateway calls https:// subgraphs: the CA it trusts and, for mutual TLS, its client certificate. */
export interface SubgraphClientTls {
  /** PEM CA certificate(s) the subgraphs' certificates chain to; replaces the system's trusted CAs. Omit to use those. */
  readonly ca?: string | Buffer;
  /** PEM client certificate the gateway presents (mutual TLS); with key. */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

/**
 * The gateway's subgraph TLS from the environment: SUBGRAPH_TLS_CA_FILE, and for mutual TLS
 * SUBGRAPH_TLS_CLIENT_CERT_FILE with SUBGRAPH_TLS_CLIENT_KEY_FILE (PEM). None set: undefined.
 */
export function subgraphTlsFromEnv(env: EnvReader): SubgraphClientTls | undefined {
  const caFile = env.optional('SUBGRAPH_TLS_CA_FILE');
  const certFile = env.optional('SUBGRAPH_TLS_CLIENT_CERT_FILE');
  const keyFile = env.optional('SUBGRAPH_TLS_CLIENT_KEY_FILE');
  if (!caFile && !certFile && !keyFile) return undefined;
  if (!certFile !== !keyFile) {
    throw new Error(
      `environment variables SUBGRAPH_TLS_CLIENT_CERT_FILE and SUBGRAPH_TLS_CLIENT_KEY_FILE go together; ${certFile ? 'SUBGRAPH_TLS_CLIENT_KEY_FILE' : 'SUBGRAPH_TLS_CLIENT_CERT_FILE'} is missing`,
    );
  }
  const tls: SubgraphClientTls = {
    ...(caFile ? { ca: readPemFile(env, 'SUBGRAPH_TLS_CA_FILE', 'certificate') } : {}),
    ...(certFile
      ? { cert: readPemFile(env, 'SUBGRAPH_TLS_CLIENT_CERT_FILE', 'certificate'), key: readPemFile(env, 'SUBGRAPH_TLS_CLIENT_KEY_FILE', 'private key') }
      : {}),
  };
  checkKeyPair(tls, 'SUBGRAPH_TLS_CLIENT_CERT_FILE', 'SUBGRAPH_TLS_CLIENT_KEY_FILE');
  return tls;
}

/** The subgraph connection pool's size: sockets kept open to each subgraph origin. */
export interface SubgraphPool {
  readonly maxSocketsPerSubgraph: number;
}

/**
 * The one HTTP client (an undici Agent, keep-alive) for every subgraph call, http:// and https://
 * alike: a pool per subgraph origin, the configured CA, the client certificate when given. Server
 * certificates are always verified.
 */
export function subgraphDispatcher(pool: SubgraphPool, tls: SubgraphClientTls | undefined): Agent {
  if (tls && !tls.cert !== !tls.key) throw new Error('buildGateway: subgraphTls.cert and subgraphTls.key go together (mutual TLS needs both)');
  if (tls?.cert) checkKeyPair(tls, 'subgraphTls.cert', 'subgraphTls.key');
  return internalDispatcher({ connections: pool.maxSocketsPerSubgraph, tls });
}

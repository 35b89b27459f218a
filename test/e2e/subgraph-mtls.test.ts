import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { buildGateway, type GatewayOptions } from '../../gateway/server';
import { personaCpr } from '../../legacy/population';
import { buildSubgraphServer, type RunningService } from '../../subgraphs/kit';
import { CALLER_CONTEXT_HEADER, generateContextKeys } from '../../domain';
import { PinnedClock, type ServerTls } from '../../platform';
import { rawRequest, recordingLogger } from '../support/edgeGateway';
import { makeTestPki, type TestPki } from '../support/testCertificates';

/**
 * Past loopback the gateway reaches subgraphs over TLS, and where configured mutual TLS: the
 * subgraph only talks to callers holding a certificate its CA signed, and the gateway only to
 * subgraphs whose certificate its CA signed. A minimal real subgraph (buildSubgraphServer, the
 * same server every subgraph runs) and a real gateway, both on loopback.
 */

const PROBE_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  "How the probe subgraph was reached."
  type Query {
    "Whether the call carried a gateway-signed caller context."
    callerContextPresent: Boolean!
  }
`;

/** One gateway call as the probe subgraph saw it. */
interface SeenCall {
  readonly clientCertificateCn: string | undefined;
}

describe('subgraph TLS and mutual TLS', () => {
  let pki: TestPki;
  let foreign: TestPki;
  let probe: RunningService;
  const seen: SeenCall[] = [];
  const probeLogger = recordingLogger();
  const started: RunningService[] = [];

  beforeAll(async () => {
    pki = makeTestPki();
    foreign = makeTestPki('citizen-graph-tls-foreign-');
    const mutualTls: ServerTls = { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requestClientCert: true };
    probe = await buildSubgraphServer<{ callerContextPresent: boolean }>({
      name: 'probe',
      modules: [
        {
          typeDefs: parse(PROBE_SDL),
          resolvers: { Query: { callerContextPresent: (_: unknown, __: unknown, ctx: { callerContextPresent: boolean }) => ctx.callerContextPresent } },
        },
      ],
      context: async ({ headers }) => ({ callerContextPresent: Boolean(headers.get(CALLER_CONTEXT_HEADER)) }),
      logger: probeLogger,
      routes: async (req) => {
        const cn = (req.socket as TLSSocket).getPeerCertificate?.().subject?.CN;
        seen.push({ clientCertificateCn: Array.isArray(cn) ? cn.join(',') : cn });
        return false;
      },
    }).listen(0, '127.0.0.1', mutualTls);
  });

  afterAll(async () => {
    for (const service of started) await service.stop();
    await probe?.stop();
    pki?.remove();
    foreign?.remove();
  });

  async function startGateway(subgraphTls: GatewayOptions['subgraphTls']): Promise<RunningService> {
    const composed = composeServices([{ name: 'probe', url: probe.url, typeDefs: parse(PROBE_SDL) }]);
    if (!composed.supergraphSdl) throw new Error(`probe supergraph did not compose: ${composed.errors?.map((e) => e.message).join('; ')}`);
    const clock = new PinnedClock('2026-11-26');
    const keys = await generateContextKeys();
    const gateway = await buildGateway({
      supergraphSdl: composed.supergraphSdl,
      logger: recordingLogger(),
      identity: {
        verifyToken: async () => ({ kind: 'citizen', id: 'persona:ingrid', cpr: personaCpr('ingrid'), scopes: [] }),
        directory: { actingContext: async () => ({ delegations: [], exemptions: [] }), registerFacts: async () => null, domainOfService: () => undefined },
        signingKey: keys.privateKey!,
        clock,
      },
      subgraphTimeoutMs: 5000,
      subgraphTls,
    }).listen(0, '127.0.0.1');
    started.push(gateway);
    return gateway;
  }

  const ask = (gateway: RunningService) => rawRequest(gateway.url, { headers: { authorization: 'Bearer test' }, body: { query: '{ callerContextPresent }' } });

  /** A direct HTTPS POST to the probe; resolves with the status, or rejects with the TLS error. */
  const directCall = (options: https.RequestOptions) =>
    new Promise<number>((resolve, reject) => {
      const request = https.request(probe.url, { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 5000, ...options }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('timeout', () => request.destroy(new Error('direct call timed out')));
      request.on('error', reject);
      request.end(JSON.stringify({ query: '{ callerContextPresent }' }));
    });

  it("mtls-ok: a query through the gateway reaches the subgraph over TLS, with the gateway's client certificate and a signed caller context", async () => {
    expect(probe.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const gateway = await startGateway({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key });
    seen.length = 0;

    const answer = await ask(gateway);

    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({ callerContextPresent: true });
    expect(seen).toEqual([{ clientCertificateCn: 'citizen-graph-gateway' }]);
  });

  it('mtls-no-client-cert: a direct HTTPS call without a client certificate is refused at the TLS handshake', async () => {
    seen.length = 0;
    probeLogger.lines.length = 0;

    const refused = await directCall({ ca: pki.ca.cert }).then(
      () => undefined,
      (error: NodeJS.ErrnoException) => error,
    );

    expect(refused?.code).toMatch(/CERTIFICATE_REQUIRED|ECONNRESET|EPIPE/);
    expect(seen).toEqual([]);
    await waitFor(() => probeLogger.lines.some((l) => l.message === 'tls handshake refused'));
    expect(probeLogger.lines.find((l) => l.message === 'tls handshake refused')?.fields?.code).toMatch(/NO_CERTIFICATE|DID_NOT_RETURN_A_CERTIFICATE/);
  });

  it('mtls-foreign-client-cert: a client certificate another CA signed is refused before any request is read', async () => {
    seen.length = 0;

    const refused = await directCall({ ca: pki.ca.cert, cert: foreign.client.cert, key: foreign.client.key }).then(
      () => undefined,
      (error: NodeJS.ErrnoException) => error,
    );

    expect(refused?.code).toMatch(/UNKNOWN_CA|ECONNRESET|EPIPE/);
    expect(seen).toEqual([]);
  });

  it("tls-untrusted-server: a gateway without the CA refuses the subgraph's certificate; the client sees SUBGRAPH_UNAVAILABLE and no internal URL", async () => {
    const gateway = await startGateway({ cert: pki.client.cert, key: pki.client.key });
    seen.length = 0;

    const answer = await ask(gateway);

    expect(answer.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'probe' }]);
    expect(seen).toEqual([]);
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain(String(probe.port));
    expect(text).not.toMatch(/certificate|https:/i);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited >= timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

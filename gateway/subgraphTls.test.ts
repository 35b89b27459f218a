import { makeTestPki, type TestPki } from '../test/support/testCertificates';
import { EnvReader } from '../platform';
import { subgraphDispatcher, subgraphTlsFromEnv } from './subgraphTls';

/** The gateway's side of subgraph TLS: which CA it trusts, which certificate it presents. */
describe('subgraph TLS at the gateway', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => pki.remove());

  const read = (vars: Record<string, string>) => subgraphTlsFromEnv(new EnvReader(vars));

  it('subgraph-tls-off: no variable set leaves subgraph calls to the system CAs', () => {
    expect(read({})).toBeUndefined();
  });

  it('subgraph-mtls-env: CA, client certificate and key are read from their files', () => {
    expect(
      read({
        SUBGRAPH_TLS_CA_FILE: pki.file('ca.crt'),
        SUBGRAPH_TLS_CLIENT_CERT_FILE: pki.file('client.crt'),
        SUBGRAPH_TLS_CLIENT_KEY_FILE: pki.file('client.key'),
      }),
    ).toEqual({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key });
  });

  it('subgraph-tls-env-incomplete: a client certificate without its key names the missing variable', () => {
    expect(() => read({ SUBGRAPH_TLS_CLIENT_CERT_FILE: pki.file('client.crt') })).toThrow(/SUBGRAPH_TLS_CLIENT_KEY_FILE is missing/);
    expect(() => read({ SUBGRAPH_TLS_CLIENT_CERT_FILE: pki.file('client.crt'), SUBGRAPH_TLS_CLIENT_KEY_FILE: pki.file('server.key') })).toThrow(
      /SUBGRAPH_TLS_CLIENT_KEY_FILE does not fit the certificate in SUBGRAPH_TLS_CLIENT_CERT_FILE/,
    );
  });

  it("subgraph-tls-option-incomplete: buildGateway's subgraphTls with a certificate but no key is refused", () => {
    expect(() => subgraphDispatcher({ maxSocketsPerSubgraph: 1 }, { cert: pki.client.cert })).toThrow(/subgraphTls\.cert and subgraphTls\.key go together/);
  });
});

import { writeFileSync } from 'node:fs';
import { makeTestPki, type TestPki } from '../test/support/testCertificates';
import { EnvReader } from './env';
import { httpsServerOptions, tlsFromEnv } from './tls';

/** TLS settings are read and checked once at start; each mistake names the variable to fix. */
describe('tlsFromEnv', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => pki.remove());

  const read = (vars: Record<string, string>) => tlsFromEnv(new EnvReader(vars));

  it('tls-off: no TLS variable set is plain HTTP', () => {
    expect(read({})).toBeUndefined();
  });

  it('tls-server: certificate and key serve HTTPS without asking callers for certificates', () => {
    const tls = read({ TLS_CERT_FILE: pki.file('server.crt'), TLS_KEY_FILE: pki.file('server.key') });
    expect(tls).toEqual({ cert: pki.server.cert, key: pki.server.key });
    expect(httpsServerOptions(tls!)).toMatchObject({ requestCert: false, rejectUnauthorized: false, minVersion: 'TLSv1.2' });
  });

  it('tls-mutual: a client CA makes every caller present a certificate it signed', () => {
    const tls = read({ TLS_CERT_FILE: pki.file('server.crt'), TLS_KEY_FILE: pki.file('server.key'), TLS_CLIENT_CA_FILE: pki.file('ca.crt') });
    expect(tls).toEqual({ cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requestClientCert: true });
    expect(httpsServerOptions(tls!)).toMatchObject({ requestCert: true, rejectUnauthorized: true });
  });

  it('tls-env-incomplete: a client CA or a certificate without its key names the missing variable', () => {
    expect(() => read({ TLS_CLIENT_CA_FILE: pki.file('ca.crt') })).toThrow(/TLS_CERT_FILE is missing/);
    expect(() => read({ TLS_CERT_FILE: pki.file('server.crt') })).toThrow(/TLS_KEY_FILE is missing/);
  });

  it('tls-env-bad-file: an unreadable file or one without PEM names the variable and the file', () => {
    expect(() => read({ TLS_CERT_FILE: pki.file('nope.crt'), TLS_KEY_FILE: pki.file('server.key') })).toThrow(/TLS_CERT_FILE: cannot read .*nope\.crt/);
    writeFileSync(pki.file('empty.pem'), 'not a certificate\n');
    expect(() => read({ TLS_CERT_FILE: pki.file('server.crt'), TLS_KEY_FILE: pki.file('empty.pem') })).toThrow(
      /TLS_KEY_FILE: .*empty\.pem holds no PEM private key/,
    );
  });

  it("tls-env-key-mismatch: a key that is not the certificate's fails at start, naming both variables", () => {
    expect(() => read({ TLS_CERT_FILE: pki.file('server.crt'), TLS_KEY_FILE: pki.file('client.key') })).toThrow(
      /TLS_KEY_FILE does not fit the certificate in TLS_CERT_FILE/,
    );
  });

  it('tls-options-no-ca: asking for client certificates without a CA to check them against is refused', () => {
    expect(() => httpsServerOptions({ cert: pki.server.cert, key: pki.server.key, requestClientCert: true })).toThrow(/requestClientCert needs tls\.ca/);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** PEM texts of one throwaway certificate and its key. */
export interface TestCertificate {
  readonly cert: string;
  readonly key: string;
}

/** A throwaway PKI for TLS tests: a CA, a server certificate it signed, client certificates it signed. */
export interface TestPki {
  readonly dir: string;
  readonly ca: TestCertificate;
  /** For 127.0.0.1 and localhost. */
  readonly server: TestCertificate;
  /** CN citizen-graph-gateway. */
  readonly client: TestCertificate;
  /** Files of the PEMs above, for env-reading code: ca.crt, server.crt, server.key, client.crt, client.key. */
  file(name: string): string;
  remove(): void;
}

/**
 * Makes a CA, a server and a client certificate with the openssl CLI in a temp dir (EC P-256,
 * valid a day). A second call makes an unrelated CA: its client certificate is foreign to the first.
 */
export function makeTestPki(prefix = 'citizen-graph-tls-'): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const at = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

  openssl(
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=citizen-graph-test-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  const issue = (name: string, subject: string, extensions: string) => {
    writeFileSync(at(`${name}.ext`), extensions);
    openssl('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  };
  issue('server', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  issue('client', '/CN=citizen-graph-gateway', 'extendedKeyUsage=clientAuth\n');

  const read = (name: string): TestCertificate => ({ cert: readFileSync(at(`${name}.crt`), 'utf8'), key: readFileSync(at(`${name}.key`), 'utf8') });
  return {
    dir,
    ca: read('ca'),
    server: read('server'),
    client: read('client'),
    file: at,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Issue 20, rollover: `signet ca rollover issuing` and `signet tsa rollover` put new keys and
 * certificates in force; new department certificates come from the new issuing CA, signatures made
 * before still verify, the old CA's OCSP responder answers for the certificates it issued (checked
 * by `openssl ocsp` against the server), and the CRLs of both CAs are published. Also: `signet
 * cert list --expiring` and the expiry gauge of /metrics.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signet, signetJson } from '../helpers/cli';
import { openssl, tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';

interface Pem {
  serial: string;
  certificate: string;
}
interface Rollover {
  role: string;
  retired: string;
  certificates: { role: string; serial: string; subject: string }[];
}

const ENV = { SIGNET_KEY_PASSPHRASE: 'rollover test passphrase' };

describe('rollover of the issuing CA and the TSA', () => {
  let dir: string;
  let files: string;
  let issuing: Rollover;
  let tsa: Rollover;
  let server: RunningServer;
  const f = (n: string): string => join(files, n);
  const cli = (args: string[]) => signet([...args, '--data-dir', dir], ENV);
  const json = <T>(args: string[]): T => signetJson<T>([...args, '--data-dir', dir], ENV);
  const sign = (out: string, level: string): void => {
    const r = cli([
      'sign',
      f('notice.txt'),
      '--department',
      'finance',
      '--level',
      level,
      '--out',
      f(out),
    ]);
    expect(r.stderr.trim()).toBe('');
    expect(r.status).toBe(0);
  };
  const verify = (signature: string) =>
    JSON.parse(cli(['verify', f('notice.txt'), '--signature', f(signature), '--json']).stdout) as {
      indication: string;
    };
  const issuerOf = (file: string): string =>
    openssl(['x509', '-noout', '-issuer', '-in', file]).stdout.trim();

  beforeAll(async () => {
    dir = tempDir('signet-rollover-');
    files = tempDir('signet-rollover-files-');
    const init = json<{ adminToken: string; root: Pem; issuing: Pem }>(['init']);
    writeFileSync(f('root.pem'), init.root.certificate);
    writeFileSync(f('old-issuing.pem'), init.issuing.certificate);
    const { apiKey } = json<{ apiKey: string }>([
      'department',
      'add',
      'finance',
      '--name',
      'Finance',
    ]);
    const old = json<Pem>(['cert', 'issue', '--department', 'finance']);
    writeFileSync(f('old-dept.pem'), old.certificate);
    writeFileSync(f('notice.txt'), 'Notice: the archive is closed on Friday.\n');
    sign('before.p7s', 'B-LT');

    issuing = json<Rollover>(['ca', 'rollover', 'issuing']);
    tsa = json<Rollover>(['tsa', 'rollover']);
    const renewed = json<Pem>(['cert', 'renew', old.serial]);
    writeFileSync(f('new-dept.pem'), renewed.certificate);
    const newIssuing = json<Pem>(['cert', 'show', issuing.certificates[0]?.serial ?? '']);
    writeFileSync(f('new-issuing.pem'), newIssuing.certificate);
    sign('after.p7s', 'B-LT');

    writeFileSync(join(dir, 'admin-token'), `${init.adminToken}\n`);
    writeFileSync(join(dir, 'demo-api-key'), `${apiKey}\n`);
    server = await startServer({ ...ENV, SIGNET_DATA_DIR: dir });
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('puts a new issuing CA (with its OCSP responder) and a new TSA in force', () => {
    expect(issuing.certificates.map((c) => c.role)).toEqual(['issuing', 'ocsp']);
    expect(issuing.certificates[0]?.subject).toMatch(/Issuing CA G2$/);
    expect(tsa.certificates.map((c) => c.role)).toEqual(['tsa']);
    const keys = json<{ keys: { purposes: string[] }[] }>(['keys', 'list']).keys;
    expect(keys.filter((k) => k.purposes.includes('issuing CA'))).toHaveLength(2);
  });

  it('issues new department certificates from the new issuing CA, which OpenSSL chains to the root', () => {
    expect(issuerOf(f('new-dept.pem'))).toMatch(/Issuing CA G2$/);
    const r = openssl([
      'verify',
      '-CAfile',
      f('root.pem'),
      '-untrusted',
      f('new-issuing.pem'),
      f('new-dept.pem'),
    ]);
    expect(r.stdout).toContain('new-dept.pem: OK');
  });

  it('still verifies a signature made before the rollover, and one made after', () => {
    expect(verify('before.p7s').indication).toBe('TOTAL_PASSED');
    expect(verify('after.p7s').indication).toBe('TOTAL_PASSED');
  });

  it('publishes the CRLs of both issuing CAs: a B-LT signature carries both, and the ARL', () => {
    const printed = openssl(['pkcs7', '-inform', 'DER', '-in', f('after.p7s'), '-print_certs']);
    const crls = printed.stdout.match(/-----BEGIN X509 CRL-----[^-]+-----END X509 CRL-----/g) ?? [];
    const issuers = crls.map((pem) => openssl(['crl', '-noout', '-issuer'], pem).stdout.trim());
    expect(issuers.sort()).toEqual([
      expect.stringMatching(/Issuing CA$/),
      expect.stringMatching(/Issuing CA G2$/),
      expect.stringMatching(/Root CA$/),
    ]);
  });

  it.each([
    ['old', /^\s+Subject: .*CN=Signet Development OCSP Responder$/m],
    ['new', /^\s+Subject: .*CN=Signet Development OCSP Responder G2$/m],
  ])('answers OCSP for a %s certificate by its own CA responder', (which, responder) => {
    const r = openssl([
      'ocsp',
      '-issuer',
      f(`${which}-issuing.pem`),
      '-cert',
      f(`${which}-dept.pem`),
      '-url',
      `${server.url}/ocsp`,
      '-CAfile',
      f('root.pem'),
      '-verify_other',
      f(`${which}-issuing.pem`),
      '-resp_text',
    ]);
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toContain(`${which}-dept.pem: good`);
    // The responder's certificate in the response: the one its own issuing CA certified.
    expect(r.stdout).toMatch(responder);
  });

  it('signet cert list --expiring lists the certificates in force that expire within the days', () => {
    const soon = json<{ certificates: { role: string }[] }>(['cert', 'list', '--expiring', '30d']);
    expect(soon.certificates).toEqual([]);
    const year = json<{ certificates: { role: string }[] }>(['cert', 'list', '--expiring', '400d']);
    expect(new Set(year.certificates.map((c) => c.role))).toEqual(new Set(['ocsp', 'department']));
  });

  it('/metrics gives the soonest notAfter of the certificates in force of each CA role', async () => {
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    const text = await res.text();
    for (const role of ['root', 'issuing', 'tsa', 'ocsp']) {
      const m = new RegExp(
        `^signet_certificate_not_after_seconds\\{role="${role}"\\} (\\d+)`,
        'm',
      ).exec(text);
      expect(Number(m?.[1])).toBeGreaterThan(Date.now() / 1000);
    }
  });
});

/**
 * Issue 20 done-when 3: the root publishes an ARL for its issuing CA, so `openssl verify
 * -crl_check_all` (a CRL for every certificate of the path) accepts a department certificate, and
 * refuses it once `signet ca revoke-issuing` has revoked the issuing CA. Signet's own verifier
 * agrees: the certificate is REVOKED, a signature made under the revoked CA INDETERMINATE.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines, signet, signetJson } from '../helpers/cli';
import { openssl, tempDir } from '../helpers/openssl';

interface Pem {
  serial: string;
  certificate: string;
}

describe('the root ARL and the revocation of an issuing CA', () => {
  let dir: string;
  let files: string;
  let issuing: Pem;
  const f = (n: string): string => join(files, n);
  const dataDir = (): string[] => ['--data-dir', dir];

  /** Publishes a CRL (the ARL with --root) and writes it in PEM, as OpenSSL's -CRLfile wants. */
  const publish = (name: string, root: boolean): void => {
    const der = f(`${name}.crl`);
    signetJson(['crl', ...(root ? ['--root'] : []), '--out', der, ...dataDir()]);
    const pem = openssl(['crl', '-inform', 'DER', '-in', der]);
    expect(pem.status).toBe(0);
    writeFileSync(f(`${name}.pem`), pem.stdout);
  };
  const opensslVerifyAll = () =>
    openssl([
      'verify',
      '-crl_check_all',
      '-CRLfile',
      f('root-arl.pem'),
      '-CRLfile',
      f('issuing-crl.pem'),
      '-CAfile',
      f('root.pem'),
      '-untrusted',
      f('issuing.pem'),
      f('dept.pem'),
    ]);
  const signNotice = (out: string): void => {
    const r = signet([
      'sign',
      f('notice.txt'),
      '--department',
      'finance',
      '--level',
      'B-LT',
      '--out',
      f(out),
      ...dataDir(),
    ]);
    expect(r.status).toBe(0);
  };
  const verifyNotice = (signature: string) =>
    JSON.parse(
      signet(['verify', f('notice.txt'), '--signature', f(signature), '--json', ...dataDir()])
        .stdout,
    ) as {
      indication: string;
      subIndication?: string;
      signatures: { checks: { id: string; status: string }[] }[];
    };

  beforeAll(() => {
    dir = tempDir('signet-arl-');
    files = tempDir('signet-arl-files-');
    const init = signetJson<{ root: Pem; issuing: Pem }>(['init', ...dataDir()]);
    issuing = init.issuing;
    writeFileSync(f('root.pem'), init.root.certificate);
    writeFileSync(f('issuing.pem'), init.issuing.certificate);
    signetJson(['department', 'add', 'finance', '--name', 'Finance Bureau', ...dataDir()]);
    const dept = signetJson<Pem>(['cert', 'issue', '--department', 'finance', ...dataDir()]);
    writeFileSync(f('dept.pem'), dept.certificate);
    writeFileSync(f('notice.txt'), 'Notice: the archive is closed on Friday.\n');
  });

  it("names the root's ARL as the issuing CA certificate's CRL distribution point", () => {
    const text = openssl(['x509', '-in', f('issuing.pem'), '-noout', '-text']).stdout;
    expect(text).toMatch(
      /CRL Distribution Points:\s+Full Name:\s+URI:http:\/\/[^\s]+\/crl\/root\.crl/,
    );
  });

  describe('while the issuing CA is in force', () => {
    beforeAll(() => {
      publish('root-arl', true);
      publish('issuing-crl', false);
      signNotice('before.p7s');
    });

    it('openssl verify -crl_check_all accepts the department certificate', () => {
      const r = opensslVerifyAll();
      expect(r.stdout).toContain('dept.pem: OK');
      expect(r.status).toBe(0);
    });

    it('a B-LT signature carries the issuing CRL and the ARL signed by the root', () => {
      const printed = openssl(['pkcs7', '-inform', 'DER', '-in', f('before.p7s'), '-print_certs']);
      const crls =
        printed.stdout.match(/-----BEGIN X509 CRL-----[^-]+-----END X509 CRL-----/g) ?? [];
      const issuers = crls.map((pem) => openssl(['crl', '-noout', '-issuer'], pem).stdout.trim());
      // One CRL by the issuing CA (signer and TSA), one, the ARL, by the root (the issuing CA).
      expect(issuers.sort()).toEqual([
        expect.stringMatching(/Document Signing Issuing CA$/),
        expect.stringMatching(/Root CA$/),
      ]);
      expect(verifyNotice('before.p7s').indication).toBe('TOTAL_PASSED');
    });

    it('signet cert verify finds the department certificate not revoked', () => {
      const r = signetJson<{ valid: boolean; revocation: string }>([
        'cert',
        'verify',
        f('dept.pem'),
        ...dataDir(),
      ]);
      expect(r).toMatchObject({ valid: true, revocation: 'not_revoked' });
    });
  });

  describe('after signet ca revoke-issuing', () => {
    beforeAll(() => {
      const r = signet([
        'ca',
        'revoke-issuing',
        issuing.serial,
        '--reason',
        'cACompromise',
        ...dataDir(),
      ]);
      expect(errorLines(r.stderr)).toEqual([]);
      expect(r.status).toBe(0);
      publish('root-arl', true);
      signNotice('after.p7s');
    });

    it('openssl verify -crl_check_all refuses the department certificate: its CA is revoked', () => {
      const r = opensslVerifyAll();
      expect(r.status).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/error 23 at 1 depth lookup: certificate revoked/);
    });

    it('the ARL, checked by OpenSSL against the root, lists the issuing CA', () => {
      const r = openssl([
        'crl',
        '-in',
        f('root-arl.pem'),
        '-CAfile',
        f('root.pem'),
        '-noout',
        '-text',
      ]);
      expect(r.stdout + r.stderr).toContain('verify OK');
      expect(r.stdout.replace(/\s/g, '')).toContain(`SerialNumber:${issuing.serial.toUpperCase()}`);
      expect(r.stdout).toContain('CA Compromise');
    });

    it('signet cert verify says the department certificate is REVOKED', () => {
      const r = signet(['cert', 'verify', f('dept.pem'), '--json', ...dataDir()]);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, reason: { code: 'REVOKED' } });
    });

    it('a signature made under the revoked CA is INDETERMINATE (REVOKED_CA_NO_POE)', () => {
      const report = verifyNotice('after.p7s');
      expect(report).toMatchObject({
        indication: 'INDETERMINATE',
        subIndication: 'REVOKED_CA_NO_POE',
      });
      // The TSA's certificate is under the same CA: its time-stamp is judged by the same engine.
      const checks = report.signatures[0]?.checks ?? [];
      const timestamp = checks.find((c) => c.id === 'signature_timestamp');
      expect(timestamp?.status).toBe('warning');
      expect(JSON.stringify(timestamp)).toContain('was revoked');
    });

    it('a second revocation of the same CA is refused, and so is a department serial', () => {
      const again = signet([
        'ca',
        'revoke-issuing',
        issuing.serial,
        '--reason',
        'superseded',
        ...dataDir(),
      ]);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('already revoked');
      const dept = readFileSync(f('dept.pem'), 'utf8');
      const serial = openssl(['x509', '-noout', '-serial'], dept).stdout.trim().split('=')[1] ?? '';
      const wrong = signet([
        'ca',
        'revoke-issuing',
        serial,
        '--reason',
        'superseded',
        ...dataDir(),
      ]);
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toContain('not an issuing CA certificate');
    });
  });
});

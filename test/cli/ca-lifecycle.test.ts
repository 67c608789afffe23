import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { errorLines, signet, signetJson } from '../helpers/cli';
import { openssl, tempDir } from '../helpers/openssl';

interface InitJson {
  adminToken: string;
  root: { serial: string; certificate: string };
  issuing: { serial: string; certificate: string };
  tsa: { serial: string; certificate: string };
  ocsp: { serial: string; certificate: string };
}
interface CertJson {
  serial: string;
  status: string;
  department: string;
  certificate: string;
}

function setUpCa(algorithm: string): {
  dir: string;
  files: string;
  init: InitJson;
  cert: CertJson;
} {
  const dir = tempDir('signet-ca-');
  const files = tempDir('signet-files-');
  const init = signetJson<InitJson>(['init', '--data-dir', dir, '--algorithm', algorithm]);
  signetJson(['department', 'add', 'finance', '--name', 'Finance Bureau', '--data-dir', dir]);
  const cert = signetJson<CertJson>([
    'cert',
    'issue',
    '--department',
    'finance',
    '--data-dir',
    dir,
  ]);
  writeFileSync(join(files, 'root.pem'), init.root.certificate);
  writeFileSync(join(files, 'issuing.pem'), init.issuing.certificate);
  writeFileSync(join(files, 'tsa.pem'), init.tsa.certificate);
  writeFileSync(join(files, 'ocsp.pem'), init.ocsp.certificate);
  writeFileSync(join(files, 'dept.pem'), cert.certificate);
  writeFileSync(join(files, 'chain.pem'), init.root.certificate + init.issuing.certificate);
  return { dir, files, init, cert };
}

const text = (files: string, name: string): string =>
  openssl(['x509', '-in', join(files, name), '-noout', '-text']).stdout;

describe.each(['ecdsa-p256', 'rsa-3072'])('signet CA with %s', (algorithm) => {
  let ca: ReturnType<typeof setUpCa>;
  beforeAll(() => {
    ca = setUpCa(algorithm);
  });

  describe('cert issue', () => {
    it('issues a department certificate that OpenSSL verifies up to the root', () => {
      const r = openssl([
        'verify',
        '-CAfile',
        join(ca.files, 'root.pem'),
        '-untrusted',
        join(ca.files, 'issuing.pem'),
        join(ca.files, 'dept.pem'),
      ]);
      expect(r.stdout).toContain('dept.pem: OK');
      expect(r.status).toBe(0);
      expect(ca.cert).toMatchObject({ status: 'valid', department: 'finance' });
    });

    it('follows the SPEC profile: keyUsage, documentSigning EKU, CDP, AIA and a serial of at least 64 bits', () => {
      const t = text(ca.files, 'dept.pem');
      expect(t).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
      expect(t).toMatch(
        /X509v3 Extended Key Usage:\s+1\.3\.6\.1\.5\.5\.7\.3\.36, E-mail Protection/,
      );
      // The issuing CA's own CRL and certificate, by its key identifier (the AKI): stable across
      // a rollover (test/http/rollover-live.test.ts).
      const aki = /Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(t)?.[1] ?? '';
      const keyId = aki.replace(/:/g, '').toLowerCase();
      expect(keyId).toMatch(/^[0-9a-f]{40}$/);
      expect(t).toContain(`URI:http://127.0.0.1:8080/crl/issuing/${keyId}.crl`);
      expect(t).toContain('OCSP - URI:http://127.0.0.1:8080/ocsp');
      expect(t).toContain(`CA Issuers - URI:http://127.0.0.1:8080/ca/issuing/${keyId}.crt`);
      expect(t).toMatch(/Subject: C ?= ?CN, O ?= ?[^,]+, OU ?= ?finance, CN ?= ?Finance Bureau/);
      expect(ca.cert.serial.length * 4).toBeGreaterThanOrEqual(64);
      expect(Number.parseInt(ca.cert.serial.slice(0, 1), 16)).toBeLessThan(8); // positive INTEGER
    });

    it('gives the TSA a critical timeStamping EKU and the OCSP responder OCSPSigning with ocsp-nocheck', () => {
      expect(text(ca.files, 'tsa.pem')).toMatch(
        /X509v3 Extended Key Usage: critical\s+Time Stamping/,
      );
      const ocsp = text(ca.files, 'ocsp.pem');
      expect(ocsp).toMatch(/X509v3 Extended Key Usage:\s+OCSP Signing/);
      expect(ocsp).toContain('OCSP No Check');
      const root = text(ca.files, 'root.pem');
      expect(root).toMatch(/CA:TRUE, pathlen:1/);
      expect(text(ca.files, 'issuing.pem')).toMatch(/CA:TRUE, pathlen:0/);
    });
  });

  describe('cert revoke then crl', () => {
    it('publishes a CRL that OpenSSL verifies, listing the serial with its reason', () => {
      const revoked = signetJson<{ status: string }>([
        'cert',
        'revoke',
        ca.cert.serial,
        '--reason',
        'keyCompromise',
        '--data-dir',
        ca.dir,
      ]);
      expect(revoked.status).toBe('revoked');
      const crlFile = join(ca.files, 'issuing.crl');
      const published = signetJson<{ number: string }>([
        'crl',
        '--out',
        crlFile,
        '--data-dir',
        ca.dir,
      ]);
      const r = openssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        crlFile,
        '-CAfile',
        join(ca.files, 'chain.pem'),
        '-noout',
        '-text',
      ]);
      expect(r.stderr + r.stdout).toContain('verify OK');
      expect(r.stdout).toContain(`Serial Number: ${ca.cert.serial}`);
      expect(r.stdout).toMatch(/CRL Reason Code:\s+Key Compromise/);
      expect(r.stdout).toMatch(new RegExp(`X509v3 CRL Number:\\s+${published.number}`));

      const pem = openssl(['crl', '-inform', 'DER', '-in', crlFile]).stdout;
      writeFileSync(join(ca.files, 'issuing.crl.pem'), pem);
      const v = openssl([
        'verify',
        '-crl_check',
        '-CRLfile',
        join(ca.files, 'issuing.crl.pem'),
        '-CAfile',
        join(ca.files, 'root.pem'),
        '-untrusted',
        join(ca.files, 'issuing.pem'),
        join(ca.files, 'dept.pem'),
      ]);
      expect(v.status).not.toBe(0);
      expect(v.stdout + v.stderr).toContain('certificate revoked');
    });

    it('numbers CRLs strictly increasing', () => {
      const a = signetJson<{ number: string }>(['crl', '--data-dir', ca.dir]);
      const b = signetJson<{ number: string }>(['crl', '--data-dir', ca.dir]);
      expect(BigInt(b.number)).toBe(BigInt(a.number) + 1n);
    });

    it('refuses a changed CRL byte in OpenSSL', () => {
      const crlFile = join(ca.files, 'issuing.crl');
      const der = readFileSync(crlFile);
      der[der.length - 5] ^= 0x01;
      writeFileSync(join(ca.files, 'bad.crl'), der);
      const r = openssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        join(ca.files, 'bad.crl'),
        '-CAfile',
        join(ca.files, 'chain.pem'),
        '-noout',
      ]);
      expect(r.stdout + r.stderr).not.toContain('verify OK');
    });
  });
});

describe('signet audit verify', () => {
  const audited = (): { dir: string } => {
    const dir = tempDir('signet-audit-');
    signetJson(['init', '--data-dir', dir]);
    signetJson(['department', 'add', 'finance', '--name', 'Finance', '--data-dir', dir]);
    signetJson(['cert', 'issue', '--department', 'finance', '--data-dir', dir]);
    return { dir };
  };
  const tamper = (dir: string, sql: string): void => {
    const db = new Database(join(dir, 'signet.db'));
    db.exec(sql);
    db.close();
  };

  it('passes on an untouched log', () => {
    const { dir } = audited();
    const r = signet(['audit', 'verify', '--data-dir', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/intact: \d+ entries/);
  });

  it('names the entry whose row was changed', () => {
    const { dir } = audited();
    tamper(dir, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3");
    const r = signet(['audit', 'verify', '--data-dir', dir]);
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      'error: Audit entry 3 was changed after it was written.',
    ]);
  });

  it('names the entry that was deleted, in the middle and at the end', () => {
    const { dir } = audited();
    tamper(dir, 'DELETE FROM audit_log WHERE seq = 4');
    const r = signet(['audit', 'verify', '--data-dir', dir]);
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['error: Audit entry 4 is missing.']);

    const other = audited();
    tamper(other.dir, 'DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)');
    const last = signet(['audit', 'verify', '--data-dir', other.dir, '--json']);
    expect(last.status).toBe(1);
    expect(JSON.parse(last.stdout)).toMatchObject({ valid: false, break: { kind: 'missing' } });
  });

  it('detects two entries swapped', () => {
    const { dir } = audited();
    tamper(
      dir,
      'UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -1;',
    );
    const r = signet(['audit', 'verify', '--data-dir', dir]);
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)[0]).toMatch(/Audit entry 2 /);
  });
});

describe('the data directory at rest', () => {
  it('holds no unencrypted private key, and key and token files are 0600', () => {
    const dir = tempDir('signet-rest-');
    signetJson(['init', '--data-dir', dir]);
    signetJson(['department', 'add', 'finance', '--name', 'Finance', '--data-dir', dir]);
    signetJson([
      'cert',
      'issue',
      '--department',
      'finance',
      '--data-dir',
      dir,
      '--algorithm',
      'rsa-2048',
    ]);
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
      );
    const files = walk(dir);
    expect(files.some((f) => f.endsWith('.key'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(bytes.includes('PRIVATE KEY')).toBe(false);
      // PKCS#8 PrivateKeyInfo starts SEQUENCE { INTEGER 0, SEQUENCE { OID ... }: no such bytes at rest.
      expect(bytes.includes(Buffer.from('020100300d06092a864886f70d010101', 'hex'))).toBe(false);
      expect(bytes.includes(Buffer.from('020100301306072a8648ce3d0201', 'hex'))).toBe(false);
      expect(statSync(f).mode & 0o077).toBe(0);
    }
    expect(statSync(join(dir, 'keys')).mode & 0o077).toBe(0);
  });
});

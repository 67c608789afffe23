/**
 * `signet verify` and `signet cert verify` as an operator runs them (bin/signet.js over dist/): the
 * same report as the API, exit 0 only for a pass, the verdict first in text, one JSON document with
 * --json, and path validation of certificates with repeatable --trust/--untrusted/--crl options.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines, signet, signetJson } from '../helpers/cli';
import { renderReason, subIndicationReason } from '../../src/verification/reasons';
import {
  ecKeyAndCsr,
  FOREIGN_SIGNER,
  mustOpenssl,
  opensslCmsSign,
  tempDir,
} from '../helpers/openssl';

const CERTS = join(__dirname, '..', '..', 'certs');

interface CertJson {
  serial: string;
  certificate: string;
}

describe('signet verify', () => {
  let dir: string;
  let files: string;
  let cert: CertJson;
  const f = (n: string): string => join(files, n);
  const dataDir = (): string[] => ['--data-dir', dir];

  beforeAll(() => {
    dir = tempDir('signet-cli-verify-');
    files = tempDir('signet-cli-verify-files-');
    const init = signetJson<{ root: { certificate: string } }>(['init', ...dataDir()]);
    writeFileSync(f('root.pem'), init.root.certificate);
    signetJson(['department', 'add', 'finance', '--name', 'Finance Bureau', ...dataDir()]);
    cert = signetJson<CertJson>(['cert', 'issue', '--department', 'finance', ...dataDir()]);
    writeFileSync(f('finance.pem'), cert.certificate);
    writeFileSync(f('notice.txt'), 'Notice: the archive is closed on Friday.\n');
    writeFileSync(f('changed.txt'), 'Notice: the archive is open on Friday.\n');
    const signed = signet([
      'sign',
      f('notice.txt'),
      '--department',
      'finance',
      '--level',
      'B-T',
      '--out',
      f('notice.p7s'),
      ...dataDir(),
    ]);
    expect(signed.status).toBe(0);
  });

  describe('when the signature and its document are valid', () => {
    it('exits 0 and prints the verdict first, then the checks', () => {
      const r = signet(['verify', f('notice.txt'), '--signature', f('notice.p7s'), ...dataDir()]);
      expect(r.status).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe('TOTAL_PASSED');
      expect(r.stdout).toMatch(/\[ok {2}\] Document integrity/);
      expect(r.stdout).toMatch(/\[ok {2}\] Time-stamp/);
    });

    it('prints the report of the API with --json', () => {
      const report = signetJson<any>([
        'verify',
        f('notice.txt'),
        '--signature',
        f('notice.p7s'),
        ...dataDir(),
      ]);
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.signatures[0].signer.serial).toBe(cert.serial);
      expect(report.document.registered.status).toBe('valid');
    });
  });

  describe('when the document was changed', () => {
    it('exits 1, prints the HASH_FAILURE report and says why in one sentence on stderr', () => {
      const r = signet([
        'verify',
        f('changed.txt'),
        '--signature',
        f('notice.p7s'),
        '--json',
        ...dataDir(),
      ]);
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout);
      expect([report.indication, report.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
      const errors = errorLines(r.stderr);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^error: The signature is not valid/);
    });

    it('says the sub-indication in words, as the API and the page do', () => {
      const why = subIndicationReason('HASH_FAILURE');
      for (const language of ['en', 'zh-CN'] as const) {
        const args = ['verify', f('changed.txt'), '--signature', f('notice.p7s')];
        const r = signet([...args, '--lang', language, ...dataDir()]);
        const lines = r.stdout.split('\n');
        expect(lines[0]).toBe('TOTAL_FAILED / HASH_FAILURE');
        expect(lines[2]).toBe(renderReason(language, why));
      }
    });
  });

  describe("in the operator's language (issue 13)", () => {
    const verifyNotice = (file: string, extra: string[], env: NodeJS.ProcessEnv = {}) =>
      signet(['verify', f(file), '--signature', f('notice.p7s'), ...extra, ...dataDir()], env);

    it('prints the report in Chinese with --lang zh-CN', () => {
      const r = verifyNotice('notice.txt', ['--lang', 'zh-CN']);
      expect(r.status).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe('TOTAL_PASSED');
      expect(lines[1]).toMatch(/^签名有效：/);
      expect(r.stdout).toMatch(/^签名 1（CAdES-BASELINE-T）: TOTAL_PASSED$/m);
      expect(r.stdout).toContain('[ok  ] 文档完整性: 该文档与所签署的文档完全一致。');
      expect(r.stdout).not.toContain('Document integrity');
    });

    it('takes the language from LANG, and --lang over it', () => {
      const zh = verifyNotice('notice.txt', [], { LANG: 'zh_CN.UTF-8' });
      const en = verifyNotice('notice.txt', ['--lang', 'en'], { LANG: 'zh_CN.UTF-8' });
      const c = verifyNotice('notice.txt', [], { LANG: 'C.UTF-8' });
      expect(zh.stdout.split('\n')[1]).toMatch(/^签名有效：/);
      expect(en.stdout.split('\n')[1]).toMatch(/^The signature is valid: /);
      expect(c.stdout.split('\n')[1]).toMatch(/^The signature is valid: /);
    });

    it('says why a changed document fails in Chinese, with the reasons of the English report', () => {
      const zh = verifyNotice('changed.txt', ['--lang', 'zh-CN', '--json']);
      const en = verifyNotice('changed.txt', ['--json']);
      expect([zh.status, en.status]).toEqual([1, 1]);
      expect(errorLines(zh.stderr)).toEqual([
        expect.stringMatching(/^error: 签名无效。该文档不是所签署的文档/),
      ]);
      const ids = (stdout: string): string[] =>
        JSON.parse(stdout).signatures[0].checks.map((c: any) => c.reason.id);
      expect(ids(zh.stdout)).toEqual(ids(en.stdout));
      expect(ids(zh.stdout)).toContain('message_digest.mismatch');
    });

    it('refuses a language it does not write as a usage error (exit 2)', () => {
      const r = verifyNotice('notice.txt', ['--lang', 'fr']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/zh-CN or en/);
    });
  });

  describe('when the signature is an enveloping CMS given as the file', () => {
    it('exits 0 for a signature made by OpenSSL with a key certified by Signet', () => {
      ecKeyAndCsr(f('own.key'), f('own.csr'), '/CN=own');
      const own = signetJson<CertJson>([
        'cert',
        'issue',
        '--department',
        'finance',
        '--csr',
        f('own.csr'),
        ...dataDir(),
      ]);
      writeFileSync(f('own.pem'), own.certificate);
      mustOpenssl([
        'cms',
        '-sign',
        '-binary',
        '-nodetach',
        '-in',
        f('notice.txt'),
        '-signer',
        f('own.pem'),
        '-inkey',
        f('own.key'),
        '-outform',
        'DER',
        '-out',
        f('notice.p7m'),
      ]);
      const r = signet(['verify', f('notice.p7m'), ...dataDir()]);
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe('TOTAL_PASSED');
    });
  });

  describe('when the signature file is PEM or base64', () => {
    beforeAll(() => {
      const pem = mustOpenssl(
        ['cms', '-cmsout', '-inform', 'DER', '-outform', 'PEM'],
        readFileSync(f('notice.p7s')),
      );
      writeFileSync(f('notice.pem'), pem);
      writeFileSync(f('notice.b64'), `${readFileSync(f('notice.p7s')).toString('base64')}\n`);
    });

    it.each(['notice.pem', 'notice.b64'])('exits 0 for %s', (file) => {
      const r = signet(['verify', f('notice.txt'), '--signature', f(file), ...dataDir()]);
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe('TOTAL_PASSED');
    });

    it.each(['notice.pem', 'notice.b64'])(
      'exits 1 with HASH_FAILURE for %s over a changed document',
      (file) => {
        const r = signet([
          'verify',
          f('changed.txt'),
          '--signature',
          f(file),
          '--json',
          ...dataDir(),
        ]);
        expect(r.status).toBe(1);
        expect(JSON.parse(r.stdout).subIndication).toBe('HASH_FAILURE');
      },
    );
  });

  describe('when the signature leaves its certificate out (openssl cms -sign -nocerts)', () => {
    it("exits 0 with the certificate from Signet's register", () => {
      ecKeyAndCsr(f('clerk.key'), f('clerk.csr'), '/CN=clerk');
      const clerk = signetJson<CertJson>([
        'cert',
        'issue',
        '--department',
        'finance',
        '--csr',
        f('clerk.csr'),
        ...dataDir(),
      ]);
      writeFileSync(f('clerk.pem'), clerk.certificate);
      opensslCmsSign({
        document: f('notice.txt'),
        signer: f('clerk.pem'),
        key: f('clerk.key'),
        out: f('clerk.p7s'),
        extra: ['-nocerts'],
      });
      const r = signet(['verify', f('notice.txt'), '--signature', f('clerk.p7s'), ...dataDir()]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`serial ${clerk.serial}`);
    });
  });

  describe('when the signer is under a root Signet does not trust', () => {
    it('exits 1 and prints the signer as claimed, never as a fact', () => {
      opensslCmsSign({ document: f('notice.txt'), ...FOREIGN_SIGNER, out: f('foreign.p7s') });
      const r = signet(['verify', f('notice.txt'), '--signature', f('foreign.p7s'), ...dataDir()]);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/signer: .*\(claimed: no trusted chain confirms it\)/);
      expect(r.stdout.split('\n')[1]).toMatch(/The signer claims to be /);
    });
  });

  describe('when the signature file is not a signature', () => {
    it('exits 1 with an INDETERMINATE/FORMAT_FAILURE report', () => {
      const r = signet([
        'verify',
        f('notice.txt'),
        '--signature',
        f('changed.txt'),
        '--json',
        ...dataDir(),
      ]);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).subIndication).toBe('FORMAT_FAILURE');
    });

    it('exits 1 with one sentence when the file does not exist', () => {
      const r = signet(['verify', f('notice.txt'), '--signature', f('missing.p7s'), ...dataDir()]);
      expect(r.status).toBe(1);
      expect(errorLines(r.stderr)).toEqual([
        `error: The file ${f('missing.p7s')} cannot be read: ${f('missing.p7s')} does not exist.`,
      ]);
    });
  });
});

describe('signet cert verify', () => {
  let dir: string;
  let files: string;
  let cert: CertJson;
  const f = (n: string): string => join(files, n);
  const dataDir = (): string[] => ['--data-dir', dir];

  beforeAll(() => {
    dir = tempDir('signet-cli-certverify-');
    files = tempDir('signet-cli-certverify-files-');
    const init = signetJson<{ root: { certificate: string }; issuing: { certificate: string } }>([
      'init',
      ...dataDir(),
    ]);
    writeFileSync(f('root.pem'), init.root.certificate);
    writeFileSync(f('issuing.pem'), init.issuing.certificate);
    signetJson(['department', 'add', 'finance', '--name', 'Finance Bureau', ...dataDir()]);
    cert = signetJson<CertJson>(['cert', 'issue', '--department', 'finance', ...dataDir()]);
    writeFileSync(f('finance.pem'), cert.certificate);
  });

  it("exits 0 for a department certificate under this CA's root, by default", () => {
    const r = signetJson<any>(['cert', 'verify', f('finance.pem'), ...dataDir()]);
    expect(r.valid).toBe(true);
    expect(r.chain).toHaveLength(3);
    expect(r.revocation).toBe('not_revoked');
  });

  it('exits 0 with --trust and --untrusted given as files, and the documentSigning EKU required', () => {
    const r = signet([
      'cert',
      'verify',
      f('finance.pem'),
      '--trust',
      f('root.pem'),
      '--untrusted',
      f('issuing.pem'),
      '--eku',
      '1.3.6.1.5.5.7.3.36',
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).valid).toBe(true);
  });

  it('exits 1 with the EKU reason when another purpose is required', () => {
    const r = signet([
      'cert',
      'verify',
      f('finance.pem'),
      '--trust',
      f('root.pem'),
      '--untrusted',
      f('issuing.pem'),
      '--eku',
      '1.3.6.1.5.5.7.3.1',
      '--json',
    ]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.reason.code).toBe('EKU');
  });

  it('exits 1 (NO_PATH) for a certificate under a foreign root, and 0 when that root is trusted', () => {
    const foreign = join(CERTS, 'foreign-signer.pem');
    const r = signet(['cert', 'verify', foreign, '--json', ...dataDir()]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, reason: { code: 'NO_PATH' } });
    const trusted = signet(['cert', 'verify', foreign, '--trust', join(CERTS, 'foreign-root.pem')]);
    expect(trusted.status).toBe(0);
    expect(trusted.stdout).toMatch(/^VALID/);
  });

  it('exits 1 (NOT_YET_VALID) --at a time before the certificate was issued', () => {
    const r = signet([
      'cert',
      'verify',
      f('finance.pem'),
      '--trust',
      f('root.pem'),
      '--untrusted',
      f('issuing.pem'),
      '--at',
      '2001-01-01T00:00:00Z',
      '--json',
    ]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).reason.code).toBe('NOT_YET_VALID');
  });

  it('exits 1 (REVOKED) after the certificate is revoked, with the CRL given by --crl', () => {
    signetJson(['cert', 'revoke', cert.serial, '--reason', 'keyCompromise', ...dataDir()]);
    signetJson(['crl', '--out', f('issuing.crl'), ...dataDir()]);
    const r = signet([
      'cert',
      'verify',
      f('finance.pem'),
      '--trust',
      f('root.pem'),
      '--untrusted',
      f('issuing.pem'),
      '--crl',
      f('issuing.crl'),
      '--json',
    ]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).reason.code).toBe('REVOKED');
    const byDefault = signet(['cert', 'verify', f('finance.pem'), '--json', ...dataDir()]);
    expect(byDefault.status).toBe(1);
    expect(errorLines(byDefault.stderr)[0]).toMatch(/^error: .*revoked/);
  });

  it('exits 2 for a time that is not ISO 8601', () => {
    const r = signet(['cert', 'verify', f('finance.pem'), '--at', 'yesterday', ...dataDir()]);
    expect(r.status).toBe(2);
  });
});

/**
 * verify() on signatures Signet did not make: `openssl cms -sign` with a Signet department
 * certificate whose key the test holds (issued from a CSR), detached and enveloping, with and
 * without signed attributes, with EC and RSA (PKCS#1 v1.5 and PSS) keys; a document larger than
 * what is kept whole, so that the signature value is checked against the streamed digest; a signer
 * under a foreign root; and algorithms Signet refuses to guess about.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { toPem } from '../../src/core/encoding';
import { hashDocument, readCertificates, verify } from '../../src/verification';
import { ecKeyAndCsr, mustOpenssl, tempDir } from '../helpers/openssl';
import { check, freshCa, type TestCa } from './fixtures';

const CERTS = join(__dirname, '..', '..', 'certs');
const bytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

describe('verify on signatures made by openssl cms -sign', () => {
  let ca: TestCa;
  let dir: string;
  const files: Record<string, string> = {};
  const f = (name: string): string => join(dir, name);

  /** A department certificate for a key the test made with OpenSSL. */
  async function certify(department: string, keySpec: string[]): Promise<void> {
    const key = f(`${department}.key`);
    mustOpenssl(['genpkey', ...keySpec, '-out', key]);
    mustOpenssl([
      'req',
      '-new',
      '-key',
      key,
      '-subj',
      `/CN=${department}`,
      '-out',
      f(`${department}.csr`),
    ]);
    await ca.department(department); // registers it (and a kept-key certificate)
    const { issueCertificate } = await import('../../src/ca/issue');
    const issued = await issueCertificate(ca.services.deps, ca.services.authorities, {
      departmentId: department,
      csr: bytes(f(`${department}.csr`)),
      actor: 'test',
    });
    writeFileSync(f(`${department}.pem`), toPem(issued.certificate, 'CERTIFICATE'));
    files[department] = key;
  }

  function opensslSign(department: string, document: string, extra: string[] = []): Uint8Array {
    const out = f(`${department}-${Math.random().toString(36).slice(2)}.p7s`);
    const signer =
      department === 'foreign' ? join(CERTS, 'foreign-signer.pem') : f(`${department}.pem`);
    const key =
      department === 'foreign'
        ? join(CERTS, 'foreign-signer.test-key.pem')
        : (files[department] ?? '');
    mustOpenssl([
      'cms',
      '-sign',
      '-binary',
      '-in',
      document,
      '-signer',
      signer,
      '-inkey',
      key,
      '-outform',
      'DER',
      '-out',
      out,
      ...extra,
    ]);
    return bytes(out);
  }

  const streamed = (path: string) =>
    hashDocument(
      Readable.from([readFileSync(path)]).map((c: Buffer) => new Uint8Array(c)),
      1 << 30,
    );

  beforeAll(async () => {
    ca = await freshCa(new Date());
    dir = tempDir('signet-verify-interop-');
    await certify('health', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    await certify('transport', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
    writeFileSync(f('notice.txt'), 'Public notice: water supply works on Monday.\n');
    // Larger than the 1 MiB a verifier keeps whole: checked against the streamed digest only.
    writeFileSync(f('large.bin'), Buffer.alloc(3 * 1024 * 1024 + 7, 'official record '));
    writeFileSync(f('large-changed.bin'), Buffer.alloc(3 * 1024 * 1024 + 7, 'official recorD '));
  });
  afterAll(() => ca.close());
  // OpenSSL dates what it makes by the real clock: the CA's clock follows it here.
  beforeEach(() => ca.clock.set(new Date()));

  describe('when a Signet department signs with its own key and OpenSSL (signed attributes)', () => {
    it('reports TOTAL_PASSED, noting that the certificate is not bound as in CAdES', async () => {
      const signature = opensslSign('health', f('notice.txt'));
      const report = await ca.verify({ signature, document: await streamed(f('notice.txt')) });
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.signatures[0]?.format).toBe('CMS');
      expect(check(report, 'signing_certificate').status).toBe('warning');
      expect(check(report, 'document_status').status).toBe('not_checked');
    });
  });

  describe.each([
    ['EC P-256', 'health', [] as string[]],
    ['RSA PKCS#1 v1.5', 'transport', [] as string[]],
    ['RSA-PSS', 'transport', ['-keyopt', 'rsa_padding_mode:pss']],
  ])('when a %s signature has no signed attributes (-noattr)', (_name, department, extra) => {
    it('reports TOTAL_PASSED for a small document', async () => {
      const signature = opensslSign(department, f('notice.txt'), ['-noattr', ...extra]);
      const report = await ca.verify({ signature, document: await streamed(f('notice.txt')) });
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(check(report, 'message_digest').status).toBe('not_checked');
      expect(check(report, 'signature_value').status).toBe('passed');
    });

    it('reports TOTAL_PASSED for a large document known only by its streamed digest', async () => {
      const signature = opensslSign(department, f('large.bin'), ['-noattr', ...extra]);
      const document = await streamed(f('large.bin'));
      expect(document.content).toBeUndefined();
      const report = await ca.verify({ signature, document });
      expect(report.indication).toBe('TOTAL_PASSED');
    });

    it('reports TOTAL_FAILED/SIG_CRYPTO_FAILURE when that document was changed', async () => {
      const signature = opensslSign(department, f('large.bin'), ['-noattr', ...extra]);
      const report = await ca.verify({
        signature,
        document: await streamed(f('large-changed.bin')),
      });
      expect(report.indication).toBe('TOTAL_FAILED');
      expect(report.subIndication).toBe('SIG_CRYPTO_FAILURE');
    });
  });

  describe('when the signature encloses the document (-nodetach)', () => {
    it('reports TOTAL_PASSED from the signature alone', async () => {
      const signature = opensslSign('health', f('notice.txt'), ['-nodetach']);
      const report = await ca.verify({ signature });
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(check(report, 'format').message).toMatch(/contains the signed document/);
    });

    it('reports TOTAL_PASSED when it is sent as the document, with no signature', async () => {
      const signature = opensslSign('health', f('notice.txt'), ['-nodetach', '-noattr']);
      const report = await ca.verify({ document: await streamed(writeTo('env.p7m', signature)) });
      expect(report.indication).toBe('TOTAL_PASSED');
    });

    it('reports TOTAL_FAILED/HASH_FAILURE when another document is given with it', async () => {
      const signature = opensslSign('health', f('notice.txt'), ['-nodetach']);
      const report = await ca.verify({ signature, document: await streamed(f('large.bin')) });
      expect(report.subIndication).toBe('HASH_FAILURE');
    });
  });

  function writeTo(name: string, content: Uint8Array): string {
    writeFileSync(f(name), content);
    return f(name);
  }

  describe('when the signer is under a root Signet does not trust', () => {
    it('reports INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND, the signature value itself being sound', async () => {
      const signature = opensslSign('foreign', f('notice.txt'));
      const report = await ca.verify({ signature, document: await streamed(f('notice.txt')) });
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
      expect(check(report, 'signature_value').status).toBe('passed');
      expect(check(report, 'revocation').status).toBe('not_checked');
    });

    it('builds the chain when the caller trusts that root, and still wants revocation data', async () => {
      const signature = opensslSign('foreign', f('notice.txt'));
      const report = await verify(ca.deps, {
        signature,
        document: await streamed(f('notice.txt')),
        trustAnchors: readCertificates(bytes(join(CERTS, 'foreign-root.pem'))),
      });
      expect(check(report, 'certificate_chain').status).toBe('passed');
      expect(report.subIndication).toBe('TRY_LATER');
    });
  });

  describe('when the signer certificate restricts its purposes (extendedKeyUsage)', () => {
    /** A certificate under the foreign root (whose test key is in certs/), with `extensions`. */
    function foreignCertificate(name: string, extensions: string): void {
      writeFileSync(f(`${name}.ext`), `[ext]\n${extensions}\n`);
      ecKeyAndCsr(f(`${name}.key`), f(`${name}.csr`), `/CN=${name}`);
      mustOpenssl([
        'x509',
        '-req',
        '-in',
        f(`${name}.csr`),
        '-CA',
        join(CERTS, 'foreign-root.pem'),
        '-CAkey',
        join(CERTS, 'foreign-root.test-key.pem'),
        '-set_serial',
        '0x5a17',
        '-days',
        '30',
        '-sha256',
        '-extfile',
        f(`${name}.ext`),
        '-extensions',
        'ext',
        '-out',
        f(`${name}.pem`),
      ]);
      files[name] = f(`${name}.key`);
    }
    const verifyTrustingForeignRoot = async (name: string) => {
      mustOpenssl([
        'cms',
        '-sign',
        '-binary',
        '-in',
        f('notice.txt'),
        '-signer',
        f(`${name}.pem`),
        '-inkey',
        f(`${name}.key`),
        '-outform',
        'DER',
        '-out',
        f(`${name}.p7s`),
      ]);
      ca.clock.set(new Date());
      return verify(ca.deps, {
        signature: bytes(f(`${name}.p7s`)),
        document: await streamed(f('notice.txt')),
        trustAnchors: readCertificates(bytes(join(CERTS, 'foreign-root.pem'))),
      });
    };

    it('reports INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE when documentSigning is not among them', async () => {
      foreignCertificate('tls', 'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth');
      const report = await verifyTrustingForeignRoot('tls');
      expect(report.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
      expect(check(report, 'certificate_chain').message).toMatch(/1\.3\.6\.1\.5\.5\.7\.3\.36/);
    });

    it('accepts a certificate without the extension (RFC 5280: any purpose)', async () => {
      foreignCertificate('plain', 'keyUsage=critical,digitalSignature,nonRepudiation');
      const report = await verifyTrustingForeignRoot('plain');
      expect(check(report, 'certificate_chain')).toMatchObject({ status: 'passed' });
    });

    it('refuses a certificate whose key usage does not allow signing', async () => {
      foreignCertificate('enc', 'keyUsage=critical,keyAgreement');
      const report = await verifyTrustingForeignRoot('enc');
      expect(report.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
    });
  });

  describe('when the signature uses an algorithm Signet does not accept', () => {
    it('says it cannot verify SHA-1 instead of guessing (INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE)', async () => {
      const signature = opensslSign('health', f('notice.txt'), ['-md', 'sha1']);
      const report = await ca.verify({ signature, document: await streamed(f('notice.txt')) });
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('CRYPTO_CONSTRAINTS_FAILURE');
      expect(check(report, 'message_digest').message).toMatch(/does not accept/);
    });
  });
});

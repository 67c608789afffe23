/**
 * Verdicts that say no more than the evidence (issue 13): the claimed signing-time checked against
 * the certificate and the time-stamp (OpenSSL signing under faketime, and Signet's own CAdES code
 * with a late signing-time), a signature without certificates completed from Signet's register, a
 * signer under an untrusted root who only "claims to be" someone, and a registry entry shown only
 * for the signature whose own certificate registered it (not for a serial number alike).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signCadesBaselineB } from '../../src/core/cms/cades/baseline-b';
import { addSignatureTimestamp } from '../../src/core/cms/cades/baseline-t';
import { toPem } from '../../src/core/encoding';
import { issueCertificate } from '../../src/ca/issue';
import { signPdf } from '../../src/signing/sign-pdf';
import { documentFromBytes } from '../../src/verification';
import {
  ecKeyAndCsr,
  FOREIGN_SIGNER,
  mustOpenssl,
  opensslCmsSign,
  tempDir,
} from '../helpers/openssl';
import { pemSigner } from '../helpers/pem-signer';
import { rewriteLastContents, withoutCertificates } from '../helpers/pdf-contents';
import { handWrittenPdf } from '../core/pades/helpers';
import { check, DAY, detached, freshCa, HOUR, type TestCa } from './fixtures';

const CERTS = join(__dirname, '..', '..', 'certs');
const NOTICE = Buffer.from('Notice No. 31: the market square is closed on Sunday.\n');

describe('verify: verdicts that match the evidence', () => {
  let ca: TestCa;
  let dir: string;
  const f = (name: string): string => join(dir, name);
  const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(f(name)));

  /** A certificate for `department` over a key the test holds (PEM at DEPARTMENT.key/.pem). */
  async function certify(department: string, days?: number): Promise<string> {
    ecKeyAndCsr(f(`${department}.key`), f(`${department}.csr`), `/CN=${department}`);
    await ca.department(department);
    const issued = await issueCertificate(ca.services.deps, ca.services.authorities, {
      departmentId: department,
      csr: bytes(`${department}.csr`),
      days,
      actor: 'test',
    });
    writeFileSync(f(`${department}.pem`), toPem(issued.certificate, 'CERTIFICATE'));
    return issued.serial;
  }

  /** openssl cms -sign over NOTICE, under faketime's clock shift when one is given ("-2d"). */
  const opensslSign = (signer: string, key: string, extra: string[] = [], clockShift?: string) =>
    opensslCmsSign({
      document: f('notice.txt'),
      signer,
      key,
      out: f(`sig-${Math.random().toString(36).slice(2)}.p7s`),
      extra,
      clockShift,
    });
  const signAs = (department: string, extra: string[] = [], clockShift?: string) =>
    opensslSign(f(`${department}.pem`), f(`${department}.key`), extra, clockShift);
  const signForeign = (extra: string[] = []) =>
    opensslSign(FOREIGN_SIGNER.signer, FOREIGN_SIGNER.key, extra);

  beforeEach(async () => {
    ca = await freshCa(new Date());
    dir = tempDir('signet-verdicts-');
    writeFileSync(f('notice.txt'), NOTICE);
  });
  afterEach(() => ca.close());

  describe('when the signing-time is before the certificate was valid', () => {
    it('reports TOTAL_FAILED/NOT_YET_VALID with a failed signing_time check', async () => {
      await certify('health');
      const report = await ca.verify(detached(signAs('health', [], '-2d'), NOTICE));
      expect([report.indication, report.subIndication]).toEqual(['TOTAL_FAILED', 'NOT_YET_VALID']);
      const claimed = check(report, 'signing_time');
      expect(claimed.status).toBe('failed');
      expect(claimed.message).toMatch(
        /claims to have signed on .* before its certificate was valid/,
      );
      expect(claimed.reason.id).toBe('signing_time.not_yet_valid');
      // The same certificate and document, signed by the real clock: the claim is the only cause.
      const inTime = await ca.verify(detached(signAs('health'), NOTICE));
      expect(inTime.indication).toBe('TOTAL_PASSED');
      expect(check(inTime, 'signing_time').status).toBe('passed');
    });
  });

  describe('when the signing-time is after the certificate expired', () => {
    it('reports TOTAL_FAILED/EXPIRED', async () => {
      await certify('health', 1);
      const report = await ca.verify(detached(signAs('health', [], '+3d'), NOTICE));
      expect([report.indication, report.subIndication]).toEqual(['TOTAL_FAILED', 'EXPIRED']);
      expect(check(report, 'signing_time').message).toMatch(/after its certificate had expired/);
      expect(check(report, 'signing_time').reason.id).toBe('signing_time.expired');
    });
  });

  describe('when the signing-time is later than the signature time-stamp', () => {
    /** Signet's CAdES code with the test's key, a chosen signing-time, and Signet's TSA now. */
    async function stampedSignature(signingTime: Date): Promise<Uint8Array> {
      const certificate = new Uint8Array(
        Buffer.from(
          readFileSync(f('health.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''),
          'base64',
        ),
      );
      const cms = await signCadesBaselineB({
        digest: new Uint8Array(createHash('sha256').update(NOTICE).digest()),
        hash: 'sha256',
        signer: pemSigner(readFileSync(f('health.key'), 'utf8')),
        signerCertificate: certificate,
        certificates: [certificate],
        signingTime,
      });
      const tsa = ca.services.signing.tsa;
      return addSignatureTimestamp(cms, (imprint, hash) => tsa.timestamp(imprint, hash));
    }

    it('warns that the claimed time is wrong, and the time-stamp decides', async () => {
      await certify('health');
      const late = await stampedSignature(new Date(Date.now() + HOUR));
      ca.clock.set(new Date(Date.now() + 2 * HOUR));
      const report = await ca.verify(detached(late, NOTICE));
      expect(report.indication).toBe('TOTAL_PASSED');
      const claimed = check(report, 'signing_time');
      expect(claimed.status).toBe('warning');
      expect(claimed.message).toMatch(/after the time-stamp/);
      expect(claimed.reason.id).toBe('signing_time.after_timestamp');
      expect(report.summary).toMatch(/A time-stamp proves it was signed on/);
    });

    it('passes a signing-time a second after the time-stamp (within its tolerance)', async () => {
      await certify('health');
      const close = await stampedSignature(new Date(Date.now() + 1000));
      ca.clock.set(new Date(Date.now() + HOUR));
      const report = await ca.verify(detached(close, NOTICE));
      expect(check(report, 'signing_time').status).toBe('passed');
    });
  });

  describe('when a signature made without a time-stamp is valid', () => {
    it('says the signer claims a signing time, never that it was signed then', async () => {
      await certify('health');
      const report = await ca.verify(detached(signAs('health'), NOTICE));
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.summary).toMatch(/claims to have been signed on .*no time-stamp proves it/);
    });
  });

  describe('when the signature leaves its certificate out (openssl cms -sign -nocerts)', () => {
    it("reports TOTAL_PASSED with the certificate from Signet's register", async () => {
      const serial = await certify('health');
      const report = await ca.verify(detached(signAs('health', ['-nocerts']), NOTICE));
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.signatures[0]?.signer?.serial).toBe(serial);
      expect(check(report, 'signing_certificate').message).toMatch(/taken from Signet's register/);
      expect(check(report, 'signing_certificate').reason).toMatchObject({
        params: { notes: [{ id: 'signing_certificate.from_register' }] },
      });
    });

    it('reports TOTAL_FAILED/HASH_FAILURE when the document was changed', async () => {
      await certify('health');
      const signature = signAs('health', ['-nocerts']);
      const changed = Buffer.from(NOTICE.toString().replace('Sunday', 'Monday'));
      const report = await ca.verify(detached(signature, changed));
      expect([report.indication, report.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
    });

    it('stays INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND for a signer Signet did not certify', async () => {
      const report = await ca.verify(detached(signForeign(['-nocerts']), NOTICE));
      expect([report.indication, report.subIndication]).toEqual([
        'INDETERMINATE',
        'NO_SIGNING_CERTIFICATE_FOUND',
      ]);
    });

    it('stays NO_SIGNING_CERTIFICATE_FOUND when the register is not given to the verifier', async () => {
      await certify('health');
      const { verify } = await import('../../src/verification');
      const report = await verify(
        { ...ca.deps, issued: undefined },
        detached(signAs('health', ['-nocerts']), NOTICE),
      );
      expect(report.subIndication).toBe('NO_SIGNING_CERTIFICATE_FOUND');
    });
  });

  describe("when a PDF's signature leaves its certificate out", () => {
    /** A PAdES B-B of the finance department with the certificates taken out of its CMS. */
    async function pdfWithoutCertificates(): Promise<Buffer> {
      await ca.department('finance');
      const { pdf } = await signPdf(ca.services.signing, {
        departmentId: 'finance',
        actor: 'test',
        level: 'B-B',
        pdf: handWrittenPdf(),
      });
      return rewriteLastContents(Buffer.from(pdf), withoutCertificates);
    }
    const pdfRequest = (pdf: Uint8Array) => ({
      document: { ...documentFromBytes(pdf), content: pdf, pdf: true },
    });

    it("reports TOTAL_PASSED with the certificate from Signet's register", async () => {
      const report = await ca.verify(pdfRequest(await pdfWithoutCertificates()));
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(check(report, 'signing_certificate').reason).toMatchObject({
        params: { notes: [{ id: 'signing_certificate.from_register' }] },
      });
    });

    it('stays NO_SIGNING_CERTIFICATE_FOUND when the register is not given to the verifier', async () => {
      const pdf = await pdfWithoutCertificates();
      const { verify } = await import('../../src/verification');
      const report = await verify({ ...ca.deps, issued: undefined }, pdfRequest(pdf));
      expect(report.subIndication).toBe('NO_SIGNING_CERTIFICATE_FOUND');
    });
  });

  describe('when the signer is under a root Signet does not trust', () => {
    it('marks the signer unconfirmed and says it only claims to be that name', async () => {
      const report = await ca.verify(detached(signForeign(), NOTICE));
      expect(report.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
      const signer = report.signatures[0]?.signer;
      expect(signer?.confirmed).toBe(false);
      expect(report.summary).toContain(`claims to be ${signer?.name ?? ''}`);
      expect(report.summary).not.toMatch(new RegExp(`certificate of ${signer?.name ?? ''}`));
    });

    it('says so even when another check decides the verdict', async () => {
      const changed = Buffer.from(NOTICE.toString().replace('Sunday', 'Monday'));
      const report = await ca.verify(detached(signForeign(), changed));
      expect(report.subIndication).toBe('HASH_FAILURE');
      expect(report.summary).toMatch(/The signer claims to be .*; nothing confirms it\./);
      expect(report.summaryReason).toMatchObject({
        id: 'summary.not_valid',
        params: { why: [{ id: 'message_digest.mismatch' }, { id: 'summary.signer_claimed' }] },
      });
    });

    it('marks a signer with a trusted chain as confirmed', async () => {
      await certify('health');
      const report = await ca.verify(detached(signAs('health'), NOTICE));
      expect(report.signatures[0]?.signer?.confirmed).toBe(true);
      expect(report.summary).not.toMatch(/claims to be/);
    });
  });

  describe('when a department signed the same document through Signet', () => {
    it("shows the registry entry only for the department's own signature", async () => {
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      const own = await ca.verify(detached(signed.signature, NOTICE));
      expect(own.document.registered?.id).toBe(signed.id);
      const foreign = await ca.verify(detached(signForeign(), NOTICE));
      expect(foreign.document.registered).toBeUndefined();
      expect(check(foreign, 'document_status').status).toBe('not_checked');
    });

    it('does not take a certificate with the same serial under another root for its own', async () => {
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      // The foreign root certifies a key of the test's under the department's serial and name.
      ecKeyAndCsr(f('twin.key'), f('twin.csr'), '/CN=finance bureau/OU=finance');
      mustOpenssl([
        'x509',
        '-req',
        '-in',
        f('twin.csr'),
        '-CA',
        join(CERTS, 'foreign-root.pem'),
        '-CAkey',
        join(CERTS, 'foreign-root.test-key.pem'),
        '-set_serial',
        `0x${signed.certificateSerial}`,
        '-days',
        '30',
        '-out',
        f('twin.pem'),
      ]);
      const twin = opensslSign(f('twin.pem'), f('twin.key'));
      const report = await ca.verify(detached(twin, NOTICE));
      expect(report.signatures[0]?.signer?.serial).toBe(signed.certificateSerial);
      expect(report.document.registered).toBeUndefined();
    });
  });

  describe('when a document Signet signed was changed', () => {
    it('says the document does not match what was signed, not that it was made elsewhere', async () => {
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      const changed = Buffer.from(NOTICE.toString().replace('Sunday', 'Monday'));
      const report = await ca.verify({
        signature: signed.signature,
        document: documentFromBytes(changed),
      });
      const status = check(report, 'document_status');
      expect(status.message).toMatch(/does not match what was signed/);
      expect(status.reason.id).toBe('document_status.changed');
      expect(status.message).not.toMatch(/elsewhere|did not make/);
    });
  });

  describe('when a document was rescinded', () => {
    it('says rescinded in the summary', async () => {
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      ca.clock.set(new Date(Date.now() + DAY));
      ca.rescind('finance', signed.id);
      const report = await ca.verify(detached(signed.signature, NOTICE));
      expect(report.summary).toMatch(/^This document was rescinded on .* by finance bureau/);
    });
  });
});

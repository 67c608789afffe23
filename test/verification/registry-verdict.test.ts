/**
 * The public document view (GET /api/v1/documents/{code}) with its signing certificate's status and
 * what it means (registry-verdict.ts), on a CA in process whose clock the test moves; and the pure
 * function alone for a time-stamp time the page verified itself.
 */
import { documentByCode, registryVerdict, type RegisteredCertificate } from '../../src/documents';
import { renderReason } from '../../src/verification';
import { DAY, freshCa, HOUR, type TestCa } from './fixtures';

const NOTICE = new Uint8Array(Buffer.from('Decision No. 5: the library opens on Saturdays.\n'));

describe('the public document view', () => {
  let ca: TestCa;
  afterEach(() => ca?.close());
  const view = (code: string) => documentByCode(ca.services.registry, code);

  describe('when the certificate is valid', () => {
    it('shows it valid, and the document green', async () => {
      ca = await freshCa();
      const cert = await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      const v = view(signed.verificationCode);
      expect(v.certificate).toMatchObject({ serial: cert.serial, status: 'valid' });
      expect(v.verdict).toMatchObject({ code: 'valid', valid: true });
    });
  });

  describe('when the certificate was revoked after a B-T document was signed', () => {
    it('says "signed before revocation" and keeps the document green', async () => {
      ca = await freshCa();
      const cert = await ca.department('finance');
      ca.clock.set(ca.at(HOUR));
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      ca.clock.set(ca.at(DAY));
      await ca.revoke(cert.serial, 'keyCompromise');
      const v = view(signed.verificationCode);
      expect(v.certificate).toMatchObject({
        status: 'revoked',
        revocationReason: 'keyCompromise',
      });
      expect(v.certificate?.revokedAt).toBe(ca.at(DAY).toISOString());
      expect(v.verdict).toMatchObject({ code: 'signed_before_revocation', valid: true });
      expect(v.verdict.message).toMatch(/^Signed before revocation/);
      expect(v.verdict.reason.id).toBe('registry.signed_before_revocation');
      // The page renders the reason in its language: still valid, signed before the revocation.
      const zh = renderReason('zh-CN', v.verdict.reason);
      expect(zh).toMatch(/签署早于吊销.*仍然有效/);
      expect(zh).toContain('keyCompromise');
    });
  });

  describe('when the certificate was revoked before the document was signed', () => {
    it('is never green', async () => {
      ca = await freshCa();
      const cert = await ca.department('finance');
      ca.clock.set(ca.at(2 * DAY));
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      // Recorded as of an earlier day than the signature (the key was stolen).
      ca.clock.set(ca.at(DAY));
      await ca.revoke(cert.serial, 'keyCompromise');
      ca.clock.set(ca.at(3 * DAY));
      const v = view(signed.verificationCode);
      expect(v.verdict).toMatchObject({ code: 'revoked_before_signing', valid: false });
    });
  });

  describe('when the certificate of a B-B document was revoked for keyCompromise', () => {
    it('is never green: no time-stamp proves the document was signed before', async () => {
      ca = await freshCa();
      const cert = await ca.department('finance');
      const signed = await ca.sign('finance', 'B-B', NOTICE);
      ca.clock.set(ca.at(DAY));
      await ca.revoke(cert.serial, 'keyCompromise');
      const v = view(signed.verificationCode);
      expect(v.verdict).toMatchObject({ code: 'revoked_without_proof', valid: false });
    });
  });

  describe('when the certificate has expired', () => {
    it('keeps a B-T document green and a B-B document not', async () => {
      ca = await freshCa();
      await ca.department('short', 1);
      ca.clock.set(ca.at(HOUR));
      const stamped = await ca.sign('short', 'B-T', NOTICE);
      const plain = await ca.sign('short', 'B-B', NOTICE);
      ca.clock.set(ca.at(3 * DAY));
      expect(view(stamped.verificationCode).certificate?.status).toBe('expired');
      expect(view(stamped.verificationCode).verdict).toMatchObject({
        code: 'signed_before_expiry',
        valid: true,
      });
      expect(view(plain.verificationCode).verdict).toMatchObject({
        code: 'expired_without_proof',
        valid: false,
      });
    });
  });

  describe('when the document was rescinded', () => {
    it('says rescinded', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      ca.rescind('finance', signed.id);
      const v = view(signed.verificationCode);
      expect(v.verdict).toMatchObject({ code: 'rescinded', valid: false });
      expect(v.verdict.message).toMatch(/rescinded/);
    });
  });
});

describe('registryVerdict', () => {
  const revoked: RegisteredCertificate = {
    serial: '01',
    fingerprint: 'AB',
    status: 'revoked',
    notAfter: '2032-01-01T00:00:00.000Z',
    revokedAt: '2031-06-01T00:00:00.000Z',
    revocationReason: 'keyCompromise',
  };
  const document = {
    status: 'valid' as const,
    level: 'B-B',
    signedAt: '2031-05-01T00:00:00.000Z',
    certificate: revoked,
  };

  it('takes a verified time-stamp time given by the caller as the proven time', () => {
    expect(registryVerdict(document).valid).toBe(false);
    const before = registryVerdict({ ...document, provenTime: '2031-05-01T00:00:02.000Z' });
    expect(before).toMatchObject({ code: 'signed_before_revocation', valid: true });
    const after = registryVerdict({ ...document, provenTime: '2031-06-02T00:00:00.000Z' });
    expect(after).toMatchObject({ code: 'revoked_before_signing', valid: false });
  });

  it('is not green without the certificate', () => {
    const { certificate: _certificate, ...rest } = document;
    expect(registryVerdict(rest)).toMatchObject({ code: 'certificate_unknown', valid: false });
  });
});

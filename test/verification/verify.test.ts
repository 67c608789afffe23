/**
 * verify() in process against Signet's own CAdES signatures, with the clock moved to make the
 * cases that depend on time: revocation before and after a time-stamp, expiry with and without one,
 * and a rescinded or superseded document. The report follows ETSI EN 319 102-1.
 */
import { parseSignedData } from '../../src/core/cms';
import { toPem } from '../../src/core/encoding';
import {
  documentFromBytes,
  documentFromDigest,
  localizeReport,
  VerificationError,
} from '../../src/verification';
import { alterWithin, check, DAY, detached, freshCa, HOUR, type TestCa } from './fixtures';

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));
const NOTICE = text('Notice No. 12: the office moves to 3 Station Road on 1 April.\n');

describe('verify', () => {
  let ca: TestCa;
  afterEach(() => ca?.close());

  describe('when a B-T signature made by Signet is checked with its document', () => {
    it('reports TOTAL_PASSED, with the time-stamp, the chain, and the registry entry', async () => {
      ca = await freshCa();
      const cert = await ca.department('finance');
      ca.clock.set(ca.at(HOUR));
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      ca.clock.set(ca.at(2 * HOUR));
      const report = await ca.verify(detached(signed.signature, NOTICE));

      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.subIndication).toBeUndefined();
      const sig = report.signatures[0];
      expect(sig?.format).toBe('CAdES-BASELINE-T');
      expect(sig?.signer?.serial).toBe(cert.serial);
      expect(sig?.signer?.department).toBe('finance');
      expect(sig?.timestamp?.valid).toBe(true);
      expect(sig?.bestSignatureTime).toBe(sig?.timestamp?.time);
      expect(sig?.certificateChain).toHaveLength(3);
      expect(sig?.checks.map((c) => [c.id, c.status])).toEqual([
        ['format', 'passed'],
        ['signing_certificate', 'passed'],
        ['message_digest', 'passed'],
        ['signature_value', 'passed'],
        ['signature_timestamp', 'passed'],
        ['signing_time', 'passed'],
        ['certificate_chain', 'passed'],
        ['revocation', 'passed'],
        ['document_status', 'passed'],
      ]);
      expect(report.document.digest?.algorithm).toBe('sha256');
      expect(report.document.registered?.verificationCode).toBe(signed.verificationCode);
      expect(report.document.registered?.status).toBe('valid');
      expect(report.summary).toMatch(/valid/);
    });
  });

  describe('when the document was changed', () => {
    it('reports TOTAL_FAILED/HASH_FAILURE', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      const changed = text('Notice No. 12: the office moves to 5 Station Road on 1 April.\n');
      const report = await ca.verify(detached(signed.signature, changed));
      expect(report.indication).toBe('TOTAL_FAILED');
      expect(report.subIndication).toBe('HASH_FAILURE');
      expect(check(report, 'message_digest').status).toBe('failed');
      expect(check(report, 'signature_value').status).toBe('passed');
      expect(report.document.registered).toBeUndefined();
    });
  });

  describe('when the signature value was changed', () => {
    it('reports TOTAL_FAILED/SIG_CRYPTO_FAILURE, and the time-stamp no longer covers it', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      const value = parseSignedData(signed.signature).signerInfos[0]?.signature ?? new Uint8Array();
      const report = await ca.verify(detached(alterWithin(signed.signature, value), NOTICE));
      expect(report.indication).toBe('TOTAL_FAILED');
      expect(report.subIndication).toBe('SIG_CRYPTO_FAILURE');
      expect(check(report, 'signature_value').status).toBe('failed');
      expect(check(report, 'signature_timestamp').status).toBe('warning');
      expect(report.signatures[0]?.timestamp?.valid).toBe(false);
    });
  });

  describe('when the certificate was revoked after the time-stamp', () => {
    it('reports TOTAL_PASSED and says when the certificate was revoked', async () => {
      ca = await freshCa();
      const cert = await ca.department('finance');
      ca.clock.set(ca.at(DAY));
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      ca.clock.set(ca.at(2 * DAY));
      await ca.revoke(cert.serial);
      ca.clock.set(ca.at(2 * DAY + HOUR));
      const report = await ca.verify(detached(signed.signature, NOTICE));
      expect(report.indication).toBe('TOTAL_PASSED');
      const revocation = check(report, 'revocation');
      expect(revocation.status).toBe('warning');
      expect(revocation.message).toMatch(/revoked on .* after the time-stamp/);
      expect(revocation.reason.id).toBe('revocation.revoked_after_timestamp');
      // In Chinese too the signature stays valid, made before the revocation (issue 13).
      const zh = localizeReport(report, 'zh-CN').signatures[0]?.checks.find(
        (c) => c.id === 'revocation',
      );
      expect(zh?.message).toMatch(/吊销.*之前.*仍然有效/);
      expect(zh?.message).not.toContain('无法');
    });
  });

  describe('when the certificate was revoked before the signature was made', () => {
    it('reports TOTAL_FAILED/REVOKED for a B-B signature whose signing time is after the revocation', async () => {
      ca = await freshCa();
      const cert = await ca.department('finance');
      ca.clock.set(ca.at(2 * DAY));
      const signed = await ca.sign('finance', 'B-B', NOTICE);
      // The revocation is recorded as of an earlier day than the signature (the key was stolen).
      ca.clock.set(ca.at(DAY));
      await ca.revoke(cert.serial);
      ca.clock.set(ca.at(2 * DAY + HOUR));
      const report = await ca.verify(detached(signed.signature, NOTICE));
      expect(report.indication).toBe('TOTAL_FAILED');
      expect(report.subIndication).toBe('REVOKED');
      expect(check(report, 'revocation').status).toBe('failed');
    });

    it('reports TOTAL_FAILED/REVOKED for a B-T signature time-stamped after the revocation', async () => {
      ca = await freshCa();
      const cert = await ca.department('finance');
      ca.clock.set(ca.at(2 * DAY));
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      ca.clock.set(ca.at(DAY));
      await ca.revoke(cert.serial);
      ca.clock.set(ca.at(2 * DAY + HOUR));
      const report = await ca.verify(detached(signed.signature, NOTICE));
      expect(report.indication).toBe('TOTAL_FAILED');
      expect(report.subIndication).toBe('REVOKED');
    });
  });

  describe('when the certificate was revoked after a B-B signature claims to have been made', () => {
    it('reports INDETERMINATE/REVOKED_NO_POE: nothing proves the claim', async () => {
      ca = await freshCa();
      const cert = await ca.department('finance');
      ca.clock.set(ca.at(DAY));
      const signed = await ca.sign('finance', 'B-B', NOTICE);
      ca.clock.set(ca.at(2 * DAY));
      await ca.revoke(cert.serial);
      ca.clock.set(ca.at(2 * DAY + HOUR));
      const report = await ca.verify(detached(signed.signature, NOTICE));
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('REVOKED_NO_POE');
    });
  });

  describe('when the certificate has expired', () => {
    it('reports INDETERMINATE/OUT_OF_BOUNDS_NO_POE without a time-stamp', async () => {
      ca = await freshCa();
      await ca.department('short', 1);
      ca.clock.set(ca.at(HOUR));
      const signed = await ca.sign('short', 'B-B', NOTICE);
      ca.clock.set(ca.at(3 * DAY));
      const report = await ca.verify(detached(signed.signature, NOTICE));
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('OUT_OF_BOUNDS_NO_POE');
      expect(check(report, 'certificate_chain').message).toMatch(/expired/);
    });

    it('reports TOTAL_PASSED when a time-stamp proves the signature was made while it was valid', async () => {
      ca = await freshCa();
      await ca.department('short', 1);
      ca.clock.set(ca.at(HOUR));
      const signed = await ca.sign('short', 'B-T', NOTICE);
      ca.clock.set(ca.at(3 * DAY));
      const report = await ca.verify(detached(signed.signature, NOTICE));
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(check(report, 'certificate_chain').message).toMatch(/expired since/);
    });
  });

  describe('when the document was rescinded by its department', () => {
    it('shows the document status as failed and does not report TOTAL_PASSED', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      ca.clock.set(ca.at(HOUR));
      ca.rescind('finance', signed.id);
      const report = await ca.verify(detached(signed.signature, NOTICE));
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('SIG_CONSTRAINTS_FAILURE');
      const status = check(report, 'document_status');
      expect(status.status).toBe('failed');
      expect(status.message).toMatch(/rescinded/);
      expect(check(report, 'signature_value').status).toBe('passed');
      expect(report.document.registered?.status).toBe('rescinded');
      expect(report.document.status?.status).toBe('failed');
    });

    it('names the replacement when the document was superseded', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const first = await ca.sign('finance', 'B-T', NOTICE);
      const second = await ca.sign('finance', 'B-T', text('Notice No. 12, corrected.\n'));
      ca.rescind('finance', first.id, second.id);
      const report = await ca.verify(detached(first.signature, NOTICE));
      expect(report.subIndication).toBe('SIG_CONSTRAINTS_FAILURE');
      expect(check(report, 'document_status').message).toContain(second.verificationCode);
    });
  });

  describe('when a B-LT signature is checked with no other revocation data', () => {
    it('reports TOTAL_PASSED from the CRL the signature carries', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-LT', NOTICE);
      const offline = { ...ca.deps, revocation: { currentCrls: async () => [] } };
      const { verify } = await import('../../src/verification');
      const report = await verify(offline, detached(signed.signature, NOTICE));
      expect(report.signatures[0]?.format).toBe('CAdES-BASELINE-LT');
      expect(report.indication).toBe('TOTAL_PASSED');
    });
  });

  describe('when no revocation data can be had for a B-B signature', () => {
    it('reports INDETERMINATE/TRY_LATER instead of taking silence for good news', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-B', NOTICE);
      const offline = { ...ca.deps, revocation: { currentCrls: async () => [] } };
      const { verify } = await import('../../src/verification');
      const report = await verify(offline, detached(signed.signature, NOTICE));
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('TRY_LATER');
    });
  });

  describe('when only the digest of the document is given', () => {
    it('reports TOTAL_PASSED with a SHA-256 digest', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      const report = await ca.verify({
        signature: signed.signature,
        document: documentFromDigest('sha256', signed.digest.value),
      });
      expect(report.indication).toBe('TOTAL_PASSED');
    });

    it('reports INDETERMINATE/SIGNED_DATA_NOT_FOUND for a digest under another hash', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      const report = await ca.verify({
        signature: signed.signature,
        document: documentFromDigest('sha512', 'ab'.repeat(64)),
      });
      expect(report.subIndication).toBe('SIGNED_DATA_NOT_FOUND');
      expect(check(report, 'message_digest').message).toMatch(/SHA-256/);
    });
  });

  describe('when a detached signature comes without its document', () => {
    it('reports INDETERMINATE/SIGNED_DATA_NOT_FOUND but still checks the signature value', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      const report = await ca.verify({ signature: signed.signature });
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('SIGNED_DATA_NOT_FOUND');
      expect(check(report, 'signature_value').status).toBe('passed');
    });
  });

  describe('when the document alone is given', () => {
    it("answers what Signet's register says of it, with no signature to judge", async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      const report = await ca.verify({ document: detached(signed.signature, NOTICE).document });
      expect(report.signatures).toEqual([]);
      expect(report.indication).toBe('INDETERMINATE');
      expect(report.subIndication).toBe('FORMAT_FAILURE');
      expect(report.document.registered?.id).toBe(signed.id);
      expect(report.summary).toMatch(/No signature was given/);
    });
  });

  describe('when a detached signature is sent as the document, alone', () => {
    it('reads it as the signature and says the document is missing', async () => {
      ca = await freshCa();
      await ca.department('finance');
      const signed = await ca.sign('finance', 'B-T', NOTICE);
      const report = await ca.verify({ document: documentFromBytes(signed.signature) });
      expect(report.subIndication).toBe('SIGNED_DATA_NOT_FOUND');
      expect(report.signatures).toHaveLength(1);
    });
  });

  describe('when the input cannot be read as a signature', () => {
    const unreadable: [string, (sig: Uint8Array) => Uint8Array][] = [
      [
        'random bytes',
        () => new Uint8Array(Buffer.from('8f3a01c2d4e5f60718293a4b5c6d7e8f', 'hex')),
      ],
      ['truncated DER', (sig) => sig.subarray(0, Math.floor(sig.length / 2))],
      ['PEM text where DER is expected', (sig) => new Uint8Array(Buffer.from(toPem(sig, 'CMS')))],
      ['an empty input', () => new Uint8Array(0)],
    ];
    it.each(unreadable)(
      'reports INDETERMINATE/FORMAT_FAILURE for %s, never throwing',
      async (_name, make) => {
        ca = await freshCa();
        await ca.department('finance');
        const signed = await ca.sign('finance', 'B-T', NOTICE);
        const report = await ca.verify(detached(make(signed.signature), NOTICE));
        expect(report.indication).toBe('INDETERMINATE');
        expect(report.subIndication).toBe('FORMAT_FAILURE');
        expect(report.signatures).toEqual([]);
        expect(report.summary).toMatch(/cannot be read/);
      },
    );
  });

  describe('when nothing is given', () => {
    it('refuses the request with NOTHING_TO_VERIFY', async () => {
      ca = await freshCa();
      await expect(ca.verify({})).rejects.toMatchObject({
        constructor: VerificationError,
        code: 'NOTHING_TO_VERIFY',
      });
    });
  });
});

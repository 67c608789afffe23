/**
 * Long-term validation (issue 20): CAdES B-LTA made by Signet, its archive renewal, and past
 * signature validation (ETSI EN 319 102-1 5.6.3) with the clock moved twelve years ahead. Signet
 * CAs made at later times stand for the authority after rollovers: each renewal is time-stamped by
 * the next one's TSA, whose certificate outlives the previous, as an operator renewing before
 * expiry would do. The CAdES case with one installation and the real commands (rollover, archive
 * renew, revoke-issuing) is long-term-rollover.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSignedData } from '../../src/core/cms';
import { toPem } from '../../src/core/encoding';
import { renewArchive } from '../../src/signing/archive';
import { archiveExpiry, renewDueArchives } from '../../src/signing/archive-job';
import { archiveDirectory } from '../../src/store/archive-dir';
import { signPdf } from '../../src/signing/sign-pdf';
import { documentFromBytes } from '../../src/verification';
import { samplePdf } from '../helpers/sample-pdf';
import { openssl, opensslCmsVerifyFiles, tempDir } from '../helpers/openssl';
import { alterWithin, check, DAY, detached, freshCa, HOUR, type TestCa } from './fixtures';

const YEAR = 365 * DAY;
const NOTICE = new Uint8Array(Buffer.from('Notice No. 20: kept for thirty years.\n'));

describe('long-term validation', () => {
  const cas: TestCa[] = [];
  afterEach(() => {
    for (const ca of cas.splice(0)) ca.close();
  });
  const newCa = async (t0?: Date) => {
    const ca = await freshCa(t0);
    cas.push(ca);
    return ca;
  };

  describe('when Signet signs at B-LTA', () => {
    it('adds an archive-time-stamp-v3 that OpenSSL parses and Signet calls CAdES-BASELINE-LTA', async () => {
      const ca = await newCa();
      await ca.department('finance');
      ca.clock.set(ca.at(HOUR));
      const signed = await ca.sign('finance', 'B-LTA', NOTICE);
      const signer = parseSignedData(signed.signature).signerInfos[0];
      expect(signer?.archiveTimestamps).toHaveLength(1);

      const dir = tempDir('signet-lta-');
      writeFileSync(join(dir, 'sig.p7s'), signed.signature);
      writeFileSync(join(dir, 'doc.txt'), NOTICE);
      const f = (name: string) => join(dir, name);
      const printed = openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', f('sig.p7s')]);
      expect(printed.status).toBe(0);
      expect(printed.stdout).toContain('object: id-smime-aa-timeStampToken');
      expect(printed.stdout).toContain('(0.4.0.1733.2.4)'); // archive-time-stamp-v3
      expect(printed.stdout).toContain('0.4.0.19122.1.5'); // its ats-hash-index-v3
      // The signature itself, at the CA's (future) time; a changed byte of the document fails.
      writeFileSync(f('root.pem'), toPem(ca.services.authorities.get('root').der, 'CERTIFICATE'));
      const cmsVerify = (content: string) =>
        opensslCmsVerifyFiles(f('sig.p7s'), f(content), f('root.pem'), [
          '-attime',
          String(Math.floor(ca.at(2 * HOUR).getTime() / 1000)),
        ]);
      expect(cmsVerify('doc.txt').stderr).toContain('CMS Verification successful');
      writeFileSync(f('changed.txt'), Buffer.from('Notice No. 21: kept for thirty years.\n'));
      expect(cmsVerify('changed.txt').stderr).toContain('CMS Verification failure');

      ca.clock.set(ca.at(2 * HOUR));
      const report = await ca.verify(detached(signed.signature, NOTICE));
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.signatures[0]?.format).toBe('CAdES-BASELINE-LTA');
      expect(check(report, 'archive_timestamp').status).toBe('passed');

      // A changed byte of the document breaks the signature and the archive time-stamp with it.
      const changed = Uint8Array.from(NOTICE);
      changed[3] ^= 0x01;
      const bad = await ca.verify(detached(signed.signature, changed));
      expect(bad.indication).toBe('TOTAL_FAILED');
      expect(bad.subIndication).toBe('HASH_FAILURE');
    });

    // Two CRLs (the issuing CA's and the root's ARL): the first one is covered too.
    it('refuses an archive time-stamp whose covered CRL was changed', async () => {
      const ca = await newCa();
      await ca.department('finance');
      ca.clock.set(ca.at(HOUR));
      const signed = await ca.sign('finance', 'B-LTA', NOTICE);
      const crl = parseSignedData(signed.signature).crls[0] as Uint8Array;
      // A byte inside the CRL's signature: the CRL no longer matches the hash index.
      const tampered = alterWithin(signed.signature, crl.subarray(crl.length - 8));
      const report = await ca.verify(detached(tampered, NOTICE));
      expect(check(report, 'archive_timestamp').status).toBe('warning');
    });
  });

  describe('a PAdES B-LTA PDF with the clock twelve years ahead', () => {
    it("passes once renewed by newer TSAs, its signature judged at the document time-stamps' proof", async () => {
      const t0 = new Date('2031-03-01T08:00:00Z');
      const first = await newCa(t0);
      await first.department('finance');
      first.clock.set(new Date(t0.getTime() + HOUR));
      const signed = await signPdf(first.services.signing, {
        departmentId: 'finance',
        actor: 'test',
        level: 'B-LTA',
        pdf: new Uint8Array(await samplePdf()),
      });
      let pdf = signed.pdf;
      const later = [];
      for (const years of [4, 8]) {
        const at = new Date(t0.getTime() + years * YEAR);
        first.clock.set(at);
        const next = await newCa(at);
        later.push(next);
        pdf = (
          await renewArchive(
            {
              ...first.services.signing,
              tsa: next.services.signing.tsa,
              authorities: next.services.authorities,
            },
            { file: pdf, actor: 'test' },
          )
        ).bytes;
      }
      first.clock.set(new Date(t0.getTime() + 12 * YEAR));
      const trustAnchors = [first, ...later].map((c) => c.services.authorities.get('root').der);
      const asPdf = (bytes: Uint8Array) => ({
        document: { ...documentFromBytes(bytes), content: bytes, pdf: true },
        trustAnchors,
      });
      const report = await first.verify(asPdf(pdf));
      expect(report.signatures.map((s) => [s.format, s.indication])).toEqual([
        ['PAdES-BASELINE-LTA', 'TOTAL_PASSED'],
        ['PAdES document time-stamp', 'TOTAL_PASSED'],
        ['PAdES document time-stamp', 'TOTAL_PASSED'],
        ['PAdES document time-stamp', 'TOTAL_PASSED'],
      ]);
      expect(report.indication).toBe('TOTAL_PASSED');
      // Without the renewals the same signature has no proof of existence left.
      const stale = await first.verify(asPdf(signed.pdf));
      expect(stale.indication).toBe('INDETERMINATE');
      expect(stale.signatures[0]?.subIndication).toBe('OUT_OF_BOUNDS_NO_POE');
    }, 180_000);
  });

  describe('the archive job (SIGNET_ARCHIVE_DIR), with the clock moved', () => {
    it('renews a file only when its TSA certificate expires within the window, and by a newer TSA', async () => {
      const t0 = new Date('2031-03-01T08:00:00Z');
      const first = await newCa(t0);
      await first.department('finance');
      first.clock.set(new Date(t0.getTime() + HOUR));
      const signed = await first.sign('finance', 'B-T', NOTICE);
      const dir = tempDir('signet-archive-dir-');
      writeFileSync(join(dir, 'notice.txt.p7s'), signed.signature);
      writeFileSync(join(dir, 'ignored.txt'), 'not a signature');
      const files = archiveDirectory(dir);
      const window = 180 * DAY;
      const tsaExpiry = first.services.authorities.get('tsa').notAfter;
      expect(archiveExpiry(files.read('notice.txt.p7s'))?.toISOString()).toBe(
        tsaExpiry.toISOString(),
      );

      const outcomes = () => renewDueArchives(first.services.signing, files, window);
      expect((await outcomes())[0]?.outcome).toBe('current');
      // Within the window, but Signet's TSA is still the one that expires: nothing to gain.
      const due = new Date(tsaExpiry.getTime() - 100 * DAY);
      first.clock.set(due);
      expect(await outcomes()).toEqual([
        expect.objectContaining({ name: 'notice.txt.p7s', outcome: 'tsa_not_newer' }),
      ]);
      expect(readFileSync(join(dir, 'notice.txt.p7s')).equals(Buffer.from(signed.signature))).toBe(
        true,
      );
      // After a rollover (a newer TSA certificate), the file is renewed in place, once.
      const next = await newCa(due);
      const rolled = {
        ...first.services.signing,
        tsa: next.services.signing.tsa,
        authorities: next.services.authorities,
      };
      expect((await renewDueArchives(rolled, files, window))[0]?.outcome).toBe('renewed');
      const renewed = files.read('notice.txt.p7s');
      expect(parseSignedData(renewed).signerInfos[0]?.archiveTimestamps).toHaveLength(1);
      expect((await renewDueArchives(rolled, files, window))[0]?.outcome).toBe('current');
      const report = await first.verify({
        ...detached(renewed, NOTICE),
        trustAnchors: [first, next].map((c) => c.services.authorities.get('root').der),
      });
      expect(report.signatures[0]?.format).toBe('CAdES-BASELINE-LTA');
      expect(check(report, 'archive_timestamp').status).toBe('passed');
    }, 120_000);
  });
});

import { OID_AA_SIGNING_TIME } from '../../../src/core/oid';
import { parseSignedData } from '../../../src/core/cms';
import {
  embedCms,
  hashByteRange,
  PadesError,
  preparePdfSignature,
  readPdfSignatures,
  type ByteRange,
} from '../../../src/core/pades';
import { testTsa } from '../../helpers/cms-interop';
import type { TestPki } from '../../helpers/openssl';
import {
  INPUT_KINDS,
  handWrittenPdf,
  inputPdf,
  makePdfSigningPki,
  NOTICE,
  nssDbTrusting,
  pdfsig,
  replaceOnce,
  signingTime,
  signPdf,
} from './helpers';

let pki: TestPki;
let nssDb: string;
beforeAll(() => {
  pki = makePdfSigningPki().pki;
  nssDb = nssDbTrusting(pki);
});

/** Whether the CMS message-digest still matches the bytes its ByteRange names (RFC 5652 11.2). */
function digestMatches(pdf: Uint8Array, index = 0): boolean {
  const signature = readPdfSignatures(pdf).signatures[index];
  if (!signature) throw new Error('no signature');
  const signerInfo = parseSignedData(signature.contents).signerInfos[0];
  const digest = hashByteRange(pdf, signature.byteRange as ByteRange, 'sha256');
  return Buffer.from(digest).equals(Buffer.from(signerInfo?.messageDigest ?? []));
}

describe('PAdES signing (preparePdfSignature, hashByteRange, embedCms)', () => {
  describe.each(INPUT_KINDS)('on a PDF made by %s', (kind) => {
    let original: Uint8Array;
    let signed: Uint8Array;
    beforeAll(async () => {
      original = await inputPdf(kind, pki.dir);
      signed = await signPdf(original, pki);
    });

    it('appends to the file without changing a byte of it (ISO 32000-1 7.5.6)', () => {
      expect(Buffer.from(signed.subarray(0, original.length)).equals(Buffer.from(original))).toBe(
        true,
      );
    });

    it('gives a signature pdfsig finds valid and trusted', () => {
      const report = pdfsig(nssDb, signed);
      expect(report).toContain('Signature Type: ETSI.CAdES.detached');
      expect(report).toContain('Signature is Valid.');
      expect(report).toContain('Certificate is Trusted.');
      expect(report).toContain('Total document signed');
    });

    it('reads back as one signature covering its whole revision, with no change after it', () => {
      const { signatures, changesAfter } = readPdfSignatures(signed);
      expect(signatures).toHaveLength(1);
      expect(signatures[0]).toMatchObject({
        fieldName: 'Signature1',
        filter: 'Adobe.PPKLite',
        subFilter: 'ETSI.CAdES.detached',
        signingTime,
        revisionEnd: signed.length,
        coversWholeRevision: true,
        problems: [],
        changesAfter: [],
      });
      expect(changesAfter).toEqual([]);
      expect(digestMatches(signed)).toBe(true);
    });

    describe('when one byte inside the signed range is changed', () => {
      it('pdfsig reports Digest Mismatch and the message-digest no longer matches', () => {
        // The binary comment after the header (ISO 32000-1 7.5.2) changes no structure.
        const at = Buffer.from(signed).indexOf('%', 1) + 1;
        const tampered = new Uint8Array(signed);
        tampered[at] = (tampered[at] ?? 0) ^ 0x01;
        expect(pdfsig(nssDb, tampered)).toContain('Digest Mismatch');
        const [signature] = readPdfSignatures(tampered).signatures;
        expect(signature?.coversWholeRevision).toBe(true);
        expect(digestMatches(tampered)).toBe(false);
      });
    });
  });

  describe('when the page text is changed inside the signed range', () => {
    it('pdfsig reports Digest Mismatch and the message-digest no longer matches', async () => {
      const signed = await signPdf(handWrittenPdf(), pki);
      const tampered = replaceOnce(signed, NOTICE, NOTICE.replace('42', '43'));
      expect(pdfsig(nssDb, tampered)).toContain('Digest Mismatch');
      expect(digestMatches(tampered)).toBe(false);
    });
  });

  describe('at level B-T', () => {
    it('embeds a CMS with a signature time-stamp that pdfsig finds valid and trusted', async () => {
      const signed = await signPdf(await inputPdf('qpdf, object streams', pki.dir), pki, {
        timestamp: testTsa(pki, { keyType: 'ec', hash: 'sha256' }),
      });
      const report = pdfsig(nssDb, signed);
      expect(report).toContain('Signature is Valid.');
      expect(report).toContain('Certificate is Trusted.');
      const [signature] = readPdfSignatures(signed).signatures;
      const cms = parseSignedData(signature?.contents ?? new Uint8Array());
      expect(cms.signerInfos[0]?.signatureTimestamps).toHaveLength(1);
    });
  });

  describe('the signature dictionary (ISO 32000-1 12.8.1; ETSI EN 319 142-1 6.3)', () => {
    it('carries /M, not a CMS signing-time attribute, and the texts given', async () => {
      const signed = await signPdf(handWrittenPdf(), pki, {
        name: '财政局',
        reason: 'Approval',
        location: 'Beijing',
        contactInfo: 'finance@example.gov.cn',
        fieldName: 'FinanceSeal',
      });
      const [signature] = readPdfSignatures(signed).signatures;
      expect(signature).toMatchObject({
        fieldName: 'FinanceSeal',
        name: '财政局',
        reason: 'Approval',
        location: 'Beijing',
        contactInfo: 'finance@example.gov.cn',
        signingTime,
      });
      const attributes = parseSignedData(signature?.contents ?? new Uint8Array()).signerInfos[0]
        ?.signedAttributes;
      expect(attributes?.map((a) => a.type)).not.toContain(OID_AA_SIGNING_TIME);
      const text = Buffer.from(signed).toString('latin1');
      expect(text).toContain('/Type /Sig');
      expect(text).toContain('/SubFilter /ETSI.CAdES.detached');
      expect(text).toMatch(/\/SigFlags 3/);
      expect(text).toMatch(/\/Rect \[0 0 0 0\]/);
    });

    it('reserves 32 KiB for the CMS by default and the size asked for otherwise', () => {
      const byDefault = preparePdfSignature(handWrittenPdf(), { signingTime });
      expect(byDefault.byteRange[2] - byDefault.byteRange[1]).toBe(2 * 32 * 1024 + 2);
      const small = preparePdfSignature(handWrittenPdf(), { signingTime, reservedBytes: 4096 });
      expect(small.byteRange[2] - small.byteRange[1]).toBe(2 * 4096 + 2);
    });
  });

  describe('when the CMS does not fit in the reserved space', () => {
    it('refuses with CMS_TOO_LARGE', () => {
      const { prepared, byteRange } = preparePdfSignature(handWrittenPdf(), {
        signingTime,
        reservedBytes: 1024,
      });
      expect(() => embedCms(prepared, byteRange, new Uint8Array(1025))).toThrow(
        expect.objectContaining({ code: 'CMS_TOO_LARGE' }),
      );
    });
  });

  describe('when embedCms is given a ByteRange that is not the reserved /Contents', () => {
    it('refuses with BYTE_RANGE_MISMATCH, also for a file already signed', async () => {
      const { prepared, byteRange } = preparePdfSignature(handWrittenPdf(), { signingTime });
      const [a, b, c, d] = byteRange;
      const cms = new Uint8Array([0x30, 0x00]);
      for (const wrong of [
        [a, b + 1, c, d],
        [a, b, c, d - 1],
        [1, b, c, d],
      ] as ByteRange[]) {
        expect(() => embedCms(prepared, wrong, cms)).toThrow(
          expect.objectContaining({ code: 'BYTE_RANGE_MISMATCH' }),
        );
      }
      const signed = embedCms(prepared, byteRange, cms);
      expect(() => embedCms(signed, byteRange, cms)).toThrow(
        expect.objectContaining({ code: 'BYTE_RANGE_MISMATCH' }),
      );
    });
  });

  describe('when the options are invalid', () => {
    it.each([
      ['a reserved size below 1 KiB', { reservedBytes: 100 }, 'INVALID_ARGUMENT'],
      ['a field name with a period', { fieldName: 'a.b' }, 'INVALID_ARGUMENT'],
      ['a page the document lacks', { appearance: appearanceOn(5) }, 'INVALID_ARGUMENT'],
    ])('refuses %s', (_, options, code) => {
      expect(() => preparePdfSignature(handWrittenPdf(), { signingTime, ...options })).toThrow(
        expect.objectContaining({ code }),
      );
    });

    it('refuses a field name the document already has with FIELD_NAME_TAKEN', async () => {
      const signed = await signPdf(handWrittenPdf(), pki, { fieldName: 'FinanceSeal' });
      const attempt = (): unknown =>
        preparePdfSignature(signed, { signingTime, fieldName: 'FinanceSeal' });
      expect(attempt).toThrow(PadesError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'FIELD_NAME_TAKEN' }));
    });
  });
});

function appearanceOn(pageIndex: number) {
  return {
    pageIndex,
    rect: [0, 0, 10, 10] as [number, number, number, number],
    build: () => {
      throw new Error('not reached');
    },
  };
}

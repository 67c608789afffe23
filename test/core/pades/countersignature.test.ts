import { readPdfSignatures } from '../../../src/core/pades';
import type { TestPki } from '../../helpers/openssl';
import {
  INPUT_KINDS,
  count,
  inputPdf,
  makePdfSigningPki,
  nssDbTrusting,
  pdfsig,
  signPdf,
} from './helpers';

let finance: TestPki;
let audit: TestPki;
let nssDb: string;
beforeAll(() => {
  const made = makePdfSigningPki();
  finance = made.pki;
  audit = made.second;
  nssDb = nssDbTrusting(finance);
});

describe('a countersignature (a second department signs by an incremental update)', () => {
  describe.each(INPUT_KINDS)('on a PDF made by %s', (kind) => {
    let once: Uint8Array;
    let twice: Uint8Array;
    beforeAll(async () => {
      once = await signPdf(await inputPdf(kind, finance.dir), finance);
      twice = await signPdf(once, audit);
    });

    it('leaves the first signed revision byte for byte as it was', () => {
      expect(Buffer.from(twice.subarray(0, once.length)).equals(Buffer.from(once))).toBe(true);
    });

    it('pdfsig finds both signatures valid and trusted', () => {
      const report = pdfsig(nssDb, twice);
      expect(count(report, 'Signature is Valid.')).toBe(2);
      expect(count(report, 'Certificate is Trusted.')).toBe(2);
      expect(report).toContain('Common Name: Finance Bureau');
      expect(report).toContain('Common Name: Audit Office');
    });

    it('reads both, each covering its revision, and classifies the second revision as allowed', () => {
      const { signatures, changesAfter } = readPdfSignatures(twice);
      expect(signatures.map((s) => [s.fieldName, s.coversWholeRevision, s.revisionEnd])).toEqual([
        ['Signature1', true, once.length],
        ['Signature2', true, twice.length],
      ]);
      expect(changesAfter.length).toBeGreaterThan(0);
      expect(changesAfter.filter((c) => !c.allowed)).toEqual([]);
      expect(changesAfter.map((c) => c.kind)).toEqual(
        expect.arrayContaining(['signature', 'signature-field']),
      );
      expect(signatures[0]?.changesAfter).toEqual(changesAfter);
      expect(signatures[1]?.changesAfter).toEqual([]);
    });
  });

  it('keeps all three signatures valid when a third department signs', async () => {
    const pdf = await inputPdf('qpdf, object streams', finance.dir);
    const thrice = await signPdf(await signPdf(await signPdf(pdf, finance), audit), finance);
    // Only validity is asserted: poppler 22.12 with NSS reports "Unknown issue with Certificate"
    // for the second signature of a file made with the very same certificate as an earlier one.
    expect(count(pdfsig(nssDb, thrice), 'Signature is Valid.')).toBe(3);
    const { signatures } = readPdfSignatures(thrice);
    expect(signatures.map((s) => s.fieldName)).toEqual(['Signature1', 'Signature2', 'Signature3']);
    expect(signatures.every((s) => s.changesAfter.every((c) => c.allowed))).toBe(true);
  });
});

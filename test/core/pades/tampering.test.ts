/**
 * readPdfSignatures on the tampered-PDF corpus (test/helpers/tampered-pdfs.ts) over a PDF signed
 * with the CMS core, one hole of the change detection per case, and the holes the corpus cannot
 * reach from a signed file: an entry of the signed revision pointing past its end, and the end
 * of a BER element with indefinite lengths in /Contents.
 */
import { berElementLength } from '../../../src/core/asn1/ber-length';
import { readPdfSignatures } from '../../../src/core/pades';
import { toIndefiniteLengths, withBerContents } from '../../helpers/ber';
import type { TestPki } from '../../helpers/openssl';
import { tamperedPdfs } from '../../helpers/tampered-pdfs';
import { handWrittenPdf, inputPdf, makePdfSigningPki, signPdf } from './helpers';

let pki: TestPki;
let signed: Buffer;
beforeAll(async () => {
  pki = makePdfSigningPki().pki;
  signed = Buffer.from(
    await signPdf(await inputPdf('pdf-lib, cross-reference table', pki.dir), pki),
  );
});

const refused = (pdf: Uint8Array): string[] =>
  readPdfSignatures(pdf)
    .changesAfter.filter((c) => !c.allowed)
    .map((c) => c.description);

describe('readPdfSignatures on the tampered-PDF corpus', () => {
  it.each([
    ['trailer /Info points to a new information dictionary', "The trailer's /Info was changed."],
    ['trailer /Root points to a new catalog', "The trailer's /Root was changed."],
    ['content stream listed twice in one cross-reference table', 'is listed twice'],
    ['content stream redefined but not listed in the section', 'no cross-reference section lists'],
    ['hybrid section: /XRefStm moves the page into an object stream', 'does not place in it'],
    ['object after the last %%EOF', 'no cross-reference section lists'],
    ['content stream given generation 1', 'another generation number'],
    ['unsigned signature field with an appearance added', 'no new signature fills'],
    ['signature field reusing the signed signature dictionary added', 'no new signature fills'],
  ])('refuses "%s"', (name, why) => {
    const tampered = tamperedPdfs(signed).find((c) => c.name === name);
    expect(tampered).toBeDefined();
    expect(refused(tampered?.bytes ?? signed)).toEqual(
      expect.arrayContaining([expect.stringContaining(why)]),
    );
  });

  it('refuses every case whose signature is still found', () => {
    for (const c of tamperedPdfs(signed)) {
      const report = readPdfSignatures(c.bytes);
      if (report.signatures.length > 0)
        expect([c.name, refused(c.bytes).length > 0]).toEqual([c.name, true]);
    }
  });

  it('reports the bytes after the last %%EOF, and no change for bytes that hold no object', () => {
    const padded = Buffer.concat([signed, Buffer.from('\0\0 trailing', 'latin1')]);
    const report = readPdfSignatures(padded);
    expect(report.trailingBytes).toBe(11);
    expect(report.changesAfter).toEqual([]);
    expect(report.signatures[0]?.coversWholeRevision).toBe(true);
    expect(readPdfSignatures(signed).trailingBytes).toBe(0);
  });
});

describe('when an entry of the signed revision points past its end', () => {
  it('refuses the object that later bytes put there', async () => {
    const forward = 200_000;
    const signedForward = Buffer.from(await signPdf(handWrittenPdf(forward), pki));
    expect(signedForward.length).toBeLessThan(forward);
    // The attacker's update: padding up to the promised offset, then object 6, then a section.
    const draw = 'BT /F1 24 Tf 50 600 Td (Amount: 1,000,000 yuan) Tj ET';
    let tail = ' '.repeat(forward - signedForward.length - 1) + '\n';
    tail += `6 0 obj\n<< /Length ${draw.length} >>\nstream\n${draw}\nendstream\nendobj\n`;
    const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(signedForward.toString('latin1'))?.[1];
    const size = /\/Size (\d+)/g;
    let last = '7';
    for (const m of signedForward.toString('latin1').matchAll(size)) last = m[1] ?? last;
    const xref = signedForward.length + tail.length;
    tail += `xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size ${last} /Root 1 0 R /Prev ${startxref} >>\nstartxref\n${xref}\n%%EOF\n`;
    const tampered = Buffer.concat([signedForward, Buffer.from(tail, 'latin1')]);
    const report = readPdfSignatures(tampered);
    expect(report.signatures[0]?.coversWholeRevision).toBe(true);
    expect(report.changesAfter.filter((c) => !c.allowed).map((c) => c.objectNumber)).toEqual([6]);
  });
});

describe('berElementLength', () => {
  it('finds the end of nested indefinite lengths before zero padding', () => {
    // SEQUENCE (indefinite) { SEQUENCE (indefinite) { INTEGER 5 } OCTET STRING 'ab' }, padding.
    const ber = Uint8Array.from([0x30, 0x80, 0x30, 0x80, 2, 1, 5, 0, 0, 4, 2, 0x61, 0x62, 0, 0]);
    const padded = Uint8Array.from([...ber, 0, 0, 0, 0]);
    expect(berElementLength(padded)).toBe(ber.length);
    expect(berElementLength(Uint8Array.from([0x30, 0x03, 2, 1, 5, 0, 0]))).toBe(5);
  });

  it('gives undefined for a cut element, a primitive indefinite one or too deep a nesting', () => {
    expect(berElementLength(Uint8Array.from([0x30, 0x80, 2, 1, 5]))).toBeUndefined();
    expect(berElementLength(Uint8Array.from([0x04, 0x80, 0, 0]))).toBeUndefined();
    expect(berElementLength(Uint8Array.from([0x30, 0x05, 2, 1]))).toBeUndefined();
    const deep = Uint8Array.from([...Array(100).fill([0x30, 0x80]).flat(), ...Array(200).fill(0)]);
    expect(berElementLength(deep)).toBeUndefined();
  });

  it('reads the whole CMS of a PDF whose /Contents was re-encoded with indefinite lengths', () => {
    const ber = withBerContents(signed);
    const [signature] = readPdfSignatures(ber).signatures;
    const [der] = readPdfSignatures(signed).signatures;
    expect(
      Buffer.from(signature?.contents ?? []).equals(
        toIndefiniteLengths(Buffer.from(der?.contents ?? [])),
      ),
    ).toBe(true);
  });
});

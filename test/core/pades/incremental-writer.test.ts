import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preparePdfSignature } from '../../../src/core/pades';
import { PdfDocument } from '../../../src/core/pades/pdf/document';
import { PdfDict, PdfName, PdfStream } from '../../../src/core/pades/pdf/objects';
import { tempDir } from '../../helpers/openssl';
import { hybridPdf, INPUT_KINDS, inputPdf, signingTime } from './helpers';

const expectedForm: Record<(typeof INPUT_KINDS)[number], 'table' | 'stream'> = {
  'pdf-lib, cross-reference table': 'table',
  'pdf-lib, cross-reference stream': 'stream',
  'qpdf, object streams': 'stream',
  'qpdf, linearized': 'table',
  'qpdf, linearized with object streams': 'stream',
  'hand, minimal': 'table',
  'hand, hybrid (table with /XRefStm)': 'table',
  'LibreOffice Writer export': 'table',
};

describe('PdfDocument on a hybrid-reference file (ISO 32000-1 7.5.8.4)', () => {
  it("reads an object the table marks free from the /XRefStm stream's object stream", () => {
    const doc = PdfDocument.open(hybridPdf());
    expect(doc.entry(5)).toEqual({ kind: 'compressed', stream: 6, index: 0 });
    expect((doc.object(5) as PdfDict).get('BaseFont')).toEqual(new PdfName('Helvetica'));
  });
});

describe('the incremental writer (ISO 32000-1 7.5.6)', () => {
  const dir = tempDir('signet-pades-writer-');

  describe.each(INPUT_KINDS)('on a PDF made by %s', (kind) => {
    let original: PdfDocument;
    let updated: PdfDocument;
    let prepared: Uint8Array;
    beforeAll(async () => {
      const pdf = await inputPdf(kind, dir);
      original = PdfDocument.open(pdf);
      prepared = preparePdfSignature(pdf, { signingTime }).prepared;
      updated = PdfDocument.open(prepared);
    });

    it(`writes a cross-reference ${expectedForm[kind]}, as the section it chains to`, () => {
      expect(original.lastSection.form).toBe(expectedForm[kind]);
      expect(updated.lastSection.form).toBe(expectedForm[kind]);
    });

    it('chains to the previous startxref with /Prev and keeps /Root', () => {
      expect(updated.lastSection.trailer.get('Prev')).toBe(original.startxref);
      expect(updated.catalog().ref).toEqual(original.catalog().ref);
      expect(updated.sections.slice(1).map((s) => s.offset)).toEqual(
        original.sections.map((s) => s.offset),
      );
    });

    it("numbers new objects from the trailer's /Size and writes them uncompressed", () => {
      const added = [...updated.lastSection.entries.keys()].filter(
        (num) => original.entry(num) === undefined,
      );
      expect(Math.min(...added)).toBe(original.size);
      for (const num of updated.lastSection.entries.keys()) {
        expect(updated.entry(num)?.kind).toBe('direct');
      }
      const sig = added
        .map((num) => updated.object(num))
        .find((o) => o instanceof PdfDict && o.get('ByteRange') !== undefined);
      expect(sig).toBeInstanceOf(PdfDict);
      expect(sig).not.toBeInstanceOf(PdfStream);
    });

    it('gives a file qpdf checks without a warning', () => {
      const path = join(dir, `${kind.replace(/\W+/g, '-')}.pdf`);
      writeFileSync(path, prepared);
      const out = execFileSync('qpdf', ['--check', path], { encoding: 'utf8' });
      expect(out).toContain('No syntax or stream encoding errors found');
      expect(out).not.toMatch(/WARNING/i);
    });
  });
});

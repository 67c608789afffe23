import { readPdfSignatures } from '../../../src/core/pades';
import { PdfDocument } from '../../../src/core/pades/pdf/document';
import { name, PdfDict, PdfRef, PdfStream, PdfString } from '../../../src/core/pades/pdf/objects';
import { PdfUpdate } from '../../../src/core/pades/pdf/update';
import type { TestPki } from '../../helpers/openssl';
import {
  INPUT_KINDS,
  inputPdf,
  makePdfSigningPki,
  nssDbTrusting,
  pdfsig,
  signPdf,
} from './helpers';

let pki: TestPki;
let nssDb: string;
beforeAll(() => {
  pki = makePdfSigningPki().pki;
  nssDb = nssDbTrusting(pki);
});

/**
 * Appends an incremental update made by `edit` to `pdf`, as another PDF writer would. (Changes
 * of kind 'structure' are the update's own cross-reference stream, where the file uses streams.)
 */
function appendUpdate(
  pdf: Uint8Array,
  edit: (update: PdfUpdate, doc: PdfDocument) => void,
): Uint8Array {
  const doc = PdfDocument.open(pdf);
  const update = new PdfUpdate(doc);
  edit(update, doc);
  return update.write().bytes;
}

function firstPage(doc: PdfDocument): { ref: PdfRef; dict: PdfDict } {
  const ref = doc.pages()[0];
  const dict = doc.dict(ref);
  if (!ref || !dict) throw new Error('no page');
  return { ref, dict };
}

/** Text drawn on page one by a new content stream (ISO 32000-1 7.8.2, 9.4). */
function appendText(update: PdfUpdate, doc: PdfDocument): void {
  const page = firstPage(doc);
  const text = Buffer.from('BT /F1 24 Tf 50 700 Td (Amount: 1,000,000 yuan) Tj ET', 'latin1');
  const content = update.add(new PdfStream(new PdfDict(), new Uint8Array(text)));
  const existing = page.dict.get('Contents');
  const list = Array.isArray(existing) ? existing : existing ? [existing] : [];
  update.set(page.ref, page.dict.with('Contents', [...list, content]));
}

describe('readPdfSignatures: changes after a signature', () => {
  describe.each(INPUT_KINDS)('on a PDF made by %s', (kind) => {
    describe('when text is added to a page by an incremental update after signing', () => {
      it('reports the page and the new content as changes that are not allowed', async () => {
        const signed = await signPdf(await inputPdf(kind, pki.dir), pki);
        const changed = appendUpdate(signed, appendText);
        const report = pdfsig(nssDb, changed);
        expect(report).toContain('Signature is Valid.');
        expect(report).toContain('Not total document signed');

        const [signature] = readPdfSignatures(changed).signatures;
        expect(signature?.coversWholeRevision).toBe(true);
        expect(signature?.revisionEnd).toBe(signed.length);
        const disallowed = (signature?.changesAfter ?? []).filter((c) => !c.allowed);
        expect(disallowed.map((c) => [c.action, c.kind])).toEqual(
          expect.arrayContaining([
            ['modified', 'other'],
            ['added', 'other'],
          ]),
        );
        const page = firstPage(PdfDocument.open(changed)).ref.num;
        expect(disallowed.map((c) => c.objectNumber)).toContain(page);
      });
    });
  });

  describe('when a text annotation is added to the page after signing', () => {
    it('reports it as not allowed: only signature widgets may join /Annots', async () => {
      const signed = await signPdf(await inputPdf('pdf-lib, cross-reference table', pki.dir), pki);
      const changed = appendUpdate(signed, (update, doc) => {
        const page = firstPage(doc);
        const note = update.add(
          new PdfDict([
            ['Type', name('Annot')],
            ['Subtype', name('Text')],
            ['Rect', [50, 50, 80, 80]],
            ['Contents', new PdfString(new Uint8Array(Buffer.from('Void')))],
          ]),
        );
        update.set(page.ref, update.appendToArray(page.dict, 'Annots', note));
      });
      const changes = readPdfSignatures(changed).changesAfter;
      expect(changes.filter((c) => !c.allowed).map((c) => c.action)).toEqual(
        expect.arrayContaining(['added']),
      );
      expect(changes.some((c) => !c.allowed && c.description.includes('Page object'))).toBe(true);
    });
  });

  describe('when the document information dictionary is changed after signing', () => {
    it('reports it as not allowed', async () => {
      const signed = await signPdf(await inputPdf('pdf-lib, cross-reference stream', pki.dir), pki);
      const changed = appendUpdate(signed, (update, doc) => {
        const info = doc.trailerValue('Info');
        const dict = doc.dict(info);
        if (!(info instanceof PdfRef) || !dict) throw new Error('no /Info');
        update.set(info, dict.with('Title', new PdfString(new Uint8Array(Buffer.from('Forged')))));
      });
      const changes = readPdfSignatures(changed).changesAfter.filter((c) => c.kind !== 'structure');
      expect(changes.map((c) => [c.action, c.allowed])).toEqual([['modified', false]]);
    });
  });

  describe('when the signature dictionary itself is replaced after signing', () => {
    it('reports the change and that the ByteRange no longer matches its /Contents', async () => {
      const signed = await signPdf(await inputPdf('qpdf, object streams', pki.dir), pki);
      const changed = appendUpdate(signed, (update, doc) => {
        const form = doc.dict(doc.catalog().dict.get('AcroForm'));
        const fields = doc.resolve(form?.get('Fields'));
        const field = doc.dict(Array.isArray(fields) ? fields[0] : undefined);
        const sigRef = field?.get('V');
        const sig = doc.dict(sigRef);
        if (!(sigRef instanceof PdfRef) || !sig) throw new Error('no signature');
        update.set(
          sigRef,
          sig.with('Reason', new PdfString(new Uint8Array(Buffer.from('Forged')))),
        );
      });
      const [signature] = readPdfSignatures(changed).signatures;
      expect(signature?.coversWholeRevision).toBe(false);
      expect(signature?.problems).toContain(
        'The gap in the ByteRange is not exactly the /Contents string.',
      );
      const changes = signature?.changesAfter.filter((c) => c.kind !== 'structure');
      expect(changes?.map((c) => [c.allowed, c.description])).toEqual([
        [false, expect.stringContaining('existing signature dictionary')],
      ]);
    });
  });

  describe('when a PDF has no signature', () => {
    it('reports none and no changes', async () => {
      const pdf = await inputPdf('qpdf, linearized', pki.dir);
      expect(readPdfSignatures(pdf)).toEqual({
        signatures: [],
        changesAfter: [],
        trailingBytes: 0,
      });
    });
  });
});

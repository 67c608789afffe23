/**
 * Adds a signature field to a document (ISO 32000-1 12.7.4.5): a field merged with its widget
 * annotation (12.5.6.19), listed in the interactive form's /Fields with /SigFlags 3 (12.7.2,
 * table 219: SignaturesExist and AppendOnly) and in its page's /Annots (12.5.2).
 */
import { PadesError } from './errors';
import { isInteger, name, PdfDict, PdfRef, PdfString } from './pdf/objects';
import { decodeTextString, textString } from './pdf/text';
import type { PdfUpdate } from './pdf/update';

/** Annotation flags Print (bit 3) and Locked (bit 8) (12.5.3, table 165). */
const WIDGET_FLAGS = 4 | 128;
/** SignaturesExist | AppendOnly (12.7.2, table 219). */
const SIG_FLAGS = 3;
/** Top-level fields looked at when choosing a free name. */
const MAX_FIELDS = 100_000;

export interface SignatureFieldInput {
  /** The signature dictionary the field's /V refers to. */
  signature: PdfRef;
  page: PdfRef;
  /** A name without periods (12.7.3.2); by default the first free `SignatureN`. */
  fieldName?: string;
  /** In default user space; [0 0 0 0] makes the signature invisible. */
  rect: [number, number, number, number];
  /** The widget's normal appearance (12.5.5), if it has one. */
  appearance?: PdfRef;
}

/** Adds the field to `update`; returns its reference and name. */
export function addSignatureField(
  update: PdfUpdate,
  input: SignatureFieldInput,
): { ref: PdfRef; fieldName: string } {
  const catalog = update.doc.catalog();
  const acroForm = catalog.dict.get('AcroForm');
  const form = update.dict(acroForm);
  const fieldName = chooseFieldName(update, form, input.fieldName);
  let widget = new PdfDict([
    ['Type', name('Annot')],
    ['Subtype', name('Widget')],
    ['FT', name('Sig')],
    ['T', textString(fieldName)],
    ['V', input.signature],
    ['F', WIDGET_FLAGS],
    ['Rect', input.rect],
    ['P', input.page],
  ]);
  if (input.appearance) widget = widget.with('AP', new PdfDict([['N', input.appearance]]));
  const ref = update.add(widget);

  const flags = form?.get('SigFlags');
  const newForm = update
    .appendToArray(form ?? new PdfDict(), 'Fields', ref)
    .with('SigFlags', (isInteger(flags) ? flags : 0) | SIG_FLAGS);
  if (acroForm instanceof PdfRef && form) update.set(acroForm, newForm);
  else if (acroForm instanceof PdfDict)
    update.set(catalog.ref, catalog.dict.with('AcroForm', newForm));
  else update.set(catalog.ref, catalog.dict.with('AcroForm', update.add(newForm)));

  const page = update.dict(input.page);
  if (!page) throw new PadesError('MALFORMED_PDF', 'The page to sign on cannot be read.');
  const newPage = update.appendToArray(page, 'Annots', ref);
  if (newPage !== page) update.set(input.page, newPage);
  return { ref, fieldName };
}

function chooseFieldName(update: PdfUpdate, form: PdfDict | undefined, wanted?: string): string {
  const fields = update.resolve(form?.get('Fields'));
  const taken = new Set<string>();
  if (Array.isArray(fields)) {
    for (const field of fields.slice(0, MAX_FIELDS)) {
      const title = update.dict(field)?.get('T');
      if (title instanceof PdfString) taken.add(decodeTextString(title));
    }
  }
  if (wanted !== undefined) {
    if (wanted === '' || wanted.includes('.') || wanted.length > 255) {
      throw new PadesError(
        'INVALID_ARGUMENT',
        'A field name must be 1 to 255 characters without periods.',
      );
    }
    if (taken.has(wanted)) {
      throw new PadesError('FIELD_NAME_TAKEN', `The document already has a field "${wanted}".`);
    }
    return wanted;
  }
  for (let i = 1; ; i++) if (!taken.has(`Signature${i}`)) return `Signature${i}`;
}

/**
 * PAdES B-LT (ETSI EN 319 142-1 5.4.2, 6.3; ISO 32000-2 12.8.4.3): a Document Security Store with
 * the certificates, CRLs and OCSP responses needed to validate the signatures later, appended as
 * an incremental update after signing so that no signature is touched. An existing DSS is kept
 * and extended; data already in it is not added twice.
 */
import { createHash } from 'node:crypto';
import { PdfDocument } from './pdf/document';
import { decodeStream } from './pdf/filters';
import {
  bytesEqual,
  name,
  pdfEquals,
  PdfDict,
  PdfRef,
  PdfStream,
  type PdfObject,
} from './pdf/objects';
import { PdfUpdate } from './pdf/update';
import { readPdfSignatures } from './read-signatures';

export interface DocumentSecurityStoreInput {
  /** DER certificates (the chains of the signers and of their time-stamp and OCSP signers). */
  certificates?: readonly Uint8Array[];
  /** DER CertificateLists. */
  crls?: readonly Uint8Array[];
  /** DER OCSPResponses. */
  ocspResponses?: readonly Uint8Array[];
  /**
   * Also add a VRI dictionary (ETSI EN 319 142-1 5.4.2.3, optional) for each signature, keyed by
   * the upper-case hexadecimal SHA-1 of its CMS, listing all of the data given here.
   */
  vri?: boolean;
}

/** The DSS arrays (ETSI EN 319 142-1 5.4.2.2) and their VRI counterparts (5.4.2.3). */
const KINDS = [
  { input: 'certificates', dss: 'Certs', vri: 'Cert' },
  { input: 'crls', dss: 'CRLs', vri: 'CRL' },
  { input: 'ocspResponses', dss: 'OCSPs', vri: 'OCSP' },
] as const;

/** Appends a DSS (or the new entries of an existing one) to a signed PDF. */
export function addDocumentSecurityStore(
  signedPdf: Uint8Array,
  input: DocumentSecurityStoreInput,
): Uint8Array {
  const doc = PdfDocument.open(signedPdf);
  const update = new PdfUpdate(doc);
  const catalog = doc.catalog();
  const dssEntry = catalog.dict.get('DSS');
  let dss = doc.dict(dssEntry) ?? new PdfDict([['Type', name('DSS')]]);
  const vriEntries: [string, PdfObject][] = [];
  for (const kind of KINDS) {
    const existing = doc.resolve(dss.get(kind.dss));
    const refs: PdfObject[] = Array.isArray(existing) ? [...existing] : [];
    const known = refs.map((ref) => storedBytes(doc, ref));
    const stored = refs.length;
    const listed: PdfRef[] = [];
    for (const der of input[kind.input] ?? []) {
      const index = known.findIndex((k) => k !== undefined && bytesEqual(k, der));
      const ref = index >= 0 ? refs[index] : undefined;
      if (ref instanceof PdfRef) {
        listed.push(ref);
        continue;
      }
      const stream = update.add(new PdfStream(new PdfDict(), der));
      refs.push(stream);
      known.push(der);
      listed.push(stream);
    }
    if (refs.length > stored) dss = dss.with(kind.dss, refs);
    if (listed.length > 0) vriEntries.push([kind.vri, listed]);
  }
  if (input.vri) dss = withVri(doc, dss, vriEntries);
  // Nothing new to store: the file stays as it is rather than gaining an empty revision.
  if (pdfEquals(dss, doc.dict(dssEntry))) return signedPdf;
  if (dssEntry instanceof PdfRef && doc.dict(dssEntry)) update.set(dssEntry, dss);
  else update.set(catalog.ref, catalog.dict.with('DSS', update.add(dss)));
  return update.write().bytes;
}

/** Entries read of each DSS array: a hostile file must not make the verifier decode thousands. */
const MAX_READ_PER_ARRAY = 64;

/**
 * What a PDF's Document Security Store holds (5.4.2.2), for a verifier: each array's streams that
 * can be decoded (the first MAX_READ_PER_ARRAY); an absent DSS is empty.
 */
export function readDocumentSecurityStore(
  pdf: Uint8Array,
): Required<Omit<DocumentSecurityStoreInput, 'vri'>> {
  const doc = PdfDocument.open(pdf);
  const dss = doc.dict(doc.catalog().dict.get('DSS'));
  const read = (key: string): Uint8Array[] => {
    const refs = dss && doc.resolve(dss.get(key));
    if (!Array.isArray(refs)) return [];
    return refs
      .slice(0, MAX_READ_PER_ARRAY)
      .map((ref) => storedBytes(doc, ref))
      .filter((b): b is Uint8Array => !!b);
  };
  return { certificates: read('Certs'), crls: read('CRLs'), ocspResponses: read('OCSPs') };
}

/** The decoded bytes of a stream already in the DSS, if it can be read. */
function storedBytes(doc: PdfDocument, ref: PdfObject): Uint8Array | undefined {
  const stream = doc.resolve(ref);
  if (!(stream instanceof PdfStream)) return undefined;
  try {
    return decodeStream(stream);
  } catch {
    return undefined;
  }
}

/** 5.4.2.3: one VRI dictionary per signature, keyed by the SHA-1 of the signature's CMS. */
function withVri(doc: PdfDocument, dss: PdfDict, entries: [string, PdfObject][]): PdfDict {
  let vri = doc.dict(dss.get('VRI')) ?? new PdfDict();
  for (const signature of readPdfSignatures(doc.bytes).signatures) {
    const key = createHash('sha1').update(signature.contents).digest('hex').toUpperCase();
    vri = vri.with(key, new PdfDict(entries));
  }
  return dss.with('VRI', vri);
}

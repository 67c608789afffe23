/**
 * Reading a PDF into the facts its verification needs (ETSI EN 319 142-1; ISO 32000-1 12.8), with
 * no trust decision: per signature its dictionary and ByteRange facts, the changes after it and
 * the digests of what it covers (under the hashes its CMS names), and the validation data of the
 * Document Security Store (5.4.2). A pure function over the bytes, run by the server on an
 * uploaded PDF and by the verification page in the browser (which then sends the facts, not the
 * file); pdf.ts judges them.
 */
import { isHashName, type HashName } from '../core/algorithms';
import { parseSignedData } from '../core/cms/parse';
import { FormatError } from '../core/errors';
import { hashByteRange } from '../core/pades/byte-range';
import { readDocumentSecurityStore } from '../core/pades/dss';
import { PadesError } from '../core/pades/errors';
import {
  readPdfSignatures,
  type PdfSignature,
  type PdfSignatureReport,
} from '../core/pades/read-signatures';

/** One signature of the PDF as read, with the digests of its ByteRange. */
export interface PdfSignatureFacts extends PdfSignature {
  /** What the signature covers, hashed under each hash its SignerInfos name (all for a token). */
  digests: Partial<Record<HashName, Uint8Array>>;
}

/** Everything a PDF's verification judges; core's own reading, so its additions flow through. */
export interface PdfFacts extends Omit<PdfSignatureReport, 'signatures'> {
  signatures: PdfSignatureFacts[];
  /** The DSS's certificates, CRLs and OCSP responses (DER). */
  validationData: ReturnType<typeof readDocumentSecurityStore>;
}

/** The SubFilter of a document time-stamp (ETSI EN 319 142-1 5.4.3). */
export const DOCUMENT_TIMESTAMP_SUBFILTER = 'ETSI.RFC3161';

/** Hashes a time-stamp's imprint may use: its hash is inside the TSTInfo (RFC 3161 2.4.2). */
const TOKEN_HASHES: readonly HashName[] = ['sha256', 'sha384', 'sha512'];

/** The facts of `pdf`, or why its structure cannot be read. */
export function readPdfFacts(pdf: Uint8Array): PdfFacts | string {
  try {
    const { signatures, ...rest } = readPdfSignatures(pdf);
    return {
      ...rest,
      signatures: signatures.map((s) => ({ ...s, digests: rangeDigests(pdf, s) })),
      validationData: readDocumentSecurityStore(pdf),
    };
  } catch (error) {
    if (error instanceof PadesError || error instanceof FormatError) return error.message;
    throw error;
  }
}

/** RFC 5652 5.4: the message digest is over what is signed, under each signer's digest hash. */
function rangeDigests(
  pdf: Uint8Array,
  signature: PdfSignature,
): Partial<Record<HashName, Uint8Array>> {
  const [a, b, c, d] = signature.byteRange;
  const digests: Partial<Record<HashName, Uint8Array>> = {};
  if (a === undefined || b === undefined || c === undefined || d === undefined) return digests;
  for (const hash of hashesNamed(signature)) {
    try {
      digests[hash] = hashByteRange(pdf, [a, b, c, d], hash);
    } catch (error) {
      // A ByteRange outside the file has no digest: the byte_range check says why.
      if (error instanceof PadesError) return {};
      throw error;
    }
  }
  return digests;
}

function hashesNamed(signature: PdfSignature): HashName[] {
  if (signature.subFilter === DOCUMENT_TIMESTAMP_SUBFILTER) return [...TOKEN_HASHES];
  try {
    const named = parseSignedData(signature.contents).signerInfos.map((s) => s.digestHash);
    return [...new Set(named.filter((h): h is HashName => h !== undefined && isHashName(h)))];
  } catch {
    // The CMS cannot be read: the judgement reports that, with no digest to compare.
    return [];
  }
}

/** A value as JSON carries it: bytes in base64, times in ISO 8601. */
export type Json<T> = T extends Uint8Array
  ? string
  : T extends Date
    ? string
    : T extends readonly (infer U)[]
      ? Json<U>[]
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;

/** The facts as the JSON form of POST /api/v1/verify takes them (member `pdf`). */
export type PdfFactsJson = Json<PdfFacts>;

/** The JSON form of `value`: every Uint8Array in base64, every Date in ISO 8601. */
export function toJson<T>(value: T): Json<T> {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64') as Json<T>;
  if (value instanceof Date) return value.toISOString() as Json<T>;
  if (Array.isArray(value)) return value.map((v: unknown) => toJson(v)) as Json<T>;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJson(v)]),
    ) as Json<T>;
  }
  return value as Json<T>;
}

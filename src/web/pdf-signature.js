/**
 * Finds the last signature of a PDF (ISO 32000-1 section 12.8.1) without reading the whole file
 * into memory: the file is searched backwards, chunk by chunk, for the last signature dictionary
 * whose /ByteRange [a b c d] is consistent with the file and whose /Contents, the hexadecimal string
 * between b and c, holds a CMS signature (not a document timestamp). The byte ranges are then
 * hashed by the caller; only the digest and the CMS go to the server.
 */
import { derLength, inspectSignedData, NotASignature } from './cms.js';

const CHUNK = 1024 * 1024;
const OVERLAP = 256;
const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

export async function isPdf(file) {
  const head = new Uint8Array(await file.slice(0, 1024).arrayBuffer());
  return new TextDecoder('latin1').decode(head).includes('%PDF-');
}

/**
 * Answers {byteRange: [a, b, c, d], cms: Uint8Array, digestAlgorithm, appended} for the last
 * signature, or null when the PDF has none; `appended` says what follows the signed revision (see
 * appendedAfter). onProgress(fraction) reports the search.
 */
export async function lastPdfSignature(file, onProgress = () => {}) {
  const decoder = new TextDecoder('latin1'); // one character per byte: indexes are byte offsets
  for (let end = file.size; end > 0;) {
    const start = Math.max(0, end - CHUNK);
    const text = decoder.decode(
      await file.slice(start, end + (end < file.size ? OVERLAP : 0)).arrayBuffer(),
    );
    const found = [...text.matchAll(BYTE_RANGE)].reverse();
    for (const m of found) {
      const range = m.slice(1, 5).map(Number);
      const signature = await signatureAt(file, range);
      if (signature) return signature;
    }
    onProgress((file.size - start) / file.size);
    end = start;
  }
  return null;
}

async function signatureAt(file, [a, b, c, d]) {
  if (a !== 0 || b <= 0 || c <= b + 1 || d < 0 || c + d > file.size) return null;
  if (c - b > 16 * 1024 * 1024) return null;
  const contents = new TextDecoder('latin1').decode(await file.slice(b, c).arrayBuffer());
  const hex = /^<([0-9A-Fa-f\s]*)>$/.exec(contents);
  if (!hex) return null;
  const digits = hex[1].replace(/\s+/g, '');
  if (digits.length % 2 !== 0 || /^0*$/.test(digits)) return null; // odd, or an unfilled placeholder
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.substr(i * 2, 2), 16);
  let cms;
  let info;
  try {
    cms = bytes.subarray(0, derLength(bytes)); // /Contents is padded with zeros after the DER
    info = inspectSignedData(cms);
  } catch (e) {
    if (e instanceof NotASignature) return null;
    throw e;
  }
  if (info.timestampToken) return null; // a document timestamp (/DocTimeStamp), not a signature
  return {
    byteRange: [a, b, c, d],
    cms,
    digestAlgorithm: info.digestAlgorithm,
    appended: await appendedAfter(file, c + d),
  };
}

/** Most bytes after a signed revision that are read to see what they add. */
const MAX_APPENDED = 16 * 1024 * 1024;
/** What no update that only adds validation data contains: pages, annotations, fonts, actions. */
const CHANGES_CONTENT = [
  /\/Type\s*\/Page(?![\w])/,
  /\/Annots\b/,
  /\/Subtype\s*\/Widget\b/,
  /\/Font\b/,
  /\/XObject\b/,
  /\/ObjStm\b/, // objects packed in a stream cannot be seen here
  /\/JavaScript\b/,
  /\/OpenAction\b/,
  /\/AA\b/,
];

/**
 * What follows a signed revision (ISO 32000-1 7.5.6 incremental updates): 'none'; 'validation-data'
 * when it only adds a Document Security Store (ETSI EN 319 142-1 5.4.2), as B-LT does; else
 * 'changes'. The server never sees the PDF, so this is judged here, strictly: anything that could
 * change what the document shows counts as a change, and the page then does not call it authentic.
 */
export async function appendedAfter(file, end) {
  if (end >= file.size) return 'none';
  if (file.size - end > MAX_APPENDED) return 'changes';
  const text = new TextDecoder('latin1').decode(await file.slice(end).arrayBuffer());
  if (/^\s*$/.test(text)) return 'none';
  if (!/\/DSS\b/.test(text)) return 'changes';
  return CHANGES_CONTENT.some((pattern) => pattern.test(text)) ? 'changes' : 'validation-data';
}

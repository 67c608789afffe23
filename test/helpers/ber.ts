/**
 * CMS in BER with indefinite lengths (X.690 8.1.3.6), as PDFBox and BouncyCastle write it, made
 * here from a DER CMS: every constructed element of the ContentInfo, the SignedData and its
 * SignerInfos gets the indefinite form, closed by end-of-contents octets (8.1.5). Certificates,
 * CRLs and attributes stay DER, as those writers keep them (a signature covers their encoding).
 */

import { readElement } from './der-element';
import { rewriteLastContents } from './pdf-contents';

/** The children of a constructed element's contents. */
function children(content: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let pos = 0; pos < content.length;) {
    const e = readElement(content, pos);
    out.push(content.subarray(pos, e.end));
    pos = e.end;
  }
  return out;
}

/**
 * Depths: 0 ContentInfo, 1 [0] EXPLICIT, 2 SignedData, 3 its fields, 4 their items (algorithm
 * identifiers, certificates, SignerInfos), 5 SignerInfo fields, 6 attributes and names (kept DER).
 */
function reencode(der: Buffer, depth: number, keepDer: boolean): Buffer {
  const e = readElement(der, 0);
  if (!e.constructed || keepDer || depth >= 6) return der;
  // Certificates [0] and CRLs [1] of the SignedData (RFC 5652 5.1) hold DER items.
  const derItems = depth === 3 && (e.tag[0] === 0xa0 || e.tag[0] === 0xa1);
  const inner = children(e.content).map((c) => reencode(c, depth + 1, derItems));
  return Buffer.concat([e.tag, Buffer.from([0x80]), ...inner, Buffer.from([0, 0])]);
}

/** The DER CMS `der` with indefinite lengths. */
export function toIndefiniteLengths(der: Buffer): Buffer {
  return reencode(der, 0, false);
}

/**
 * `signedPdf` with the CMS of its last signature re-encoded by toIndefiniteLengths, in the same
 * /Contents (rewriteLastContents): the signed bytes stay the same.
 */
export function withBerContents(signedPdf: Buffer): Buffer {
  return rewriteLastContents(signedPdf, toIndefiniteLengths);
}

/**
 * CMS in BER with indefinite lengths (X.690 8.1.3.6), as PDFBox and BouncyCastle write it, made
 * here from a DER CMS: every constructed element of the ContentInfo, the SignedData and its
 * SignerInfos gets the indefinite form, closed by end-of-contents octets (8.1.5). Certificates,
 * CRLs and attributes stay DER, as those writers keep them (a signature covers their encoding).
 */

interface Element {
  tag: Buffer;
  constructed: boolean;
  content: Buffer;
  end: number;
}

function readElement(der: Buffer, start: number): Element {
  let pos = start + 1;
  const first = der[start] as number;
  if ((first & 0x1f) === 0x1f) while ((der[pos++] as number) & 0x80);
  const tag = der.subarray(start, pos);
  let length = der[pos++] as number;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[pos++] as number);
  }
  return {
    tag,
    constructed: (first & 0x20) !== 0,
    content: der.subarray(pos, pos + length),
    end: pos + length,
  };
}

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
 * `signedPdf` with the CMS of its last signature re-encoded by toIndefiniteLengths, written into
 * the same /Contents hexadecimal string (same length, zero padded): the signed bytes stay the same.
 */
export function withBerContents(signedPdf: Buffer): Buffer {
  const text = signedPdf.toString('latin1');
  const all = [...text.matchAll(/\/Contents\s*<([0-9A-Fa-f]+)>/g)];
  const last = all[all.length - 1];
  if (!last?.[1] || last.index === undefined) throw new Error('no /Contents');
  const hex = last[1];
  const bytes = Buffer.from(hex, 'hex');
  const der = bytes.subarray(0, readElement(bytes, 0).end);
  const ber = toIndefiniteLengths(der).toString('hex').toUpperCase();
  if (ber.length > hex.length) throw new Error('the BER CMS does not fit in /Contents');
  const at = last.index + last[0].indexOf('<') + 1;
  const out = Buffer.from(signedPdf);
  out.write(ber.padEnd(hex.length, '0'), at, 'latin1');
  return out;
}

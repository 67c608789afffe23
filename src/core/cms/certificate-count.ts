/**
 * How many certificates a SignedData carries, read from its encoding before anything is decoded
 * (RFC 5652 3 and 5.1: ContentInfo, [0] EXPLICIT SignedData, then version, digestAlgorithms and
 * encapContentInfo before the [0] IMPLICIT certificates): a verifier refuses an input with too
 * many before paying to decode each one (issue 14). The walk only moves forward, one element at a
 * time (asn1/ber-length.ts), so it costs microseconds whatever the input.
 */
import { berElementLength, readHeader } from '../asn1/ber-length';

const TAG_CERTIFICATES = 0xa0;
const TAG_EXPLICIT_CONTENT = 0xa0;

/** The offset after the element at `pos`, or undefined when it is cut or malformed. */
function skip(der: Uint8Array, pos: number): number | undefined {
  const length = berElementLength(der.subarray(pos));
  return length === undefined ? undefined : pos + length;
}

/** The offset of the contents of the element at `pos` when it has the tag `tag`. */
function enter(der: Uint8Array, pos: number | undefined, tag: number): number | undefined {
  if (pos === undefined || der[pos] !== tag) return undefined;
  return readHeader(der, pos)?.contentStart;
}

/**
 * The number of CertificateChoices in the SignedData's certificates field (0 when it is absent),
 * or undefined when the bytes are not laid out as a SignedData: decoding them will say why.
 */
export function carriedCertificateCount(der: Uint8Array): number | undefined {
  let pos = enter(der, 0, 0x30); // ContentInfo
  pos = pos === undefined ? undefined : skip(der, pos); // contentType
  pos = enter(der, pos, TAG_EXPLICIT_CONTENT);
  pos = enter(der, pos, 0x30); // SignedData
  for (let field = 0; field < 3 && pos !== undefined; field++) pos = skip(der, pos);
  if (pos === undefined) return undefined;
  if (der[pos] !== TAG_CERTIFICATES) return 0;
  const header = readHeader(der, pos);
  if (!header) return undefined;
  const end = header.length === undefined ? der.length : header.contentStart + header.length;
  let count = 0;
  let at: number | undefined = header.contentStart;
  while (at !== undefined && at < end) {
    // 8.1.5: end-of-contents octets close an indefinite-length SET.
    if (header.length === undefined && der[at] === 0 && der[at + 1] === 0) break;
    count += 1;
    at = skip(der, at);
  }
  return at === undefined ? undefined : count;
}

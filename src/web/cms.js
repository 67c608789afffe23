/**
 * Just enough DER reading to recognise a signature file in the browser: is it a CMS SignedData
 * (RFC 5652), which digest algorithm does its signer use, and does it carry its content inside.
 * The signature itself is checked by the server; this only decides what to hash and what to send.
 */

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const DIGESTS = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
  '1.2.156.10197.1.401': 'sm3',
};

export class NotASignature extends Error {}

/** One DER element at `pos`: tag byte, content start, end. Definite lengths only (DER). */
function element(bytes, pos, limit = bytes.length) {
  if (pos + 2 > limit) throw new NotASignature('truncated');
  const tag = bytes[pos];
  if ((tag & 0x1f) === 0x1f) throw new NotASignature('high tag numbers are not used here');
  let len = bytes[pos + 1];
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) throw new NotASignature('unsupported length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[start + i];
    start += n;
  }
  const end = start + len;
  if (end > limit) throw new NotASignature('truncated');
  return { tag, start, end };
}

function children(bytes, parent) {
  const out = [];
  for (let pos = parent.start; pos < parent.end;) {
    const child = element(bytes, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

function oid(bytes, el) {
  if (el.tag !== 0x06 || el.end === el.start) throw new NotASignature('expected an OID');
  const first = bytes[el.start];
  const parts = [
    Math.min(2, Math.floor(first / 40)),
    first - Math.min(2, Math.floor(first / 40)) * 40,
  ];
  let value = 0;
  for (let i = el.start + 1; i < el.end; i++) {
    value = value * 128 + (bytes[i] & 0x7f);
    if (!(bytes[i] & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The length of the DER element at the start of `bytes` (to cut PDF /Contents padding). */
export function derLength(bytes) {
  return element(bytes, 0).end;
}

/**
 * Reads a ContentInfo holding SignedData. Answers {digestAlgorithm, digestOid, attached, timestampToken}
 * or throws NotASignature.
 */
export function inspectSignedData(bytes) {
  const info = element(bytes, 0);
  if (info.tag !== 0x30) throw new NotASignature('not a SEQUENCE');
  const [type, wrapped] = children(bytes, info);
  if (!type || oid(bytes, type) !== OID_SIGNED_DATA || !wrapped || wrapped.tag !== 0xa0) {
    throw new NotASignature('not a CMS SignedData');
  }
  const [signedData] = children(bytes, wrapped);
  if (!signedData || signedData.tag !== 0x30) throw new NotASignature('bad SignedData');
  const fields = children(bytes, signedData);
  const encap = fields[2];
  if (!encap || encap.tag !== 0x30) throw new NotASignature('no encapsulated content info');
  const [contentType, content] = children(bytes, encap);
  const signerInfos = fields[fields.length - 1];
  if (!signerInfos || signerInfos.tag !== 0x31) throw new NotASignature('no signer infos');
  const [signerInfo] = children(bytes, signerInfos);
  if (!signerInfo) throw new NotASignature('no signer');
  // SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm AlgorithmIdentifier, ... }
  const algorithm = children(bytes, signerInfo)[2];
  if (!algorithm || algorithm.tag !== 0x30) throw new NotASignature('no digest algorithm');
  const digestOid = oid(bytes, children(bytes, algorithm)[0] ?? { tag: 0 });
  return {
    digestAlgorithm: DIGESTS[digestOid],
    digestOid,
    attached: Boolean(content),
    timestampToken: Boolean(contentType) && oid(bytes, contentType) === OID_TST_INFO,
  };
}

/**
 * A signature file's DER bytes: binary DER as is; PEM ("-----BEGIN PKCS7-----", "CMS", ...) or bare
 * base64 decoded. Throws NotASignature for anything else.
 */
export function signatureBytes(bytes) {
  if (bytes[0] === 0x30) return bytes;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(
    bytes.subarray(0, 4 * 1024 * 1024),
  );
  const body = text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length < 16) {
    throw new NotASignature('not DER, PEM or base64');
  }
  const binary = atob(body);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Whether the first bytes of a file look like a signature (DER SignedData, PEM or base64 of it). */
export function looksLikeSignature(head) {
  if (head[0] === 0x30) {
    // The SignedData OID, 06 09 2A 86 48 86 F7 0D 01 07 02, within the first bytes.
    const needle = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
    outer: for (let i = 0; i + needle.length <= Math.min(head.length, 32); i++) {
      for (let j = 0; j < needle.length; j++) if (head[i + j] !== needle[j]) continue outer;
      return true;
    }
    return false;
  }
  const text = String.fromCharCode(...head.subarray(0, 64));
  // PEM, or the base64 of a DER SEQUENCE with a long length ("MII", "MIA", "MIM"...).
  return /^-----BEGIN (PKCS7|CMS|SIGNED DATA)/.test(text) || /^MI[A-T][A-Za-z0-9+/]{8}/.test(text);
}

export function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

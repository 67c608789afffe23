/**
 * Recognising a signature file on the page: its DER bytes whether sent as DER, PEM or bare base64,
 * and whether a file's first bytes look like one. What the CMS says is read by core/cms, as on
 * the server.
 */

export class NotASignature extends Error {}

/** DER of a ContentInfo's contentType id-signedData (RFC 5652 5.1): 1.2.840.113549.1.7.2. */
const SIGNED_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/**
 * A signature file's DER (or BER) bytes: binary as is; PEM ("-----BEGIN PKCS7-----", "CMS",
 * ...) or bare base64 decoded. Throws NotASignature for anything else.
 */
export function signatureBytes(bytes: Uint8Array): Uint8Array {
  if (bytes[0] === 0x30) return bytes;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(
    bytes.subarray(0, 4 * 1024 * 1024),
  );
  const body = text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length < 16) {
    throw new NotASignature('not DER, PEM or base64');
  }
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}

/** Whether the first bytes of a file look like a signature (SignedData, PEM or base64 of it). */
export function looksLikeSignature(head: Uint8Array): boolean {
  if (head[0] === 0x30) {
    const window = head.subarray(0, 32);
    for (let i = 0; i + SIGNED_DATA_OID.length <= window.length; i++) {
      if (SIGNED_DATA_OID.every((b, j) => window[i + j] === b)) return true;
    }
    return false;
  }
  const text = String.fromCharCode(...head.subarray(0, 64));
  return /^-----BEGIN (PKCS7|CMS|SIGNED DATA)/.test(text) || /^MI[A-T][A-Za-z0-9+/]{8}/.test(text);
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

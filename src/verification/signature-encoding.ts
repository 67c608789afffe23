/**
 * A signature file as people save it, read as the DER verify() takes: binary DER as it is, PEM
 * armour (RFC 7468 "PKCS7" or "CMS", as `openssl cms -outform PEM` writes), or the bare base64 of
 * the sign answer's `signature` field saved to a file. One function for the API's multipart
 * `signature` part and the CLI's --signature, with no node imports so that the page can share it.
 */

/** RFC 7468 labels of a CMS ContentInfo: "PKCS7" (section 9), "CMS" (section 9, as OpenSSL writes). */
const ARMOUR = /-----BEGIN (PKCS7|CMS)-----([\s\S]*?)-----END \1-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The DER inside `bytes` when they are PEM or base64 of a DER SEQUENCE; anything else comes back
 * unchanged, for verify() to report as unreadable (a bad signature is a report, not an error).
 */
export function signatureDer(bytes: Uint8Array): Uint8Array {
  if (bytes[0] === 0x30) return bytes;
  let text = '';
  for (const byte of bytes) {
    if (byte > 0x7e) return bytes;
    text += String.fromCharCode(byte);
  }
  const body = (ARMOUR.exec(text)?.[2] ?? text).replace(/\s+/g, '');
  if (body.length % 4 !== 0 || !BASE64.test(body)) return bytes;
  const binary = atob(body);
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) der[i] = binary.charCodeAt(i);
  return der[0] === 0x30 ? der : bytes;
}

/**
 * Rewrites of the CMS in a signed PDF's last /Contents, the bytes a signature's ByteRange leaves
 * out (ISO 32000-1 12.8.1): the signed bytes stay the same, so only what the CMS says changes.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { readElement } from './der-element';

/**
 * `signedPdf` with the DER CMS of its last signature replaced by `rewrite(der)`, written into the
 * same /Contents hexadecimal string (same length, zero padded).
 */
export function rewriteLastContents(signedPdf: Buffer, rewrite: (der: Buffer) => Buffer): Buffer {
  const text = signedPdf.toString('latin1');
  const all = [...text.matchAll(/\/Contents\s*<([0-9A-Fa-f]+)>/g)];
  const last = all[all.length - 1];
  if (!last?.[1] || last.index === undefined) throw new Error('no /Contents');
  const hex = last[1];
  const bytes = Buffer.from(hex, 'hex');
  const der = bytes.subarray(0, readElement(bytes, 0).end);
  const replaced = rewrite(der).toString('hex').toUpperCase();
  if (replaced.length > hex.length) throw new Error('the new CMS does not fit in /Contents');
  const at = last.index + last[0].indexOf('<') + 1;
  const out = Buffer.from(signedPdf);
  out.write(replaced.padEnd(hex.length, '0'), at, 'latin1');
  return out;
}

/**
 * The CMS `der` without its certificates field (RFC 5652 5.1: optional, outside what the
 * signature covers), as `openssl cms -sign -nocerts` writes it.
 */
export function withoutCertificates(der: Buffer): Buffer {
  const info = AsnConvert.parse(der, ContentInfo);
  const signedData = AsnConvert.parse(info.content, SignedData);
  signedData.certificates = undefined;
  info.content = AsnConvert.serialize(signedData);
  return Buffer.from(AsnConvert.serialize(info));
}

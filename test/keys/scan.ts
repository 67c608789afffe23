/**
 * Looks for private-key material in files without asking the vault for it: the PKCS#8 markers
 * (PEM label, the DER of the key-algorithm OIDs every PKCS#8 EC or RSA key carries) in raw bytes,
 * hex, and base64/base64url at each of the three byte alignments, and the passphrase itself.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PKCS#8 carries the key-algorithm OID, whose DER is long enough never to appear by chance in
 * ciphertext. The traditional forms (PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey) are scanned too, in
 * case a key were ever exported in them: their version-and-first-field headers.
 */
export const PKCS8_MARKERS: Record<string, Buffer> = {
  pemLabel: Buffer.from('PRIVATE KEY', 'latin1'),
  ecPublicKeyOid: Buffer.from('06072a8648ce3d0201', 'hex'), // 1.2.840.10045.2.1
  rsaEncryptionOid: Buffer.from('06092a864886f70d010101', 'hex'), // 1.2.840.113549.1.1.1
  pkcs1Header: Buffer.from('020100028201', 'hex'), // version 0, modulus of 2048+ bits
  sec1P256Header: Buffer.from('0201010420', 'hex'), // version 1, 32-octet private key
  sec1P384Header: Buffer.from('0201010430', 'hex'), // version 1, 48-octet private key
};

/** The base64 characters fully determined by `bytes` when it starts `shift` bytes into a group. */
function base64Core(bytes: Buffer, shift: number, encoding: 'base64' | 'base64url'): string {
  const text = Buffer.concat([Buffer.alloc(shift), bytes]).toString(encoding);
  const start = Math.ceil((8 * shift) / 6);
  const end = Math.floor((8 * (shift + bytes.length)) / 6);
  return text.slice(start, end);
}

/** Every form in which `bytes` may appear in a text or binary file. */
export function encodingsOf(bytes: Buffer): Buffer[] {
  const forms = [
    bytes,
    Buffer.from(bytes.toString('hex')),
    Buffer.from(bytes.toString('hex').toUpperCase()),
  ];
  for (const shift of [0, 1, 2]) {
    forms.push(Buffer.from(base64Core(bytes, shift, 'base64')));
    forms.push(Buffer.from(base64Core(bytes, shift, 'base64url')));
  }
  return forms;
}

/** The names of the markers found in `content`. */
export function markersIn(content: Buffer, markers: Record<string, Buffer>): string[] {
  return Object.entries(markers)
    .filter(([, m]) => encodingsOf(m).some((form) => content.includes(form)))
    .map(([name]) => name);
}

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

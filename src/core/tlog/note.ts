import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { TlogError } from './errors';

/** Signature type bytes of c2sp.org/signed-note ("Signature types"). */
export const SIG_TYPE_ED25519 = 0x01;
export const SIG_TYPE_COSIGNATURE_V1 = 0x04;

/** Em dash (U+2014) and space open every signature line (c2sp.org/signed-note "Format"). */
const SIG_PREFIX = '\u2014 ';
/** Verifiers MUST accept at least 16 signatures; past this many a note is refused. */
const MAX_SIGNATURES = 64;
const MAX_NOTE_BYTES = 1 << 20;

/** A signature line: the key's name and ID and the signature bytes after the ID. */
export interface NoteSignature {
  name: string;
  keyId: number;
  signature: Uint8Array;
}

/** A signing key as a note needs it; the private key stays with whoever implements sign(). */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(text: Uint8Array): Promise<Uint8Array>;
}

/** A trusted public key: accepts or refuses a signature over a note's text. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

/** A parsed note: its text (with the final newline) and every signature line, known or not. */
export interface Note {
  text: string;
  signatures: NoteSignature[];
}

const bad = (why: string): never => {
  throw new TlogError('TLOG_BAD_NOTE', why);
};

/** Whether `text` holds an ASCII control character (below U+0020), newline allowed or not. */
function hasControl(text: string, newlineAllowed: boolean): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && !(newlineAllowed && c === 0x0a)) return true;
  }
  return false;
}

/** Key names MUST be non-empty and hold no Unicode space and no '+' (c2sp.org/signed-note). */
export function checkKeyName(name: string): void {
  if (name === '' || /[\s+]/u.test(name) || hasControl(name, false)) {
    bad('A key name must be non-empty, without spaces or "+".');
  }
}

/** key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian. */
export function keyIdOf(name: string, type: number, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Uint8Array.of(0x0a, type))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

/** Base64 of RFC 4648 section 4 only, canonical (decodes and re-encodes to itself). */
export function decodeBase64(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (text === '' || bytes.toString('base64') !== text) bad(`${what} is not canonical base64.`);
  return bytes;
}

/** Text MUST be UTF-8 without ASCII control characters other than newline. */
function checkText(text: string): void {
  if (hasControl(text, true)) bad('A note holds a control character.');
  if (text.includes('\ufffd')) bad('A note is not valid UTF-8.');
}

/** Reads a signed note (c2sp.org/signed-note "Format"); verifies nothing. */
export function parseNote(input: Uint8Array | string): Note {
  const raw = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  if (raw.length > MAX_NOTE_BYTES) bad('A note is larger than 1 MiB.');
  const all = raw.toString('utf8');
  checkText(all);
  // The text is separated from the signatures by the last empty line.
  const split = all.lastIndexOf('\n\n');
  if (split < 0 || !all.endsWith('\n')) bad('A note needs a text, an empty line and signatures.');
  const text = all.slice(0, split + 1);
  const lines = all.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) bad(`A note has more than ${MAX_SIGNATURES} signatures.`);
  const signatures = lines.map((line): NoteSignature => {
    if (!line.startsWith(SIG_PREFIX)) bad('A signature line must start with an em dash.');
    const parts = line.slice(SIG_PREFIX.length).split(' ');
    if (parts.length !== 2) bad('A signature line is "— name base64".');
    const [name, b64] = parts as [string, string];
    checkKeyName(name);
    const bytes = decodeBase64(b64, 'A signature');
    if (bytes.length < 5) bad('A signature is shorter than its key ID.');
    return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/** One signature line, newline included. */
export function formatSignature(sig: NoteSignature): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(sig.keyId >>> 0);
  return `${SIG_PREFIX}${sig.name} ${Buffer.concat([id, sig.signature]).toString('base64')}\n`;
}

/** The note's bytes: text, empty line, signature lines. */
export function formatNote(note: Note): string {
  if (note.signatures.length === 0) bad('A signed note needs at least one signature.');
  return `${note.text}\n${note.signatures.map(formatSignature).join('')}`;
}

/** Signs a text (ending in a newline) with each signer, in order. */
export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  if (!text.endsWith('\n')) bad('A note text must end with a newline.');
  checkText(text);
  const bytes = Buffer.from(text, 'utf8');
  const signatures: NoteSignature[] = [];
  for (const s of signers) {
    signatures.push({ name: s.name, keyId: s.keyId, signature: await s.sign(bytes) });
  }
  return formatNote({ text, signatures });
}

/**
 * Opens a note with trusted keys (c2sp.org/signed-note "Signatures"): lines of unknown keys are
 * ignored; a known key (same name and ID) whose signature fails rejects the whole note; with no
 * known signature verified, the note is refused. Returns the keys that verified.
 */
export function openNote(note: Note, verifiers: readonly NoteVerifier[]): NoteVerifier[] {
  const text = Buffer.from(note.text, 'utf8');
  const verified: NoteVerifier[] = [];
  for (const sig of note.signatures) {
    const key = verifiers.find((v) => v.name === sig.name && v.keyId === sig.keyId);
    if (!key) continue;
    if (!key.verify(text, sig.signature)) {
      throw new TlogError('TLOG_BAD_SIGNATURE', `The signature of ${sig.name} does not verify.`);
    }
    if (!verified.includes(key)) verified.push(key);
  }
  if (verified.length === 0) {
    throw new TlogError('TLOG_UNTRUSTED_NOTE', 'No signature of a trusted key is on the note.');
  }
  return verified;
}

/** An Ed25519 public key object from its 32 raw bytes (RFC 8032). */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) bad('An Ed25519 public key is 32 bytes long.');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
}

/** The 32 raw bytes of an Ed25519 public key object. */
export function ed25519Raw(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') bad('The key is not an Ed25519 key.');
  return Buffer.from(jwk.x as string, 'base64url');
}

/** A verifier of plain Ed25519 note signatures (type 0x01) over the note text. */
export function ed25519Verifier(name: string, raw: Uint8Array): NoteVerifier {
  checkKeyName(name);
  const key = ed25519PublicKey(raw);
  return {
    name,
    keyId: keyIdOf(name, SIG_TYPE_ED25519, raw),
    verify: (text, sig) => sig.length === 64 && verify(null, text, key, sig),
  };
}

/** A vkey: `<name>+hex(key ID)+base64(type || public key)` (c2sp.org/signed-note "Verifier keys"). */
export interface Vkey {
  name: string;
  keyId: number;
  type: number;
  publicKey: Buffer;
}

export function formatVkey(name: string, type: number, publicKey: Uint8Array): string {
  checkKeyName(name);
  const id = keyIdOf(name, type, publicKey).toString(16).padStart(8, '0');
  const material = Buffer.concat([Uint8Array.of(type), publicKey]).toString('base64');
  return `${name}+${id}+${material}`;
}

/** Reads a vkey; its key ID must be the one the name, type and key give. */
export function parseVkey(vkey: string): Vkey {
  // The base64 part may itself hold '+': the name ends at the first '+', the ID at the second.
  const m = /^([^+]+)\+([^+]*)\+(.*)$/s.exec(vkey);
  if (!m) bad('A vkey is "name+keyid+base64".');
  const [, name, hex, b64] = m as unknown as [string, string, string, string];
  checkKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(hex)) bad('A vkey key ID is 8 lowercase hex digits.');
  const material = decodeBase64(b64, 'A vkey key');
  const type = material[0] as number;
  const publicKey = material.subarray(1);
  const keyId = parseInt(hex, 16);
  if (keyIdOf(name, type, publicKey) !== keyId) bad('A vkey key ID does not match its key.');
  return { name, keyId, type, publicKey };
}

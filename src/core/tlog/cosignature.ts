import { verify } from 'node:crypto';
import { TlogError } from './errors';
import {
  checkKeyName,
  ed25519PublicKey,
  keyIdOf,
  SIG_TYPE_COSIGNATURE_V1,
  type NoteSignature,
  type NoteVerifier,
} from './note';

/** A timestamped_signature: u64 timestamp then a 64-byte Ed25519 signature (tlog-cosignature). */
const COSIGNATURE_BYTES = 8 + 64;
const MAX_TIMESTAMP = (1n << 63n) - 1n;

/**
 * The signed message of an Ed25519 cosignature (c2sp.org/tlog-cosignature "Ed25519 signed
 * message"): `cosignature/v1`, `time <decimal>`, then the whole checkpoint note text.
 */
export function cosignatureMessage(checkpointText: string, time: bigint): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time.toString()}\n${checkpointText}`, 'utf8');
}

/** The POSIX time a cosignature carries (its first eight bytes, big-endian). */
export function cosignatureTime(signature: Uint8Array): bigint {
  if (signature.length !== COSIGNATURE_BYTES) {
    throw new TlogError('TLOG_BAD_SIGNATURE', 'A cosignature is 72 bytes long.');
  }
  return Buffer.from(signature).readBigUInt64BE(0);
}

/** A cosigner's key (vkey type 0x04): verifies timestamped cosignatures of checkpoint texts. */
export function cosignatureVerifier(name: string, raw: Uint8Array): NoteVerifier {
  checkKeyName(name);
  const key = ed25519PublicKey(raw);
  return {
    name,
    keyId: keyIdOf(name, SIG_TYPE_COSIGNATURE_V1, raw),
    verify: (text, sig) => {
      if (sig.length !== COSIGNATURE_BYTES) return false;
      const time = cosignatureTime(sig);
      if (time > MAX_TIMESTAMP) return false;
      const message = cosignatureMessage(Buffer.from(text).toString('utf8'), time);
      return verify(null, message, key, sig.subarray(8));
    },
  };
}

/** A cosigner: its name, public key and a way to sign with its Ed25519 key (kept elsewhere). */
export interface Cosigner {
  readonly name: string;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Cosigns a checkpoint text at `time` (POSIX seconds): the signature line to append. */
export async function cosign(
  checkpointText: string,
  time: bigint,
  cosigner: Cosigner,
): Promise<NoteSignature> {
  if (time < 0n || time > MAX_TIMESTAMP) {
    throw new TlogError('TLOG_BAD_SIGNATURE', 'A cosignature time is 0 to 2^63-1.');
  }
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(time);
  const sig = await cosigner.sign(cosignatureMessage(checkpointText, time));
  return {
    name: cosigner.name,
    keyId: keyIdOf(cosigner.name, SIG_TYPE_COSIGNATURE_V1, cosigner.publicKey),
    signature: Buffer.concat([stamp, sig]),
  };
}

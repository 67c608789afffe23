import { createHash } from 'node:crypto';
import { TlogError } from './errors';

/**
 * Signet's log entry (issue 21), version 1, 138 bytes, big-endian:
 *   u8 version (1) | u8 type | issuer key id (32: SHA-256 of the department certificate's SPKI)
 *   | u64 claimed time (ms since the epoch) | document, signature and timestamp commitments
 *   (32 each: SHA-256(salt || value); all zero when there is no timestamp token).
 * Only hashes: without the 32-byte salt, which the signer keeps, no entry names a document, a
 * signature or a person; the issuer key id names a department's key, which is public.
 */
export const ENTRY_VERSION = 1;
export const ENTRY_BYTES = 2 + 32 + 8 + 3 * 32;
export const SALT_BYTES = 32;
/**
 * Signet's log sequences an entry within this of its claimed time (its maximum merge delay, as
 * RFC 6962 3 names it): checkpoints carry no time (c2sp.org/tlog-checkpoint), so "logged before
 * claimed time + MMD" is what an inclusion proof says of time until witnesses cosign.
 */
export const MAX_MERGE_DELAY_MS = 24 * 60 * 60 * 1000;

export const ENTRY_TYPES = {
  'signature-issued': 1,
  'signature-withdrawn': 2,
  'key-event': 3,
} as const;
export type EntryType = keyof typeof ENTRY_TYPES;

export interface LogEntry {
  type: EntryType;
  issuerKeyId: Uint8Array;
  /** Milliseconds since the epoch. */
  claimedTime: bigint;
  documentCommitment: Uint8Array;
  signatureCommitment: Uint8Array;
  timestampCommitment: Uint8Array;
}

const ZERO = new Uint8Array(32);

/** SHA-256(salt || value): hides the value from anyone without the salt, binds it for anyone with it. */
export function commitment(salt: Uint8Array, value: Uint8Array | undefined): Uint8Array {
  if (salt.length !== SALT_BYTES) throw new TlogError('TLOG_RANGE', 'A salt is 32 bytes long.');
  return value ? createHash('sha256').update(salt).update(value).digest() : ZERO;
}

/** The values an entry commits to, and the salt (fresh, 32 random bytes) that hides them. */
export interface EntryValues {
  type: EntryType;
  issuerSpki: Uint8Array;
  claimedTime: Date;
  salt: Uint8Array;
  documentDigest: Uint8Array;
  signatureValue: Uint8Array;
  timestampToken?: Uint8Array;
}

export function entryOf(v: EntryValues): LogEntry {
  return {
    type: v.type,
    issuerKeyId: createHash('sha256').update(v.issuerSpki).digest(),
    claimedTime: BigInt(v.claimedTime.getTime()),
    documentCommitment: commitment(v.salt, v.documentDigest),
    signatureCommitment: commitment(v.salt, v.signatureValue),
    timestampCommitment: commitment(v.salt, v.timestampToken),
  };
}

export function encodeEntry(e: LogEntry): Buffer {
  const out = Buffer.alloc(ENTRY_BYTES);
  out[0] = ENTRY_VERSION;
  out[1] = ENTRY_TYPES[e.type];
  const parts = [e.issuerKeyId, e.documentCommitment, e.signatureCommitment, e.timestampCommitment];
  if (parts.some((p) => p.length !== 32))
    throw new TlogError('TLOG_RANGE', 'Entry hashes are 32 bytes long.');
  out.set(e.issuerKeyId, 2);
  out.writeBigUInt64BE(e.claimedTime, 34);
  out.set(e.documentCommitment, 42);
  out.set(e.signatureCommitment, 74);
  out.set(e.timestampCommitment, 106);
  return out;
}

export function decodeEntry(bytes: Uint8Array): LogEntry {
  const b = Buffer.from(bytes);
  if (b.length !== ENTRY_BYTES || b[0] !== ENTRY_VERSION) {
    throw new TlogError(
      'TLOG_BAD_PROOF',
      `A version ${ENTRY_VERSION} entry is ${ENTRY_BYTES} bytes long.`,
    );
  }
  const type = (Object.keys(ENTRY_TYPES) as EntryType[]).find((t) => ENTRY_TYPES[t] === b[1]);
  if (!type) throw new TlogError('TLOG_BAD_PROOF', `Unknown entry type ${b[1]}.`);
  return {
    type,
    issuerKeyId: b.subarray(2, 34),
    claimedTime: b.readBigUInt64BE(34),
    documentCommitment: b.subarray(42, 74),
    signatureCommitment: b.subarray(74, 106),
    timestampCommitment: b.subarray(106, 138),
  };
}

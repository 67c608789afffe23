import { createHash } from 'node:crypto';

/** One entry of the audit log as it is hashed: every field that a change must be detected in. */
export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prevHash: string;
}

/** The hash of the first entry's predecessor. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 over an unambiguous encoding of the entry (a JSON array: no field can bleed into the
 * next), chaining each entry to its predecessor so a change, deletion or reordering breaks it.
 */
export function auditEntryHash(record: AuditRecord): string {
  const canonical = JSON.stringify([
    record.seq,
    record.at,
    record.actor,
    record.action,
    record.subject,
    record.details,
    record.prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type AuditBreak =
  | { kind: 'hash_mismatch'; seq: number }
  | { kind: 'broken_link'; seq: number }
  | { kind: 'missing'; seq: number }
  | { kind: 'unrecorded'; seq: number };

/**
 * Checks a run of entries in sequence order. Returns the first break: an entry whose stored hash
 * is not its content's (changed), whose prevHash is not its predecessor's hash (reordered or
 * removed before it), or a gap in the sequence numbers (deleted). The head (last seq and hash,
 * kept apart from the entries) catches entries cut from the end, which the chain alone cannot.
 */
export function findAuditBreak(
  entries: Iterable<AuditRecord & { hash: string }>,
  head: { seq: number; hash: string } | undefined,
): AuditBreak | undefined {
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { kind: 'missing', seq: expectedSeq };
    if (auditEntryHash(e) !== e.hash) return { kind: 'hash_mismatch', seq: e.seq };
    if (e.prevHash !== prevHash) return { kind: 'broken_link', seq: e.seq };
    prevHash = e.hash;
    expectedSeq += 1;
  }
  const lastSeq = expectedSeq - 1;
  if (head && head.seq < lastSeq) return { kind: 'unrecorded', seq: head.seq + 1 };
  if (head && head.seq > lastSeq) return { kind: 'missing', seq: lastSeq + 1 };
  if (head && head.seq === lastSeq && head.hash !== prevHash)
    return { kind: 'hash_mismatch', seq: lastSeq };
  return undefined;
}

/**
 * What an audit anchor signs: the chain's head at `seq`, under a label of its own so that the
 * signature can never be taken for one over a document, a certificate or a time-stamp.
 */
export function auditAnchorMessage(seq: number, hash: string): Uint8Array {
  return new TextEncoder().encode(`signet audit anchor v1\n${seq}\n${hash}`);
}

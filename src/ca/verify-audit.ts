import { findAuditBreak, type AuditBreak } from '../core/audit-chain';
import type { CaDeps } from './context';

export interface AuditVerification {
  valid: boolean;
  entries: number;
  break?: AuditBreak & { message: string };
}

const DESCRIBE: Record<AuditBreak['kind'], (seq: number) => string> = {
  hash_mismatch: (seq) => `Audit entry ${seq} was changed after it was written.`,
  broken_link: (seq) =>
    `Audit entry ${seq} does not follow the entry before it (reordered or replaced).`,
  missing: (seq) => `Audit entry ${seq} is missing.`,
  unrecorded: (seq) => `Audit entry ${seq} was added outside Signet.`,
};

/** Walks the hash chain end to end and names the first broken, missing or reordered entry. */
export function verifyAuditLog(deps: Pick<CaDeps, 'audit'>): AuditVerification {
  let count = 0;
  const counted = (function* () {
    for (const e of deps.audit.entries()) {
      count += 1;
      yield e;
    }
  })();
  const found = findAuditBreak(counted, deps.audit.head());
  if (!found) return { valid: true, entries: count };
  return {
    valid: false,
    entries: count,
    break: { ...found, message: DESCRIBE[found.kind](found.seq) },
  };
}

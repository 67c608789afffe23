/**
 * `signet audit verify` (issue 14): the hash chain end to end, then the signed anchors (a chain
 * rewritten by someone who recomputed every hash no longer matches the heads the audit key signed),
 * then a replay of the log against the tables: the state the log says the CA is in (which
 * certificates are issued or revoked, which documents valid or withdrawn, which tokens in force)
 * must be the state stored. An empty log on a CA that is set up is a deleted log, not a new one.
 */
import { verify } from 'node:crypto';
import { publicKeyFromSpki } from '../core/algorithms';
import { auditAnchorMessage, findAuditBreak, type AuditBreak } from '../core/audit-chain';
import { AUDIT_KEY_GENERATED } from './audit-anchor';
import { replayAuditLog, stateDifferences } from './audit-replay';
import type { CaDeps } from './context';
import type { StoredAuditEntry } from './ports';

export interface AuditVerification {
  valid: boolean;
  entries: number;
  anchors: number;
  break?: { kind: string; seq?: number; message: string };
}

const DESCRIBE: Record<AuditBreak['kind'], (seq: number) => string> = {
  hash_mismatch: (seq) => `Audit entry ${seq} was changed after it was written.`,
  broken_link: (seq) =>
    `Audit entry ${seq} does not follow the entry before it (reordered or replaced).`,
  missing: (seq) => `Audit entry ${seq} is missing.`,
  unrecorded: (seq) => `Audit entry ${seq} was added outside Signet.`,
};

type Deps = Pick<CaDeps, 'audit' | 'vault' | 'authorities' | 'certificates' | 'tokens'>;

/** The registry of signed documents, as far as the replay reads it. */
export interface DocumentStatuses {
  statuses(): Iterable<{ id: string; status: string }>;
}

/** Checks the log against the CA's tables and the document registry. */
export async function verifyAuditLog(
  deps: Deps,
  documents: DocumentStatuses,
): Promise<AuditVerification> {
  const entries: StoredAuditEntry[] = [...deps.audit.entries()];
  const anchors = deps.audit.anchors();
  const result = (problem?: AuditVerification['break']): AuditVerification => ({
    valid: !problem,
    entries: entries.length,
    anchors: anchors.length,
    ...(problem ? { break: problem } : {}),
  });
  const chainBreak = findAuditBreak(entries, deps.audit.head());
  if (chainBreak)
    return result({ ...chainBreak, message: DESCRIBE[chainBreak.kind](chainBreak.seq) });
  if (deps.authorities.authorities().length > 0 && entries.length === 0) {
    return result({
      kind: 'empty',
      message: 'The audit log is empty, but this CA is set up: its entries were deleted.',
    });
  }
  const anchorProblem = await checkAnchors(deps, entries);
  if (anchorProblem) return result(anchorProblem);
  const stored = {
    certificates: deps.certificates.list({}),
    documents: documents.statuses(),
    tokens: deps.tokens.activeTokens(),
  };
  const difference = stateDifferences(replayAuditLog(entries), stored)[0];
  if (difference) {
    return result({
      kind: 'state_mismatch',
      message: `The stored state differs from what the audit log records: ${difference}`,
    });
  }
  return result();
}

/** Every anchor signs the chain's hash at its seq with the audit key the log names; one exists. */
async function checkAnchors(
  deps: Deps,
  entries: StoredAuditEntry[],
): Promise<AuditVerification['break'] | undefined> {
  const anchors = deps.audit.anchors();
  if (entries.length === 0) return undefined;
  const keyEntry = entries.find((e) => e.action === AUDIT_KEY_GENERATED);
  if (!keyEntry || anchors.length === 0) {
    return {
      kind: 'unanchored',
      message:
        'No signed anchor covers the audit log: the anchors were deleted, or no Signet process has anchored it yet (start the server once).',
    };
  }
  let publicKey;
  try {
    publicKey = publicKeyFromSpki(await deps.vault.publicKey(keyEntry.subject));
  } catch {
    return {
      kind: 'anchor_key',
      message: 'The audit key named by the log is not in the key vault.',
    };
  }
  for (const anchor of anchors) {
    const entry = entries[anchor.seq - 1];
    const signed =
      anchor.keyId === keyEntry.subject &&
      verify('sha256', auditAnchorMessage(anchor.seq, anchor.hash), publicKey, anchor.signature);
    if (!signed) {
      return {
        kind: 'anchor_signature',
        seq: anchor.seq,
        message: `The anchor of audit entry ${anchor.seq} is not signed by the audit key.`,
      };
    }
    if (!entry || entry.hash !== anchor.hash) {
      return {
        kind: 'anchor_mismatch',
        seq: anchor.seq,
        message: `The audit log was rewritten: entry ${anchor.seq} is not the one signed on ${anchor.signedAt}.`,
      };
    }
  }
  return undefined;
}

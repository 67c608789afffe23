/**
 * `signet audit verify` (issue 14): the hash chain end to end, then the signed anchors (a chain
 * rewritten by someone who recomputed every hash no longer matches the heads the audit key signed),
 * then a replay of the log against the tables: the state the log says the CA is in (which
 * certificates are issued or revoked, which documents valid or withdrawn, which tokens in force)
 * must be the state stored. An empty log on a CA that is set up is a deleted log, not a new one.
 */
import { findAuditBreak, type AuditBreak } from '../core/audit-chain';
import { auditCertificate, AUDIT_KEY_GENERATED } from './audit-anchor';
import type { ExportedHead } from './audit-export';
import { auditCertificateProblem, signedHeadProblem, type AuditTrust } from './audit-head';
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

type Deps = Pick<CaDeps, 'audit' | 'authorities' | 'certificates' | 'tokens' | 'clock'>;

export interface AuditVerifyOptions {
  /** The CA's root and issuing certificates (DER), read only when the log is not empty. */
  authorities: {
    get(role: 'root' | 'issuing'): { der: Uint8Array };
    /** The issuing CAs in force and retired (AuthorityCache); absent: the one in force alone. */
    issuingCas?(now: Date): { der: Uint8Array }[];
  };
  /** A head exported earlier (`signet audit export`): the log must still hold it. */
  against?: ExportedHead;
}

/** The registry of signed documents, as far as the replay reads it. */
export interface DocumentStatuses {
  statuses(): Iterable<{ id: string; status: string }>;
}

/**
 * Checks the log against the CA's tables and the document registry. It reads only: no key vault,
 * no passphrase, nothing written (issue 14 item 6).
 */
export function verifyAuditLog(
  deps: Deps,
  documents: DocumentStatuses,
  options: AuditVerifyOptions,
): AuditVerification {
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
  const trust = (): AuditTrust => ({
    root: options.authorities.get('root').der,
    issuing: (
      options.authorities.issuingCas?.(deps.clock.now()) ?? [options.authorities.get('issuing')]
    ).map((a) => a.der),
    now: deps.clock.now(),
  });
  const anchorProblem = checkAnchors(deps, entries, trust);
  if (anchorProblem) return result(anchorProblem);
  const exportProblem = options.against && checkExportedHead(entries, options.against, trust());
  if (exportProblem) return result(exportProblem);
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

/** Every anchor signs the chain's hash at its seq with the certified audit key; one exists. */
function checkAnchors(
  deps: Deps,
  entries: StoredAuditEntry[],
  trust: () => AuditTrust,
): AuditVerification['break'] | undefined {
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
  const certificate = auditCertificate(entries, keyEntry.subject);
  if (!certificate) {
    return {
      kind: 'anchor_key',
      message:
        'The audit log holds no certificate of its audit key (start the server once to have it certified).',
    };
  }
  const keyProblem = auditCertificateProblem(certificate, trust());
  if (keyProblem) return { kind: 'anchor_key', message: keyProblem };
  for (const anchor of anchors) {
    const problem =
      anchor.keyId === keyEntry.subject
        ? signedHeadProblem(anchor, certificate, trust())
        : `The anchor of audit entry ${anchor.seq} is not signed by the audit key.`;
    if (problem) return { kind: 'anchor_signature', seq: anchor.seq, message: problem };
    const entry = entries[anchor.seq - 1];
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

/** The log still holds the head exported earlier: nothing removed, rolled back or rewritten. */
function checkExportedHead(
  entries: StoredAuditEntry[],
  exported: ExportedHead,
  trust: AuditTrust,
): AuditVerification['break'] | undefined {
  const problem =
    auditCertificateProblem(exported.certificate, trust) ??
    signedHeadProblem(exported, exported.certificate, trust);
  if (problem)
    return { kind: 'export_invalid', message: `The exported head is not valid. ${problem}` };
  const entry = entries[exported.seq - 1];
  if (!entry) {
    return {
      kind: 'rolled_back',
      seq: exported.seq,
      message: `The audit log ends at entry ${entries.length}, but the head exported on ${exported.signedAt} was entry ${exported.seq}: entries were removed or an older copy of the database restored.`,
    };
  }
  if (entry.hash !== exported.hash) {
    return {
      kind: 'export_mismatch',
      seq: exported.seq,
      message: `The audit log was rewritten: entry ${exported.seq} is not the one exported on ${exported.signedAt}.`,
    };
  }
  return undefined;
}

/**
 * The state the audit log records, replayed entry by entry, and where the stored tables differ
 * from it (issue 14): an un-revoked certificate, a document whose withdrawal was undone, a token
 * hash inserted by hand. Entries written before token hashes were logged record only that a token
 * exists; then the number of tokens in force is compared, not their hashes.
 */
import type { StoredAuditEntry, StoredToken } from './ports';

export interface StoredState {
  certificates: Iterable<{ serial: string; status: string }>;
  documents: Iterable<{ id: string; status: string }>;
  tokens: Iterable<StoredToken>;
}

interface ReplayedState {
  initialized: boolean;
  certificates: Map<string, string>;
  documents: Map<string, string>;
  /** Who holds a token in force ('admin' or a department id), with its hash when logged. */
  tokens: Map<string, string | undefined>;
}

const CERTIFICATE_STATUS: Record<string, string> = {
  'certificate.issued': 'issued',
  'certificate.renewed': 'issued',
  'certificate.revoked': 'revoked',
  'certificate.issue_failed': 'failed',
};
const DOCUMENT_STATUS: Record<string, string> = {
  'document.signed': 'valid',
  'document.rescinded': 'rescinded',
  'document.superseded': 'superseded',
};
/** Actions that put a new token in force for a holder (replacing any before). */
const TOKEN_HOLDER: Record<string, (e: StoredAuditEntry) => string> = {
  'ca.initialized': () => 'admin',
  'admin.token-rotated': () => 'admin',
  'department.added': (e) => e.subject,
  'department.key-rotated': (e) => e.subject,
};

function tokenHashOf(e: StoredAuditEntry): string | undefined {
  try {
    const hash = (JSON.parse(e.details) as { tokenSha256?: unknown }).tokenSha256;
    return typeof hash === 'string' ? hash : undefined;
  } catch {
    return undefined;
  }
}

export function replayAuditLog(entries: Iterable<StoredAuditEntry>): ReplayedState {
  const state: ReplayedState = {
    initialized: false,
    certificates: new Map(),
    documents: new Map(),
    tokens: new Map(),
  };
  for (const e of entries) {
    if (e.action === 'ca.initialized') state.initialized = true;
    const certificate = CERTIFICATE_STATUS[e.action];
    if (certificate) state.certificates.set(e.subject, certificate);
    const document = DOCUMENT_STATUS[e.action];
    if (document) state.documents.set(e.subject, document);
    const holder = TOKEN_HOLDER[e.action]?.(e);
    if (holder) state.tokens.set(holder, tokenHashOf(e));
  }
  return state;
}

/** Each difference in one sentence; none when the tables are what the log says. */
export function stateDifferences(replayed: ReplayedState, stored: StoredState): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const { serial, status } of stored.certificates) {
    if (status !== 'issued' && status !== 'revoked') continue;
    seen.add(serial);
    const logged = replayed.certificates.get(serial);
    if (logged !== status)
      out.push(`certificate ${serial} is ${status}, the log says ${logged ?? 'nothing of it'}.`);
  }
  for (const [serial, status] of replayed.certificates) {
    if ((status === 'issued' || status === 'revoked') && !seen.has(serial))
      out.push(`certificate ${serial} is ${status} in the log but not stored so.`);
  }
  const documents = new Map([...stored.documents].map((d) => [d.id, d.status]));
  for (const [id, status] of documents) {
    if (replayed.documents.get(id) !== status)
      out.push(
        `document ${id} is ${status}, the log says ${replayed.documents.get(id) ?? 'nothing of it'}.`,
      );
  }
  for (const id of replayed.documents.keys())
    if (!documents.has(id)) out.push(`document ${id} is in the log but not stored.`);
  const inForce = new Map<string, string[]>();
  for (const t of stored.tokens) {
    const holder = t.subject.kind === 'admin' ? 'admin' : t.subject.departmentId;
    inForce.set(holder, [...(inForce.get(holder) ?? []), t.hash]);
  }
  for (const [holder, hashes] of inForce) {
    if (!replayed.tokens.has(holder)) out.push(`${holder} holds a token the log never gave.`);
    else if (hashes.length !== 1)
      out.push(`${holder} holds ${hashes.length} tokens in force, the log gives one.`);
    else {
      const logged = replayed.tokens.get(holder);
      if (logged !== undefined && logged !== hashes[0])
        out.push(`the token in force for ${holder} is not the one the log gave.`);
    }
  }
  for (const holder of replayed.tokens.keys())
    if (!inForce.has(holder)) out.push(`${holder} holds no token, but the log gave one.`);
  return out;
}

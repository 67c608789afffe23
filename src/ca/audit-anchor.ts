/**
 * Signed anchors of the audit log (issue 14). The hash chain shows a change only to someone who
 * has not recomputed it: anyone who can write the database can edit an entry and rehash every
 * entry after it. An anchor is the chain's head (seq, hash) signed with an audit key that lives in
 * the key vault (encrypted under the key passphrase), so a rewritten chain no longer matches the
 * anchors made before the rewrite. Each process anchors what it appended: the server at start,
 * every ANCHOR_INTERVAL_MS while it writes, and at shutdown; the CLI when a command that wrote ends.
 */
import { auditAnchorMessage } from '../core/audit-chain';
import type { CaDeps } from './context';
import type { AuditAnchor } from './ports';

/** How often the server signs the head while it appends entries. */
export const ANCHOR_INTERVAL_MS = 2000;
export const AUDIT_KEY_GENERATED = 'audit.key-generated';
const AUDIT_SCHEME = { keyType: 'ec', hash: 'sha256' } as const;

type Deps = Pick<CaDeps, 'audit' | 'vault' | 'tx' | 'clock'>;

/** The audit key's id: from the last anchor, else the log entry that recorded its creation. */
export function auditKeyId(deps: Pick<CaDeps, 'audit'>): string | undefined {
  const last = deps.audit.anchors().at(-1);
  if (last) return last.keyId;
  for (const e of deps.audit.entries()) if (e.action === AUDIT_KEY_GENERATED) return e.subject;
  return undefined;
}

async function auditKey(deps: Deps): Promise<string> {
  const known = auditKeyId(deps);
  if (known) return known;
  const { keyId } = await deps.vault.generate('ecdsa-p256');
  // Another process (the CLI beside the server) may have made one meanwhile: the first one logged
  // is the audit key, so the one made here is then dropped.
  const chosen = deps.tx.transaction(() => {
    const first = auditKeyId(deps);
    if (first) return first;
    deps.audit.append({
      at: deps.clock.now().toISOString(),
      actor: 'system:audit',
      action: AUDIT_KEY_GENERATED,
      subject: keyId,
      details: { algorithm: 'ecdsa-p256', purpose: 'signs the heads of the audit log' },
    });
    return keyId;
  });
  if (chosen !== keyId) await deps.vault.destroy(keyId);
  return chosen;
}

/** Signs the current head unless an anchor already covers it; answers the anchor made, if any. */
export async function anchorAuditLog(deps: Deps): Promise<AuditAnchor | undefined> {
  if (!deps.audit.head()) return undefined;
  const keyId = await auditKey(deps);
  const head = deps.audit.head();
  const last = deps.audit.anchors().at(-1);
  if (!head || (last && last.seq >= head.seq)) return undefined;
  const signature = await deps.vault
    .signer(keyId, AUDIT_SCHEME)
    .sign(auditAnchorMessage(head.seq, head.hash));
  const anchor = { ...head, signedAt: deps.clock.now().toISOString(), keyId, signature };
  deps.audit.addAnchor(anchor);
  return anchor;
}

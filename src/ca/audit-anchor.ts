/**
 * Signed anchors of the audit log (issue 14). The hash chain shows a change only to someone who
 * has not recomputed it: anyone who can write the database can edit an entry and rehash every
 * entry after it. An anchor is the chain's head (seq, hash) signed with an audit key that lives in
 * the key vault (encrypted under the key passphrase), so a rewritten chain no longer matches the
 * anchors made before the rewrite. The issuing CA certifies the audit key when it is made (the
 * certificate is logged), so the anchors are checked against the CA's root without the vault; and
 * Signet's TSA time-stamps each anchor's signature (RFC 3161), a proof of when that head existed.
 * Each process anchors what it appended: the server at start, while it writes (every
 * ANCHOR_INTERVAL_MS and every ANCHOR_EVERY_ENTRIES entries) and at shutdown; the CLI when a
 * command that wrote ends.
 */
import { digest } from '../core/algorithms';
import { auditAnchorMessage } from '../core/audit-chain';
import { signCertificate } from '../core/x509/certificate';
import { buildName } from '../core/x509/name';
import { serialFromRandom, SERIAL_RANDOM_BYTES } from '../core/x509/serial';
import { AuthorityCache, type CaDeps } from './context';
import type { AnchorTimestamper, AuditAnchor, StoredAuditEntry } from './ports';
import { AUDIT_PROFILE, type CertificateProfile } from './profiles';
import { buildTemplate } from './template';

/** How often the server signs the head while it appends entries. */
export const ANCHOR_INTERVAL_MS = 2000;
/** The server signs the head at the latest after this many entries, whatever the time. */
export const ANCHOR_EVERY_ENTRIES = 100;
export const AUDIT_KEY_GENERATED = 'audit.key-generated';
export const AUDIT_KEY_CERTIFIED = 'audit.key-certified';
const AUDIT_SCHEME = { keyType: 'ec', hash: 'sha256' } as const;
const DAY_MS = 86_400_000;

export type CertifyDeps = Deps;
type Deps = Pick<
  CaDeps,
  'audit' | 'vault' | 'tx' | 'clock' | 'random' | 'authorities' | 'certificates' | 'settings'
> & { publicUrl: string };

/** The audit key's id: from the last anchor, else the log entry that recorded its creation. */
export function auditKeyId(deps: Pick<CaDeps, 'audit'>): string | undefined {
  const last = deps.audit.anchors().at(-1);
  if (last) return last.keyId;
  for (const e of deps.audit.entries()) if (e.action === AUDIT_KEY_GENERATED) return e.subject;
  return undefined;
}

/** The certificate (DER) the log recorded for the audit key `keyId` (or `action`'s key), if any. */
export function auditCertificate(
  entries: Iterable<StoredAuditEntry>,
  keyId: string,
  action = AUDIT_KEY_CERTIFIED,
): Uint8Array | undefined {
  for (const e of entries) {
    if (e.action !== action || e.subject !== keyId) continue;
    let details: { certificate?: unknown };
    try {
      details = JSON.parse(e.details) as { certificate?: unknown };
    } catch {
      continue; // not Signet's writing: the chain or the anchors already tell
    }
    const certificate = details?.certificate;
    if (typeof certificate === 'string') return new Uint8Array(Buffer.from(certificate, 'base64'));
  }
  return undefined;
}

/**
 * The issuing CA's certificate for one of Signet's own keys (RFC 5280; the audit key's by
 * default, AUDIT_PROFILE), not outliving the CA.
 */
export async function certify(
  deps: Deps,
  keyId: string,
  profile: CertificateProfile = AUDIT_PROFILE,
  commonName = 'Signet audit log',
): Promise<Uint8Array> {
  const issuer = new AuthorityCache(deps).get('issuing');
  const now = deps.clock.now();
  const left = Math.floor((issuer.notAfter.getTime() - now.getTime()) / DAY_MS);
  const template = buildTemplate(profile, {
    serial: serialFromRandom(deps.random.bytes(SERIAL_RANDOM_BYTES)),
    subject: buildName({
      country: 'CN',
      organization: deps.settings.settings()?.organization ?? '',
      commonName,
    }),
    subjectPublicKey: await deps.vault.publicKey(keyId),
    issuer: {
      name: issuer.subject,
      keyIdentifier: issuer.keyIdentifier,
      notAfter: issuer.notAfter,
    },
    now,
    days: Math.min(profile.defaultDays, left),
    publicUrl: deps.publicUrl,
  });
  return signCertificate(template, issuer.signer);
}

function logCertificate(deps: Deps, keyId: string, certificate: Uint8Array): void {
  deps.audit.append({
    at: deps.clock.now().toISOString(),
    actor: 'system:audit',
    action: AUDIT_KEY_CERTIFIED,
    subject: keyId,
    details: { certificate: Buffer.from(certificate).toString('base64') },
  });
}

async function auditKey(deps: Deps): Promise<string> {
  const known = auditKeyId(deps);
  if (known) {
    // A key made before audit keys were certified gets its certificate now.
    if (!auditCertificate(deps.audit.entries(), known)) {
      const certificate = await certify(deps, known);
      deps.tx.transaction(() => {
        if (!auditCertificate(deps.audit.entries(), known))
          logCertificate(deps, known, certificate);
      });
    }
    return known;
  }
  const { keyId } = await deps.vault.generate('ecdsa-p256');
  const certificate = await certify(deps, keyId);
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
    logCertificate(deps, keyId, certificate);
    return keyId;
  });
  if (chosen !== keyId) await deps.vault.destroy(keyId);
  return chosen;
}

/**
 * Signs the current head unless an anchor already covers it, and has the TSA time-stamp the
 * signature; answers the anchor made, if any.
 */
export async function anchorAuditLog(
  deps: Deps,
  tsa: AnchorTimestamper,
): Promise<AuditAnchor | undefined> {
  if (!deps.audit.head()) return undefined;
  const keyId = await auditKey(deps);
  const head = deps.audit.head();
  const last = deps.audit.anchors().at(-1);
  if (!head || (last && last.seq >= head.seq)) return undefined;
  const signature = await deps.vault
    .signer(keyId, AUDIT_SCHEME)
    .sign(auditAnchorMessage(head.seq, head.hash));
  // RFC 3161 2.4.1: the message imprint is the hash of the data time-stamped, the signature here.
  const timestampToken = await tsa.timestamp(digest('sha256', signature), 'sha256');
  const anchor = {
    ...head,
    signedAt: deps.clock.now().toISOString(),
    keyId,
    signature,
    timestampToken,
  };
  deps.audit.addAnchor(anchor);
  return anchor;
}

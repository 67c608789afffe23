/**
 * A signed head of the audit log (an anchor, or one exported for off-host keeping) checked without
 * the key vault (issue 14): the audit key's certificate leads to the CA's root and is certified
 * for audit signing only, the head's signature verifies with that key, and the RFC 3161 token of
 * Signet's TSA covers the signature. The root is the CA's as stored; an exported head carries its
 * own copy of the certificate, so it can be checked on another host too.
 */
import { verify } from 'node:crypto';
import { digest, publicKeyFromSpki } from '../core/algorithms';
import { auditAnchorMessage } from '../core/audit-chain';
import { OID_SIGNET_KP_AUDIT_SIGNING } from '../core/oid';
import { validatePath } from '../core/validation';
import { readCertificate } from '../core/x509/read';
import { checkTimeStampToken, reason, renderReason, verificationContext } from '../verification';

export interface SignedHead {
  seq: number;
  hash: string;
  signature: Uint8Array;
  timestampToken?: Uint8Array;
}

/** The CA certificates a head is checked against (DER). */
export interface AuditTrust {
  root: Uint8Array;
  /** The issuing CA in force and those retired by a rollover (which certified earlier audit keys). */
  issuing: Uint8Array[];
  now: Date;
}

/** Why the audit key's certificate is not one the CA issued for audit signing, or undefined. */
export function auditCertificateProblem(
  certificate: Uint8Array,
  trust: AuditTrust,
): string | undefined {
  let facts;
  try {
    facts = readCertificate(certificate);
  } catch {
    return 'The audit key certificate cannot be read.';
  }
  // Its anchors stay checkable after it expires: their time-stamps prove when they were signed.
  const time = trust.now > facts.notAfter ? facts.notAfter : trust.now;
  const path = validatePath({
    target: facts.der,
    trustAnchors: [trust.root],
    untrusted: trust.issuing,
    crls: [],
    time,
    requiredEkus: [OID_SIGNET_KP_AUDIT_SIGNING],
    requireRevocation: false,
  });
  if (path.valid) return undefined;
  return `The audit key certificate was not issued by this CA for the audit log: ${path.reason?.message ?? 'no valid path.'}`;
}

/** Why `head` is not signed by the key of `certificate` and time-stamped by the CA's TSA. */
export function signedHeadProblem(
  head: SignedHead,
  certificate: Uint8Array,
  trust: AuditTrust,
): string | undefined {
  const key = publicKeyFromSpki(readCertificate(certificate).subjectPublicKey);
  const message = auditAnchorMessage(head.seq, head.hash);
  if (!verify('sha256', message, key, head.signature)) {
    return `The signed head of audit entry ${head.seq} is not signed by the audit key.`;
  }
  if (!head.timestampToken) {
    return `The signed head of audit entry ${head.seq} has no time-stamp.`;
  }
  const ctx = verificationContext(trust.now, [trust.root], trust.issuing, [], []);
  const check = checkTimeStampToken(ctx, head.timestampToken, {
    digestUnder: (hash) => digest(hash, head.signature),
    mismatch: reason('tst.other_signature'),
  });
  if (!check.problem) return undefined;
  return `The time-stamp of the signed head of audit entry ${head.seq} is not valid: ${renderReason('en', check.problem)}`;
}

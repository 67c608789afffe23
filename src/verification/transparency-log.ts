/**
 * Issue 21: the proof of logging a signature carries (unsigned attribute OID_SIGNET_AA_TLOG_PROOF,
 * core/cms/tlog-proof.ts), checked from the signature alone, offline: the log entry recomputed
 * from the signature and the salt (core/tlog/entry.ts), its audit path to the checkpoint's root
 * (RFC 9162 2.1.3.2) and the checkpoint's signature by a trusted log key (c2sp.org/tlog-proof
 * "Verifying a tlog proof"). The one place the API, the CLI and the page get this answer from.
 */
import { CmsError, readTlogProof, type SignerInfoView } from '../core/cms';
import {
  ed25519Verifier,
  encodeEntry,
  entryOf,
  leafHash,
  MAX_MERGE_DELAY_MS,
  parseVkey,
  SIG_TYPE_ED25519,
  TlogError,
  verifyTlogProof,
  type TrustPolicy,
} from '../core/tlog';
import { VerificationError } from './errors';
import { reason } from './reasons';
import { indeterminate, outcome, type CheckOutcome } from './report';

/** The signature facts an entry commits to, beside the SignerInfo's own. */
export interface LoggedFacts {
  /** DER SubjectPublicKeyInfo of the signer's certificate, when it was found. */
  signerSpki?: Uint8Array;
  /** The signer's claimed time: signing-time, or the PDF's /M. */
  claimed?: Date;
}

/**
 * A proof that does not hold: the signature may be sound, but what it claims of the log is false,
 * a constraint of Signet's validation policy not met (ETSI EN 319 102-1 5.2.8).
 */
const NOT_LOGGED = indeterminate('SIG_CONSTRAINTS_FAILURE');

/** Trusted log keys as vkeys (c2sp.org/signed-note), one policy that needs no witness. */
function logPolicy(vkeys: readonly string[]): TrustPolicy {
  const logs = vkeys.map((v) => {
    const { name, publicKey } = parseVkey(v);
    return { verifier: ed25519Verifier(name, publicKey) };
  });
  return { logs, witnesses: [], groups: [], quorum: 'none' };
}

/** The caller's log keys are Ed25519 vkeys, else INVALID_LOG_KEY: a request error, not a report. */
export function checkLogKeys(vkeys: readonly string[]): void {
  for (const vkey of vkeys) {
    let type: number | undefined;
    try {
      type = parseVkey(vkey).type;
    } catch (cause) {
      throw new VerificationError(
        'INVALID_LOG_KEY',
        `Not a log key (vkey): ${cause instanceof Error ? cause.message : ''}`,
        { cause },
      );
    }
    if (type !== SIG_TYPE_ED25519) {
      throw new VerificationError('INVALID_LOG_KEY', 'A log key is an Ed25519 (type 0x01) vkey.');
    }
  }
}

/**
 * The check `transparency_log`: passed with "logged before T" (T: the claimed time plus the log's
 * maximum merge delay); warning for a signature without a proof (when a log key is trusted) or a
 * proof from a log not trusted here; failed for a proof that does not hold, a checkpoint that
 * names a trusted log without its valid signature among them. Undefined when the signature carries no
 * proof and no log key is trusted: nothing to say.
 */
export function checkTransparencyLog(
  signerInfo: SignerInfoView,
  facts: LoggedFacts,
  logKeys: readonly string[],
): CheckOutcome | undefined {
  const values = signerInfo.tlogProofs;
  if (values.length === 0) {
    return logKeys.length > 0
      ? outcome('transparency_log', 'warning', reason('tlog.no_proof'))
      : undefined;
  }
  const invalid = (detail: string) =>
    outcome('transparency_log', 'failed', reason('tlog.invalid', { detail }), NOT_LOGGED);
  if (values.length > 1) return invalid('the signature carries more than one proof.');
  let embedded;
  try {
    embedded = readTlogProof(values[0] as Uint8Array);
  } catch (error) {
    if (error instanceof CmsError) return invalid(error.message);
    throw error;
  }
  const { signerSpki, claimed } = facts;
  if (!signerSpki || !claimed || !signerInfo.messageDigest) {
    return outcome('transparency_log', 'not_checked', reason('tlog.not_recomputable'));
  }
  try {
    const entry = entryOf({
      type: 'signature-issued',
      issuerSpki: signerSpki,
      claimedTime: claimed,
      salt: embedded.salt,
      documentDigest: signerInfo.messageDigest,
      signatureValue: signerInfo.signature,
      timestampToken: signerInfo.signatureTimestamps[0],
    });
    const verified = verifyTlogProof(
      embedded.proof,
      leafHash(encodeEntry(entry)),
      logPolicy(logKeys),
    );
    // Checkpoints carry no time: the bound is the log's promise (witness times are not built).
    const loggedBefore = new Date(claimed.getTime() + MAX_MERGE_DELAY_MS);
    return outcome(
      'transparency_log',
      'passed',
      reason('tlog.included', {
        origin: verified.checkpoint.origin,
        index: verified.index.toString(),
        size: verified.checkpoint.size.toString(),
        loggedBefore: loggedBefore.toISOString(),
      }),
    );
  } catch (error) {
    if (!(error instanceof TlogError)) throw error;
    const origin = originOf(embedded.proof);
    const trusted = logKeys.some((v) => parseVkey(v).name === origin);
    if (error.code === 'TLOG_UNTRUSTED_NOTE' && !trusted) {
      return outcome('transparency_log', 'warning', reason('tlog.unknown_log', { origin }));
    }
    return invalid(error.message);
  }
}

/** The checkpoint's origin line, as the proof states it (for a log not trusted here). */
function originOf(proof: string): string {
  const checkpoint = proof.slice(proof.indexOf('\n\n') + 2);
  return checkpoint.slice(0, Math.max(0, checkpoint.indexOf('\n'))).slice(0, 200);
}

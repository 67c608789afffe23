/**
 * ETSI EN 319 102-1 5.2.6, X.509 certificate validation, with the past signature validation of
 * 5.6.2.4: the signer's certificate is validated (RFC 5280 path, core/validation) at the best
 * signature time, which is the time a valid signature-time-stamp proves, else the validation time;
 * its revocation status is then judged against that time, so that a certificate revoked after a
 * time-stamped signature leaves the signature valid, and one revoked before it does not.
 */
import { OID_KP_DOCUMENT_SIGNING } from '../core/oid';
import {
  CertView,
  validatePath,
  type PathErrorCode,
  type PathFailure,
  type PathValidationResult,
} from '../core/validation';
import { signerName } from './certificates';
import type { VerificationContext } from './context';
import { reason, type Reason, type ReasonId } from './reasons';
import {
  failed,
  indeterminate,
  outcome,
  type CheckOutcome,
  type SubIndication,
  type Verdict,
} from './report';
import { revocationEvidence } from './revocation-evidence';

/** The times a signature's checks are judged at. */
export interface SignatureTimes {
  now: Date;
  /** The proof of existence from a valid signature-time-stamp. */
  poe?: Date;
  /** The signing-time the signer claims (RFC 5652 11.3), proven by nothing. */
  claimed?: Date;
}

export interface ChainResult {
  outcome: CheckOutcome;
  /** The path found (signer first), also when it was found only at the claimed signing time. */
  chain?: CertView[];
}

/** keyUsage bits that allow signing documents (RFC 5280 4.2.1.3): digitalSignature, nonRepudiation. */
const KU_SIGNING = (1 << 0) | (1 << 1);

const iso = (d: Date): string => d.toISOString();

/** The reason of each RFC 5280 failure; core/validation's sentence stays its English detail. */
const PATH_REASONS: Record<PathErrorCode, ReasonId & `path.${string}`> = {
  MALFORMED: 'path.malformed',
  UNSUPPORTED_ALGORITHM: 'path.unsupported_algorithm',
  NO_PATH: 'path.no_path',
  LIMIT_EXCEEDED: 'path.limit_exceeded',
  BAD_SIGNATURE: 'path.bad_signature',
  WEAK_KEY: 'path.weak_key',
  EXPIRED: 'path.expired',
  NOT_YET_VALID: 'path.not_yet_valid',
  NAME_CHAINING: 'path.name_chaining',
  INVALID_CERTIFICATE: 'path.invalid_certificate',
  BASIC_CONSTRAINTS: 'path.basic_constraints',
  PATH_LENGTH: 'path.path_length',
  KEY_USAGE: 'path.key_usage',
  EKU: 'path.eku',
  NAME_CONSTRAINTS: 'path.name_constraints',
  POLICY: 'path.policy',
  UNKNOWN_CRITICAL_EXTENSION: 'path.unknown_critical_extension',
  REVOKED: 'path.revoked',
  NO_REVOCATION_INFO: 'path.no_revocation_info',
  STALE_REVOCATION_INFO: 'path.stale_revocation_info',
};

/** Why a path was refused, as a reason (its code) with core's sentence as the detail. */
export function pathReason(failure: PathFailure): Reason {
  return reason(PATH_REASONS[failure.code], { detail: failure.message });
}

/** The ETSI sub-indication for an RFC 5280 failure that is not about time (5.2.6.4). */
const PATH_SUB_INDICATIONS: Partial<Record<PathErrorCode, SubIndication>> = {
  NO_PATH: 'NO_CERTIFICATE_CHAIN_FOUND',
  NAME_CHAINING: 'NO_CERTIFICATE_CHAIN_FOUND',
  BAD_SIGNATURE: 'NO_CERTIFICATE_CHAIN_FOUND',
  EKU: 'CHAIN_CONSTRAINTS_FAILURE',
  KEY_USAGE: 'CHAIN_CONSTRAINTS_FAILURE',
  BASIC_CONSTRAINTS: 'CHAIN_CONSTRAINTS_FAILURE',
  PATH_LENGTH: 'CHAIN_CONSTRAINTS_FAILURE',
  NAME_CONSTRAINTS: 'CHAIN_CONSTRAINTS_FAILURE',
  POLICY: 'CHAIN_CONSTRAINTS_FAILURE',
  UNKNOWN_CRITICAL_EXTENSION: 'CHAIN_CONSTRAINTS_FAILURE',
  INVALID_CERTIFICATE: 'CHAIN_CONSTRAINTS_FAILURE',
  UNSUPPORTED_ALGORITHM: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
  WEAK_KEY: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
};

/** What an RFC 5280 failure of a certificate that must hold now means (5.2.6.4). */
export function pathVerdict(code: PathErrorCode): Verdict {
  if (code === 'EXPIRED') return indeterminate('OUT_OF_BOUNDS_NO_POE');
  if (code === 'NOT_YET_VALID') return failed('NOT_YET_VALID');
  return indeterminate(PATH_SUB_INDICATIONS[code] ?? 'CERTIFICATE_CHAIN_GENERAL_FAILURE');
}

function pathAt(
  ctx: VerificationContext,
  signer: CertView,
  time: Date,
): PathValidationResult & { views?: CertView[] } {
  // Revocation is judged apart (checkRevocation), across times: no CRL goes to the path here.
  const result = validatePath({
    target: signer.der,
    trustAnchors: ctx.trustAnchors,
    untrusted: ctx.untrusted,
    crls: [],
    time,
    requiredEkus: [OID_KP_DOCUMENT_SIGNING],
    requireRevocation: false,
    budget: ctx.budget,
  });
  return { ...result, views: result.chain?.map((der) => CertView.parse(der)) };
}

function chainOutcome(status: 'passed' | 'failed', why: Reason, verdict?: Verdict) {
  return outcome('certificate_chain', status, why, verdict);
}

/**
 * ETSI EN 319 102-1 5.2.6 (RFC 5280 path validation, documentSigning required of a certificate that
 * restricts its purposes) at the best signature time, with 5.6.2.4 for an expired certificate.
 */
export function checkCertificateChain(
  ctx: VerificationContext,
  signer: CertView,
  times: SignatureTimes,
): ChainResult {
  const bestTime = times.poe ?? times.now;
  const result = pathAt(ctx, signer, bestTime);
  const name = signerName(signer);
  if (result.valid && result.views) {
    const ku = signer.keyUsage();
    if (ku !== undefined && (ku & KU_SIGNING) === 0) {
      return {
        chain: result.views,
        outcome: chainOutcome(
          'failed',
          reason('chain.key_usage', { signer: name }),
          indeterminate('CHAIN_CONSTRAINTS_FAILURE'),
        ),
      };
    }
    const root = result.views[result.views.length - 1]?.subject.text ?? '';
    const notes =
      signer.notAfter < times.now
        ? [reason('chain.expired_since', { expiry: iso(signer.notAfter) })]
        : [];
    return {
      chain: result.views,
      outcome: chainOutcome(
        'passed',
        times.poe
          ? reason('chain.valid_at_timestamp', { signer: name, root, time: iso(times.poe), notes })
          : reason('chain.valid_now', { signer: name, root }),
      ),
    };
  }
  const failure = result.reason ?? { code: 'NO_PATH' as const, message: 'No path was found.' };
  const path = pathReason(failure);
  if (failure.code === 'EXPIRED') {
    // 5.6.2.4: without a proof of existence before the expiry, nothing shows it was signed in time.
    const atClaim = times.claimed && !times.poe ? pathAt(ctx, signer, times.claimed) : undefined;
    const notes =
      times.claimed && !times.poe
        ? [
            atClaim?.valid
              ? reason('chain.claimed_while_valid', { claimed: iso(times.claimed) })
              : reason('chain.claimed', { claimed: iso(times.claimed) }),
          ]
        : [];
    return {
      chain: atClaim?.valid ? atClaim.views : undefined,
      outcome: chainOutcome(
        'failed',
        times.poe
          ? reason('chain.expired_at_timestamp', { time: iso(times.poe), path })
          : reason('chain.expired', { path, notes }),
        indeterminate('OUT_OF_BOUNDS_NO_POE'),
      ),
    };
  }
  if (failure.code === 'NOT_YET_VALID') {
    return {
      outcome: chainOutcome(
        'failed',
        times.poe
          ? reason('chain.not_yet_valid_at_timestamp', { time: iso(times.poe), path })
          : reason('chain.not_yet_valid', { path }),
        failed('NOT_YET_VALID'),
      ),
    };
  }
  const verdict = pathVerdict(failure.code);
  const sub = verdict.subIndication;
  const why =
    sub === 'NO_CERTIFICATE_CHAIN_FOUND'
      ? reason('chain.untrusted', { signer: name, path })
      : sub === 'CHAIN_CONSTRAINTS_FAILURE'
        ? reason('chain.constraints', { signer: name, path })
        : reason('chain.invalid', { signer: name, path });
  return { outcome: chainOutcome('failed', why, verdict) };
}

/**
 * ETSI EN 319 102-1 5.2.6 revocation checks with 5.6.2.4: each certificate of the path but the
 * trust anchor, from the CRLs and OCSP responses at hand (revocation-evidence.ts). The signer's
 * certificate needs fresh status; a CA certificate counts when evidence for it is at hand (Signet's
 * root publishes no CRL for its issuing CA).
 */
export function checkRevocation(
  ctx: VerificationContext,
  chain: CertView[] | undefined,
  times: SignatureTimes,
): CheckOutcome {
  if (!chain || chain.length < 2) {
    return outcome('revocation', 'not_checked', reason('revocation.no_chain'));
  }
  const bestTime = times.poe ?? times.now;
  const signedAt = times.poe ?? times.claimed;
  const notes: Reason[] = [];
  for (let i = 0; i < chain.length - 1; i += 1) {
    const cert = chain[i];
    const issuer = chain[i + 1];
    if (!cert || !issuer) continue;
    const status = revocationEvidence(ctx, chain.slice(i), bestTime, times.now);
    const certificate =
      i === 0
        ? reason('certificate.signer', { name: signerName(cert) })
        : reason('certificate.authority', { subject: cert.subject.text });
    if (status.kind === 'revoked') {
      const revoked = {
        certificate,
        revoked: iso(status.revocationDate),
        cause: status.reason,
        source: status.source,
      };
      if (times.poe && times.poe < status.revocationDate) {
        notes.push(
          reason('revocation.revoked_after_timestamp', { ...revoked, time: iso(times.poe) }),
        );
        continue;
      }
      if (i > 0) {
        return outcome(
          'revocation',
          'failed',
          reason('revocation.revoked_ca_no_poe', revoked),
          indeterminate('REVOKED_CA_NO_POE'),
        );
      }
      if (signedAt && signedAt >= status.revocationDate) {
        const signed = { ...revoked, signed: iso(signedAt) };
        return outcome(
          'revocation',
          'failed',
          times.poe
            ? reason('revocation.revoked_before_timestamp', signed)
            : reason('revocation.revoked_before_claimed_time', signed),
          failed('REVOKED'),
        );
      }
      return outcome(
        'revocation',
        'failed',
        times.claimed
          ? reason('revocation.revoked_claimed_before', { ...revoked, claimed: iso(times.claimed) })
          : reason('revocation.revoked_no_time', revoked),
        indeterminate('REVOKED_NO_POE'),
      );
    }
    if (i > 0) continue;
    if (status.kind === 'unknown') {
      return outcome(
        'revocation',
        'failed',
        reason('revocation.unknown', { signer: signerName(cert), why: status.reasons }),
        indeterminate('TRY_LATER'),
      );
    }
    const notRevoked = { signer: signerName(cert), source: status.source };
    notes.unshift(
      times.poe
        ? reason('revocation.not_revoked_at_timestamp', notRevoked)
        : reason('revocation.not_revoked', notRevoked),
    );
  }
  const revokedLater = notes.some((n) => n.id === 'revocation.revoked_after_timestamp');
  const [only] = notes;
  return outcome(
    'revocation',
    revokedLater ? 'warning' : 'passed',
    only && notes.length === 1 ? only : reason('revocation.several', { notes }),
  );
}

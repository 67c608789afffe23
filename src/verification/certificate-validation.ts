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
  type PathValidationResult,
} from '../core/validation';
import { signerName } from './certificates';
import type { VerificationContext } from './context';
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
  });
  return { ...result, views: result.chain?.map((der) => CertView.parse(der)) };
}

function chainOutcome(status: 'passed' | 'failed', message: string, verdict?: Verdict) {
  return outcome('certificate_chain', status, message, verdict);
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
          `The certificate of ${name} is not meant for signing (its key usage does not allow it).`,
          indeterminate('CHAIN_CONSTRAINTS_FAILURE'),
        ),
      };
    }
    const root = result.views[result.views.length - 1];
    const expiredSince =
      times.poe && signer.notAfter < times.now
        ? ` It has expired since (${iso(signer.notAfter)}), which does not matter: the time-stamp proves the signature was made while it was valid.`
        : '';
    return {
      chain: result.views,
      outcome: chainOutcome(
        'passed',
        `The certificate of ${name} leads to the trusted root "${root?.subject.text ?? ''}" and was valid ${times.poe ? `when the signature was time-stamped (${iso(times.poe)})` : 'now'}.${expiredSince}`,
      ),
    };
  }
  const reason = result.reason ?? { code: 'NO_PATH' as const, message: 'No path was found.' };
  if (reason.code === 'EXPIRED') {
    // 5.6.2.4: without a proof of existence before the expiry, nothing shows it was signed in time.
    const atClaim = times.claimed && !times.poe ? pathAt(ctx, signer, times.claimed) : undefined;
    const claim =
      times.claimed && !times.poe
        ? ` The signer claims to have signed on ${iso(times.claimed)}${atClaim?.valid ? ', when the certificate was valid,' : ''} but no time-stamp proves it.`
        : '';
    return {
      chain: atClaim?.valid ? atClaim.views : undefined,
      outcome: chainOutcome(
        'failed',
        times.poe
          ? `A certificate of the chain had already expired when the signature was time-stamped (${iso(times.poe)}): ${reason.message}`
          : `The certificate has expired: ${reason.message}${claim}`,
        indeterminate('OUT_OF_BOUNDS_NO_POE'),
      ),
    };
  }
  if (reason.code === 'NOT_YET_VALID') {
    return {
      outcome: chainOutcome(
        'failed',
        `The certificate was not yet valid when the signature was ${times.poe ? `time-stamped (${iso(times.poe)})` : 'checked'}: ${reason.message}`,
        failed('NOT_YET_VALID'),
      ),
    };
  }
  const verdict = pathVerdict(reason.code);
  const sub = verdict.subIndication;
  const message =
    sub === 'NO_CERTIFICATE_CHAIN_FOUND'
      ? `The signer claims to be ${name}, but its certificate does not lead to a root that Signet trusts, so Signet cannot confirm who signed: ${reason.message}`
      : sub === 'CHAIN_CONSTRAINTS_FAILURE'
        ? `The certificate of ${name} may not be used for this signature: ${reason.message}`
        : `The certificate of ${name} cannot be validated: ${reason.message}`;
  return { outcome: chainOutcome('failed', message, verdict) };
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
    return outcome(
      'revocation',
      'not_checked',
      'Without a certificate chain to a trusted root, revocation cannot be checked.',
    );
  }
  const bestTime = times.poe ?? times.now;
  const signedAt = times.poe ?? times.claimed;
  const notes: string[] = [];
  for (let i = 0; i < chain.length - 1; i += 1) {
    const cert = chain[i];
    const issuer = chain[i + 1];
    if (!cert || !issuer) continue;
    const status = revocationEvidence(ctx, cert, issuer, bestTime, times.now);
    const who =
      i === 0
        ? `The certificate of ${signerName(cert)}`
        : `The certificate of the authority "${cert.subject.text}"`;
    if (status.kind === 'revoked') {
      const revoked = `${who} was revoked on ${iso(status.revocationDate)} (${status.reason}), according to ${status.source}`;
      if (times.poe && times.poe < status.revocationDate) {
        notes.push(
          `${revoked}, after the time-stamp proved the signature existed (${iso(times.poe)}): the signature keeps its value.`,
        );
        continue;
      }
      if (i > 0) {
        return outcome(
          'revocation',
          'failed',
          `${revoked}, and nothing proves the signature was made before.`,
          indeterminate('REVOKED_CA_NO_POE'),
        );
      }
      if (signedAt && signedAt >= status.revocationDate) {
        return outcome(
          'revocation',
          'failed',
          `${revoked}, before this signature was made (${times.poe ? 'time-stamped' : 'signed, by its own account,'} on ${iso(signedAt)}).`,
          failed('REVOKED'),
        );
      }
      return outcome(
        'revocation',
        'failed',
        `${revoked}. ${times.claimed ? `The signature claims to be from ${iso(times.claimed)}, before that, but no time-stamp proves it.` : 'Nothing shows when the signature was made.'}`,
        indeterminate('REVOKED_NO_POE'),
      );
    }
    if (i > 0) continue;
    if (status.kind === 'unknown') {
      return outcome(
        'revocation',
        'failed',
        `Signet cannot tell whether the certificate of ${signerName(cert)} was revoked: ${status.message} Try again later.`,
        indeterminate('TRY_LATER'),
      );
    }
    notes.unshift(
      `The certificate of ${signerName(cert)} was not revoked${times.poe ? ' when the signature was time-stamped' : ''}, according to ${status.source}.`,
    );
  }
  const revokedLater = notes.some((n) => n.includes('keeps its value'));
  return outcome('revocation', revokedLater ? 'warning' : 'passed', notes.join(' '));
}

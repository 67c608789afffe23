/**
 * ETSI EN 319 102-1 5.2.3, identification of the signing certificate: the certificate the
 * SignerInfo names (RFC 5652 5.3 sid), bound by the signing-certificate-v2 attribute when the
 * signature has one (RFC 5035 3, ETSI EN 319 122-1 5.2.2.3: hash of the certificate and its
 * issuer and serial), so that no other certificate with the same key can be substituted.
 */
import { certificatesNamedBy, essCertIdV2Mismatch, type SignerInfoView } from '../core/cms';
import * as oid from '../core/oid';
import type { CertView } from '../core/validation';
import { parseCertificates, signerName } from './certificates';
import type { IssuedCertificates } from './ports';
import { reason, type Reason } from './reasons';
import { indeterminate, outcome, type CheckOutcome } from './report';

export interface SigningCertificateResult {
  certificate?: CertView;
  outcome: CheckOutcome;
}

/** Why the first ESSCertIDv2 does not identify `cert` (core/cms), as a clause; undefined when it does. */
export function essCertIdV2Problem(signerInfo: SignerInfoView, cert: CertView): Reason | undefined {
  const mismatch = essCertIdV2Mismatch(signerInfo, cert);
  if (!mismatch) return undefined;
  return mismatch.code === 'unaccepted_hash'
    ? reason('ess.unaccepted_hash', { algorithm: mismatch.algorithm })
    : reason(`ess.${mismatch.code}`);
}

/**
 * The certificates the SignerIdentifier names among those given, else among those this CA issued
 * (a signature need not carry its signer's certificate, RFC 5652 5.1), saying where they came from.
 */
function namedCertificates(
  signerInfo: SignerInfoView,
  candidates: readonly CertView[],
  issued: IssuedCertificates | undefined,
): { named: CertView[]; notes: Reason[] } {
  const named = certificatesNamedBy(signerInfo.sid, candidates);
  if (named.length > 0 || !issued) return { named, notes: [] };
  const registered = parseCertificates(issued.candidatesFor(signerInfo.sid));
  return {
    named: certificatesNamedBy(signerInfo.sid, registered),
    notes: [reason('signing_certificate.from_register')],
  };
}

/**
 * ETSI EN 319 102-1 5.2.3: the signing certificate, found among the certificates given, else in
 * Signet's register of the certificates it issued (a note in the reason says so).
 */
export function identifySigningCertificate(
  signerInfo: SignerInfoView,
  candidates: readonly CertView[],
  issued?: IssuedCertificates,
): SigningCertificateResult {
  const { named, notes } = namedCertificates(signerInfo, candidates, issued);
  const [first] = named;
  if (!first) {
    return {
      outcome: outcome(
        'signing_certificate',
        'failed',
        reason('signing_certificate.missing'),
        indeterminate('NO_SIGNING_CERTIFICATE_FOUND'),
      ),
    };
  }
  if (signerInfo.signingCertificateV2) {
    const problems = named.map((cert) => essCertIdV2Problem(signerInfo, cert));
    const index = problems.findIndex((p) => p === undefined);
    const certificate = named[index];
    if (!certificate) {
      return {
        outcome: outcome(
          'signing_certificate',
          'failed',
          reason('signing_certificate.unconfirmed', {
            problem: problems[0] ?? reason('ess.other_certificate'),
            notes,
          }),
          indeterminate('NO_SIGNING_CERTIFICATE_FOUND'),
        ),
      };
    }
    return {
      certificate,
      outcome: outcome(
        'signing_certificate',
        'passed',
        reason('signing_certificate.bound', { signer: signerName(certificate), notes }),
      ),
    };
  }
  const older = signerInfo.signedAttributes.some((a) => a.type === oid.OID_AA_SIGNING_CERTIFICATE);
  const signer = signerName(first);
  return {
    certificate: first,
    outcome: outcome(
      'signing_certificate',
      'warning',
      older
        ? reason('signing_certificate.sha1_only', { signer, notes })
        : reason('signing_certificate.unbound', { signer, notes }),
    ),
  };
}

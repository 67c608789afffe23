/**
 * ETSI EN 319 102-1 5.2.3, identification of the signing certificate: the certificate the
 * SignerInfo names (RFC 5652 5.3 sid), bound by the signing-certificate-v2 attribute when the
 * signature has one (RFC 5035 3, ETSI EN 319 122-1 5.2.2.3: hash of the certificate and its
 * issuer and serial), so that no other certificate with the same key can be substituted.
 */
import { timingSafeEqual } from 'node:crypto';
import { digest, hashFromOid } from '../core/algorithms';
import type { SignerInfoView } from '../core/cms';
import * as oid from '../core/oid';
import { nameView, type CertView } from '../core/validation';
import { certificatesNamedBy, parseCertificates, signerName } from './certificates';
import type { IssuedCertificates } from './ports';
import { indeterminate, outcome, type CheckOutcome } from './report';

export interface SigningCertificateResult {
  certificate?: CertView;
  outcome: CheckOutcome;
}

/** Why the first ESSCertIDv2 does not identify `cert`, or undefined when it does. */
export function essCertIdV2Mismatch(
  signerInfo: SignerInfoView,
  cert: CertView,
): string | undefined {
  const first = signerInfo.signingCertificateV2?.certs[0];
  if (!first) return 'its signing-certificate-v2 attribute names no certificate';
  const hash = hashFromOid(first.hashAlgorithm.algorithm);
  if (!hash) {
    return `its signing-certificate-v2 attribute uses the hash ${first.hashAlgorithm.algorithm}, which Signet does not accept`;
  }
  const expected = new Uint8Array(first.certHash.buffer);
  const actual = digest(hash, cert.der);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return 'the certificate it carries is not the one its signing-certificate-v2 attribute names';
  }
  const issuerSerial = first.issuerSerial;
  if (issuerSerial) {
    const serial = Buffer.from(issuerSerial.serialNumber).toString('hex').toUpperCase();
    const issuerMatches = issuerSerial.issuer.some(
      (gn) => gn.directoryName !== undefined && nameView(gn.directoryName).key === cert.issuer.key,
    );
    if (!issuerMatches || serial !== cert.serialHex) {
      return 'the issuer and serial number in its signing-certificate-v2 attribute are not those of its certificate';
    }
  }
  return undefined;
}

/**
 * The certificates the SignerIdentifier names among those given, else among those this CA issued
 * (a signature need not carry its signer's certificate, RFC 5652 5.1), saying where they came from.
 */
function namedCertificates(
  signerInfo: SignerInfoView,
  candidates: readonly CertView[],
  issued: IssuedCertificates | undefined,
): { named: CertView[]; note: string } {
  const named = certificatesNamedBy(signerInfo.sid, candidates);
  if (named.length > 0 || !issued) return { named, note: '' };
  const registered = parseCertificates(issued.candidatesFor(signerInfo.sid));
  return {
    named: certificatesNamedBy(signerInfo.sid, registered),
    note: " The signature does not include its signer's certificate: it was taken from Signet's register of the certificates it issued.",
  };
}

/** ETSI EN 319 102-1 5.2.3: the signing certificate, found among the certificates given. */
export function identifySigningCertificate(
  signerInfo: SignerInfoView,
  candidates: readonly CertView[],
  issued?: IssuedCertificates,
): SigningCertificateResult {
  const { named, note } = namedCertificates(signerInfo, candidates, issued);
  if (named.length === 0) {
    return {
      outcome: outcome(
        'signing_certificate',
        'failed',
        "The signature does not include its signer's certificate, so Signet cannot tell who signed it.",
        indeterminate('NO_SIGNING_CERTIFICATE_FOUND'),
      ),
    };
  }
  if (signerInfo.signingCertificateV2) {
    const problems = named.map((cert) => essCertIdV2Mismatch(signerInfo, cert));
    const index = problems.findIndex((p) => p === undefined);
    const certificate = named[index];
    if (!certificate) {
      return {
        outcome: outcome(
          'signing_certificate',
          'failed',
          `The signer's certificate cannot be confirmed: ${problems[0] ?? 'it does not match'}.${note}`,
          indeterminate('NO_SIGNING_CERTIFICATE_FOUND'),
        ),
      };
    }
    return {
      certificate,
      outcome: outcome(
        'signing_certificate',
        'passed',
        `The signature names the certificate of ${signerName(certificate)} and is bound to it (signing-certificate-v2).${note}`,
      ),
    };
  }
  const certificate = named[0];
  const older = signerInfo.signedAttributes.some((a) => a.type === oid.OID_AA_SIGNING_CERTIFICATE);
  return {
    certificate,
    outcome: outcome(
      'signing_certificate',
      'warning',
      `The certificate of ${certificate ? signerName(certificate) : 'the signer'} was found by its issuer and serial number; ${
        older
          ? 'the signature binds it only with the older SHA-1 signing-certificate attribute, which Signet does not rely on'
          : 'the signature does not bind it with a signing-certificate attribute, as CAdES signatures do'
      }.${note}`,
    ),
  };
}

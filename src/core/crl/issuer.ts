import type { Name } from '@peculiar/asn1-x509';
import { FormatError } from '../errors';
import { CertView, KU_CRL_SIGN, type CertificateFacts } from '../x509/certificate-model';
import { CrlError } from './errors';

/** What a CRL takes from its issuer's certificate. */
export interface CrlIssuer {
  /** RFC 5280 5.1.2.3: the CRL's issuer field is the issuer certificate's subject. */
  name: Name;
  /** RFC 5280 5.2.1: the key identifier of the authority key identifier extension. */
  keyIdentifier: Uint8Array;
  /** DER SubjectPublicKeyInfo, to check the CRL's signature after signing. */
  publicKeyInfo: Uint8Array;
}

export function readCrlIssuer(issuerCertificate: Uint8Array): CrlIssuer {
  let cert: CertView;
  let keyUsage: number | undefined;
  let facts: CertificateFacts;
  try {
    cert = CertView.parse(issuerCertificate);
    keyUsage = cert.keyUsage();
    facts = cert.facts();
  } catch (cause) {
    if (!(cause instanceof FormatError)) throw cause;
    throw new CrlError('MALFORMED_ISSUER_CERTIFICATE', `The CRL issuer certificate is malformed.`, {
      cause,
    });
  }
  // RFC 5280 4.2.1.3: a key that signs CRLs has cRLSign in its key usage, when the extension exists.
  if (keyUsage !== undefined && (keyUsage & KU_CRL_SIGN) === 0) {
    throw new CrlError(
      'ISSUER_NOT_CRL_SIGNER',
      'The issuer certificate does not allow signing CRLs (no cRLSign key usage).',
    );
  }
  return {
    name: cert.tbs.subject,
    // RFC 5280 5.2.1 with 4.2.1.2: the SKI, else method (1), the SHA-1 of the key.
    keyIdentifier: facts.keyIdentifier,
    publicKeyInfo: cert.spkiDer,
  };
}

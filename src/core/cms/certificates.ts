/**
 * Certificates a signature carries are checked to be X.509 DER (RFC 5280 4.1) by the one
 * certificate model, so that a broken input fails at signing with a FormatError instead of
 * yielding an unreadable CMS. The model keeps each certificate read, so each is checked once.
 */
import { CertView } from '../x509/certificate-model';

export function assertCertificates(certificates: readonly Uint8Array[]): void {
  for (const certificate of certificates) CertView.parse(certificate);
}

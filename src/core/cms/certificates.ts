/**
 * Certificates a signature carries are checked to be X.509 DER once (RFC 5280 4.1), so that a
 * broken input fails at signing with a FormatError instead of yielding an unreadable CMS.
 */
import { Certificate } from '@peculiar/asn1-x509';
import { decodeDer } from '../asn1/decode';
import { bytesKey, memoize } from '../memo';

const checked = memoize(bytesKey, (certificate: Uint8Array): true => {
  decodeDer(certificate, Certificate, 'certificate');
  return true;
});

export function assertCertificates(certificates: readonly Uint8Array[]): void {
  for (const certificate of certificates) checked(certificate);
}

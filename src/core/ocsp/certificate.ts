import { FormatError } from '../errors';
import { CertView, type CertificateKey } from '../x509/certificate-model';
import { OcspError } from './errors';

export type { CertificateKey } from '../x509/certificate-model';

/**
 * The subject and key of a DER certificate as RFC 6960 4.1.1 hashes them: the certificate model's
 * ocspKey() projection, its decoding failures as OCSP's MALFORMED_CERTIFICATE. The certificate's
 * signature is not checked here.
 */
export function readCertificateKey(der: Uint8Array, what: string): CertificateKey {
  try {
    return CertView.parse(der).ocspKey();
  } catch (cause) {
    if (!(cause instanceof FormatError)) throw cause;
    throw new OcspError('MALFORMED_CERTIFICATE', `The ${what} is not a DER certificate.`, {
      cause,
    });
  }
}

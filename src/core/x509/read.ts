import { derFromPemOrDer } from '../encoding';
import { CertView, type CertificateFacts } from './certificate-model';

export type { CertificateFacts } from './certificate-model';

/**
 * The facts of a certificate given as PEM or DER: files handed to operators are PEM, so this
 * reader (alone) accepts both, then asks the one certificate model for its facts() projection.
 * Models are kept per certificate, a bounded number: facts are shared and must not be changed.
 */
export function readCertificate(bytes: Uint8Array): CertificateFacts {
  return CertView.parse(derFromPemOrDer(bytes, 'CERTIFICATE')).facts();
}

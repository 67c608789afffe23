/**
 * What the checks of one verification share: the time, the trust anchors, the certificate and CRL
 * pools (the signature's own, the caller's and this CA's), each parsed once.
 */
import type { CertView } from '../core/validation/certificate-view';
import type { CrlView } from '../core/validation/crl-view';

export interface VerificationContext {
  /** The validation time ("current time" of ETSI EN 319 102-1). */
  now: Date;
  trustAnchors: Uint8Array[];
  /** Every certificate that may serve in a path (DER): the signature's, the caller's, the CA's. */
  untrusted: Uint8Array[];
  /** The same, parsed; a certificate that does not parse is left out. */
  certificates: CertView[];
  crls: CrlView[];
}

/**
 * A signed validation receipt (issue 19): the verification report as RFC 8785 canonical JSON,
 * enclosed in a CMS SignedData (RFC 5652) signed by Signet's validation key, with a signature
 * time-stamp from Signet's TSA (ETSI EN 319 122-1 5.3, id-aa-signatureTimeStampToken), so that it
 * verifies years later with OpenSSL alone: `openssl cms -verify -inform DER -CAfile root.pem`
 * prints the report, `openssl ts -verify` checks the token.
 *
 * eContentType is id-data (RFC 5652 4): OpenSSL's `cms -verify` writes out id-data content as
 * it is, and the receipt's certificate (VALIDATION_PROFILE) already says what its key signs.
 * The signed attributes are those of CAdES-B-B: content-type, message-digest, signing-time,
 * signing-certificate-v2; the issuing CA's certificate rides along, the root is the relying
 * party's own.
 */
import { digest } from '../core/algorithms';
import {
  addSignatureTimestamp,
  signCadesBaselineB,
  withContent,
  type TimestampSource,
} from '../core/cms';
import { canonicalJson } from '../core/jcs';
import type { CertifyDeps } from './audit-anchor';
import type { AuthorityCache } from './context';
import { VALIDATION_SCHEME, validationKey } from './validation-key';

export interface ReceiptDeps {
  ca: CertifyDeps;
  authorities: AuthorityCache;
  tsa: { timestamp: TimestampSource };
}

/** The receipt (DER ContentInfo) over `report`, as JSON.stringify would give it, canonicalized. */
export async function issueReceipt(deps: ReceiptDeps, report: unknown): Promise<Uint8Array> {
  const key = await validationKey(deps.ca);
  // The report as the API answers it: members set to undefined are not in the JSON.
  const content = new TextEncoder().encode(canonicalJson(JSON.parse(JSON.stringify(report))));
  const signed = await signCadesBaselineB({
    digest: digest('sha256', content),
    hash: 'sha256',
    signer: deps.ca.vault.signer(key.keyId, VALIDATION_SCHEME),
    signerCertificate: key.certificate,
    certificates: [deps.authorities.get('issuing').der],
    signingTime: deps.ca.clock.now(),
  });
  return addSignatureTimestamp(withContent(signed, content), (imprint, hash) =>
    deps.tsa.timestamp(imprint, hash),
  );
}

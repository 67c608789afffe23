/**
 * Where revocation data may be fetched for a signature that carries none (issue 14 item 6): the
 * CRL distribution points (RFC 5280 4.2.1.13, fullName URIs) of the certificates it carries. What
 * is fetched there only counts when its issuer signed it (the CRL checks of path validation), so
 * a URL a signer chose can make the answer TRY_LATER, never "not revoked".
 */
import { parseCertificates } from './certificates';
import { readSignedData } from './signature-validation';

/** A signature names few; more would only make the verifier wait. */
const MAX_URLS = 4;

export function crlUrlsToFetch(signature: Uint8Array): string[] {
  const read = readSignedData(signature);
  if (!read.ok) return [];
  const cms = read.cms;
  if (cms.crls.length > 0 || cms.ocspResponses.length > 0) return [];
  const urls = new Set<string>();
  for (const certificate of parseCertificates(cms.certificates)) {
    let points;
    try {
      points = certificate.crlDistributionPoints() ?? [];
    } catch {
      continue; // a malformed extension: path validation reports it
    }
    for (const point of points) {
      for (const name of point.distributionPoint?.fullName ?? []) {
        const uri = name.uniformResourceIdentifier;
        if (uri && /^https?:\/\//i.test(uri)) urls.add(uri);
      }
    }
  }
  return [...urls].slice(0, MAX_URLS);
}

import { OCSPResponse, OCSPResponseStatus } from '@peculiar/asn1-ocsp';
import { AsnConvert } from '@peculiar/asn1-schema';

/** OCSPResponseStatus names (RFC 6960 4.2.1); value 4 is not used. */
export type OcspResponseStatusName = keyof typeof OCSPResponseStatus;

/** The statuses a responder answers without a signed response (RFC 6960 2.3). */
export type OcspErrorStatus = Exclude<OcspResponseStatusName, 'successful'>;

/**
 * An unsigned OCSPResponse with an error status and no responseBytes (RFC 6960 2.3, 4.2.1):
 * malformedRequest for requests that cannot be read, unauthorized for certificates of another
 * issuer, internalError and tryLater for the responder's own failures, sigRequired when a signed
 * request is demanded.
 */
export function ocspErrorResponse(status: OcspErrorStatus): Uint8Array {
  return new Uint8Array(
    AsnConvert.serialize(new OCSPResponse({ responseStatus: OCSPResponseStatus[status] })),
  );
}

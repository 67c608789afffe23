import * as oid from '../oid';
import { DerReader } from '../asn1/der-reader';
import { objectIdentifier, TAG, tlv } from '../asn1/der-writer';

/** RFC 9654 2.1: Nonce ::= OCTET STRING (SIZE(1..128)). */
const NONCE_MAX_LENGTH = 128;

export const NONCE_OID_DER = objectIdentifier(oid.OID_PKIX_OCSP_NONCE);

export function isValidNonce(nonce: Uint8Array): boolean {
  return nonce.length >= 1 && nonce.length <= NONCE_MAX_LENGTH;
}

/**
 * The nonce in a Nonce extension's extnValue, which holds the DER of an OCTET STRING (RFC 9654
 * 2.1). Other lengths than 1 to 128 octets fail: responders reject them with malformedRequest.
 */
export function readNonce(extnValue: Uint8Array, fail: (message: string) => never): Uint8Array {
  const reader = new DerReader(extnValue, fail);
  const nonce = reader.expect(TAG.OCTET_STRING, 'nonce').contents;
  reader.end('nonce');
  if (!isValidNonce(nonce)) fail(`The nonce has ${nonce.length} octets, not 1 to 128.`);
  return nonce;
}

/** Extension { id-pkix-ocsp-nonce, extnValue = DER OCTET STRING of the nonce }, non-critical. */
export function nonceExtension(nonce: Uint8Array): Buffer {
  return tlv(TAG.SEQUENCE, NONCE_OID_DER, tlv(TAG.OCTET_STRING, tlv(TAG.OCTET_STRING, nonce)));
}

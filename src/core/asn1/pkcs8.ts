/**
 * PrivateKeyInfo (RFC 5208 section 5; OneAsymmetricKey v1 of RFC 5958 2), declared for the keys
 * Node cannot export once imported: SM2 keys (src/keys/sm2-key.ts).
 */
import { AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';

/**
 * PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier,
 * privateKey OCTET STRING, attributes [0] IMPLICIT Attributes OPTIONAL }
 */
export class PrivateKeyInfo {
  @AsnProp({ type: AsnPropTypes.Integer })
  version = 0;

  @AsnProp({ type: AlgorithmIdentifier })
  privateKeyAlgorithm = new AlgorithmIdentifier();

  @AsnProp({ type: OctetString })
  privateKey = new OctetString();

  /** Kept as its encoding: Signet reads no attribute. */
  @AsnProp({ type: AsnPropTypes.Any, context: 0, implicit: true, optional: true })
  attributes?: ArrayBuffer;

  constructor(params: Partial<PrivateKeyInfo> = {}) {
    Object.assign(this, params);
  }
}

/**
 * ATSHashIndexV3 (ETSI EN 319 122-1 5.5.2): which certificates, revocation data and unsigned
 * attribute values an archive-time-stamp-v3 covers, each by its hash, so that data added later
 * (a renewal's time-stamp, newer CRLs) does not break it.
 */
import { AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { OID_SHA256 } from '../oid';

/** The DEFAULT of hashIndAlgorithm: id-sha256 (5.5.2). */
const ATS_DEFAULT_HASH_ALGORITHM = new AlgorithmIdentifier({ algorithm: OID_SHA256 });

/**
 * ATSHashIndexV3 ::= SEQUENCE { hashIndAlgorithm AlgorithmIdentifier DEFAULT {algorithm
 * id-sha256}, certificatesHashIndex SEQUENCE OF OCTET STRING, crlsHashIndex SEQUENCE OF OCTET
 * STRING, unsignedAttrValuesHashIndex SEQUENCE OF OCTET STRING }. DER leaves the DEFAULT out.
 *
 * The hashes are declared as the primitive OCTET STRING (ArrayBuffer values), not asn1-schema's
 * OctetString class: asn1-schema 2.11.1 parses a repeated convertible class into ONE instance
 * (AsnParser.processPrimitiveSchemaItem makes a single `new OctetString()` and its fromASN returns
 * itself), so every hash of a list read back as the last one. test/core/asn1/ats.test.ts holds it.
 */
export class AtsHashIndexV3 {
  // `optional` as well, as for ESSCertIDv2 (ess.ts): a DEFAULT alone would match the next field.
  @AsnProp({ type: AlgorithmIdentifier, defaultValue: ATS_DEFAULT_HASH_ALGORITHM, optional: true })
  hashIndAlgorithm = ATS_DEFAULT_HASH_ALGORITHM;

  @AsnProp({ type: AsnPropTypes.OctetString, repeated: 'sequence' })
  certificatesHashIndex: ArrayBuffer[] = [];

  @AsnProp({ type: AsnPropTypes.OctetString, repeated: 'sequence' })
  crlsHashIndex: ArrayBuffer[] = [];

  @AsnProp({ type: AsnPropTypes.OctetString, repeated: 'sequence' })
  unsignedAttrValuesHashIndex: ArrayBuffer[] = [];

  constructor(params: Partial<AtsHashIndexV3> = {}) {
    Object.assign(this, params);
  }
}

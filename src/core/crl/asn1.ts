import {
  AsnIntegerBigIntConverter,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
} from '@peculiar/asn1-schema';

/**
 * CRLNumber ::= INTEGER (0..MAX), RFC 5280 5.2.3. Declared here because @peculiar/asn1-x509's
 * CRLNumber holds a JavaScript number, and CRL numbers may be up to 20 octets long.
 */
@AsnType({ type: AsnTypeTypes.Choice })
export class CrlNumber {
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })
  value: bigint;

  constructor(value = 0n) {
    this.value = value;
  }
}

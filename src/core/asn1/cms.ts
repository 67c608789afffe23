/**
 * CMS SignedData (RFC 5652) declared for signing and for editing signed messages. Unlike
 * @peculiar/asn1-cms these keep certificates, revocation data, algorithm identifiers and attributes
 * as DER elements: constant parts are encoded once per signer rather than per signature, parsed
 * input is written back unchanged, and the `crl` alternative of RevocationInfoChoice (which
 * @peculiar/asn1-cms 2.11 does not declare) is carried like any other.
 */
import {
  AsnArray,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { DerElement, DerSetOf } from './der-element';

/** ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT ANY } (RFC 5652 section 3). */
export class ContentInfo {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  contentType = '';

  @AsnProp({ type: DerElement, context: 0 })
  content = new DerElement();

  constructor(params: Partial<ContentInfo> = {}) {
    Object.assign(this, params);
  }
}

/** Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF ANY } (RFC 5652 5.3). */
export class Attribute {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  attrType = '';

  @AsnProp({ type: DerSetOf })
  attrValues = new DerSetOf();

  constructor(params: Partial<Attribute> = {}) {
    Object.assign(this, params);
  }
}

/**
 * EncapsulatedContentInfo ::= SEQUENCE { eContentType, eContent [0] EXPLICIT OCTET STRING
 * OPTIONAL } (RFC 5652 5.2). eContent is kept as its OCTET STRING element so that a constructed
 * (BER) one from another implementation can be read too.
 */
export class EncapsulatedContentInfo {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  eContentType = '';

  @AsnProp({ type: DerElement, context: 0, optional: true })
  eContent?: DerElement;

  constructor(params: Partial<EncapsulatedContentInfo> = {}) {
    Object.assign(this, params);
  }
}

/**
 * SignerInfo (RFC 5652 5.3). sid, digestAlgorithm and signatureAlgorithm are DER elements;
 * signedAttrs and unsignedAttrs are SETs of Attribute encodings.
 */
export class SignerInfo {
  @AsnProp({ type: AsnPropTypes.Integer })
  version = 1;

  @AsnProp({ type: DerElement })
  sid = new DerElement();

  @AsnProp({ type: DerElement })
  digestAlgorithm = new DerElement();

  @AsnProp({ type: DerSetOf, context: 0, implicit: true, optional: true })
  signedAttrs?: DerSetOf;

  @AsnProp({ type: DerElement })
  signatureAlgorithm = new DerElement();

  @AsnProp({ type: OctetString })
  signature = new OctetString();

  @AsnProp({ type: DerSetOf, context: 1, implicit: true, optional: true })
  unsignedAttrs?: DerSetOf;

  constructor(params: Partial<SignerInfo> = {}) {
    Object.assign(this, params);
  }
}

/** SignerInfos ::= SET OF SignerInfo (RFC 5652 5.1). */
@AsnType({ type: AsnTypeTypes.Set, itemType: SignerInfo })
export class SignerInfos extends AsnArray<SignerInfo> {}

/**
 * SignedData (RFC 5652 5.1): digestAlgorithms is a SET OF AlgorithmIdentifier encodings,
 * certificates a SET OF CertificateChoices encodings, crls a SET OF RevocationInfoChoice encodings.
 */
export class SignedData {
  @AsnProp({ type: AsnPropTypes.Integer })
  version = 1;

  @AsnProp({ type: DerSetOf })
  digestAlgorithms = new DerSetOf();

  @AsnProp({ type: EncapsulatedContentInfo })
  encapContentInfo = new EncapsulatedContentInfo();

  @AsnProp({ type: DerSetOf, context: 0, implicit: true, optional: true })
  certificates?: DerSetOf;

  @AsnProp({ type: DerSetOf, context: 1, implicit: true, optional: true })
  crls?: DerSetOf;

  @AsnProp({ type: SignerInfos })
  signerInfos = new SignerInfos();

  constructor(params: Partial<SignedData> = {}) {
    Object.assign(this, params);
  }
}

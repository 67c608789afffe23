/**
 * The signing-certificate-v2 attribute of Enhanced Security Services (RFC 5035 section 3), used by
 * CAdES (ETSI EN 319 122-1 5.2.2.3) and by time-stamp tokens (RFC 5816).
 */
import {
  AsnIntegerArrayBufferConverter,
  AsnProp,
  AsnPropTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, GeneralNames, PolicyInformation } from '@peculiar/asn1-x509';
import { OID_SHA256 } from '../oid';

/** IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber } */
export class IssuerSerial {
  @AsnProp({ type: GeneralNames })
  issuer = new GeneralNames();

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  serialNumber = new ArrayBuffer(0);

  constructor(params: Partial<IssuerSerial> = {}) {
    Object.assign(this, params);
  }
}

/** The DEFAULT of ESSCertIDv2.hashAlgorithm: id-sha256 with absent parameters (RFC 5035 4). */
const ESS_DEFAULT_HASH_ALGORITHM = new AlgorithmIdentifier({ algorithm: OID_SHA256 });

/**
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
 * certHash Hash, issuerSerial IssuerSerial OPTIONAL }. DER leaves the DEFAULT out (X.690 11.5).
 */
export class EssCertIdV2 {
  // `optional` as well: with a DEFAULT alone asn1-schema matches an ANY here, which would take
  // the certHash when hashAlgorithm is left out.
  @AsnProp({ type: AlgorithmIdentifier, defaultValue: ESS_DEFAULT_HASH_ALGORITHM, optional: true })
  hashAlgorithm = ESS_DEFAULT_HASH_ALGORITHM;

  @AsnProp({ type: OctetString })
  certHash = new OctetString();

  @AsnProp({ type: IssuerSerial, optional: true })
  issuerSerial?: IssuerSerial;

  constructor(params: Partial<EssCertIdV2> = {}) {
    Object.assign(this, params);
  }
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies SEQUENCE OF
 * PolicyInformation OPTIONAL }. The first ESSCertIDv2 identifies the signing certificate.
 */
export class SigningCertificateV2 {
  @AsnProp({ type: EssCertIdV2, repeated: 'sequence' })
  certs: EssCertIdV2[] = [];

  @AsnProp({ type: PolicyInformation, repeated: 'sequence', optional: true })
  policies?: PolicyInformation[];

  constructor(params: Partial<SigningCertificateV2> = {}) {
    Object.assign(this, params);
  }
}

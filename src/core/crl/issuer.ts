import { AsnConvert } from '@peculiar/asn1-schema';
import { decodeDer } from '../asn1/decode';
import {
  Certificate,
  KeyUsage,
  KeyUsageFlags,
  Name,
  SubjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { createHash } from 'node:crypto';
import * as oid from '../oid';
import { CrlError } from './errors';

/** What a CRL takes from its issuer's certificate. */
export interface CrlIssuer {
  /** RFC 5280 5.1.2.3: the CRL's issuer field is the issuer certificate's subject. */
  name: Name;
  /** RFC 5280 5.2.1: the key identifier of the authority key identifier extension. */
  keyIdentifier: Uint8Array;
  /** DER SubjectPublicKeyInfo, to check the CRL's signature after signing. */
  publicKeyInfo: Uint8Array;
}

/** The one strict decoder, its failures as MALFORMED_ISSUER_CERTIFICATE. */
function parse<T>(der: ArrayBuffer | Uint8Array, type: new () => T, what: string): T {
  return decodeDer(der, type, `CRL issuer certificate's ${what}`, {
    fail: (message, cause) => {
      throw new CrlError('MALFORMED_ISSUER_CERTIFICATE', message, { cause });
    },
  });
}

export function readCrlIssuer(issuerCertificate: Uint8Array): CrlIssuer {
  const tbs = parse(issuerCertificate, Certificate, 'encoding').tbsCertificate;
  const extensions = tbs.extensions ?? [];
  const keyUsage = extensions.find((e) => e.extnID === oid.OID_CE_KEY_USAGE);
  // RFC 5280 4.2.1.3: a key that signs CRLs has cRLSign in its key usage, when the extension exists.
  if (keyUsage) {
    const flags = parse(keyUsage.extnValue.buffer, KeyUsage, 'key usage').toNumber();
    if ((flags & KeyUsageFlags.cRLSign) === 0) {
      throw new CrlError(
        'ISSUER_NOT_CRL_SIGNER',
        'The issuer certificate does not allow signing CRLs (no cRLSign key usage).',
      );
    }
  }
  const ski = extensions.find((e) => e.extnID === oid.OID_CE_SUBJECT_KEY_IDENTIFIER);
  const spki = tbs.subjectPublicKeyInfo;
  const keyIdentifier = ski
    ? new Uint8Array(parse(ski.extnValue.buffer, SubjectKeyIdentifier, 'key identifier').buffer)
    : // RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value.
      new Uint8Array(createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest());
  return {
    name: tbs.subject,
    keyIdentifier,
    publicKeyInfo: new Uint8Array(AsnConvert.serialize(spki)),
  };
}

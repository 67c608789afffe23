/**
 * Builders of the certificate extensions Signet's profiles use (RFC 5280 4.2, RFC 6960 4.2.2.2.1).
 * Each returns an Extension with its criticality fixed by the RFC or passed by the profile.
 */
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AccessDescription,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import * as oid from '../oid';
import { decodeDer } from '../asn1/decode';

export type KeyUsageName = keyof typeof KeyUsageFlags;

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({
    extnID,
    critical,
    extnValue: new OctetString(AsnConvert.serialize(value)),
  });
}

/** RFC 5280 4.2.1.9: MUST be critical in CA certificates; Signet marks it critical everywhere. */
export function basicConstraints(ca: boolean, pathLen?: number): Extension {
  return extension(
    oid.OID_CE_BASIC_CONSTRAINTS,
    true,
    new BasicConstraints(ca ? { cA: true, pathLenConstraint: pathLen } : {}),
  );
}

/** RFC 5280 4.2.1.3: SHOULD be critical. */
export function keyUsage(usages: readonly KeyUsageName[]): Extension {
  const flags = usages.reduce((acc, u) => acc | KeyUsageFlags[u], 0);
  return extension(oid.OID_CE_KEY_USAGE, true, new KeyUsage(flags));
}

export function extendedKeyUsage(purposes: readonly string[], critical: boolean): Extension {
  return extension(oid.OID_CE_EXT_KEY_USAGE, critical, new ExtendedKeyUsage([...purposes]));
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's value. */
export function keyIdentifierOf(spkiDer: Uint8Array): Uint8Array {
  const spki = decodeDer(spkiDer, SubjectPublicKeyInfo, 'public key');
  return new Uint8Array(createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest());
}

export function subjectKeyIdentifier(keyId: Uint8Array): Extension {
  return extension(oid.OID_CE_SUBJECT_KEY_IDENTIFIER, false, new SubjectKeyIdentifier(keyId));
}

/** RFC 5280 4.2.1.1: keyIdentifier of the issuer's SKI; MUST NOT be critical. */
export function authorityKeyIdentifier(issuerKeyId: Uint8Array): Extension {
  return extension(
    oid.OID_CE_AUTHORITY_KEY_IDENTIFIER,
    false,
    new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuerKeyId) }),
  );
}

/** RFC 5280 4.2.1.13: one distribution point with a full-name URI; no reasons, no cRLIssuer. */
export function crlDistributionPoint(url: string): Extension {
  const point = new DistributionPoint({
    distributionPoint: new DistributionPointName({
      fullName: [new GeneralName({ uniformResourceIdentifier: url })],
    }),
  });
  return extension(oid.OID_CE_CRL_DISTRIBUTION_POINTS, false, new CRLDistributionPoints([point]));
}

/** RFC 5280 4.2.2.1: OCSP and caIssuers access methods; MUST NOT be critical. */
export function authorityInfoAccess(access: { ocsp?: string; caIssuers?: string }): Extension {
  const descriptions: AccessDescription[] = [];
  const add = (method: string, url: string): void => {
    descriptions.push(
      new AccessDescription({
        accessMethod: method,
        accessLocation: new GeneralName({ uniformResourceIdentifier: url }),
      }),
    );
  };
  if (access.ocsp) add(oid.OID_AD_OCSP, access.ocsp);
  if (access.caIssuers) add(oid.OID_AD_CA_ISSUERS, access.caIssuers);
  return extension(
    oid.OID_PE_AUTHORITY_INFO_ACCESS,
    false,
    new AuthorityInfoAccessSyntax(descriptions),
  );
}

/** RFC 6960 4.2.2.2.1: id-pkix-ocsp-nocheck, value NULL, on the delegated responder certificate. */
export function ocspNoCheck(): Extension {
  return new Extension({
    extnID: oid.OID_PKIX_OCSP_NOCHECK,
    critical: false,
    extnValue: new OctetString(new Uint8Array([0x05, 0x00])),
  });
}

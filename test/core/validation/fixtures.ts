/**
 * Certificates and CRLs made in memory for the validatePath unit tests: a tiny CA that signs with
 * ECDSA P-256 (or a key the test chooses) and lets each test bend one field at a time. Nothing is
 * written to disk; each test builds exactly the hard case it describes.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificateList,
  CRLDistributionPoints,
  CRLNumber,
  CRLReason,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  KeyIdentifier,
  KeyUsage,
  Name,
  NameConstraints,
  RelativeDistinguishedName,
  RevokedCertificate,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  TBSCertList,
  Time,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { digest } from '../../../src/core/algorithms';
import * as oid from '../../../src/core/oid';

export const KU = {
  digitalSignature: 1 << 0,
  nonRepudiation: 1 << 1,
  keyCertSign: 1 << 5,
  cRLSign: 1 << 6,
};

export interface Party {
  name: Name;
  privateKey: KeyObject;
  spkiDer: Uint8Array;
  keyId: Uint8Array;
  /** The DER certificate, once issued. */
  der: Uint8Array;
}

export function name(cn: string, email?: string): Name {
  const rdns = [
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: oid.OID_AT_COMMON_NAME,
        value: new AttributeValue({ utf8String: cn }),
      }),
    ]),
  ];
  if (email) {
    rdns.push(
      new RelativeDistinguishedName([
        new AttributeTypeAndValue({
          type: oid.OID_PKCS9_EMAIL_ADDRESS,
          value: new AttributeValue({ ia5String: email }),
        }),
      ]),
    );
  }
  return new Name(rdns);
}

export function party(cn: string, options: { email?: string; rsaBits?: number } = {}): Party {
  const { privateKey, publicKey } = options.rsaBits
    ? generateKeyPairSync('rsa', { modulusLength: options.rsaBits })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spkiDer = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  return {
    name: name(cn, options.email),
    privateKey,
    spkiDer,
    keyId: digest('sha256', spkiDer).subarray(0, 20),
    der: new Uint8Array(0),
  };
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({
    extnID,
    critical,
    extnValue: new OctetString(AsnConvert.serialize(value)),
  });
}

function keyUsage(mask: number): KeyUsage {
  const bytes = [0, 0];
  for (let i = 0; i < 9; i++) if (mask & (1 << i)) bytes[i >> 3] |= 0x80 >> (i & 7);
  const used = bytes[1] ? 2 : 1;
  return new KeyUsage(new Uint8Array(bytes.slice(0, used)));
}

function signWith(
  signer: Party,
  data: ArrayBuffer,
  hash: 'sha256' | 'sha1',
): { algorithm: AlgorithmIdentifier; signature: ArrayBuffer } {
  const rsa = signer.privateKey.asymmetricKeyType === 'rsa';
  const algorithm = rsa
    ? new AlgorithmIdentifier({
        algorithm: hash === 'sha1' ? oid.OID_SHA1_WITH_RSA : oid.OID_SHA256_WITH_RSA,
        parameters: null,
      })
    : new AlgorithmIdentifier({
        algorithm: hash === 'sha1' ? oid.OID_ECDSA_WITH_SHA1 : oid.OID_ECDSA_WITH_SHA256,
      });
  const signature = sign(hash, new Uint8Array(data), {
    key: signer.privateKey,
    dsaEncoding: 'der',
  });
  return { algorithm, signature: new Uint8Array(signature).buffer };
}

export interface CertOptions {
  serial?: number;
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
  pathLen?: number;
  keyUsage?: number;
  ekus?: string[];
  emails?: string[];
  /** rfc822Name subtrees the CA permits. */
  permittedEmails?: string[];
  crlIssuerUri?: string;
  extra?: Extension[];
  hash?: 'sha256' | 'sha1';
  /** Replace the encoded subjectAltName with these bytes (to make it malformed). */
  rawSan?: Uint8Array;
}

/** A positive INTEGER's content octets (X.690 8.3): big-endian, a leading zero before a high bit. */
function serialNumber(serial: number): ArrayBuffer {
  const hex = serial.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  return new Uint8Array((bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.alloc(1), bytes]) : bytes)
    .buffer;
}

export const YEAR_2020 = new Date('2020-01-01T00:00:00Z');
export const YEAR_2040 = new Date('2040-01-01T00:00:00Z');

/** Issues a certificate for `subject` signed by `issuer` (itself for a root); sets subject.der. */
export function issue(subject: Party, issuer: Party, options: CertOptions = {}): Uint8Array {
  const extensions: Extension[] = [
    extension(oid.OID_CE_SUBJECT_KEY_IDENTIFIER, false, new SubjectKeyIdentifier(subject.keyId)),
  ];
  if (issuer !== subject) {
    extensions.push(
      extension(
        oid.OID_CE_AUTHORITY_KEY_IDENTIFIER,
        false,
        new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuer.keyId) }),
      ),
    );
  }
  if (options.ca !== undefined) {
    extensions.push(
      extension(
        oid.OID_CE_BASIC_CONSTRAINTS,
        true,
        new BasicConstraints({ cA: options.ca, pathLenConstraint: options.pathLen }),
      ),
    );
  }
  const ku = options.keyUsage ?? (options.ca ? KU.keyCertSign | KU.cRLSign : undefined);
  if (ku !== undefined) extensions.push(extension(oid.OID_CE_KEY_USAGE, true, keyUsage(ku)));
  if (options.ekus) {
    extensions.push(extension(oid.OID_CE_EXT_KEY_USAGE, false, new ExtendedKeyUsage(options.ekus)));
  }
  if (options.rawSan) {
    extensions.push(
      new Extension({
        extnID: oid.OID_CE_SUBJECT_ALT_NAME,
        critical: false,
        extnValue: new OctetString(options.rawSan),
      }),
    );
  } else if (options.emails) {
    const names = options.emails.map((rfc822Name) => new GeneralName({ rfc822Name }));
    extensions.push(
      extension(oid.OID_CE_SUBJECT_ALT_NAME, false, new SubjectAlternativeName(names)),
    );
  }
  if (options.permittedEmails) {
    const subtrees = options.permittedEmails.map(
      (rfc822Name) => new GeneralSubtree({ base: new GeneralName({ rfc822Name }) }),
    );
    extensions.push(
      extension(
        oid.OID_CE_NAME_CONSTRAINTS,
        true,
        new NameConstraints({ permittedSubtrees: new GeneralSubtrees(subtrees) }),
      ),
    );
  }
  if (options.crlIssuerUri) {
    const dp = new DistributionPoint({
      distributionPoint: new DistributionPointName({
        fullName: [new GeneralName({ uniformResourceIdentifier: options.crlIssuerUri })],
      }),
    });
    extensions.push(
      extension(oid.OID_CE_CRL_DISTRIBUTION_POINTS, false, new CRLDistributionPoints([dp])),
    );
  }
  extensions.push(...(options.extra ?? []));
  const hash = options.hash ?? 'sha256';
  const { algorithm } = signWith(issuer, new ArrayBuffer(0), hash);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialNumber(options.serial ?? 1),
    signature: algorithm,
    issuer: issuer.name,
    validity: new Validity({
      notBefore: options.notBefore ?? YEAR_2020,
      notAfter: options.notAfter ?? YEAR_2040,
    }),
    subject: subject.name,
    subjectPublicKeyInfo: AsnConvert.parse(subject.spkiDer, SubjectPublicKeyInfo),
    extensions: new Extensions(extensions),
  });
  const signed = signWith(issuer, AsnConvert.serialize(tbs), hash);
  const der = new Uint8Array(
    AsnConvert.serialize(
      new Certificate({
        tbsCertificate: tbs,
        signatureAlgorithm: signed.algorithm,
        signatureValue: signed.signature,
      }),
    ),
  );
  subject.der = der;
  return der;
}

export interface CrlOptions {
  thisUpdate?: Date;
  nextUpdate?: Date;
  revoked?: { serial: number; reason?: number; date?: Date }[];
}

/** A CRL signed by `issuer`, with a CRL number and the issuer's key identifier. */
export function crl(issuer: Party, options: CrlOptions = {}): Uint8Array {
  const revoked = (options.revoked ?? []).map(
    (r) =>
      new RevokedCertificate({
        userCertificate: serialNumber(r.serial),
        revocationDate: new Time(r.date ?? YEAR_2020),
        crlEntryExtensions:
          r.reason === undefined
            ? undefined
            : [extension(oid.OID_CE_CRL_REASON, false, new CRLReason(r.reason))],
      }),
  );
  const { algorithm } = signWith(issuer, new ArrayBuffer(0), 'sha256');
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: algorithm,
    issuer: issuer.name,
    thisUpdate: new Time(options.thisUpdate ?? YEAR_2020),
    nextUpdate: new Time(options.nextUpdate ?? YEAR_2040),
    revokedCertificates: revoked.length > 0 ? revoked : undefined,
    crlExtensions: [
      extension(oid.OID_CE_CRL_NUMBER, false, new CRLNumber(1)),
      extension(
        oid.OID_CE_AUTHORITY_KEY_IDENTIFIER,
        false,
        new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuer.keyId) }),
      ),
    ],
  });
  const signed = signWith(issuer, AsnConvert.serialize(tbs), 'sha256');
  return new Uint8Array(
    AsnConvert.serialize(
      new CertificateList({
        tbsCertList: tbs,
        signatureAlgorithm: signed.algorithm,
        signature: signed.signature,
      }),
    ),
  );
}

/** An extension with an OID nobody processes. */
export function unknownExtension(critical: boolean): Extension {
  return new Extension({
    extnID: '1.3.6.1.4.1.99999.9.9',
    critical,
    extnValue: new OctetString(new Uint8Array([0x05, 0x00])),
  });
}

/** root -> ca -> leaf, all valid in 2020-2040; the leaf is a document signer (serial 3). */
export function pki(): { root: Party; ca: Party; leaf: Party } {
  const root = party('Root');
  const ca = party('Issuing CA');
  const leaf = party('Signer');
  issue(root, root, { ca: true });
  issue(ca, root, { ca: true, pathLen: 0, serial: 2 });
  issue(leaf, ca, {
    serial: 3,
    keyUsage: KU.digitalSignature | KU.nonRepudiation,
    ekus: [oid.OID_KP_DOCUMENT_SIGNING],
  });
  return { root, ca, leaf };
}

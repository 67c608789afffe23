import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { hashLength, hashOid, type HashName } from '../algorithms';
import * as oid from '../oid';
import { readCertificateKey } from './certificate';
import { TAG, tlv } from '../asn1/der-writer';
import { OcspError } from './errors';

/**
 * Hashes a CertID may use. SHA-1, refused everywhere else in Signet, is accepted here: OpenSSL and
 * most clients name certificates with SHA-1 CertIDs (RFC 6960 4.1.1, RFC 5019 2.1.1).
 */
export type CertIdHash = HashName | 'sha1';

/**
 * CertID (RFC 6960 4.1.1): the certificate asked about, named by its issuer's name and key hashes
 * and its serial number.
 */
export interface CertId {
  hash: CertIdHash;
  /** Hash of the DER of the issuer's distinguished name. */
  issuerNameHash: Uint8Array;
  /** Hash of the issuer's public key BIT STRING value. */
  issuerKeyHash: Uint8Array;
  /** Content octets of the serialNumber INTEGER, as the client wrote them. */
  serialNumber: Uint8Array;
  /**
   * How the hashAlgorithm's parameters were written: NULL or absent (RFC 5754 2 allows both).
   * Responses echo the request's form, since some clients compare CertIDs by their encoding.
   * Default: NULL, as OpenSSL writes it.
   */
  hashParameters?: 'null' | 'absent';
}

const HASHES: Record<CertIdHash, { oid: string; length: number }> = {
  sha1: { oid: oid.OID_SHA1, length: 20 },
  sha256: { oid: hashOid('sha256'), length: hashLength('sha256') },
  sha384: { oid: hashOid('sha384'), length: hashLength('sha384') },
  sha512: { oid: hashOid('sha512'), length: hashLength('sha512') },
  // SM3 CertIDs, as SM2 clients write them (GM/T 0087 profile of RFC 6960).
  sm3: { oid: hashOid('sm3'), length: hashLength('sm3') },
};
const HASH_NAMES = Object.keys(HASHES) as CertIdHash[];

export function certIdHashFromOid(algorithm: string): CertIdHash | undefined {
  return HASH_NAMES.find((name) => HASHES[name].oid === algorithm);
}

export function certIdHashLength(hash: CertIdHash): number {
  return HASHES[hash].length;
}

type HashParameters = NonNullable<CertId['hashParameters']>;

/** The DER AlgorithmIdentifier of each hash and parameters form, made once by the library. */
const HASH_ALGORITHMS = HASH_NAMES.flatMap((hash) =>
  (['null', 'absent'] as const).map((parameters) => ({
    hash,
    parameters,
    der: Buffer.from(
      AsnConvert.serialize(
        new AlgorithmIdentifier({
          algorithm: HASHES[hash].oid,
          parameters: parameters === 'null' ? null : undefined,
        }),
      ),
    ),
  })),
);

/** The hash named by a DER AlgorithmIdentifier, or undefined for any other algorithm. */
export function readHashAlgorithm(
  der: Uint8Array,
): { hash: CertIdHash; parameters: HashParameters } | undefined {
  return HASH_ALGORITHMS.find((entry) => entry.der.equals(der));
}

function hashAlgorithmDer(hash: CertIdHash, parameters: HashParameters): Uint8Array {
  const entry = HASH_ALGORITHMS.find((e) => e.hash === hash && e.parameters === parameters);
  if (!entry) throw new OcspError('INVALID_INPUT', `The CertID hash ${hash} is not supported.`);
  return entry.der;
}

/** Checks a CertID's fields against its hash before it is written into a response. */
export function encodeCertId(certId: CertId): Buffer {
  const length = HASHES[certId.hash]?.length;
  if (
    length === undefined ||
    certId.issuerNameHash.length !== length ||
    certId.issuerKeyHash.length !== length ||
    certId.serialNumber.length === 0
  ) {
    throw new OcspError('INVALID_INPUT', 'The CertID does not fit its hash algorithm.');
  }
  // CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber } (4.1.1)
  return tlv(
    TAG.SEQUENCE,
    hashAlgorithmDer(certId.hash, certId.hashParameters ?? 'null'),
    tlv(TAG.OCTET_STRING, certId.issuerNameHash),
    tlv(TAG.OCTET_STRING, certId.issuerKeyHash),
    tlv(TAG.INTEGER, certId.serialNumber),
  );
}

/**
 * A test of CertIDs against one issuer certificate (RFC 6960 4.1.1): the hashes of the issuer's
 * name and key are computed once per hash algorithm. The responder answers `unauthorized` for
 * CertIDs of other issuers.
 */
export function createCertIdMatcher(issuerCertificate: Uint8Array): (certId: CertId) => boolean {
  const issuer = readCertificateKey(issuerCertificate, 'issuer certificate');
  const hashes = new Map<CertIdHash, { name: Buffer; key: Buffer }>();
  const hashesFor = (hash: CertIdHash) => {
    let known = hashes.get(hash);
    if (!known) {
      known = {
        name: createHash(hash).update(issuer.subject).digest(),
        key: createHash(hash).update(issuer.publicKey).digest(),
      };
      hashes.set(hash, known);
    }
    return known;
  };
  return (certId) => {
    if (!Object.prototype.hasOwnProperty.call(HASHES, certId.hash)) return false;
    const expected = hashesFor(certId.hash);
    return expected.name.equals(certId.issuerNameHash) && expected.key.equals(certId.issuerKeyHash);
  };
}

/** One-off form of createCertIdMatcher. */
export function certIdMatchesIssuer(certId: CertId, issuerCertificate: Uint8Array): boolean {
  return createCertIdMatcher(issuerCertificate)(certId);
}

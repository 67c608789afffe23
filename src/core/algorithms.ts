/**
 * The one table of algorithms: key types Signet makes, hashes, and signature schemes with their
 * AlgorithmIdentifiers (RFC 3279, RFC 4055, RFC 5758) and how Node's crypto signs and verifies
 * them. SM2 with SM3 (GB/T 32918, GB/T 32905) is a row too, but computed by core/sm2: Node's crypto
 * signs SM2 only under OpenSSL's empty default ID, never the explicit 1234567812345678.
 */
import {
  createHash,
  createPublicKey,
  verify as nodeVerify,
  constants,
  type KeyObject,
} from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { ECParameters } from '@peculiar/asn1-ecc';
import * as oid from './oid';
import { FormatError } from './errors';
import { bytesKey, memoize } from './memo';
import { SM2_P256 } from './sm2/curve';
import { isSm2Spki, sm2PublicKeyFromSpki } from './sm2/public-key';
import { sm2Verify } from './sm2/verify';
import { decodeDer } from './asn1/decode';

export type HashName = 'sha256' | 'sha384' | 'sha512' | 'sm3';
export type KeyAlgorithmName = 'ecdsa-p256' | 'ecdsa-p384' | 'rsa-2048' | 'rsa-3072' | 'sm2';
export type KeyType = 'ec' | 'rsa' | 'sm2';

export interface KeyAlgorithm {
  name: KeyAlgorithmName;
  type: KeyType;
  namedCurve?: 'P-256' | 'P-384';
  modulusLength?: number;
  /** The hash paired with the key's strength (NIST SP 800-57: P-384 pairs with SHA-384). */
  hash: HashName;
}

export const KEY_ALGORITHMS: Record<KeyAlgorithmName, KeyAlgorithm> = {
  'ecdsa-p256': { name: 'ecdsa-p256', type: 'ec', namedCurve: 'P-256', hash: 'sha256' },
  'ecdsa-p384': { name: 'ecdsa-p384', type: 'ec', namedCurve: 'P-384', hash: 'sha384' },
  'rsa-2048': { name: 'rsa-2048', type: 'rsa', modulusLength: 2048, hash: 'sha256' },
  'rsa-3072': { name: 'rsa-3072', type: 'rsa', modulusLength: 3072, hash: 'sha256' },
  // SM2 on sm2p256v1 pairs with SM3 (GB/T 35276-2017 5).
  sm2: { name: 'sm2', type: 'sm2', hash: 'sm3' },
};

export function isKeyAlgorithmName(name: string): name is KeyAlgorithmName {
  return Object.prototype.hasOwnProperty.call(KEY_ALGORITHMS, name);
}

const HASH_OIDS: Record<HashName, string> = {
  sha256: oid.OID_SHA256,
  sha384: oid.OID_SHA384,
  sha512: oid.OID_SHA512,
  sm3: oid.OID_SM3,
};
const HASH_LENGTHS: Record<HashName, number> = { sha256: 32, sha384: 48, sha512: 64, sm3: 32 };

export function hashOid(hash: HashName): string {
  return HASH_OIDS[hash];
}
export function hashLength(hash: HashName): number {
  return HASH_LENGTHS[hash];
}
/** The hash named by an OID, or undefined when Signet does not accept it (MD5, SHA-1...). */
export function hashFromOid(algorithm: string): HashName | undefined {
  return (Object.keys(HASH_OIDS) as HashName[]).find((h) => HASH_OIDS[h] === algorithm);
}
export function isHashName(name: string): name is HashName {
  return Object.prototype.hasOwnProperty.call(HASH_OIDS, name);
}
/** DigestAlgorithmIdentifier with absent parameters (RFC 5754 section 2). */
export function digestAlgorithmIdentifier(hash: HashName): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithm: HASH_OIDS[hash] });
}
export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(hash).update(data).digest());
}

/** A signature scheme: what a signer does with a key and a hash. */
export interface SignatureScheme {
  keyType: KeyType;
  hash: HashName;
  /** RSA only: PKCS#1 v1.5 (default for certificates) or PSS (RFC 4055, salt = hash length). */
  padding?: 'pkcs1' | 'pss';
  /** PSS salt length in octets, when it differs from the hash length (read from parameters). */
  saltLength?: number;
}

// No ECDSA or RSA with SM3: SM3 signs only with SM2 (GB/T 35276).
const ECDSA_OIDS: Partial<Record<HashName, string>> = {
  sha256: oid.OID_ECDSA_WITH_SHA256,
  sha384: oid.OID_ECDSA_WITH_SHA384,
  sha512: oid.OID_ECDSA_WITH_SHA512,
};
const RSA_PKCS1_OIDS: Partial<Record<HashName, string>> = {
  sha256: oid.OID_SHA256_WITH_RSA,
  sha384: oid.OID_SHA384_WITH_RSA,
  sha512: oid.OID_SHA512_WITH_RSA,
};

/** The scheme a key of this algorithm signs with by default (RSA: PKCS#1 v1.5). */
export function defaultScheme(
  alg: Pick<KeyAlgorithm, 'type'> & { hash?: HashName },
  hash: HashName = alg.hash ?? 'sha256',
): SignatureScheme {
  if (alg.type === 'sm2') return SM2_SCHEME;
  return alg.type === 'ec' ? { keyType: 'ec', hash } : { keyType: 'rsa', hash, padding: 'pkcs1' };
}

/** SM2 signs with SM3 only (GB/T 35276-2017 5), whatever hash a caller would pair with it. */
export const SM2_SCHEME: SignatureScheme = Object.freeze({ keyType: 'sm2', hash: 'sm3' });

function unsupportedScheme(scheme: SignatureScheme): FormatError {
  return new FormatError(
    'UNSUPPORTED_ALGORITHM',
    `Signet does not sign ${scheme.keyType.toUpperCase()} with ${scheme.hash.toUpperCase()}.`,
  );
}

/**
 * The signatureAlgorithm identifier of a scheme. ECDSA: parameters absent (RFC 5758 3.2).
 * RSA PKCS#1 v1.5: NULL parameters (RFC 4055 5). RSASSA-PSS: explicit parameters (RFC 4055 3.1).
 */
export function signatureAlgorithmIdentifier(scheme: SignatureScheme): AlgorithmIdentifier {
  // SM2-with-SM3, parameters absent (GB/T 35276-2017 6; as OpenSSL 3 writes it).
  if (scheme.keyType === 'sm2') {
    if (scheme.hash !== 'sm3') throw unsupportedScheme(scheme);
    return new AlgorithmIdentifier({ algorithm: oid.OID_SM2_WITH_SM3 });
  }
  if (scheme.keyType === 'ec') {
    const algorithm = ECDSA_OIDS[scheme.hash];
    if (!algorithm) throw unsupportedScheme(scheme);
    return new AlgorithmIdentifier({ algorithm });
  }
  if (scheme.padding !== 'pss') {
    const algorithm = RSA_PKCS1_OIDS[scheme.hash];
    if (!algorithm) throw unsupportedScheme(scheme);
    return new AlgorithmIdentifier({ algorithm, parameters: null });
  }
  const hashAlg = new AlgorithmIdentifier({ algorithm: HASH_OIDS[scheme.hash], parameters: null });
  const params = new RsaSaPssParams({
    hashAlgorithm: hashAlg,
    maskGenAlgorithm: new AlgorithmIdentifier({
      algorithm: oid.OID_MGF1,
      parameters: AsnConvert.serialize(hashAlg),
    }),
    saltLength: scheme.saltLength ?? HASH_LENGTHS[scheme.hash],
  });
  return new AlgorithmIdentifier({
    algorithm: oid.OID_RSASSA_PSS,
    parameters: AsnConvert.serialize(params),
  });
}

/**
 * The scheme named by a signature AlgorithmIdentifier. CMS may also name the key algorithm alone
 * (rsaEncryption, RFC 5652 / RFC 3370 3.2) with the hash given by the digest algorithm.
 */
export function schemeFromAlgorithmIdentifier(
  algId: AlgorithmIdentifier,
  digestHash?: HashName,
): SignatureScheme {
  const a = algId.algorithm;
  // GB/T 35275-2017 names SM2 in a SignerInfo either as sm2-with-sm3 or as sm2 alone (the
  // digest algorithm then being SM3).
  if (a === oid.OID_SM2_WITH_SM3) return SM2_SCHEME;
  if (a === oid.OID_SM2_SIGN && (digestHash === undefined || digestHash === 'sm3')) {
    return SM2_SCHEME;
  }
  for (const h of Object.keys(HASH_OIDS) as HashName[]) {
    if (ECDSA_OIDS[h] === a) return { keyType: 'ec', hash: h };
    if (RSA_PKCS1_OIDS[h] === a) return { keyType: 'rsa', hash: h, padding: 'pkcs1' };
  }
  if (a === oid.OID_RSA_ENCRYPTION && digestHash)
    return { keyType: 'rsa', hash: digestHash, padding: 'pkcs1' };
  if (a === oid.OID_RSASSA_PSS) return pssScheme(algId);
  throw new FormatError('UNSUPPORTED_ALGORITHM', `The signature algorithm ${a} is not supported.`);
}

/**
 * Verification-only rows: SHA-1 signatures made before SHA-1 was retired (RFC 3279 2.2.1-2.2.3),
 * DSA included. Signet never signs with them and accepts them only when a caller asks for legacy
 * algorithms (old archives; NIST PKITS 4.1.4-4.1.6). They are kept apart from SignatureScheme so
 * that signing code can never be handed one.
 */
export type LegacyHashName = 'sha1';
export interface LegacySignatureScheme {
  keyType: KeyType | 'dsa';
  hash: LegacyHashName;
  padding?: 'pkcs1';
  legacy: true;
}
/** Any scheme Signet can verify: the ones it signs with, and the legacy rows on request. */
export type VerificationScheme = SignatureScheme | LegacySignatureScheme;

const LEGACY_SIGNATURE_SCHEMES: Record<string, LegacySignatureScheme> = {
  [oid.OID_DSA_WITH_SHA1]: { keyType: 'dsa', hash: 'sha1', legacy: true },
  [oid.OID_SHA1_WITH_RSA]: { keyType: 'rsa', hash: 'sha1', padding: 'pkcs1', legacy: true },
  [oid.OID_ECDSA_WITH_SHA1]: { keyType: 'ec', hash: 'sha1', legacy: true },
};

/**
 * The scheme to verify a signature AlgorithmIdentifier with. Like schemeFromAlgorithmIdentifier,
 * plus the legacy SHA-1 rows when `options.legacy` is set; without it they are refused.
 */
export function verificationSchemeFromAlgorithmIdentifier(
  algId: AlgorithmIdentifier,
  options: { legacy?: boolean } = {},
): VerificationScheme {
  const legacy = Object.prototype.hasOwnProperty.call(LEGACY_SIGNATURE_SCHEMES, algId.algorithm)
    ? LEGACY_SIGNATURE_SCHEMES[algId.algorithm]
    : undefined;
  if (!legacy) return schemeFromAlgorithmIdentifier(algId);
  if (options.legacy) return legacy;
  throw new FormatError(
    'UNSUPPORTED_ALGORITHM',
    `The signature algorithm ${algId.algorithm} relies on SHA-1, which is accepted only for legacy data.`,
  );
}

/**
 * Key algorithms whose parameters a subject key may omit and inherit from its issuer's key
 * (RFC 3279 2.3.2 for DSA; RFC 5280 6.1.4(e)-(f)).
 */
const PARAMETER_INHERITING_KEY_ALGORITHMS = new Set([oid.OID_DSA]);

/**
 * The key to verify with: the key itself, or, when its algorithm inherits parameters and they are
 * absent, the key with its issuer's (working) parameters (RFC 5280 6.1.4(e)-(f)).
 */
export function inheritKeyParameters(
  spki: SubjectPublicKeyInfo,
  issuerSpki: SubjectPublicKeyInfo | undefined,
): SubjectPublicKeyInfo {
  const algorithm = spki.algorithm.algorithm;
  if (
    spki.algorithm.parameters == null &&
    PARAMETER_INHERITING_KEY_ALGORITHMS.has(algorithm) &&
    issuerSpki?.algorithm.algorithm === algorithm &&
    issuerSpki.algorithm.parameters != null
  ) {
    return new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({
        algorithm,
        parameters: issuerSpki.algorithm.parameters,
      }),
      subjectPublicKey: spki.subjectPublicKey,
    });
  }
  return spki;
}

function pssScheme(algId: AlgorithmIdentifier): SignatureScheme {
  if (!algId.parameters) {
    // Absent parameters mean SHA-1 defaults (RFC 4055 3.1), which Signet does not accept.
    throw new FormatError(
      'UNSUPPORTED_ALGORITHM',
      'RSASSA-PSS with SHA-1 defaults is not supported.',
    );
  }
  const params = decodeDer(
    new Uint8Array(algId.parameters),
    RsaSaPssParams,
    'RSASSA-PSS parameters',
  );
  const hash = hashFromOid(params.hashAlgorithm.algorithm);
  const mgfHash =
    params.maskGenAlgorithm.algorithm === oid.OID_MGF1 && params.maskGenAlgorithm.parameters
      ? hashFromOid(
          decodeDer(
            new Uint8Array(params.maskGenAlgorithm.parameters),
            AlgorithmIdentifier,
            'MGF1 hash',
          ).algorithm,
        )
      : undefined;
  if (!hash || mgfHash !== hash || params.trailerField !== 1) {
    throw new FormatError(
      'UNSUPPORTED_ALGORITHM',
      'These RSASSA-PSS parameters are not supported.',
    );
  }
  return { keyType: 'rsa', hash, padding: 'pss', saltLength: params.saltLength };
}

/**
 * Options for node:crypto sign/verify. ECDSA values are DER ECDSA-Sig-Value (RFC 5758 3.2), DSA
 * values DER Dss-Sig-Value (RFC 3279 2.2.2).
 */
export function nodeSignatureOptions(scheme: VerificationScheme): {
  dsaEncoding?: 'der';
  padding?: number;
  saltLength?: number;
} {
  if (scheme.keyType === 'ec' || scheme.keyType === 'dsa') return { dsaEncoding: 'der' };
  if (scheme.padding === 'pss') {
    return {
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: scheme.saltLength ?? HASH_LENGTHS[scheme.hash],
    };
  }
  return { padding: constants.RSA_PKCS1_PADDING };
}

/** The key type of a SubjectPublicKeyInfo, or a FormatError for keys Signet cannot verify with. */
export function keyTypeOfSpki(spki: SubjectPublicKeyInfo): KeyType {
  const a = spki.algorithm.algorithm;
  if (a === oid.OID_EC_PUBLIC_KEY) return isSm2Spki(spki) ? 'sm2' : 'ec';
  if (a === oid.OID_RSA_ENCRYPTION || a === oid.OID_RSASSA_PSS) return 'rsa';
  throw new FormatError('UNSUPPORTED_ALGORITHM', `The public-key algorithm ${a} is not supported.`);
}

/** The named curve OID of an EC SubjectPublicKeyInfo, if it names one. */
export function namedCurveOfSpki(spki: SubjectPublicKeyInfo): string | undefined {
  if (!spki.algorithm.parameters) return undefined;
  return decodeDer(new Uint8Array(spki.algorithm.parameters), ECParameters, 'EC parameters')
    .namedCurve;
}

/** Curves Signet verifies with, named by OID (RFC 5480 2.1.1.1; explicit parameters refused). */
const VERIFICATION_CURVES = new Set([
  oid.OID_CURVE_P256,
  oid.OID_CURVE_P384,
  oid.OID_CURVE_P521,
  oid.OID_CURVE_SM2,
]);
/** Smallest RSA modulus relied on: 2048 bits (NIST SP 800-131A); 1024 for legacy data. */
const MIN_VERIFICATION_RSA_BITS = { current: 2048, legacy: 1024 };
/** Largest RSA modulus computed with (the CA certifies none larger, ca/key-policy.ts). */
export const MAX_RSA_MODULUS_BITS = 8192;
/** Largest RSA public exponent computed with (65537 is the rule; FIPS 186-5 A.1.1 allows < 2^256). */
export const MAX_RSA_PUBLIC_EXPONENT = 2n ** 32n;

/**
 * Why an RSA public key is not one Signet computes with, whatever the use: a verification is a
 * modular exponentiation by the public exponent, and one of thousands of bits costs as much as a
 * private-key operation (issue 14: ~8 ms per check on RSA-3072, where OpenSSL stops checking the
 * exponent's size), so hostile certificates could buy seconds of work. RFC 8017 3.1 requires an odd
 * exponent of at least 3; larger moduli than MAX_RSA_MODULUS_BITS only cost time.
 */
function rsaKeyShapeProblem(key: KeyObject): string | undefined {
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') return undefined;
  const { modulusLength = 0, publicExponent = 0n } = key.asymmetricKeyDetails ?? {};
  if (modulusLength > MAX_RSA_MODULUS_BITS) {
    return `its RSA key has ${modulusLength} bits, more than ${MAX_RSA_MODULUS_BITS}`;
  }
  if (
    publicExponent < 3n ||
    publicExponent % 2n === 0n ||
    publicExponent > MAX_RSA_PUBLIC_EXPONENT
  ) {
    return `its RSA public exponent (${publicExponent.toString(2).length} bits) is not a small odd number (3 to 2^32)`;
  }
  return undefined;
}

/**
 * Why Signet would not rely on a public key to verify signatures, or undefined when it would:
 * EC keys on the curves above, RSA keys of sufficient size, DSA only for legacy data.
 */
export function verificationKeyProblem(
  spki: SubjectPublicKeyInfo,
  spkiDer: Uint8Array,
  options: { legacy?: boolean } = {},
): string | undefined {
  const a = spki.algorithm.algorithm;
  if (a === oid.OID_EC_PUBLIC_KEY) {
    const curve = namedCurveOfSpki(spki);
    if (!curve) return 'its EC key gives explicit curve parameters instead of a named curve';
    return VERIFICATION_CURVES.has(curve) ? undefined : `its EC key is on curve ${curve}`;
  }
  if (a === oid.OID_RSA_ENCRYPTION || a === oid.OID_RSASSA_PSS) {
    const key = importSpki(spkiDer);
    const shape = rsaKeyShapeProblem(key);
    if (shape) return shape;
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    const min = options.legacy
      ? MIN_VERIFICATION_RSA_BITS.legacy
      : MIN_VERIFICATION_RSA_BITS.current;
    return bits >= min ? undefined : `its RSA key has ${bits} bits, fewer than ${min}`;
  }
  if (a === oid.OID_DSA) return options.legacy ? undefined : 'it has a DSA key (legacy data only)';
  return `its key algorithm ${a} is not one Signet verifies with`;
}

/** SubjectPublicKeyInfo DER as a Node public key (parsing only: nothing is computed with it). */
function importSpki(spkiDer: Uint8Array): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new FormatError('MALFORMED_DER', 'The public key cannot be read.', { cause });
  }
}

/**
 * Imports SubjectPublicKeyInfo DER as a Node public key, with a FormatError for bad keys and for
 * RSA keys unsafe to compute with (UNSUPPORTED_ALGORITHM). The same few keys (signers, CAs, the
 * TSA) come back on every signature and verification, and a KeyObject is immutable: imports are
 * kept, a bounded number (a failed import is not kept).
 */
export const publicKeyFromSpki: (spkiDer: Uint8Array) => KeyObject = memoize(
  bytesKey,
  (spkiDer: Uint8Array): KeyObject => {
    const key = importSpki(spkiDer);
    // Every signature Signet checks uses a key imported here: none is computed with unvetted.
    const problem = rsaKeyShapeProblem(key);
    if (problem)
      throw new FormatError('UNSUPPORTED_ALGORITHM', `The public key is refused: ${problem}.`);
    return key;
  },
  1024,
);

/**
 * Verifies a signature value over data. False for a wrong signature, and for a key type that does
 * not match the scheme; never throws for a bad signature value (Wycheproof's invalid vectors).
 */
export function verifySignature(
  scheme: VerificationScheme,
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const keyType = keyTypeOfKeyObject(publicKey);
  if (keyType !== scheme.keyType) return false;
  if (keyType === 'sm2') return verifySm2(publicKey, data, signature);
  try {
    return nodeVerify(
      scheme.hash,
      data,
      { key: publicKey, ...nodeSignatureOptions(scheme) },
      signature,
    );
  } catch {
    return false;
  }
}

/**
 * The key type of a Node public key. An SM2 key imported from SubjectPublicKeyInfo has no
 * asymmetricKeyType in Node 20 (OpenSSL gives it its own EVP_PKEY_SM2 type): its SPKI says it.
 */
function keyTypeOfKeyObject(key: KeyObject): KeyType | 'dsa' | undefined {
  const t = key.asymmetricKeyType;
  if (t === 'rsa' || t === 'rsa-pss') return 'rsa';
  if (t === 'dsa') return 'dsa';
  if (t === 'ec' && key.asymmetricKeyDetails?.namedCurve !== 'SM2') return 'ec';
  if (t !== undefined && t !== 'ec') return undefined;
  return isSm2Spki(decodeDer(spkiOf(key), SubjectPublicKeyInfo, 'SubjectPublicKeyInfo'))
    ? 'sm2'
    : undefined;
}

function spkiOf(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }));
}

/** SM2 verification with the default distinguishing ID (GB/T 35276 10), by core/sm2. */
function verifySm2(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return sm2Verify(SM2_P256, sm2PublicKeyFromSpki(spkiOf(publicKey)), data, signature);
  } catch {
    return false;
  }
}

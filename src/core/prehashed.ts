/**
 * Verification of a signature over a digest computed elsewhere. A CMS signature without signed
 * attributes signs the document itself (RFC 5652 5.4), and Signet hashes documents as they stream,
 * never holding them: so the signature value must be checked against the digest. Node's crypto has
 * no prehashed verify: RSASSA-PKCS1-v1_5 (RFC 8017 8.2.2) and RSASSA-PSS (RFC 8017 9.1.2
 * EMSA-PSS-VERIFY) are thin layers over OpenSSL's raw RSA operation (`publicDecrypt`), and ECDSA
 * on the NIST curves is @noble/curves' (no curve arithmetic is written here). Only public data is
 * handled, so nothing here needs to be constant-time. The companion of
 * verifySignature (algorithms.ts), which verifies over the data itself.
 */
import {
  constants,
  createHash,
  createPublicKey,
  publicDecrypt,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { hashLength, type SignatureScheme, type HashName } from './algorithms';
import { decodeDer } from './asn1/decode';

/** DigestInfo DER up to the digest (RFC 8017 9.2 note 1): NULL parameters, as OpenSSL writes. */
const DIGEST_INFO_PREFIX: Partial<Record<HashName, string>> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

/**
 * DigestInfo DER of a digest (RFC 8017 9.2 step 2), the input of a raw RSASSA-PKCS1-v1_5 key
 * operation such as PKCS#11's CKM_RSA_PKCS.
 */
export function digestInfo(hash: HashName, digest: Uint8Array): Uint8Array {
  const prefix = DIGEST_INFO_PREFIX[hash];
  // RSA never signs SM3 (GB/T 35276 pairs SM3 with SM2 only).
  if (!prefix) throw new RangeError(`No RSA DigestInfo for ${hash}.`);
  return new Uint8Array(Buffer.concat([Buffer.from(prefix, 'hex'), digest]));
}

/** True when `signature` is `scheme`'s signature over a message whose digest is `digest`. */
export function verifyDigestSignature(
  scheme: SignatureScheme,
  key: KeyObject,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (digest.length !== hashLength(scheme.hash)) return false;
  // SM2 signs SM3(Z_A || M) (GB/T 32918.2 6.1): a digest of M alone cannot be checked.
  if (scheme.keyType === 'sm2') return false;
  try {
    if (scheme.keyType === 'ec') return verifyEcdsa(key, digest, signature);
    if (scheme.padding === 'pss') return verifyPss(scheme, key, digest, signature);
    return verifyPkcs1(scheme.hash, key, digest, signature);
  } catch {
    // A value the key operation refuses (too long, bad padding) is a wrong signature.
    return false;
  }
}

/**
 * The key for the raw RSA operation. OpenSSL refuses it for an id-RSASSA-PSS key, so such a key is
 * re-read as the plain RSAPublicKey it holds, after its restrictions (RFC 4055 3.1: hash, MGF1
 * hash, minimum salt length) are checked against the scheme. Undefined for a key that is not RSA
 * or whose restrictions the scheme breaks.
 */
function rsaKey(key: KeyObject, scheme: SignatureScheme): KeyObject | undefined {
  if (key.asymmetricKeyType === 'rsa') return key;
  if (key.asymmetricKeyType !== 'rsa-pss' || scheme.padding !== 'pss') return undefined;
  const d = key.asymmetricKeyDetails ?? {};
  const salt = scheme.saltLength ?? hashLength(scheme.hash);
  if (d.hashAlgorithm !== undefined && d.hashAlgorithm !== scheme.hash) return undefined;
  if (d.mgf1HashAlgorithm !== undefined && d.mgf1HashAlgorithm !== scheme.hash) return undefined;
  if (d.saltLength !== undefined && salt < d.saltLength) return undefined;
  const spki = decodeDer(
    new Uint8Array(key.export({ type: 'spki', format: 'der' })),
    SubjectPublicKeyInfo,
    'RSASSA-PSS public key',
  );
  return createPublicKey({
    key: Buffer.from(spki.subjectPublicKey),
    format: 'der',
    type: 'pkcs1',
  });
}

/** RFC 8017 8.2.2: RSAVP1 and EMSA-PKCS1-v1_5 decoding by OpenSSL, then the DigestInfo compared. */
function verifyPkcs1(hash: HashName, key: KeyObject, digest: Uint8Array, sig: Uint8Array): boolean {
  if (key.asymmetricKeyType !== 'rsa') return false;
  const recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, sig);
  const expected = digestInfo(hash, digest);
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}

/** MGF1 (RFC 8017 B.2.1). */
function mgf1(hash: HashName, seed: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0, size = 0; size < length; counter += 1) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    blocks.push(block);
    size += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** RFC 8017 8.1.2 with EMSA-PSS-VERIFY (9.1.2), the RSA operation without padding by OpenSSL. */
function verifyPss(
  scheme: SignatureScheme,
  key: KeyObject,
  mHash: Uint8Array,
  sig: Uint8Array,
): boolean {
  const rsa = rsaKey(key, scheme);
  const modBits = rsa?.asymmetricKeyDetails?.modulusLength;
  if (!rsa || !modBits) return false;
  const k = Math.ceil(modBits / 8);
  if (sig.length !== k) return false;
  const m = publicDecrypt({ key: rsa, padding: constants.RSA_NO_PADDING }, sig);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  // I2OSP(m, emLen): the octets above emLen must be zero.
  const extra = m.length - emLen;
  if (extra < 0 || m.subarray(0, extra).some((b) => b !== 0)) return false;
  const em = m.subarray(extra);
  const hLen = hashLength(scheme.hash);
  const sLen = scheme.saltLength ?? hLen;
  if (emLen < hLen + sLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topBits = 8 * emLen - emBits;
  const topMask = 0xff >> topBits;
  if (((maskedDb[0] ?? 0) & ~topMask & 0xff) !== 0) return false;
  const db = Buffer.from(
    mgf1(scheme.hash, h, maskedDb.length).map((b, i) => b ^ (maskedDb[i] ?? 0)),
  );
  db[0] = (db[0] ?? 0) & topMask;
  const zeros = emLen - hLen - sLen - 2;
  if (db.subarray(0, zeros).some((b) => b !== 0) || db[zeros] !== 0x01) return false;
  const salt = db.subarray(db.length - sLen);
  const hPrime = createHash(scheme.hash)
    .update(Buffer.alloc(8))
    .update(mHash)
    .update(salt)
    .digest();
  return timingSafeEqual(hPrime, h);
}

/** The NIST curves Signet verifies with (FIPS 186-5), by their JWK names (RFC 7518 6.2.1.1). */
const CURVES: Record<string, ECDSA> = { 'P-256': p256, 'P-384': p384, 'P-521': p521 };

/**
 * ECDSA verification (FIPS 186-5 6.4.2) over a digest, by @noble/curves (audited). CMS carries
 * ECDSA-Sig-Value in DER (RFC 5758 3.2), the digest is already the hash (no `prehash`), and a
 * high S is as valid as a low one outside Bitcoin (no `lowS`). The point comes from the key's
 * JWK, whose coordinates have the curve's full length (RFC 7518 6.2.1.2).
 */
function verifyEcdsa(key: KeyObject, digest: Uint8Array, sig: Uint8Array): boolean {
  if (key.asymmetricKeyType !== 'ec') return false;
  const jwk = key.export({ format: 'jwk' });
  const curve = jwk.crv ? CURVES[jwk.crv] : undefined;
  if (!curve || !jwk.x || !jwk.y) return false;
  const point = Buffer.concat([
    Buffer.of(0x04),
    Buffer.from(jwk.x, 'base64url'),
    Buffer.from(jwk.y, 'base64url'),
  ]);
  return curve.verify(sig, digest, point, { prehash: false, lowS: false, format: 'der' });
}

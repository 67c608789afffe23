/**
 * Verification of a signature over a digest computed elsewhere. A CMS signature without signed
 * attributes signs the document itself (RFC 5652 5.4), and Signet hashes documents as they stream,
 * never holding them: so the signature value must be checked against the digest. Node's crypto has
 * no prehashed verify, so the last step of each scheme is written here from its standard:
 * RSASSA-PKCS1-v1_5 (RFC 8017 8.2.2, with the key operation done by OpenSSL), RSASSA-PSS
 * (RFC 8017 9.1.2 EMSA-PSS-VERIFY) and ECDSA (FIPS 186-5 6.4.2 / SEC 1 4.1.4) on the NIST curves.
 * Only public data is handled, so nothing here needs to be constant-time. The companion of
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
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { hashLength, type SignatureScheme, type HashName } from './algorithms';
import { parseDer } from './encoding';

/** DigestInfo DER up to the digest (RFC 8017 9.2 note 1): NULL parameters, as OpenSSL writes. */
const DIGEST_INFO_PREFIX: Record<HashName, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

/**
 * DigestInfo DER of a digest (RFC 8017 9.2 step 2), the input of a raw RSASSA-PKCS1-v1_5 key
 * operation such as PKCS#11's CKM_RSA_PKCS.
 */
export function digestInfo(hash: HashName, digest: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[hash], 'hex'), digest]));
}

/** True when `signature` is `scheme`'s signature over a message whose digest is `digest`. */
export function verifyDigestSignature(
  scheme: SignatureScheme,
  key: KeyObject,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (digest.length !== hashLength(scheme.hash)) return false;
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
  const spki = parseDer(
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

interface Curve {
  p: bigint;
  n: bigint;
  b: bigint;
  g: [bigint, bigint];
  bits: number;
}

const big = (hex: string): bigint => BigInt(`0x${hex}`);

/** The NIST curves Signet verifies with (SEC 2 / FIPS 186-5), all with a = -3. */
const CURVES: Record<string, Curve> = {
  'P-256': {
    p: big('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
    n: big('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
    b: big('5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b'),
    g: [
      big('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
      big('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
    ],
    bits: 256,
  },
  'P-384': {
    p: big(
      'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff',
    ),
    n: big(
      'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
    ),
    b: big(
      'b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef',
    ),
    g: [
      big(
        'aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7',
      ),
      big(
        '3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f',
      ),
    ],
    bits: 384,
  },
  'P-521': {
    p: (1n << 521n) - 1n,
    n: big(
      '01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
    ),
    b: big(
      '0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00',
    ),
    g: [
      big(
        '00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66',
      ),
      big(
        '011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650',
      ),
    ],
    bits: 521,
  },
};

const mod = (a: bigint, m: bigint): bigint => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

/** a^-1 mod m for m prime and a not a multiple of m (extended Euclid). */
function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

/** A point in Jacobian coordinates (X/Z^2, Y/Z^3); Z = 0 is the point at infinity. */
type Jacobian = [bigint, bigint, bigint];
const INFINITY: Jacobian = [1n, 1n, 0n];

/** Doubling for a = -3 ("dbl-2001-b", Bernstein-Lange). */
function double([x, y, z]: Jacobian, p: bigint): Jacobian {
  if (z === 0n || y === 0n) return INFINITY;
  const delta = mod(z * z, p);
  const gamma = mod(y * y, p);
  const beta = mod(x * gamma, p);
  const alpha = mod(3n * (x - delta) * (x + delta), p);
  const x3 = mod(alpha * alpha - 8n * beta, p);
  const z3 = mod((y + z) * (y + z) - gamma - delta, p);
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma, p);
  return [x3, y3, z3];
}

/** General addition ("add-2007-bl"). */
function add(a: Jacobian, b: Jacobian, p: bigint): Jacobian {
  const [x1, y1, z1] = a;
  const [x2, y2, z2] = b;
  if (z1 === 0n) return b;
  if (z2 === 0n) return a;
  const z1z1 = mod(z1 * z1, p);
  const z2z2 = mod(z2 * z2, p);
  const u1 = mod(x1 * z2z2, p);
  const u2 = mod(x2 * z1z1, p);
  const s1 = mod(y1 * z2 * z2z2, p);
  const s2 = mod(y2 * z1 * z1z1, p);
  const h = mod(u2 - u1, p);
  const r = mod(2n * (s2 - s1), p);
  if (h === 0n) return r === 0n ? double(a, p) : INFINITY;
  const i = mod(4n * h * h, p);
  const j = mod(h * i, p);
  const v = mod(u1 * i, p);
  const x3 = mod(r * r - j - 2n * v, p);
  const y3 = mod(r * (v - x3) - 2n * s1 * j, p);
  const z3 = mod(((z1 + z2) * (z1 + z2) - z1z1 - z2z2) * h, p);
  return [x3, y3, z3];
}

/** u1*G + u2*Q by Shamir's trick. */
function twoMultiples(u1: bigint, g: Jacobian, u2: bigint, q: Jacobian, p: bigint): Jacobian {
  const gq = add(g, q, p);
  const bits = Math.max(u1.toString(2).length, u2.toString(2).length);
  let acc = INFINITY;
  for (let i = bits - 1; i >= 0; i -= 1) {
    acc = double(acc, p);
    const b1 = (u1 >> BigInt(i)) & 1n;
    const b2 = (u2 >> BigInt(i)) & 1n;
    if (b1 && b2) acc = add(acc, gq, p);
    else if (b1) acc = add(acc, g, p);
    else if (b2) acc = add(acc, q, p);
  }
  return acc;
}

/** Reads a DER ECDSA-Sig-Value (RFC 5758 3.2): SEQUENCE { r INTEGER, s INTEGER }, strictly. */
function ecdsaSigValue(sig: Uint8Array): [bigint, bigint] | undefined {
  let at = 0;
  const length = (): number | undefined => {
    const first = sig[at++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    if (first === 0x81) {
      const l = sig[at++];
      return l !== undefined && l >= 0x80 ? l : undefined;
    }
    return undefined;
  };
  const integer = (): bigint | undefined => {
    if (sig[at++] !== 0x02) return undefined;
    const len = length();
    if (!len) return undefined;
    const bytes = sig.subarray(at, at + len);
    at += len;
    if (bytes.length !== len || (bytes[0] ?? 0) & 0x80) return undefined;
    if (len > 1 && bytes[0] === 0 && ((bytes[1] ?? 0) & 0x80) === 0) return undefined;
    return big(Buffer.from(bytes).toString('hex'));
  };
  if (sig[at++] !== 0x30) return undefined;
  const seqLen = length();
  if (seqLen === undefined || at + seqLen !== sig.length) return undefined;
  const r = integer();
  const s = integer();
  return r !== undefined && s !== undefined && at === sig.length ? [r, s] : undefined;
}

const fromBase64url = (s: string | undefined): bigint =>
  big(Buffer.from(s ?? '', 'base64url').toString('hex') || '0');

/** ECDSA signature verification (FIPS 186-5 6.4.2) over a digest. */
function verifyEcdsa(key: KeyObject, digest: Uint8Array, sig: Uint8Array): boolean {
  if (key.asymmetricKeyType !== 'ec') return false;
  const jwk = key.export({ format: 'jwk' });
  const curve = jwk.crv ? CURVES[jwk.crv] : undefined;
  const rs = ecdsaSigValue(sig);
  if (!curve || !rs) return false;
  const { p, n, b } = curve;
  const [r, s] = rs;
  if (r <= 0n || r >= n || s <= 0n || s >= n) return false;
  const qx = fromBase64url(jwk.x);
  const qy = fromBase64url(jwk.y);
  // The public key is a point of the curve (y^2 = x^3 - 3x + b), not the point at infinity.
  if (qx >= p || qy >= p || mod(qy * qy - (qx * qx * qx - 3n * qx + b), p) !== 0n) return false;
  // e: the leftmost bits of the digest, as many as n has (bits2int).
  const hashBits = digest.length * 8;
  let e = big(Buffer.from(digest).toString('hex'));
  if (hashBits > curve.bits) e >>= BigInt(hashBits - curve.bits);
  const w = inverse(s, n);
  const u1 = mod(e * w, n);
  const u2 = mod(r * w, n);
  const point = twoMultiples(u1, [curve.g[0], curve.g[1], 1n], u2, [qx, qy, 1n], p);
  const [x, , z] = point;
  if (z === 0n) return false;
  const zInv = inverse(z, p);
  const affineX = mod(x * zInv * zInv, p);
  return mod(affineX, n) === r;
}

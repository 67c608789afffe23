/**
 * What a PKCS#11 token is asked to do for each Signet key algorithm and signature scheme. The hash
 * is computed here and only the digest goes to the token: every HSM offers the raw CKM_ECDSA,
 * CKM_RSA_PKCS and CKM_RSA_PKCS_PSS mechanisms (SoftHSM 2.6 has no CKM_ECDSA_SHA256), and a digest
 * is a few dozen bytes whatever the size of the data.
 */
import { createHash } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ECDSASigValue, ECParameters } from '@peculiar/asn1-ecc';
import {
  hashLength,
  type HashName,
  type KeyAlgorithm,
  type SignatureScheme,
} from '../../core/algorithms';
import { OID_CURVE_P256, OID_CURVE_P384 } from '../../core/oid';
import { digestInfo } from '../../core/prehashed';
import { KeyVaultError } from '../errors';

const CURVE_OIDS: Record<'P-256' | 'P-384', string> = {
  'P-256': OID_CURVE_P256,
  'P-384': OID_CURVE_P384,
};

const HASH_MECHANISMS: Partial<Record<HashName, { hash: number; mgf: number }>> = {
  sha256: { hash: pkcs11js.CKM_SHA256, mgf: pkcs11js.CKG_MGF1_SHA256 },
  sha384: { hash: pkcs11js.CKM_SHA384, mgf: pkcs11js.CKG_MGF1_SHA384 },
  sha512: { hash: pkcs11js.CKM_SHA512, mgf: pkcs11js.CKG_MGF1_SHA512 },
};

/** The key-pair generation mechanism and the algorithm-specific public-key attributes. */
export function generation(alg: KeyAlgorithm): {
  mechanism: pkcs11js.Mechanism;
  publicAttributes: pkcs11js.Template;
  keyType: number;
} {
  if (alg.type === 'sm2') {
    // PKCS#11 v2.40 defines no SM2 mechanism, and SoftHSM has none: SM2 keys live in the file vault.
    throw new KeyVaultError(
      'UNSUPPORTED_ALGORITHM',
      'The PKCS#11 token cannot hold SM2 keys: use SIGNET_KEYS=file for an SM2 hierarchy.',
    );
  }
  if (alg.type === 'ec' && alg.namedCurve) {
    // CKA_EC_PARAMS is the DER ECParameters, a namedCurve OID (PKCS#11 v2.40 curr. 2.3.3).
    const params = AsnConvert.serialize(
      new ECParameters({ namedCurve: CURVE_OIDS[alg.namedCurve] }),
    );
    return {
      mechanism: { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
      publicAttributes: [{ type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from(params) }],
      keyType: pkcs11js.CKK_EC,
    };
  }
  return {
    mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
    publicAttributes: [
      { type: pkcs11js.CKA_MODULUS_BITS, value: alg.modulusLength },
      { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
    ],
    keyType: pkcs11js.CKK_RSA,
  };
}

/** The mechanism and the input of C_Sign for `data` under `scheme` (already checked to fit). */
export function signingInput(
  scheme: SignatureScheme,
  data: Uint8Array,
): { mechanism: pkcs11js.Mechanism; input: Buffer } {
  const digest = createHash(scheme.hash).update(data).digest();
  if (scheme.keyType === 'ec')
    return { mechanism: { mechanism: pkcs11js.CKM_ECDSA }, input: digest };
  if (scheme.padding === 'pss') {
    const m = HASH_MECHANISMS[scheme.hash];
    if (!m)
      throw new KeyVaultError(
        'UNSUPPORTED_ALGORITHM',
        `RSASSA-PSS with ${scheme.hash} is not supported.`,
      );
    const parameter: pkcs11js.RsaPSS = {
      type: pkcs11js.CK_PARAMS_RSA_PSS,
      hashAlg: m.hash,
      mgf: m.mgf,
      saltLen: scheme.saltLength ?? hashLength(scheme.hash),
    };
    return { mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS_PSS, parameter }, input: digest };
  }
  // CKM_RSA_PKCS pads its input as EMSA-PKCS1-v1_5 expects the DigestInfo (RFC 8017 9.2).
  return {
    mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS },
    input: Buffer.from(digestInfo(scheme.hash, digest)),
  };
}

/**
 * The signature value as CMS and X.509 carry it. PKCS#11 returns ECDSA as r || s, each as long as
 * the order (curr. 2.3.1); CMS wants the DER ECDSA-Sig-Value (RFC 5758 3.2, RFC 3279 2.2.3).
 */
export function signatureValue(scheme: SignatureScheme, raw: Buffer): Uint8Array {
  if (scheme.keyType !== 'ec') return new Uint8Array(raw);
  const half = raw.length / 2;
  const value = new ECDSASigValue({
    r: derInteger(raw.subarray(0, half)),
    s: derInteger(raw.subarray(half)),
  });
  return new Uint8Array(AsnConvert.serialize(value));
}

/** An unsigned big-endian integer as INTEGER content: no leading zeros, a zero before a high bit. */
function derInteger(bytes: Buffer): ArrayBuffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const trimmed = bytes.subarray(start);
  const content = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return new Uint8Array(content).buffer;
}

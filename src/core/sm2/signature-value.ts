/**
 * The SM2 signature value as carried in certificates, CMS, OCSP and CRLs: the DER
 * SEQUENCE { r INTEGER, s INTEGER } of GB/T 35276-2017 section 7.2 (the same shape as
 * ECDSA-Sig-Value), read and written by @noble/curves' strict DER codec.
 */
import { DER } from '@noble/curves/abstract/weierstrass.js';
import { hexToBytes } from '@noble/curves/utils.js';

export interface Sm2Signature {
  r: bigint;
  s: bigint;
}

export function encodeSm2Signature(sig: Sm2Signature): Uint8Array {
  return hexToBytes(DER.hexFromSig(sig));
}

/** The (r, s) pair, or undefined for bytes that are not one strict DER SEQUENCE of two INTEGERs. */
export function decodeSm2Signature(der: Uint8Array): Sm2Signature | undefined {
  try {
    return DER.toSig(der);
  } catch {
    return undefined;
  }
}

/**
 * Wycheproof-style negative cases of our own for SM2 verification (GB/T 32918.2 7.1): each is a
 * valid signature changed in one way, and each must give `false`, never an exception.
 */
import { randomBytes } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { DER } from '@noble/curves/abstract/weierstrass.js';
import { hexToBytes } from '@noble/curves/utils.js';
import { SM2_P256 } from '../../../src/core/sm2/curve';
import { sm2PublicKeyFromSpki, sm2Spki } from '../../../src/core/sm2/public-key';
import { sm2Sign } from '../../../src/core/sm2/sign';
import { decodeSm2Signature } from '../../../src/core/sm2/signature-value';
import { sm2Verify } from '../../../src/core/sm2/verify';
import { FormatError } from '../../../src/core/errors';

const { n } = SM2_P256.params;
const d = 0x3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8n;
const publicKey = SM2_P256.Point.BASE.multiply(d);
const message = new TextEncoder().encode('message digest');
const good = sm2Sign(SM2_P256, d, message, randomBytes);
const { r, s } = decodeSm2Signature(good) ?? { r: 0n, s: 0n };
const withRs = (rr: bigint, ss: bigint): Uint8Array => hexToBytes(DER.hexFromSig({ r: rr, s: ss }));

describe('SM2 verification', () => {
  it('accepts the unchanged signature', () => {
    expect(sm2Verify(SM2_P256, publicKey, message, good)).toBe(true);
  });

  it.each([
    ['r = 0', () => withRs(0n, s)],
    ['s = 0', () => withRs(r, 0n)],
    ['r = n', () => withRs(n, s)],
    ['s = n', () => withRs(r, n)],
    ['r + n (the same r modulo n)', () => withRs(r + n, s)],
    ['s + n (the same s modulo n)', () => withRs(r, s + n)],
    ['r + s = n (t = 0)', () => withRs(r, n - r)],
    ['s negated', () => withRs(r, n - s)],
    [
      'a changed byte of s',
      () => Uint8Array.from(good, (b, i) => (i === good.length - 1 ? b ^ 1 : b)),
    ],
    ['trailing bytes after the SEQUENCE', () => new Uint8Array([...good, 0])],
    [
      'a long-form length (BER, not DER)',
      () => new Uint8Array([0x30, 0x81, good[1] ?? 0, ...good.subarray(2)]),
    ],
    [
      'the raw r || s form instead of DER',
      () => hexToBytes(r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0')),
    ],
    ['no bytes', () => new Uint8Array(0)],
  ])('refuses %s', (_name, make) => {
    expect(sm2Verify(SM2_P256, publicKey, message, make())).toBe(false);
  });

  it('refuses the signature under another distinguishing ID, and the empty ID', () => {
    expect(
      sm2Verify(SM2_P256, publicKey, message, good, new TextEncoder().encode('ALICE123@YAHOO.COM')),
    ).toBe(false);
    expect(sm2Verify(SM2_P256, publicKey, message, good, new Uint8Array(0))).toBe(false);
  });

  it('refuses a changed message', () => {
    expect(sm2Verify(SM2_P256, publicKey, new TextEncoder().encode('message digesT'), good)).toBe(
      false,
    );
  });

  it('refuses another key', () => {
    expect(sm2Verify(SM2_P256, SM2_P256.Point.BASE.multiply(d + 1n), message, good)).toBe(false);
  });

  it('refuses a key on another curve (a P-256 point), without throwing', () => {
    const foreign = p256.Point.BASE.multiply(d) as unknown as typeof publicKey;
    expect(sm2Verify(SM2_P256, foreign, message, good)).toBe(false);
  });

  it('refuses the identity as a key', () => {
    expect(sm2Verify(SM2_P256, SM2_P256.Point.ZERO, message, good)).toBe(false);
  });

  it('does not read a P-256 SubjectPublicKeyInfo as an SM2 key', () => {
    const spki = sm2Spki(publicKey);
    // The named curve's OID sits in the parameters: swap sm2p256v1 for prime256v1.
    const sm2Curve = Buffer.from('06082a811ccf5501822d', 'hex');
    const p256Curve = Buffer.from('06082a8648ce3d030107', 'hex');
    const swapped = Buffer.from(spki);
    swapped.set(p256Curve, swapped.indexOf(sm2Curve));
    expect(() => sm2PublicKeyFromSpki(new Uint8Array(swapped))).toThrow(FormatError);
  });

  it('does not read a point off the curve', () => {
    const spki = Buffer.from(sm2Spki(publicKey));
    spki[spki.length - 1] ^= 1;
    expect(() => sm2PublicKeyFromSpki(new Uint8Array(spki))).toThrow(FormatError);
  });
});

describe('SM2 signing', () => {
  it('refuses private keys outside [1, n-2]', () => {
    for (const bad of [0n, n - 1n, n]) {
      expect(() => sm2Sign(SM2_P256, bad, message, randomBytes)).toThrow(RangeError);
    }
  });

  it('draws a fresh k each time (two signatures of one message differ)', () => {
    expect(Buffer.from(sm2Sign(SM2_P256, d, message, randomBytes))).not.toEqual(Buffer.from(good));
  });
});

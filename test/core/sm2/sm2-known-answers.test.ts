/**
 * SM2 known answers from the GB/T standards, with the k they give: GB/T 32918.2-2016 Annex A (a
 * 256-bit test curve, ID "ALICE123@YAHOO.COM") and GB/T 32918.5-2017 Annex A (the recommended
 * curve sm2p256v1, the default ID 1234567812345678): Z_A, e, the public key, r and s.
 */
import { SM2_P256, sm2CurveFrom } from '../../../src/core/sm2/curve';
import {
  distinguishingHash,
  messageRepresentative,
  SM2_DEFAULT_ID,
} from '../../../src/core/sm2/distinguishing-id';
import { sm2Sign } from '../../../src/core/sm2/sign';
import { decodeSm2Signature } from '../../../src/core/sm2/signature-value';
import { sm2Verify } from '../../../src/core/sm2/verify';

const big = (h: string): bigint => BigInt(`0x${h.replace(/\s/g, '')}`);
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
/** The "random" source of a known-answer test: the standard's k, once. */
const fixedK = (k: string) => (): Uint8Array => bytes(k);

// GB/T 32918.2-2016 Annex A.2: the test curve Fp-256.
const TEST_CURVE = sm2CurveFrom({
  p: big('8542D69E 4C044F18 E8B92435 BF6FF7DE 45728391 5C45517D 722EDB8B 08F1DFC3'),
  a: big('787968B4 FA32C3FD 2417842E 73BBFEFF 2F3C848B 6831D7E0 EC65228B 3937E498'),
  b: big('63E4C6D3 B23B0C84 9CF84241 484BFE48 F61D59A5 B16BA06E 6E12D1DA 27C5249A'),
  n: big('8542D69E 4C044F18 E8B92435 BF6FF7DD 29772063 0485628D 5AE74EE7 C32E79B7'),
  Gx: big('421DEBD6 1B62EAB6 746434EB C3CC315E 32220B3B ADD50BDC 4C4E6C14 7FEDD43D'),
  Gy: big('0680512B CBB42C07 D47349D2 153B70C4 E5D7FDFC BFA36EA1 A85841B9 E46E09A2'),
});

const EXAMPLES = [
  {
    name: 'GB/T 32918.2-2016 Annex A (test curve)',
    curve: TEST_CURVE,
    id: text('ALICE123@YAHOO.COM'),
    d: '128B2FA8 BD433C6C 068C8D80 3DFF7979 2A519A55 171B1B65 0C23661D 15897263',
    x: '0AE4C779 8AA0F119 471BEE11 825BE462 02BB79E2 A5844495 E97C04FF 4DF2548A',
    y: '7C0240F8 8F1CD4E1 6352A73C 17B7F16F 07353E53 A176D684 A9FE0C6B B798E857',
    z: 'F4A38489 E32B45B6 F876E3AC 2168CA39 2362DC8F 23459C1D 1146FC3D BFB7BC9A',
    e: undefined,
    k: '6CB28D99 385C175C 94F94E93 4817663F C176D925 DD72B727 260DBAAE 1FB2F96F',
    r: '40F1EC59 F793D9F4 9E09DCEF 49130D41 94F79FB1 EED2CAA5 5BACDB49 C4E755D1',
    s: '6FC6DAC3 2C5D5CF1 0C77DFB2 0F7C2EB6 67A45787 2FB09EC5 6327A67E C7DEEBE7',
  },
  {
    name: 'GB/T 32918.5-2017 Annex A (sm2p256v1, default ID)',
    curve: SM2_P256,
    id: SM2_DEFAULT_ID,
    d: '3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8',
    x: '09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020',
    y: 'CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13',
    z: 'B2E14C5C 79C6DF5B 85F4FE7E D8DB7A26 2B9DA7E0 7CCB0EA9 F4747B8C CDA8A4F3',
    e: 'F0B43E94 BA45ACCA ACE692ED 534382EB 17E6AB5A 19CE7B31 F4486FDF C0D28640',
    k: '59276E27 D506861A 16680F3A D9C02DCC EF3CC1FA 3CDBE4CE 6D54B80D EAC1BC21',
    r: 'F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3',
    s: 'B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA',
  },
];

describe.each(EXAMPLES)('SM2, $name', (ex) => {
  const message = text('message digest');
  const publicKey = ex.curve.Point.BASE.multiply(big(ex.d));

  it('derives the public key P = [d]G', () => {
    expect(publicKey.toAffine()).toEqual({ x: big(ex.x), y: big(ex.y) });
  });

  it('computes Z_A (GB/T 32918.2 5.5)', () => {
    expect(Buffer.from(distinguishingHash(ex.curve, publicKey, ex.id))).toEqual(
      Buffer.from(bytes(ex.z)),
    );
  });

  if (ex.e) {
    const e = ex.e;
    it('computes e = SM3(Z_A || M)', () => {
      expect(messageRepresentative(ex.curve, publicKey, message, ex.id)).toBe(big(e));
    });
  }

  it('signs with the given k to the standard r and s, and verifies them', () => {
    const der = sm2Sign(ex.curve, big(ex.d), message, fixedK(ex.k), ex.id);
    expect(decodeSm2Signature(der)).toEqual({ r: big(ex.r), s: big(ex.s) });
    expect(sm2Verify(ex.curve, publicKey, message, der, ex.id)).toBe(true);
  });
});

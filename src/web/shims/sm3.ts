/**
 * SM3 (GB/T 32905-2016) for the page, which has no OpenSSL: @noble/hashes has no SM3, so its
 * Merkle-Damgard base (HashMD: buffering, padding with the 64-bit big-endian bit length, as
 * GB/T 32905 5.2 specifies) carries the compression function of GB/T 32905 5.3-5.4 below.
 * test/core/sm2/sm3.test.ts checks it against the standard's vectors and against OpenSSL.
 */
import { HashMD } from '@noble/hashes/_md.js';

/** Initial value IV (GB/T 32905 4.1). */
const IV = [
  0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e,
];

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
/** Permutations P0 and P1 (GB/T 32905 4.4). */
const p0 = (x: number): number => x ^ rotl(x, 9) ^ rotl(x, 17);
const p1 = (x: number): number => x ^ rotl(x, 15) ^ rotl(x, 23);
/** Constants T_j rotated left by j mod 32 (GB/T 32905 4.2 and 5.3.3's T_j <<< j). */
const T = Array.from({ length: 64 }, (_, j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32));

const W = new Uint32Array(68);

class Sm3 extends HashMD<Sm3> {
  private v = IV.slice();

  constructor() {
    super(64, 32, 8, false);
  }

  protected get(): number[] {
    return this.v.slice();
  }

  protected set(...values: number[]): void {
    this.v = values.map((x) => x >>> 0);
  }

  /** Message expansion (5.3.2) and the compression function CF (5.3.3) on one 512-bit block. */
  protected process(view: DataView, offset: number): void {
    for (let j = 0; j < 16; j++) W[j] = view.getUint32(offset + 4 * j, false);
    for (let j = 16; j < 68; j++) {
      const a = W[j - 16] ?? 0;
      const b = W[j - 9] ?? 0;
      const c = W[j - 3] ?? 0;
      W[j] = p1(a ^ b ^ rotl(c, 15)) ^ rotl(W[j - 13] ?? 0, 7) ^ (W[j - 6] ?? 0);
    }
    let [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = this.v;
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + (T[j] ?? 0)) >>> 0, 7);
      const ss2 = ss1 ^ a12;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const wj = W[j] ?? 0;
      const tt1 = (ff + d + ss2 + (wj ^ (W[j + 4] ?? 0))) >>> 0;
      const tt2 = (gg + h + ss1 + wj) >>> 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2) >>> 0;
    }
    const next = [a, b, c, d, e, f, g, h];
    this.v = this.v.map((x, i) => (x ^ (next[i] ?? 0)) >>> 0);
  }

  protected roundClean(): void {
    W.fill(0);
  }

  destroy(): void {
    this.v.fill(0);
    this.buffer.fill(0);
  }

  _cloneInto(to?: Sm3): Sm3 {
    const target = to ?? new Sm3();
    target.set(...this.get());
    return this._cloneIntoMeta(target);
  }
}

/** A fresh incremental SM3 (update, then digest once). */
export function createSm3(): { update(data: Uint8Array): unknown; digest(): Uint8Array } {
  return new Sm3();
}

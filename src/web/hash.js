/**
 * Incremental SHA-256 and SHA-384/512 (FIPS 180-4) for the browser. WebCrypto's digest() takes the
 * whole message at once, and is missing on plain-HTTP pages, so a document of a gigabyte is hashed
 * here chunk by chunk: update() as often as needed, then digest() once.
 */

// FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the
// first 64 primes.
const K256 = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

// FIPS 180-4 section 4.2.3: the 80 64-bit constants, as (high, low) 32-bit pairs.
const K512 = new Int32Array([
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc,
  0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
  0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2,
  0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
  0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65,
  0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
  0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4,
  0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
  0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
  0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
  0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
  0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8,
  0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
  0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec,
  0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
  0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178,
  0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c,
  0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
]);

// FIPS 180-4 sections 5.3.3, 5.3.4 and 5.3.5: initial hash values.
const IV = {
  sha256: [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ],
  sha384: [
    0xcbbb9d5d, 0xc1059ed8, 0x629a292a, 0x367cd507, 0x9159015a, 0x3070dd17, 0x152fecd8, 0xf70e5939,
    0x67332667, 0xffc00b31, 0x8eb44a87, 0x68581511, 0xdb0c2e0d, 0x64f98fa7, 0x47b5481d, 0xbefa4fa4,
  ],
  sha512: [
    0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1,
    0x510e527f, 0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179,
  ],
};

const SHAPE = {
  sha256: { block: 64, lengthBytes: 8, outBytes: 32 },
  sha384: { block: 128, lengthBytes: 16, outBytes: 48 },
  sha512: { block: 128, lengthBytes: 16, outBytes: 64 },
};

/** The algorithms this module computes, by their Signet names. */
export const HASH_ALGORITHMS = Object.keys(SHAPE);

export class Hash {
  /** @param {'sha256'|'sha384'|'sha512'} algorithm */
  constructor(algorithm) {
    const shape = SHAPE[algorithm];
    if (!shape) throw new Error(`unsupported hash ${algorithm}`);
    this.algorithm = algorithm;
    this.shape = shape;
    this.state = new Int32Array(IV[algorithm]);
    this.words = new Int32Array(algorithm === 'sha256' ? 64 : 160);
    this.buffer = new Uint8Array(shape.block);
    this.buffered = 0;
    this.length = 0; // bytes so far; exact up to 2^53
    this.finished = false;
    this.compress = algorithm === 'sha256' ? compress256 : compress512;
  }

  /** Adds the next bytes of the message. */
  update(data) {
    if (this.finished) throw new Error('digest() was already called');
    const block = this.shape.block;
    const n = data.length;
    let pos = 0;
    this.length += n;
    if (this.buffered > 0) {
      const take = Math.min(block - this.buffered, n);
      this.buffer.set(data.subarray(0, take), this.buffered);
      this.buffered += take;
      pos = take;
      if (this.buffered < block) return this;
      this.compress(this.state, this.words, this.buffer, 0, block);
      this.buffered = 0;
    }
    const whole = n - pos - ((n - pos) % block);
    if (whole > 0) {
      this.compress(this.state, this.words, data, pos, pos + whole);
      pos += whole;
    }
    if (pos < n) {
      this.buffer.set(data.subarray(pos), 0);
      this.buffered = n - pos;
    }
    return this;
  }

  /** Pads (FIPS 180-4 section 5.1) and answers the digest; the object cannot be used after. */
  digest() {
    if (this.finished) throw new Error('digest() was already called');
    const { block, lengthBytes, outBytes } = this.shape;
    const bits = this.length * 8;
    const tail = this.buffered + 1 + lengthBytes <= block ? block : 2 * block;
    const pad = new Uint8Array(tail);
    pad.set(this.buffer.subarray(0, this.buffered), 0);
    pad[this.buffered] = 0x80;
    // The message length in bits, big-endian, in the last 8 bytes (the 128-bit field's upper half
    // stays zero: no file reaches 2^64 bits).
    const view = new DataView(pad.buffer);
    view.setUint32(tail - 8, Math.floor(bits / 0x100000000));
    view.setUint32(tail - 4, bits >>> 0);
    this.compress(this.state, this.words, pad, 0, tail);
    this.finished = true;
    const out = new Uint8Array(outBytes);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < outBytes / 4; i++) outView.setInt32(i * 4, this.state[i]);
    return out;
  }
}

/** FIPS 180-4 section 6.2.2: the SHA-256 compression of every 64-byte block in d[start, end). */
function compress256(state, w, d, start, end) {
  for (let off = start; off < end; off += 64) block256(state, w, d, off);
}

// One block per call: V8 optimises this small function far better than one long loop.
function block256(state, w, d, off) {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    w[i] = (d[j] << 24) | (d[j + 1] << 16) | (d[j + 2] << 8) | d[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15];
    const y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d3 = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = g ^ (e & (f ^ g));
    const t1 = (h + S1 + ch + K256[i] + w[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) | (c & (a | b));
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d3 + t1) | 0;
    d3 = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d3) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/**
 * FIPS 180-4 section 6.4.2: the SHA-512 compression of every 128-byte block in d[start, end).
 * 64-bit words are (high, low) pairs of 32-bit integers: w[2i] high, w[2i+1] low.
 */
function compress512(state, w, d, start, end) {
  const s = new Int32Array(16);
  for (let off = start; off < end; off += 128) block512(state, w, s, d, off);
}

function block512(state, w, s, d, off) {
  for (let i = 0; i < 32; i++) {
    const j = off + i * 4;
    w[i] = (d[j] << 24) | (d[j + 1] << 16) | (d[j + 2] << 8) | d[j + 3];
  }
  for (let i = 16; i < 80; i++) {
    // sigma0(w[i-15]) = ROTR1 ^ ROTR8 ^ SHR7
    let xh = w[(i - 15) * 2],
      xl = w[(i - 15) * 2 + 1];
    const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
    const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
    // sigma1(w[i-2]) = ROTR19 ^ ROTR61 ^ SHR6
    xh = w[(i - 2) * 2];
    xl = w[(i - 2) * 2 + 1];
    const s1h = ((xh >>> 19) | (xl << 13)) ^ ((xl >>> 29) | (xh << 3)) ^ (xh >>> 6);
    const s1l = ((xl >>> 19) | (xh << 13)) ^ ((xh >>> 29) | (xl << 3)) ^ ((xl >>> 6) | (xh << 26));
    // w[i] = w[i-16] + s0 + w[i-7] + s1, with carries from the low halves
    const l1 = w[(i - 16) * 2 + 1],
      l2 = w[(i - 7) * 2 + 1];
    const lo = (l1 >>> 0) + (s0l >>> 0) + (l2 >>> 0) + (s1l >>> 0);
    const hi = w[(i - 16) * 2] + s0h + w[(i - 7) * 2] + s1h + Math.floor(lo / 0x100000000);
    w[i * 2] = hi | 0;
    w[i * 2 + 1] = lo | 0;
  }
  s.set(state);
  for (let i = 0; i < 80; i++) {
    const ah = s[0],
      al = s[1],
      bh = s[2],
      bl = s[3],
      ch = s[4],
      cl = s[5];
    const eh = s[8],
      el = s[9],
      fh = s[10],
      fl = s[11],
      gh = s[12],
      gl = s[13];
    // Sigma1(e) = ROTR14 ^ ROTR18 ^ ROTR41
    const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
    const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
    const chh = (eh & fh) ^ (~eh & gh);
    const chl = (el & fl) ^ (~el & gl);
    // t1 = h + Sigma1 + Ch + K[i] + w[i]
    const t1lo =
      (s[15] >>> 0) + (S1l >>> 0) + (chl >>> 0) + (K512[i * 2 + 1] >>> 0) + (w[i * 2 + 1] >>> 0);
    const t1hi = (s[14] + S1h + chh + K512[i * 2] + w[i * 2] + Math.floor(t1lo / 0x100000000)) | 0;
    const t1l = t1lo | 0;
    // Sigma0(a) = ROTR28 ^ ROTR34 ^ ROTR39
    const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
    const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
    const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
    const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
    const t2lo = (S0l >>> 0) + (majl >>> 0);
    const t2hi = (S0h + majh + Math.floor(t2lo / 0x100000000)) | 0;
    const t2l = t2lo | 0;
    // h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2
    s[14] = gh;
    s[15] = gl;
    s[12] = fh;
    s[13] = fl;
    s[10] = eh;
    s[11] = el;
    const elo = (s[7] >>> 0) + (t1l >>> 0);
    s[8] = (s[6] + t1hi + Math.floor(elo / 0x100000000)) | 0;
    s[9] = elo | 0;
    s[6] = ch;
    s[7] = cl;
    s[4] = bh;
    s[5] = bl;
    s[2] = ah;
    s[3] = al;
    const alo = (t1l >>> 0) + (t2l >>> 0);
    s[0] = (t1hi + t2hi + Math.floor(alo / 0x100000000)) | 0;
    s[1] = alo | 0;
  }
  for (let i = 0; i < 16; i += 2) {
    const lo = (state[i + 1] >>> 0) + (s[i + 1] >>> 0);
    state[i] = (state[i] + s[i] + Math.floor(lo / 0x100000000)) | 0;
    state[i + 1] = lo | 0;
  }
}

export function toHex(bytes) {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

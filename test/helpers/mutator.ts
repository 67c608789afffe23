/**
 * A seeded mutator of DER (and any bytes) for fuzz tests: the same seed gives the same inputs on
 * every machine, so a failure found in CI is replayed with its seed and index.
 *
 * Mutations: bit flips, byte overwrites, truncation, DER length and tag corruption (found by
 * walking the TLV tree, so they hit real headers), deep nesting, huge declared lengths,
 * indefinite lengths, TLV duplication/removal, oversized INTEGERs, random bytes and appended junk.
 */

/** sfc32: a small, fast, well-distributed PRNG with a 128-bit state (PractRand-clean). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i += 1) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    const t = (this.a + this.b + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.next() / 0x1_0000_0000) * n);
  }

  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i += 1) out[i] = this.next() & 0xff;
    return out;
  }
}

/** One TLV of the DER tree, by offsets into the buffer. */
export interface TlvNode {
  start: number;
  /** Offset of the length octets. */
  lengthAt: number;
  /** Offset of the contents. */
  contentsAt: number;
  end: number;
  tag: number;
  constructed: boolean;
  depth: number;
}

/**
 * Every TLV that parses as definite-length DER, depth first; stops quietly where the bytes stop
 * being DER (a mutated input is still walkable up to its damage). Bounded by `limit` nodes.
 */
export function walkDer(buf: Uint8Array, limit = 2000): TlvNode[] {
  const nodes: TlvNode[] = [];
  const walk = (from: number, to: number, depth: number): void => {
    let at = from;
    while (at < to && nodes.length < limit && depth < 64) {
      const tag = buf[at];
      if (tag === undefined || (tag & 0x1f) === 0x1f) return;
      const lengthAt = at + 1;
      const first = buf[lengthAt];
      if (first === undefined) return;
      let length = first;
      let contentsAt = lengthAt + 1;
      if (first & 0x80) {
        const count = first & 0x7f;
        if (count === 0 || count > 4 || contentsAt + count > to) return;
        length = 0;
        for (let i = 0; i < count; i += 1) length = length * 256 + (buf[contentsAt + i] ?? 0);
        contentsAt += count;
      }
      const end = contentsAt + length;
      if (end > to) return;
      const constructed = (tag & 0x20) !== 0;
      nodes.push({ start: at, lengthAt, contentsAt, end, tag, constructed, depth });
      // OCTET STRING and BIT STRING often wrap DER too (extensions, keys): look inside.
      if (constructed) walk(contentsAt, end, depth + 1);
      else if (tag === 0x04) walk(contentsAt, end, depth + 1);
      else if (tag === 0x03 && length > 1) walk(contentsAt + 1, end, depth + 1);
      at = end;
    }
  };
  walk(0, buf.length, 0);
  return nodes;
}

/** The DER length octets of `n` (definite form). */
export function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const octets: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) octets.unshift(v & 0xff);
  return Buffer.from([0x80 | octets.length, ...octets]);
}

function tlv(tag: number, contents: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(contents.length), contents]);
}

/** Replaces bytes [from, to) with `insert`. */
function splice(buf: Buffer, from: number, to: number, insert: Uint8Array): Buffer {
  return Buffer.concat([buf.subarray(0, from), insert, buf.subarray(to)]);
}

export type MutationName =
  | 'bitFlip'
  | 'byteSet'
  | 'truncate'
  | 'appendJunk'
  | 'lengthCorrupt'
  | 'hugeLength'
  | 'indefiniteLength'
  | 'tagCorrupt'
  | 'deepNesting'
  | 'duplicateTlv'
  | 'removeTlv'
  | 'longInteger'
  | 'randomBytes';

type Mutation = (buf: Buffer, rng: Rng) => Buffer;

function pickNode(buf: Buffer, rng: Rng, filter?: (n: TlvNode) => boolean): TlvNode | undefined {
  const nodes = walkDer(buf).filter(filter ?? (() => true));
  return nodes.length ? rng.pick(nodes) : undefined;
}

export const MUTATIONS: Record<MutationName, Mutation> = {
  bitFlip(buf, rng) {
    const out = Buffer.from(buf);
    const flips = rng.range(1, 8);
    for (let i = 0; i < flips && out.length; i += 1) {
      const at = rng.int(out.length);
      out[at] = (out[at] ?? 0) ^ (1 << rng.int(8));
    }
    return out;
  },
  byteSet(buf, rng) {
    const out = Buffer.from(buf);
    const edits = rng.range(1, 4);
    for (let i = 0; i < edits && out.length; i += 1) {
      out[rng.int(out.length)] = rng.pick([0x00, 0xff, 0x80, 0x7f, rng.int(256)]);
    }
    return out;
  },
  truncate(buf, rng) {
    return buf.subarray(0, rng.int(buf.length));
  },
  appendJunk(buf, rng) {
    return Buffer.concat([buf, rng.bytes(rng.range(1, 64))]);
  },
  lengthCorrupt(buf, rng) {
    const node = pickNode(buf, rng);
    if (!node) return MUTATIONS.bitFlip(buf, rng);
    const declared = node.end - node.contentsAt;
    const wrong = rng.pick([
      declared + 1,
      Math.max(0, declared - 1),
      0,
      declared + rng.range(2, 300),
      rng.int(0x10000),
    ]);
    // Also the non-minimal forms DER forbids: 0x81 0x05, 0x82 0x00 0x05.
    const form = rng.int(3);
    const octets =
      form === 0
        ? derLength(wrong)
        : form === 1
          ? Buffer.from([0x82, (wrong >> 8) & 0xff, wrong & 0xff])
          : Buffer.from([0x81, wrong & 0xff]);
    return splice(buf, node.lengthAt, node.contentsAt, octets);
  },
  hugeLength(buf, rng) {
    const node = pickNode(buf, rng) ?? { lengthAt: 1, contentsAt: Math.min(2, buf.length) };
    const octets = rng.pick([
      Buffer.from([0x84, 0x7f, 0xff, 0xff, 0xff]),
      Buffer.from([0x84, 0xff, 0xff, 0xff, 0xff]),
      Buffer.from([0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      Buffer.from([0x8f, ...Buffer.alloc(15, 0xff)]),
      Buffer.from([0xff]),
    ]);
    return splice(buf, node.lengthAt, node.contentsAt, octets);
  },
  indefiniteLength(buf, rng) {
    const node = pickNode(buf, rng, (n) => n.constructed);
    if (!node) return MUTATIONS.lengthCorrupt(buf, rng);
    // BER's indefinite form, with or without the end-of-contents octets.
    const contents = buf.subarray(node.contentsAt, node.end);
    const eoc = rng.chance(0.5) ? Buffer.from([0, 0]) : Buffer.alloc(0);
    return splice(
      buf,
      node.lengthAt,
      node.end,
      Buffer.concat([Buffer.from([0x80]), contents, eoc]),
    );
  },
  tagCorrupt(buf, rng) {
    const node = pickNode(buf, rng);
    if (!node) return MUTATIONS.bitFlip(buf, rng);
    const tag = rng.pick([
      node.tag ^ 0x20, // constructed <-> primitive
      node.tag ^ 0x80, // universal <-> context
      rng.int(256),
      0x1f, // high tag number form
      0x00, // end-of-contents
      0x05, // NULL
      0x30,
      0x31,
      0xa0,
    ]);
    const out = Buffer.from(buf);
    out[node.start] = tag;
    if (tag === 0x1f) return splice(out, node.start + 1, node.start + 1, Buffer.from([0x81, 0x80]));
    return out;
  },
  deepNesting(buf, rng) {
    const depth = rng.pick([50, 200, 1000, 5000]);
    const node = rng.chance(0.5) ? pickNode(buf, rng) : undefined;
    let inner: Buffer = node ? buf.subarray(node.start, node.end) : buf;
    const tag = rng.pick([0x30, 0x31, 0xa0, 0x24]);
    if (rng.chance(0.3)) {
      // Indefinite-length nesting: no length arithmetic to stop a recursive parser early.
      inner = Buffer.concat([Buffer.alloc(depth * 2, 0), inner]);
      for (let i = 0; i < depth; i += 1) {
        inner[i * 2] = tag;
        inner[i * 2 + 1] = 0x80;
      }
    } else {
      // Headers from the inside out, joined once (wrapping one by one would copy depth times).
      const headers: Buffer[] = [];
      let length = inner.length;
      for (let i = 0; i < depth; i += 1) {
        const header = Buffer.concat([Buffer.from([tag]), derLength(length)]);
        headers.push(header);
        length += header.length;
      }
      inner = Buffer.concat([...headers.reverse(), inner]);
    }
    return node ? splice(buf, node.start, node.end, inner) : inner;
  },
  duplicateTlv(buf, rng) {
    const node = pickNode(buf, rng);
    if (!node) return MUTATIONS.appendJunk(buf, rng);
    const copy = buf.subarray(node.start, node.end);
    const times = rng.pick([1, 2, 50]);
    return splice(buf, node.end, node.end, Buffer.concat(Array(times).fill(copy)));
  },
  removeTlv(buf, rng) {
    const node = pickNode(buf, rng, (n) => n.depth > 0);
    if (!node) return MUTATIONS.truncate(buf, rng);
    return splice(buf, node.start, node.end, Buffer.alloc(0));
  },
  longInteger(buf, rng) {
    const node = pickNode(buf, rng, (n) => n.tag === 0x02);
    if (!node) return MUTATIONS.byteSet(buf, rng);
    const contents = rng.pick([
      Buffer.alloc(0), // an INTEGER must have at least one octet
      Buffer.from([0x00, 0x01]), // not minimal
      Buffer.from([0xff]), // negative
      Buffer.concat([Buffer.from([0x7f]), rng.bytes(rng.pick([20, 200, 5000]))]),
    ]);
    return splice(buf, node.start, node.end, tlv(0x02, contents));
  },
  randomBytes(_buf, rng) {
    const n = rng.pick([0, 1, 2, 5, 16, 100, 1000, rng.int(8000)]);
    const out = rng.bytes(n);
    // Half of them at least start like a SEQUENCE, so they get past the first byte.
    if (n > 0 && rng.chance(0.5)) out[0] = 0x30;
    return out;
  },
};

const NAMES = Object.keys(MUTATIONS) as MutationName[];

export interface MutatedInput {
  index: number;
  /** The mutations applied, in order (for the report and replay). */
  mutations: string[];
  bytes: Buffer;
}

/**
 * `count` inputs from the seeds: each starts from a seed picked by the generator and gets one to
 * three mutations. Input `index` depends only on (seed, index), so one failing input replays alone.
 */
export function* mutate(
  seeds: readonly Uint8Array[],
  count: number,
  seed: number,
  maxBytes = 64 * 1024,
): Generator<MutatedInput> {
  for (let index = 0; index < count; index += 1) {
    const rng = new Rng((Math.imul(seed, 0x9e3779b1) + index) >>> 0);
    let bytes: Buffer = Buffer.from(rng.pick(seeds));
    const mutations: MutationName[] = [];
    const rounds = rng.pick([1, 1, 1, 2, 2, 3]);
    for (let r = 0; r < rounds; r += 1) {
      const name = rng.pick(NAMES);
      mutations.push(name);
      bytes = MUTATIONS[name](bytes, rng);
    }
    if (bytes.length > maxBytes) bytes = bytes.subarray(0, maxBytes);
    yield { index, mutations, bytes };
  }
}

/**
 * PDF-aware damage (ISO 32000-1 syntax): numbers (offsets, lengths, object numbers, counts)
 * swapped for extreme values, keywords removed, references redirected (cycles, missing objects),
 * deep array and dictionary nesting, unbalanced strings, a broken startxref, a repeated update.
 */
export type PdfMutationName =
  | 'pdfNumber'
  | 'pdfKeywordDrop'
  | 'pdfReference'
  | 'pdfDeepNesting'
  | 'pdfHugeLength'
  | 'pdfStartxref'
  | 'pdfUnbalanced'
  | 'pdfRepeatTail';

const KEYWORDS = [
  'endobj',
  ' obj',
  'endstream',
  'stream',
  'xref',
  'trailer',
  'startxref',
  '%%EOF',
  '/Root',
  '/Pages',
  '/Kids',
  '/Type',
  '/Length',
  '/Size',
  '/Prev',
  '/XRefStm',
  '>>',
  ']',
];

function latin1(buf: Buffer): string {
  return buf.toString('latin1');
}

/**
 * The start and end of one match of `re` (global) in `text`: the first at or after a random
 * position, else the first of all; undefined when there is none. One scan, no list of all matches
 * (PDFs of a megabyte have tens of thousands of numbers).
 */
function matchNear(text: string, re: RegExp, rng: Rng): [number, number] | undefined {
  re.lastIndex = rng.int(text.length);
  const m = re.exec(text) ?? ((re.lastIndex = 0), re.exec(text));
  return m ? [m.index, m.index + m[0].length] : undefined;
}

function replaceAt(buf: Buffer, [from, to]: [number, number], insert: string): Buffer {
  return splice(buf, from, to, Buffer.from(insert, 'latin1'));
}

export const PDF_MUTATIONS: Record<PdfMutationName, Mutation> = {
  pdfNumber(buf, rng) {
    const found = matchNear(latin1(buf), /-?\d+(\.\d+)?/g, rng);
    if (!found) return MUTATIONS.byteSet(buf, rng);
    const value = rng.pick([
      '0',
      '-1',
      '2147483647',
      '2147483648',
      '4294967296',
      '99999999999999999999',
      '1e308',
      '-0',
      '.',
      '00000000000000000001',
      String(rng.int(100000)),
    ]);
    return replaceAt(buf, found, value);
  },
  pdfKeywordDrop(buf, rng) {
    const keyword = rng.pick(KEYWORDS);
    const found = matchNear(latin1(buf), new RegExp(keyword.replace(/[[\]/%]/g, '\\$&'), 'g'), rng);
    if (!found) return MUTATIONS.truncate(buf, rng);
    return replaceAt(buf, found, rng.pick(['', ' ', keyword.toUpperCase()]));
  },
  pdfReference(buf, rng) {
    // Bounded digit runs: /\d+ \d+ R/ backtracks quadratically over a long /Contents hex string.
    const target = matchNear(latin1(buf), /\b\d{1,10} \d{1,5} R\b/g, rng);
    if (!target) return MUTATIONS.bitFlip(buf, rng);
    // Itself, its neighbour (likely a parent: a cycle), object 0, or one that does not exist.
    const own = Number(/\d+/.exec(latin1(buf.subarray(target[0], target[1])))?.[0] ?? 1);
    const num = rng.pick([own, own + 1, own - 1, 0, 1, 2, 3, 999999, 2147483647]);
    return replaceAt(buf, target, `${num} ${rng.pick([0, 0, 1, 65535])} R`);
  },
  pdfDeepNesting(buf, rng) {
    const depth = rng.pick([100, 1000, 10000, 100000]);
    const [open, close] = rng.pick([
      ['[', ']'],
      ['<<', '>>'],
      ['<< /A ', '>>'],
      ['(', ')'],
    ] as const);
    const closed = rng.chance(0.5);
    const text = open.repeat(depth) + (closed ? close.repeat(depth) : '');
    // Inside an object's dictionary, or anywhere.
    const dict = rng.chance(0.7) ? matchNear(latin1(buf), /<</g, rng) : undefined;
    const at = dict ? dict[1] : rng.int(buf.length);
    return splice(buf, at, at, Buffer.from(` ${text} `, 'latin1'));
  },
  pdfHugeLength(buf, rng) {
    const target = matchNear(latin1(buf), /\/(Length|Size|Count|N|First|W) \d+/g, rng);
    if (!target) return MUTATIONS.hugeLength(buf, rng);
    const name = latin1(buf.subarray(target[0], target[1])).split(' ')[0];
    return replaceAt(buf, target, `${name} ${rng.pick(['999999999', '2147483648', '0', '-5'])}`);
  },
  pdfStartxref(buf, rng) {
    const found = matchNear(latin1(buf), /startxref\s+\d+/g, rng);
    if (!found) return MUTATIONS.truncate(buf, rng);
    const offset = rng.pick([0, 1, buf.length, buf.length + 1000, rng.int(buf.length), -1]);
    return replaceAt(buf, found, `startxref\n${offset}`);
  },
  pdfUnbalanced(buf, rng) {
    const at = rng.int(buf.length);
    return splice(
      buf,
      at,
      at,
      Buffer.from(rng.pick(['(', '<', '<<', '[', '{', '%', '\\', ')', '>>', 'endobj']), 'latin1'),
    );
  },
  pdfRepeatTail(buf, rng) {
    // The last update section again (or many times): xref chains that loop or repeat.
    const text = latin1(buf);
    const from = Math.max(0, text.lastIndexOf('xref', Math.max(0, text.length - 20)));
    const tail = buf.subarray(from);
    return Buffer.concat([buf, ...Array(rng.pick([1, 2, 100])).fill(tail)]);
  },
};

const PDF_NAMES = Object.keys(PDF_MUTATIONS) as PdfMutationName[];
const GENERAL_FOR_PDF: MutationName[] = [
  'bitFlip',
  'byteSet',
  'truncate',
  'appendJunk',
  'randomBytes',
];

/** Like mutate(), for PDFs: mostly PDF-aware damage, sometimes plain byte damage. */
export function* mutatePdf(
  seeds: readonly Uint8Array[],
  count: number,
  seed: number,
  maxBytes = 1024 * 1024,
): Generator<MutatedInput> {
  for (let index = 0; index < count; index += 1) {
    const rng = new Rng((Math.imul(seed, 0x85ebca6b) + index) >>> 0);
    let bytes: Buffer = Buffer.from(rng.pick(seeds));
    const mutations: string[] = [];
    const rounds = rng.pick([1, 1, 2, 2, 3]);
    for (let r = 0; r < rounds; r += 1) {
      if (rng.chance(0.75)) {
        const name = rng.pick(PDF_NAMES);
        mutations.push(name);
        bytes = PDF_MUTATIONS[name](bytes, rng);
      } else {
        const name = rng.pick(GENERAL_FOR_PDF);
        mutations.push(name);
        bytes = MUTATIONS[name](bytes, rng);
      }
    }
    if (bytes.length > maxBytes) bytes = bytes.subarray(0, maxBytes);
    yield { index, mutations, bytes };
  }
}

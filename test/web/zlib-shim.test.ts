/**
 * The page's stand-in for node:zlib (src/web/shims/zlib.ts, over fflate): core/pades/pdf/filters.ts
 * must read the same streams in the browser as on the server, with the same output cap.
 */
import { constants, deflateSync, inflateSync as nodeInflate } from 'node:zlib';
import { inflateSync } from '../../src/web/shims/zlib';

const options = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1024 * 1024 };

describe('the browser inflateSync', () => {
  it('gives what Node gives, for whole and cut-off streams (Z_SYNC_FLUSH)', () => {
    // What object and cross-reference streams hold: text and numbers, in Huffman-coded blocks.
    const lines = Array.from({ length: 5_000 }, (_, i) => `${i} 0 obj << /N ${i * 7} >>\n`);
    const deflated = deflateSync(Buffer.from(lines.join('')));
    for (const end of [deflated.length, deflated.length - 4, deflated.length >> 1, 1000]) {
      const input = deflated.subarray(0, end);
      expect(Buffer.from(inflateSync(input, options))).toEqual(nodeInflate(input, options));
    }
  });

  it('refuses what is not zlib, as Node does', () => {
    const garbage = Buffer.from('78 9c ff ff ff ff'.replace(/ /g, ''), 'hex');
    expect(() => nodeInflate(garbage, options)).toThrow();
    expect(() => inflateSync(garbage, options)).toThrow();
    expect(() => inflateSync(Buffer.from('not zlib'), options)).toThrow();
  });

  it('stops a compressed bomb at the cap', () => {
    const bomb = deflateSync(Buffer.alloc(4 * 1024 * 1024));
    expect(() => nodeInflate(bomb, options)).toThrow();
    expect(() => inflateSync(bomb, options)).toThrow(RangeError);
    expect(inflateSync(bomb, { ...options, maxOutputLength: 8 * 1024 * 1024 })).toHaveLength(
      4 * 1024 * 1024,
    );
  });
});

/**
 * The page's code path for SM2/SM3: core/sm2 bundled as scripts/build-web.js bundles the page
 * (esbuild, platform browser, node:crypto aliased to src/web/shims/crypto.ts, the Buffer shim
 * injected) and run in a bare V8 context without Node's modules, where it must give the GB/T
 * 32905 and GB/T 32918.5 Annex A known answers.
 */
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { buildSync } from 'esbuild';

const root = join(__dirname, '..', '..', '..');
const shim = (name: string): string => join(root, 'src', 'web', 'shims', `${name}.ts`);

const ENTRY = `
import { sm3 } from './src/core/sm2/sm3';
import { SM2_P256 } from './src/core/sm2/curve';
import { distinguishingHash } from './src/core/sm2/distinguishing-id';
import { sm2Sign } from './src/core/sm2/sign';
import { sm2Verify } from './src/core/sm2/verify';
import { decodeSm2Signature } from './src/core/sm2/signature-value';
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const text = (s) => new TextEncoder().encode(s);
const fromHex = (h) => Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16));
const d = 0x3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8n;
const P = SM2_P256.Point.BASE.multiply(d);
const k = fromHex('59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21');
const sig = sm2Sign(SM2_P256, d, text('message digest'), () => k);
const rs = decodeSm2Signature(sig);
globalThis.result = {
  abc: hex(sm3(text('abc'))),
  abcd16: hex(sm3(text('abcd'.repeat(16)))),
  z: hex(distinguishingHash(SM2_P256, P)),
  r: rs.r.toString(16),
  s: rs.s.toString(16),
  verifies: sm2Verify(SM2_P256, P, text('message digest'), sig),
  changed: sm2Verify(SM2_P256, P, text('message digesT'), sig),
};
`;

describe("SM2 and SM3 in the page's bundle", () => {
  it('give the GB/T known answers without Node', () => {
    const out = buildSync({
      stdin: { contents: ENTRY, resolveDir: root, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: ['es2022'],
      alias: { 'node:crypto': shim('crypto'), 'node:zlib': shim('zlib') },
      inject: [shim('buffer')],
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    // Browser globals only: no require, no process, no Node Buffer.
    const context: Record<string, unknown> = { TextEncoder, Uint8Array, crypto: globalThis.crypto };
    context.globalThis = context;
    runInNewContext(code, context);
    expect(context.result).toEqual({
      abc: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
      abcd16: 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
      z: 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
      r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
      s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
      verifies: true,
      changed: false,
    });
  });
});

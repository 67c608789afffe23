// Bundles the verification page (src/web/app.ts) and its worker (src/web/worker.ts) into dist/web/
// with esbuild: ES modules for the strict CSP (script-src 'self', no inline script). The page runs
// core/ itself (the PDF reader, the CMS reader, the ByteRange hash): its few Node-only imports are
// swapped for the browser's by alias (src/web/shims/), so core/ is not forked.
const { build } = require('esbuild');
const { join } = require('node:path');

const root = join(__dirname, '..');
const shim = (name) => join(root, 'src', 'web', 'shims', `${name}.ts`);

build({
  entryPoints: ['app', 'worker'].map((name) => join(root, 'src', 'web', `${name}.ts`)),
  outdir: join(root, 'dist', 'web'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'eof',
  alias: { 'node:crypto': shim('crypto'), 'node:zlib': shim('zlib') },
  inject: [shim('buffer')],
  logLevel: 'warning',
}).catch(() => process.exit(1));

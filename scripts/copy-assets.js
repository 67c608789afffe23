// Copies what tsc does not: the SQL migrations and the web page's static files, into dist/. The
// page's TypeScript is bundled by scripts/build-web.js instead.
const { cpSync, existsSync, rmSync } = require('node:fs');
const { basename, join } = require('node:path');

const root = join(__dirname, '..');
// The page's files of an earlier build (scripts it no longer has) must not stay servable.
rmSync(join(root, 'dist', 'web'), { recursive: true, force: true });
for (const dir of ['store/migrations', 'web']) {
  const from = join(root, 'src', dir);
  if (existsSync(from))
    cpSync(from, join(root, 'dist', dir), {
      recursive: true,
      filter: (f) => !f.endsWith('.ts') && basename(f) !== 'shims',
    });
}

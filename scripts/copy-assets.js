// Copies what tsc does not: the SQL migrations and the web page's static files, into dist/.
const { cpSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
for (const dir of ['store/migrations', 'web']) {
  const from = join(root, 'src', dir);
  if (existsSync(from))
    cpSync(from, join(root, 'dist', dir), { recursive: true, filter: (f) => !f.endsWith('.ts') });
}

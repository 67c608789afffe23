/**
 * The import arrows of eslint.config.js (issue 15 done-when 5): `npm run lint` fails when a use case
 * reaches into another use case's internals, and accepts the public entries (documents/'s index,
 * verification/'s index) and the shared ports. ESLint's own API lints each line as if it were a
 * file of that folder.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');
// The configuration object itself: ESLint loading eslint.config.js by import() needs ESM in Jest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require('../../eslint.config.js');
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config });

/** The messages of the import rule for one import line in a file at `filePath`. */
async function importErrors(filePath: string, from: string): Promise<string[]> {
  const code = `import * as imported from '${from}';\nexport const used = imported;\n`;
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('the import rules', () => {
  describe('when a use case imports another use case internals', () => {
    it.each([
      ['src/verification/acceptance.ts', '../signing/sign'],
      ['src/verification/acceptance.ts', '../documents/public-view'],
      ['src/verification/ca-sources.ts', '../ca/context'],
      ['src/signing/sign.ts', '../ca/ports'],
      ['src/signing/sign.ts', '../verification/context'],
      ['src/documents/public-view.ts', '../signing/errors'],
      ['src/ca/audit-head.ts', '../verification/timestamp'],
      ['src/verification/page/registry.ts', '../../documents/ports'],
    ])('%s importing %s fails', async (file, from) => {
      const errors = await importErrors(file, from);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/public index/);
    });
  });

  describe('when a use case imports core/, the shared ports or a public index', () => {
    it.each([
      ['src/verification/acceptance.ts', '../documents'],
      ['src/verification/acceptance.ts', '../ports'],
      ['src/signing/sign.ts', '../documents'],
      ['src/signing/sign.ts', '../core/cms'],
      ['src/documents/registry-verdict.ts', '../verification/reasons'],
      ['src/ca/audit-head.ts', '../verification'],
      ['src/verification/verify.ts', './ports'],
    ])('%s importing %s passes', async (file, from) => {
      expect(await importErrors(file, from)).toEqual([]);
    });
  });

  it('keeps the shared ports free of use cases and adapters', async () => {
    expect(await importErrors('src/ports/clock.ts', '../ca/ports')).toHaveLength(1);
    expect(await importErrors('src/ports/clock.ts', '../store/database')).toHaveLength(1);
    expect(await importErrors('src/ports/clock.ts', '../core/signer')).toEqual([]);
  });
});

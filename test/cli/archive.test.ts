/**
 * `signet archive renew FILE...` (issue 20): a B-T signature made by `signet sign` is renewed in
 * place to B-LTA; OpenSSL still verifies it, `signet verify` says CAdES-BASELINE-LTA, and a B-B
 * signature is refused (NOT_ARCHIVABLE), leaving the file as it was.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signet, signetJson } from '../helpers/cli';
import { opensslCmsVerifyFiles, tempDir } from '../helpers/openssl';

describe('signet archive renew', () => {
  let dir: string;
  let files: string;
  const f = (name: string) => join(files, name);
  beforeAll(() => {
    dir = tempDir('signet-cli-archive-');
    files = tempDir('signet-cli-archive-files-');
    const init = signetJson<{ root: { certificate: string } }>(['init', '--data-dir', dir]);
    writeFileSync(f('root.pem'), init.root.certificate);
    signetJson(['department', 'add', 'finance', '--name', 'Finance', '--data-dir', dir]);
    signetJson(['cert', 'issue', '--department', 'finance', '--data-dir', dir]);
    writeFileSync(f('a.txt'), 'a notice kept for decades\n');
    writeFileSync(f('b.txt'), 'a notice never time-stamped\n');
  });

  it('renews a B-T signature in place to one OpenSSL verifies and Signet calls CAdES-BASELINE-LTA', () => {
    const sign = (file: string, level: string) =>
      signetJson(['sign', f(file), '--department', 'finance', '--level', level, '--data-dir', dir]);
    sign('a.txt', 'B-T');
    const r = signetJson<{ renewed: { file: string; format: string }[] }>([
      'archive',
      'renew',
      f('a.txt.p7s'),
      '--data-dir',
      dir,
    ]);
    expect(r.renewed).toEqual([expect.objectContaining({ file: f('a.txt.p7s'), format: 'cades' })]);
    const verified = opensslCmsVerifyFiles(f('a.txt.p7s'), f('a.txt'), f('root.pem'));
    expect(verified.stderr).toContain('CMS Verification successful');
    const report = signetJson<{ indication: string; signatures: { format: string }[] }>([
      'verify',
      f('a.txt'),
      '--signature',
      f('a.txt.p7s'),
      '--data-dir',
      dir,
    ]);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures[0]?.format).toBe('CAdES-BASELINE-LTA');

    sign('b.txt', 'B-B');
    const before = readFileSync(f('b.txt.p7s'));
    const refused = signet(['archive', 'renew', f('b.txt.p7s'), '--data-dir', dir]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('The file cannot be archived');
    expect(readFileSync(f('b.txt.p7s')).equals(before)).toBe(true);
  });
});

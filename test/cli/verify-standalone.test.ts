/**
 * `signet verify --trust ROOT.pem` for anyone outside the CA (issue 14): in an empty directory, with
 * no data directory and no key passphrase, a B-LT signature verifies from its own validation data
 * (exit 0) and a tampered document fails (exit 1); nothing is written where it runs.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signet, signetJson } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';

jest.setTimeout(120_000);

describe('signet verify --trust, outside the CA', () => {
  const ca = tempDir('signet-standalone-ca-');
  const outside = tempDir('signet-standalone-');
  const doc = join(outside, 'notice.txt');

  beforeAll(() => {
    const init = signetJson<{ root: { certificate: string } }>(['init', '--data-dir', ca]);
    writeFileSync(join(outside, 'root.pem'), init.root.certificate);
    signetJson(['department', 'add', 'finance', '--name', 'Finance Bureau', '--data-dir', ca]);
    signetJson(['cert', 'issue', '--department', 'finance', '--data-dir', ca]);
    writeFileSync(doc, 'An official notice of the Finance Bureau.');
    for (const level of ['B-LT', 'B-T']) {
      const out = join(outside, `notice.${level}.p7s`);
      signetJson([
        'sign',
        doc,
        '--department',
        'finance',
        '--level',
        level,
        '--out',
        out,
        '--data-dir',
        ca,
      ]);
    }
  });

  /** The real CLI in `outside`, with no SIGNET_* variable at all. */
  const verifyOutside = (args: string[]) =>
    signet(['verify', ...args, '--trust', 'root.pem', '--json'], {}, outside);

  it('verifies a B-LT signature from its own validation data, writing nothing', () => {
    const before = readdirSync(outside).sort();
    const r = verifyOutside(['notice.txt', '--signature', 'notice.B-LT.p7s']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const report = JSON.parse(r.stdout);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures[0].signer.name).toBe('Finance Bureau');
    expect(readdirSync(outside).sort()).toEqual(before); // no ./data, no passphrase file
  });

  it('fails a tampered document with exit 1', () => {
    writeFileSync(join(outside, 'changed.txt'), 'An official notice of the Finance Bureau!');
    const r = verifyOutside(['changed.txt', '--signature', 'notice.B-LT.p7s']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'HASH_FAILURE',
    });
  });

  it('says TRY_LATER, not "not revoked", for a B-T signature that carries no revocation data', () => {
    // --offline: nothing fetched from the certificate's CRL URL (verify-online.test.ts does that).
    const r = verifyOutside(['notice.txt', '--signature', 'notice.B-T.p7s', '--offline']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
    });
  });

  it('refuses another root: the chain is not trusted', () => {
    const other = signetJson<{ root: { certificate: string } }>([
      'init',
      '--data-dir',
      tempDir('signet-other-ca-'),
    ]);
    writeFileSync(join(outside, 'other.pem'), other.root.certificate);
    const r = signet(
      ['verify', 'notice.txt', '--signature', 'notice.B-LT.p7s', '--trust', 'other.pem', '--json'],
      {},
      outside,
    );
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
  });
});

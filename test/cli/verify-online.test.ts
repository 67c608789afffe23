/**
 * `signet verify --trust` fetches the CRL a signature's certificate points to when the signature
 * carries no revocation data (issue 14 item 6), unless `--offline`: against a running Signet
 * server, a B-B signature passes while its certificate is good, fails as revoked once it is
 * revoked, and with `--offline` stays TRY_LATER. Run outside the CA, with no SIGNET_* variable.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signet, signetJson } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';
import { startServer, type RunningServer } from '../helpers/server';

jest.setTimeout(180_000);

describe('signet verify --trust, with revocation fetched from the certificate', () => {
  const outside = tempDir('signet-online-');
  let server: RunningServer;
  let serial = '';

  beforeAll(async () => {
    server = await startServer();
    const root = await fetch(`${server.url}/ca/root.crt`);
    writeFileSync(join(outside, 'root.crt'), Buffer.from(await root.arrayBuffer()));
    writeFileSync(join(outside, 'notice.txt'), 'A notice signed without a time-stamp.');
    const at = ['--data-dir', server.dataDir];
    signetJson([
      'sign',
      join(outside, 'notice.txt'),
      '--department',
      'demo',
      '--level',
      'B-B',
      '--out',
      join(outside, 'notice.p7s'),
      ...at,
    ]);
    const listed = signetJson<{ certificates: { serial: string; status: string }[] }>([
      'cert',
      'list',
      '--department',
      'demo',
      ...at,
    ]);
    serial = listed.certificates.find((c) => c.status === 'valid')?.serial ?? '';
  });
  afterAll(async () => {
    await server?.stop();
  });

  const verifyOutside = (...flags: string[]) => {
    const r = signet(
      [
        'verify',
        'notice.txt',
        '--signature',
        'notice.p7s',
        '--trust',
        'root.crt',
        '--json',
        ...flags,
      ],
      {},
      outside,
    );
    return { status: r.status, report: JSON.parse(r.stdout), stderr: r.stderr };
  };

  it('passes while the certificate is good: the CRL was fetched from its distribution point', () => {
    const r = verifyOutside();
    expect([r.status, r.report.indication, r.stderr]).toEqual([0, 'TOTAL_PASSED', '']);
  });

  it('says TRY_LATER with --offline: nothing fetched, nothing known', () => {
    const r = verifyOutside('--offline');
    expect(r.status).toBe(1);
    expect(r.report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
  });

  it('says revoked once the certificate is revoked; --offline still TRY_LATER', () => {
    signetJson([
      'cert',
      'revoke',
      serial,
      '--reason',
      'keyCompromise',
      '--data-dir',
      server.dataDir,
    ]);
    const online = verifyOutside();
    expect(online.status).toBe(1);
    expect(online.report.subIndication).toMatch(/REVOKED/);
    const offline = verifyOutside('--offline');
    expect(offline.report).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
    });
  });

  it('warns, and says TRY_LATER, when the CRL cannot be fetched', async () => {
    await server.stop();
    const r = verifyOutside();
    expect(r.status).toBe(1);
    expect(r.report.subIndication).toBe('TRY_LATER');
    // One warning a CRL the chain names: the issuing CA's, and the root's ARL (issue 20).
    // The issuing CA's CRL is named by the CA's key identifier (ca/template.ts).
    for (const crl of ['issuing/[0-9a-f]+', 'root']) {
      expect(r.stderr).toMatch(
        new RegExp(
          `^warning: The CRL at http://127\\.0\\.0\\.1:\\d+/crl/${crl}\\.crl could not be fetched`,
          'm',
        ),
      );
    }
  });
});

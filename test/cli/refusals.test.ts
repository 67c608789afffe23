import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { errorLines, signet, signetJson } from '../helpers/cli';
import { ecKeyAndCsr, mustOpenssl, openssl, tempDir } from '../helpers/openssl';

const CERTS = join(__dirname, '..', '..', 'certs');

/** Row counts of every table that a refused command must leave as it was. */
function snapshot(dir: string): Record<string, number> {
  const db = new Database(join(dir, 'signet.db'), { readonly: true });
  const tables = ['certificates', 'departments', 'tokens', 'crls', 'audit_log', 'authorities'];
  const counts = Object.fromEntries(
    tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
  db.close();
  return counts;
}

function expectRefusal(r: ReturnType<typeof signet>, sentence: RegExp): void {
  expect(r.status).toBe(1);
  const errors = errorLines(r.stderr);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(sentence);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('the CLI refuses bad input with one sentence, exit 1, and no partial record', () => {
  let dir: string;
  let files: string;
  let serial: string;
  beforeAll(() => {
    dir = tempDir('signet-refuse-');
    files = tempDir('signet-refuse-files-');
    signetJson(['init', '--data-dir', dir]);
    signetJson(['department', 'add', 'finance', '--name', 'Finance', '--data-dir', dir]);
    serial = signetJson<{ serial: string }>([
      'cert',
      'issue',
      '--department',
      'finance',
      '--data-dir',
      dir,
    ]).serial;
    ecKeyAndCsr(join(files, 'k.pem'), join(files, 'good.csr'), '/CN=ignored', 'DER');
  });

  it.each([
    ['init twice', () => ['init', '--data-dir', dir], /already set up/],
    [
      'an unknown serial',
      () => ['cert', 'revoke', 'ABCDEF0123', '--reason', 'keyCompromise', '--data-dir', dir],
      /No certificate has serial ABCDEF0123/,
    ],
    [
      'a serial that is not hex',
      () => ['cert', 'show', 'xyz', '--data-dir', dir],
      /not a serial number/,
    ],
    [
      'an unknown reason',
      () => ['cert', 'revoke', serial, '--reason', 'bored', '--data-dir', dir],
      /not an RFC 5280 revocation reason/,
    ],
    [
      'an unknown department',
      () => ['cert', 'issue', '--department', 'nowhere', '--data-dir', dir],
      /no department "nowhere"/,
    ],
    [
      'a duplicate department',
      () => ['department', 'add', 'finance', '--name', 'Again', '--data-dir', dir],
      /already exists/,
    ],
    [
      'a malformed CSR',
      () => {
        writeFileSync(join(files, 'garbage.csr'), Buffer.from('30820102deadbeef', 'hex'));
        return [
          'cert',
          'issue',
          '--department',
          'finance',
          '--csr',
          join(files, 'garbage.csr'),
          '--data-dir',
          dir,
        ];
      },
      /signing request cannot be read/,
    ],
    [
      'a CSR whose self-signature is wrong',
      () => [
        'cert',
        'issue',
        '--department',
        'finance',
        '--csr',
        join(CERTS, 'request-bad-signature.csr'),
        '--data-dir',
        dir,
      ],
      /not signed by its own key/,
    ],
    [
      'a CSR for a 1024-bit RSA key',
      () => [
        'cert',
        'issue',
        '--department',
        'finance',
        '--csr',
        join(CERTS, 'request-rsa1024.csr'),
        '--data-dir',
        dir,
      ],
      /not one Signet certifies/,
    ],
    [
      'a CSR file that does not exist',
      () => [
        'cert',
        'issue',
        '--department',
        'finance',
        '--csr',
        join(CERTS, 'missing.csr'),
        '--data-dir',
        dir,
      ],
      /cannot be read/,
    ],
  ] as [string, () => string[], RegExp][])('refuses %s', (_name, args, sentence) => {
    const a = args();
    const before = snapshot(dir);
    expectRefusal(signet(a), sentence);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a wrong passphrase without touching the data', () => {
    const before = snapshot(dir);
    const r = signet(['cert', 'issue', '--department', 'finance', '--data-dir', dir], {
      SIGNET_KEY_PASSPHRASE: 'not-the-right-passphrase',
    });
    expectRefusal(r, /passphrase does not unlock/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('exits 2 on a usage error', () => {
    const r = signet(['cert', 'issue', '--data-dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/required option '--department <id>'/);
  });

  it('issues from a good CSR, certifying the requester key and not its requested name', () => {
    const cert = signetJson<{ certificate: string; custodialKey: boolean }>([
      'cert',
      'issue',
      '--department',
      'finance',
      '--csr',
      join(files, 'good.csr'),
      '--data-dir',
      dir,
    ]);
    expect(cert.custodialKey).toBe(false);
    writeFileSync(join(files, 'csr-cert.pem'), cert.certificate);
    const certKey = mustOpenssl(['x509', '-in', join(files, 'csr-cert.pem'), '-noout', '-pubkey']);
    const ownKey = mustOpenssl(['pkey', '-in', join(files, 'k.pem'), '-pubout']);
    expect(certKey).toBe(ownKey);
    expect(
      openssl(['x509', '-in', join(files, 'csr-cert.pem'), '-noout', '-subject']).stdout,
    ).toMatch(/OU ?= ?finance, CN ?= ?Finance/);
  });

  it('renews a certificate: a new serial and key for the same department, the old one still valid', () => {
    const renewed = signetJson<{ serial: string; department: string; certificate: string }>([
      'cert',
      'renew',
      serial,
      '--data-dir',
      dir,
    ]);
    expect(renewed.serial).not.toBe(serial);
    expect(renewed.department).toBe('finance');
    const old = signetJson<{ status: string; certificate: string }>([
      'cert',
      'show',
      serial,
      '--data-dir',
      dir,
    ]);
    expect(old.status).toBe('valid');
    const key = (pem: string): string => {
      writeFileSync(join(files, 'c.pem'), pem);
      return mustOpenssl(['x509', '-in', join(files, 'c.pem'), '-noout', '-pubkey']);
    };
    expect(key(renewed.certificate)).not.toBe(key(old.certificate));
  });

  it('lists certificates by department and status', () => {
    const all = signetJson<{ certificates: { serial: string; status: string }[] }>([
      'cert',
      'list',
      '--department',
      'finance',
      '--data-dir',
      dir,
    ]);
    expect(all.certificates.map((c) => c.serial)).toContain(serial);
    const revoked = signetJson<{ certificates: unknown[] }>([
      'cert',
      'list',
      '--status',
      'revoked',
      '--data-dir',
      dir,
    ]);
    expect(revoked.certificates).toHaveLength(0);
  });

  it('backs up database and keys into a copy that opens and verifies its audit log', () => {
    const target = join(tempDir('signet-backup-'), 'copy');
    const r = signetJson<{ files: string[] }>(['backup', target, '--data-dir', dir]);
    expect(r.files).toContain('signet.db');
    writeFileSync(join(target, 'dev-passphrase'), readFileSync(join(dir, 'dev-passphrase')), {
      mode: 0o600,
    });
    expect(signet(['audit', 'verify', '--data-dir', target]).status).toBe(0);
    expect(signet(['cert', 'issue', '--department', 'finance', '--data-dir', target]).status).toBe(
      0,
    );
  });
});

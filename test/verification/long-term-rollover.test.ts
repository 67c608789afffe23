/**
 * Issue 20 done-when 2, with ONE Signet installation and its real commands: a B-LTA and a B-LT
 * signature made at t0; at t0+4y and t0+8y the operator rolls the TSA over (the issuing CA too, at
 * 4y) and renews the B-LTA file with `signet archive renew`; at t0+9y, after the last archive
 * time-stamp, `signet ca revoke-issuing` revokes the old issuing CA; at t0+12y the renewed B-LTA
 * signature passes and the B-LT one is INDETERMINATE (ETSI EN 319 102-1 5.6.3, past signature
 * validation: no proof of existence before the signer's certificate expired). The CLI's clock is
 * moved by libfaketime; its monotonic clock stays real (libuv's timers need it).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSignedData } from '../../src/core/cms';
import { readInput } from '../../src/cli/files';
import { tempDir } from '../helpers/openssl';

const BIN = join(__dirname, '..', '..', 'bin', 'signet.js');
const YEAR_DAYS = 365;

interface Check {
  id: string;
  status: string;
  reason?: { id?: string; text?: string };
}
interface Report {
  indication: string;
  subIndication?: string;
  summary?: string;
  signatures: {
    format: string;
    subIndication?: string;
    bestSignatureTime?: string;
    timestamp?: { time: string };
    checks: Check[];
  }[];
}

describe('long-term validation across real rollovers, with the clock twelve years ahead', () => {
  let dir: string;
  let files: string;
  const f = (n: string): string => join(files, n);

  /** `signet ARGS --data-dir DIR` with the clock `days` ahead of the real one. */
  const signetAt = (days: number, args: string[]) => {
    const r = spawnSync(
      'faketime',
      ['-f', `+${days}d`, process.execPath, BIN, ...args, '--data-dir', dir],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          SIGNET_KEY_PASSPHRASE: 'long-term rollover test passphrase',
          FAKETIME_DONT_FAKE_MONOTONIC: '1',
        },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const jsonAt = <T>(days: number, args: string[]): T => {
    const r = signetAt(days, [...args, '--json']);
    if (r.status !== 0) throw new Error(`signet ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  const verifyAt = (days: number, signature: string): Report =>
    JSON.parse(
      signetAt(days, [
        'verify',
        f('notice.txt'),
        '--signature',
        f(signature),
        '--json',
        '--lang',
        'en',
      ]).stdout,
    ) as Report;
  const check = (report: Report, id: string): Check => {
    const found = report.signatures[0]?.checks.find((c) => c.id === id);
    if (!found) throw new Error(`no ${id} check in ${JSON.stringify(report)}`);
    return found;
  };

  let oldIssuing: string;

  beforeAll(() => {
    dir = tempDir('signet-lta-rollover-');
    files = tempDir('signet-lta-rollover-files-');
    oldIssuing = jsonAt<{ issuing: { serial: string } }>(0, ['init']).issuing.serial;
    jsonAt(0, ['department', 'add', 'finance', '--name', 'Finance']);
    jsonAt(0, ['cert', 'issue', '--department', 'finance']);
    writeFileSync(f('notice.txt'), 'Notice No. 20: kept for thirty years.\n');
    for (const level of ['B-LTA', 'B-LT']) {
      jsonAt(0, [
        'sign',
        f('notice.txt'),
        '--department',
        'finance',
        '--level',
        level,
        '--out',
        f(`${level}.p7s`),
      ]);
    }
  }, 300_000);

  it('passes the renewed B-LTA signature and leaves the B-LT one INDETERMINATE, saying why', () => {
    // t0+4y: a new issuing CA (valid to t0+14y) and a TSA under it (to t0+9y), before the first
    // TSA certificate (5 years) expires; the archive renewed by the new TSA.
    const four = 4 * YEAR_DAYS + 1;
    const issuing = jsonAt<{ certificates: { role: string }[] }>(four, [
      'ca',
      'rollover',
      'issuing',
    ]);
    expect(issuing.certificates.map((c) => c.role)).toEqual(['issuing', 'ocsp']);
    jsonAt(four, ['tsa', 'rollover']);
    jsonAt(four, ['archive', 'renew', f('B-LTA.p7s')]);
    // t0+8y: the TSA again (to t0+13y), the archive again.
    const eight = 8 * YEAR_DAYS + 2;
    jsonAt(eight, ['tsa', 'rollover']);
    jsonAt(eight, ['archive', 'renew', f('B-LTA.p7s')]);
    const renewed = parseSignedData(readInput(f('B-LTA.p7s')));
    expect(renewed.signerInfos[0]?.archiveTimestamps).toHaveLength(3);
    // t0+9y: the old issuing CA revoked, after the last archive time-stamp.
    jsonAt(9 * YEAR_DAYS, ['ca', 'revoke-issuing', oldIssuing, '--reason', 'cACompromise']);

    const twelve = 12 * YEAR_DAYS;
    const passed = verifyAt(twelve, 'B-LTA.p7s');
    expect(passed.signatures[0]?.format).toBe('CAdES-BASELINE-LTA');
    expect(passed.indication).toBe('TOTAL_PASSED');
    expect(check(passed, 'archive_timestamp').status).toBe('passed');
    expect(check(passed, 'signature_timestamp').status).toBe('passed');
    expect(check(passed, 'certificate_chain').status).toBe('passed');
    // The CA's revocation came after the proven signing time: a warning, not a failure.
    const revocation = check(passed, 'revocation');
    expect(revocation.status).toBe('warning');
    expect(JSON.stringify(revocation.reason)).toContain('revocation.revoked_after_timestamp');
    // The signature time-stamp of t0, its TSA judged at the archive time-stamps' proof of existence.
    const signature = passed.signatures[0];
    expect(signature?.bestSignatureTime).toBe(signature?.timestamp?.time);

    const stale = verifyAt(twelve, 'B-LT.p7s');
    expect(stale.signatures[0]?.format).toBe('CAdES-BASELINE-LT');
    expect(stale.indication).toBe('INDETERMINATE');
    expect(stale.subIndication).toBe('OUT_OF_BOUNDS_NO_POE');
    const chain = check(stale, 'certificate_chain');
    expect(chain.status).toBe('failed');
    expect(chain.reason?.id).toBe('chain.expired');
    expect(stale.summary).toMatch(/expired/);

    // A changed byte of the document fails the renewed signature all the same.
    writeFileSync(f('notice.txt'), 'Notice No. 21: kept for thirty years.\n');
    const changed = verifyAt(twelve, 'B-LTA.p7s');
    expect(changed.indication).toBe('TOTAL_FAILED');
    expect(changed.subIndication).toBe('HASH_FAILURE');
  }, 600_000);
});

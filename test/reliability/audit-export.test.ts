/**
 * The audit log's signed head, time-stamped and exported for off-host keeping (issue 14 item 3).
 * OpenSSL checks what it holds on its own (the audit key's certificate under the CA's root, the
 * RFC 3161 token over the head's signature); `signet audit verify --against FILE` finds a log cut
 * short or rolled back to an older copy after the export, which the anchors left in the database
 * cannot show; and an anchor without its time-stamp, or with another one's, fails.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { auditRows, rewriteChain } from '../helpers/audit-tamper';
import { errorLines, signet, signetJson } from '../helpers/cli';
import { openssl, tempDir } from '../helpers/openssl';

jest.setTimeout(180_000);

interface ExportedHead {
  format: string;
  seq: number;
  hash: string;
  signature: string;
  timestampToken: string;
  auditCertificate: string;
  caCertificates: string[];
}

describe('signet audit export', () => {
  const base = tempDir('signet-audit-export-');
  const dir = join(base, 'data');
  const older = join(base, 'older');
  const headFile = join(base, 'head.json');
  const at = ['--data-dir', dir];
  let head: ExportedHead;

  beforeAll(() => {
    signetJson(['init', ...at]);
    signetJson(['department', 'add', 'finance', '--name', 'Finance Bureau', ...at]);
    cpSync(dir, older, { recursive: true }); // a backup taken before the last change
    signetJson(['cert', 'issue', '--department', 'finance', ...at]);
    const r = signet(['audit', 'export', '--out', headFile, ...at]);
    expect([r.status, errorLines(r.stderr)]).toEqual([0, []]);
    head = JSON.parse(readFileSync(headFile, 'utf8'));
  });

  /** A copy of the data directory with `tamper` applied to its database. */
  function tampered(tamper: (db: Database.Database) => void): string {
    const copy = tempDir('signet-audit-export-copy-');
    cpSync(dir, copy, { recursive: true });
    const db = new Database(join(copy, 'signet.db'));
    tamper(db);
    db.close();
    return copy;
  }
  const verifyIn = (data: string, file = headFile) =>
    signet(['audit', 'verify', '--against', file, '--data-dir', data]);

  it('writes the head of the log: the last entry, signed and time-stamped', () => {
    const db = new Database(join(dir, 'signet.db'), { readonly: true });
    const last = db.prepare('SELECT seq, hash FROM audit_head').get() as {
      seq: number;
      hash: string;
    };
    db.close();
    expect(head).toMatchObject({ format: 'signet-audit-head/1', seq: last.seq, hash: last.hash });
  });

  it("holds an audit certificate that OpenSSL validates under the CA's root", () => {
    const [issuing, root] = head.caCertificates;
    writeFileSync(join(base, 'root.pem'), root ?? '');
    writeFileSync(join(base, 'issuing.pem'), issuing ?? '');
    writeFileSync(join(base, 'audit.pem'), head.auditCertificate);
    const r = openssl([
      'verify',
      '-CAfile',
      join(base, 'root.pem'),
      '-untrusted',
      join(base, 'issuing.pem'),
      '-purpose',
      'any',
      join(base, 'audit.pem'),
    ]);
    expect(r.stdout).toContain(': OK');
    const other = openssl([
      'verify',
      '-CAfile',
      join(base, 'issuing.pem'),
      join(base, 'audit.pem'),
    ]);
    expect(other.status).not.toBe(0); // the issuing CA alone is no trust anchor
  });

  it("holds an RFC 3161 token that OpenSSL verifies over the head's signature, and not over other data", () => {
    writeFileSync(join(base, 'signature.bin'), Buffer.from(head.signature, 'base64'));
    writeFileSync(join(base, 'token.der'), Buffer.from(head.timestampToken, 'base64'));
    const verifyOver = (data: string) =>
      openssl([
        'ts',
        '-verify',
        '-token_in',
        '-in',
        join(base, 'token.der'),
        '-data',
        data,
        '-CAfile',
        join(base, 'root.pem'),
        '-untrusted',
        join(base, 'issuing.pem'),
      ]);
    expect(verifyOver(join(base, 'signature.bin')).stdout).toContain('Verification: OK');
    writeFileSync(join(base, 'other.bin'), 'not the signature');
    expect(verifyOver(join(base, 'other.bin')).stdout).not.toContain('Verification: OK');
  });

  it('passes the log it was exported from, with no passphrase', () => {
    const r = verifyIn(dir);
    expect([r.status, errorLines(r.stderr)]).toEqual([0, []]);
    expect(r.stdout).toContain(`it still holds the exported head (entry ${head.seq})`);
  });

  it('fails an older copy of the database restored after the export', () => {
    expect(signet(['audit', 'verify', '--data-dir', older]).status).toBe(0); // intact on its own
    const r = verifyIn(older);
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)[0]).toMatch(
      new RegExp(
        `^error: The audit log ends at entry \\d+, but the head exported on .* was entry ${head.seq}`,
      ),
    );
  });

  it('fails a log cut short after the export, with its anchors, which the anchors alone miss', () => {
    const cut = tampered((db) => {
      const keep = head.seq - 1;
      const prev = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(keep) as {
        hash: string;
      };
      db.prepare('DELETE FROM audit_log WHERE seq > ?').run(keep);
      db.prepare('DELETE FROM audit_anchors WHERE seq > ?').run(keep);
      db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(keep, prev.hash);
      // The state the removed entry recorded goes too, so the replay agrees.
      db.prepare("DELETE FROM certificates WHERE role = 'department'").run();
    });
    expect(signet(['audit', 'verify', '--data-dir', cut]).status).toBe(0);
    const r = verifyIn(cut);
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)[0]).toMatch(/entries were removed or an older copy/);
  });

  it('refuses an exported head whose hash was changed: its signature no longer holds', () => {
    const forged = join(base, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...head, hash: 'f'.repeat(64) }));
    const r = verifyIn(dir, forged);
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)[0]).toMatch(
      /The exported head is not valid.*not signed by the audit key/,
    );
  });

  it('refuses a file that is not an exported head, in one sentence', () => {
    const junk = join(base, 'junk.json');
    writeFileSync(junk, '{"format": "something else"}');
    const r = verifyIn(dir, junk);
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      `error: ${junk} is not an exported audit head (signet-audit-head/1, written by "signet audit export").`,
    ]);
  });

  it.each([
    [
      'an anchor without its time-stamp',
      (db: Database.Database) =>
        db.prepare('UPDATE audit_anchors SET timestamp_token = NULL').run(),
      /has no time-stamp/,
    ],
    [
      "an anchor with another anchor's time-stamp",
      (db: Database.Database) =>
        db
          .prepare(
            'UPDATE audit_anchors SET timestamp_token = (SELECT timestamp_token FROM audit_anchors ORDER BY seq DESC LIMIT 1)',
          )
          .run(),
      /time-stamp of the signed head of audit entry \d+ is not valid/,
    ],
    [
      "the audit key's certificate replaced by the TSA's (every hash recomputed)",
      (db: Database.Database) => {
        const rows = auditRows(db);
        const tsa = db
          .prepare("SELECT der FROM certificates WHERE role = 'tsa'")
          .pluck()
          .get() as Buffer;
        for (const row of rows.filter((r) => r.action === 'audit.key-certified')) {
          row.details = JSON.stringify({ certificate: tsa.toString('base64') });
        }
        rewriteChain(db, rows);
      },
      /audit key certificate was not issued by this CA for the audit log/,
    ],
  ])('audit verify fails %s', (_name, tamper, message) => {
    const r = signet(['audit', 'verify', '--data-dir', tampered(tamper)]);
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)[0]).toMatch(message);
  });
});

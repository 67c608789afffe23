/**
 * A keyed, anchored audit log (issue 14): whoever can write the database can recompute every hash
 * of the chain, so `signet audit verify` also checks the heads signed by the vault's audit key and
 * replays the log against the tables. Each tamper is made by hand with SQLite on a copy of a data
 * directory that the real CLI populated; each must make the real `signet audit verify` fail.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { auditRows, rewriteChain, type AuditRow as Row } from '../helpers/audit-tamper';
import { signet, signetJson } from '../helpers/cli';
import { tempDir } from '../helpers/openssl';

jest.setTimeout(120_000);

describe('signet audit verify', () => {
  const base = tempDir('signet-audit-');
  const dir = join(base, 'data');
  let revokedSerial = '';

  beforeAll(() => {
    const at = ['--data-dir', dir];
    signetJson(['init', ...at]);
    signetJson(['department', 'add', 'finance', '--name', 'Finance Bureau', ...at]);
    const first = signetJson<{ serial: string }>([
      'cert',
      'issue',
      '--department',
      'finance',
      ...at,
    ]);
    signetJson(['cert', 'issue', '--department', 'finance', ...at]);
    signetJson(['cert', 'revoke', first.serial, '--reason', 'keyCompromise', ...at]);
    revokedSerial = first.serial;
    const doc = join(base, 'notice.txt');
    writeFileSync(doc, 'An official notice.');
    signetJson(['sign', doc, '--department', 'finance', '--level', 'B-B', ...at]);
  });

  /** A copy of the populated data directory with `tamper` applied to its database. */
  function tampered(tamper: (db: Database.Database) => void): string {
    const copy = tempDir('signet-audit-copy-');
    cpSync(dir, copy, { recursive: true });
    const db = new Database(join(copy, 'signet.db'));
    tamper(db);
    db.close();
    return copy;
  }
  const verifyIn = (data: string) => signet(['audit', 'verify', '--json', '--data-dir', data]);
  const rows = auditRows;

  it('passes an untouched log: chain, signed anchors and the replayed state agree', () => {
    const r = verifyIn(dir);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ valid: true });
    expect(report.anchors).toBeGreaterThanOrEqual(5); // one per CLI command that wrote
  });

  it.each([
    [
      'an entry edited and every hash after it recomputed',
      (db: Database.Database) => {
        const all = rows(db);
        const revoked = all.find((r) => r.action === 'certificate.revoked') as Row;
        revoked.details = JSON.stringify({ reason: 'superseded' });
        rewriteChain(db, all);
      },
      /rewritten/,
    ],
    [
      'an entry deleted from the middle and the chain renumbered',
      (db: Database.Database) =>
        rewriteChain(
          db,
          rows(db).filter((r) => r.seq !== 3),
        ),
      /rewritten/,
    ],
    [
      'the log and its head emptied',
      (db: Database.Database) => {
        db.prepare('DELETE FROM audit_log').run();
        db.prepare('DELETE FROM audit_head').run();
        db.prepare('DELETE FROM audit_anchors').run();
      },
      /empty/,
    ],
    [
      'every signed anchor deleted',
      (db: Database.Database) => db.prepare('DELETE FROM audit_anchors').run(),
      /No signed anchor/,
    ],
    [
      'a forged anchor over a rewritten head',
      (db: Database.Database) => {
        const all = rows(db);
        all.pop();
        rewriteChain(db, all);
        const head = db.prepare('SELECT seq, hash FROM audit_head').get() as {
          seq: number;
          hash: string;
        };
        db.prepare('DELETE FROM audit_anchors WHERE seq >= ?').run(head.seq);
        db.prepare(
          'INSERT INTO audit_anchors (seq, hash, signed_at, key_id, signature) SELECT ?, ?, signed_at, key_id, signature FROM audit_anchors ORDER BY seq DESC LIMIT 1',
        ).run(head.seq, head.hash);
      },
      /not signed by the audit key/,
    ],
    [
      'a revoked certificate set back to issued',
      (db: Database.Database) =>
        db
          .prepare(
            "UPDATE certificates SET status = 'issued', revoked_at = NULL, revocation_reason = NULL WHERE serial = ?",
          )
          .run(revokedSerial),
      /certificate .* is issued, the log says revoked/,
    ],
    [
      'an admin token hash inserted',
      (db: Database.Database) =>
        db
          .prepare("INSERT INTO tokens (token_hash, kind, created_at) VALUES (?, 'admin', ?)")
          .run(randomBytes(32).toString('hex'), new Date().toISOString()),
      /admin holds 2 tokens/,
    ],
    [
      "a department's token hash replaced",
      (db: Database.Database) =>
        db
          .prepare("UPDATE tokens SET token_hash = ? WHERE department_id = 'finance'")
          .run(randomBytes(32).toString('hex')),
      /token in force for finance is not the one the log gave/,
    ],
    [
      'a signed document marked rescinded by hand',
      (db: Database.Database) => db.prepare("UPDATE documents SET status = 'rescinded'").run(),
      /document .* is rescinded, the log says valid/,
    ],
  ])('fails on %s', (_what, tamper, message) => {
    const r = verifyIn(tampered(tamper));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});

/** Tampering with an audit log as a careful forger would, for the tests that must catch it. */
import type Database from 'better-sqlite3';
import { auditEntryHash, AUDIT_GENESIS_HASH } from '../../src/core/audit-chain';

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
}

/** The log's entries as stored, in order. */
export function auditRows(db: Database.Database): AuditRow[] {
  return db
    .prepare('SELECT seq, at, actor, action, subject, details FROM audit_log ORDER BY seq')
    .all() as AuditRow[];
}

/** Rewrites the whole chain: seq renumbered, every hash and the head recomputed. */
export function rewriteChain(db: Database.Database, rows: AuditRow[]): void {
  db.prepare('DELETE FROM audit_log').run();
  let prevHash = AUDIT_GENESIS_HASH;
  rows.forEach((row, i) => {
    const record = { ...row, seq: i + 1, prevHash };
    const hash = auditEntryHash(record);
    db.prepare(
      'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(record.seq, row.at, row.actor, row.action, row.subject, row.details, prevHash, hash);
    prevHash = hash;
  });
  db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(rows.length, prevHash);
}

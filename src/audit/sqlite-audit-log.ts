import { auditEntryHash, AUDIT_GENESIS_HASH } from '../core/audit-chain';
import type { AuditAnchor, AuditLog, StoredAuditEntry } from '../ca/ports';
import type { AuditEntry } from '../ports';
import type Database from 'better-sqlite3';
import { guard } from '../store/guard';

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/**
 * The hash-chained audit log in SQLite. append() is called inside the use case's transaction, so
 * an entry exists exactly when the change it records does. Under SQLite's single writer the read
 * of the head and the insert cannot interleave with another append.
 */
export class SqliteAuditLog implements AuditLog {
  private readonly readHead;
  private readonly insert;
  private readonly writeHead;
  private appended = 0;
  private listener?: (appendedHere: number) => void;

  constructor(private readonly db: Database.Database) {
    this.readHead = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1');
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash)
       VALUES (@seq, @at, @actor, @action, @subject, @details, @prevHash, @hash)`,
    );
    this.writeHead = db.prepare(
      `INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
    );
  }

  append(entry: AuditEntry): number {
    return guard(() => {
      const head = this.head();
      const record = {
        seq: (head?.seq ?? 0) + 1,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        details: JSON.stringify(entry.details ?? {}),
        prevHash: head?.hash ?? AUDIT_GENESIS_HASH,
      };
      const hash = auditEntryHash(record);
      this.insert.run({ ...record, hash });
      this.writeHead.run(record.seq, hash);
      this.appended += 1;
      this.listener?.(this.appended);
      return record.seq;
    });
  }

  head(): { seq: number; hash: string } | undefined {
    return guard(() => this.readHead.get() as { seq: number; hash: string } | undefined);
  }

  appendedHere(): number {
    return this.appended;
  }

  /** The server anchors after so many entries (audit-anchor.ts); called inside the transaction. */
  onAppended(listener: (appendedHere: number) => void): void {
    this.listener = listener;
  }

  anchors(): AuditAnchor[] {
    const rows = guard(
      () =>
        this.db.prepare('SELECT * FROM audit_anchors ORDER BY seq').all() as {
          seq: number;
          hash: string;
          signed_at: string;
          key_id: string;
          signature: Buffer;
          timestamp_token: Buffer | null;
        }[],
    );
    return rows.map((r) => ({
      seq: r.seq,
      hash: r.hash,
      signedAt: r.signed_at,
      keyId: r.key_id,
      signature: new Uint8Array(r.signature),
      ...(r.timestamp_token ? { timestampToken: new Uint8Array(r.timestamp_token) } : {}),
    }));
  }

  addAnchor(anchor: AuditAnchor): void {
    guard(() =>
      this.db
        .prepare(
          `INSERT INTO audit_anchors (seq, hash, signed_at, key_id, signature, timestamp_token)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING`,
        )
        .run(
          anchor.seq,
          anchor.hash,
          anchor.signedAt,
          anchor.keyId,
          Buffer.from(anchor.signature),
          anchor.timestampToken ? Buffer.from(anchor.timestampToken) : null,
        ),
    );
  }

  *entries(): Iterable<StoredAuditEntry> {
    const rows = this.db
      .prepare('SELECT * FROM audit_log ORDER BY seq')
      .iterate() as IterableIterator<AuditRow>;
    for (const r of rows) {
      const { prev_hash: prevHash, ...rest } = r;
      yield { ...rest, prevHash };
    }
  }
}

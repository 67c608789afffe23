import { TlogError, type StoredNode } from '../core/tlog';
import type { LogStore, SequencedEntry, StoredCheckpoint } from '../transparency/ports';
import type { Db } from './database';
import { guard, guardTransaction } from './guard';

interface CheckpointRow {
  tree_size: number;
  note: string;
  created_at: string;
}

const toCheckpoint = (r: CheckpointRow): StoredCheckpoint => ({
  size: BigInt(r.tree_size),
  note: r.note,
  createdAt: r.created_at,
});

/** The transparency log's tables (migration 009). */
export class SqliteLogStore implements LogStore {
  constructor(private readonly db: Db) {}

  addPending(entry: Uint8Array, salted?: { documentId: string; salt: Uint8Array }): number {
    return guard(() => {
      const id = Number(
        this.db.prepare('INSERT INTO tlog_pending (entry) VALUES (?)').run(entry).lastInsertRowid,
      );
      if (salted) {
        this.db
          .prepare('INSERT INTO tlog_salts (document_id, pending_id, salt) VALUES (?, ?, ?)')
          .run(salted.documentId, id, salted.salt);
      }
      return id;
    });
  }

  pending(limit: number): { id: number; entry: Uint8Array }[] {
    return guard(
      () =>
        this.db
          .prepare(
            `SELECT p.id, p.entry FROM tlog_pending p
             WHERE NOT EXISTS (SELECT 1 FROM tlog_entries e WHERE e.pending_id = p.id)
             ORDER BY p.id LIMIT ?`,
          )
          .all(limit) as { id: number; entry: Uint8Array }[],
    );
  }

  size(): bigint {
    const n = guard(() => this.db.prepare('SELECT COUNT(*) FROM tlog_entries').pluck().get());
    return BigInt(n as number);
  }

  node(level: number, index: bigint): Uint8Array {
    const hash = guard(() =>
      this.db
        .prepare('SELECT hash FROM tlog_nodes WHERE level = ? AND node_index = ?')
        .pluck()
        .get(level, index),
    ) as Uint8Array | undefined;
    if (!hash) throw new TlogError('TLOG_RANGE', `The log has no node ${level}/${index}.`);
    return hash;
  }

  sequence(entries: SequencedEntry[], nodes: StoredNode[], checkpoint: StoredCheckpoint): void {
    const addEntry = this.db.prepare(
      'INSERT INTO tlog_entries (leaf_index, pending_id, entry) VALUES (?, ?, ?)',
    );
    const addNode = this.db.prepare(
      'INSERT INTO tlog_nodes (level, node_index, hash) VALUES (?, ?, ?)',
    );
    const addCheckpoint = this.db.prepare(
      'INSERT INTO tlog_checkpoints (tree_size, note, created_at) VALUES (?, ?, ?)',
    );
    // Leaf indices and pending ids are unique keys: a second sequencer that raced this one fails
    // its whole batch here instead of forking the tree.
    guardTransaction(() =>
      this.db.transaction(() => {
        for (const e of entries) addEntry.run(e.index, e.pendingId, e.entry);
        for (const n of nodes) addNode.run(n.level, n.index, n.hash);
        addCheckpoint.run(checkpoint.size, checkpoint.note, checkpoint.createdAt);
      })(),
    );
  }

  latestCheckpoint(): StoredCheckpoint | undefined {
    const row = guard(() =>
      this.db.prepare('SELECT * FROM tlog_checkpoints ORDER BY tree_size DESC LIMIT 1').get(),
    ) as CheckpointRow | undefined;
    return row && toCheckpoint(row);
  }

  checkpoints(): StoredCheckpoint[] {
    const rows = guard(() =>
      this.db.prepare('SELECT * FROM tlog_checkpoints ORDER BY tree_size').all(),
    ) as CheckpointRow[];
    return rows.map(toCheckpoint);
  }

  entries(from: bigint, count: number): Uint8Array[] {
    return guard(() =>
      this.db
        .prepare('SELECT entry FROM tlog_entries WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?')
        .pluck()
        .all(from, count),
    ) as Uint8Array[];
  }

  documentEntry(documentId: string): { index?: bigint; salt: Uint8Array } | undefined {
    const row = guard(() =>
      this.db
        .prepare(
          `SELECT s.salt, e.leaf_index FROM tlog_salts s
           LEFT JOIN tlog_entries e ON e.pending_id = s.pending_id WHERE s.document_id = ?`,
        )
        .get(documentId),
    ) as { salt: Uint8Array; leaf_index: number | null } | undefined;
    if (!row) return undefined;
    return { salt: row.salt, index: row.leaf_index === null ? undefined : BigInt(row.leaf_index) };
  }
}

import type { NodeSource, NoteSigner, StoredNode } from '../core/tlog';

/** A sequenced entry: its leaf index and its bytes. */
export interface SequencedEntry {
  index: bigint;
  pendingId: number;
  entry: Uint8Array;
}

/** A signed checkpoint as stored: the tree size and the whole note. */
export interface StoredCheckpoint {
  size: bigint;
  note: string;
  createdAt: string;
}

/** The log's storage (store/ implements it over SQLite, migration 009). */
export interface LogStore extends NodeSource {
  /** Queues an entry (in the caller's transaction); a document's salt is kept apart, privately. */
  addPending(entry: Uint8Array, salted?: { documentId: string; salt: Uint8Array }): number;
  /** The oldest queued entries not yet sequenced, at most `limit`. */
  pending(limit: number): { id: number; entry: Uint8Array }[];
  size(): bigint;
  /** Stores a batch, the nodes it completed and its checkpoint, all or nothing. */
  sequence(entries: SequencedEntry[], nodes: StoredNode[], checkpoint: StoredCheckpoint): void;
  latestCheckpoint(): StoredCheckpoint | undefined;
  /** Every checkpoint, smallest tree first. */
  checkpoints(): StoredCheckpoint[];
  entries(from: bigint, count: number): Uint8Array[];
  /** The leaf index of a document's entry, once sequenced, and its salt. */
  documentEntry(documentId: string): { index?: bigint; salt: Uint8Array } | undefined;
}

/** The log's Ed25519 checkpoint key (its name is the log's origin); the private key stays in keys/. */
export interface LogKey extends NoteSigner {
  readonly publicKey: Uint8Array;
}

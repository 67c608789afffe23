-- 009: the transparency log of issue 21 (RFC 9162 tree, C2SP checkpoints). Entries are appended
-- to tlog_pending in the transaction that registers a signature, then sequenced in batches: each
-- batch gets the next leaf indices, the tree nodes it completes and one signed checkpoint, in one
-- transaction. Public tables hold only the 138-byte entries (hashes and salted commitments), node
-- hashes and checkpoints; the salts are kept apart, in tlog_salts, and never served.
CREATE TABLE tlog_pending (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entry BLOB NOT NULL
);
CREATE TABLE tlog_entries (
  leaf_index INTEGER PRIMARY KEY,
  pending_id INTEGER NOT NULL UNIQUE,
  entry BLOB NOT NULL
);
-- The complete subtree of 2^level leaves at position node_index (level 0: leaf hashes).
CREATE TABLE tlog_nodes (
  level INTEGER NOT NULL,
  node_index INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, node_index)
) WITHOUT ROWID;
CREATE TABLE tlog_checkpoints (
  tree_size INTEGER PRIMARY KEY,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- Which entry is a document's, and the salt of its commitments (private: the signer's secret).
CREATE TABLE tlog_salts (
  document_id TEXT PRIMARY KEY REFERENCES documents (id),
  pending_id INTEGER NOT NULL UNIQUE,
  salt BLOB NOT NULL
);

-- 004: signed anchors of the audit chain (issue 14). Anyone who can write the database can
-- recompute every hash of the chain; no one without the vault's audit key (encrypted under the
-- key passphrase) can sign a head. Each anchor signs one (seq, hash) of the chain.
CREATE TABLE audit_anchors (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  key_id TEXT NOT NULL,
  signature BLOB NOT NULL
);

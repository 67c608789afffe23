-- 009: the registry takes B-LTA signatures (issue 20). SQLite cannot change a CHECK constraint in
-- place, so the table is rebuilt with the same columns, rows and indexes.
CREATE TABLE documents_lta (
  id TEXT PRIMARY KEY,
  verification_code TEXT NOT NULL UNIQUE,
  department_id TEXT NOT NULL REFERENCES departments (id),
  certificate_serial TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('cades', 'pades')),
  level TEXT NOT NULL CHECK (level IN ('B-B', 'B-T', 'B-LT', 'B-LTA')),
  digest_algorithm TEXT NOT NULL,
  digest TEXT NOT NULL,
  file_name TEXT,
  signed_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('valid', 'rescinded', 'superseded')),
  status_reason TEXT,
  status_changed_at TEXT,
  superseded_by TEXT REFERENCES documents (id),
  CHECK ((status = 'superseded') = (superseded_by IS NOT NULL))
);
INSERT INTO documents_lta SELECT * FROM documents;
DROP TABLE documents;
ALTER TABLE documents_lta RENAME TO documents;
CREATE INDEX documents_digest ON documents (digest_algorithm, digest);
CREATE INDEX documents_department ON documents (department_id, signed_at);

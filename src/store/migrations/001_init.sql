-- 001: the certificate authority's state, departments, tokens, certificates, CRLs, audit log.
CREATE TABLE ca_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  organization TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE authorities (
  role TEXT PRIMARY KEY CHECK (role IN ('root', 'issuing', 'tsa', 'ocsp')),
  serial TEXT NOT NULL,
  issuer_key_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  key_algorithm TEXT NOT NULL
);

CREATE TABLE departments (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Bearer tokens are stored as SHA-256 hashes; the token itself is shown once and never kept.
CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('admin', 'department')),
  department_id TEXT REFERENCES departments (id),
  created_at TEXT NOT NULL,
  CHECK ((kind = 'department') = (department_id IS NOT NULL))
);

-- A serial is reserved ('reserved') before the CA key signs; the row becomes 'issued' with its DER
-- in the same transaction as its audit entry, or 'failed' when issuance fails after reservation.
CREATE TABLE certificates (
  issuer_key_id TEXT NOT NULL,
  serial TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('root', 'issuing', 'tsa', 'ocsp', 'department')),
  department_id TEXT REFERENCES departments (id),
  status TEXT NOT NULL CHECK (status IN ('reserved', 'issued', 'failed', 'revoked')),
  subject TEXT NOT NULL,
  not_before TEXT NOT NULL,
  not_after TEXT NOT NULL,
  der BLOB,
  key_id TEXT,
  key_algorithm TEXT,
  revoked_at TEXT,
  revocation_reason TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (issuer_key_id, serial),
  CHECK ((status IN ('issued', 'revoked')) = (der IS NOT NULL)),
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);
CREATE INDEX certificates_serial ON certificates (serial);
CREATE INDEX certificates_department ON certificates (department_id, status);

CREATE TABLE crls (
  issuer_key_id TEXT NOT NULL,
  number TEXT NOT NULL,
  this_update TEXT NOT NULL,
  next_update TEXT NOT NULL,
  der BLOB NOT NULL,
  PRIMARY KEY (issuer_key_id, number)
);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

-- The last entry's sequence number and hash, so that entries cut from the end are detected.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);

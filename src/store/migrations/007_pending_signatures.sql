-- 007: two-phase signing for a department that keeps its own key (issue 17). Prepare fixes what is
-- signed (document digest, certificate, signing time) under a random handle; complete takes the
-- department's signature value, once, before the handle expires. Kept in the database so that any
-- server process on the data directory completes what another prepared.
CREATE TABLE pending_signatures (
  handle TEXT PRIMARY KEY,
  department_id TEXT NOT NULL REFERENCES departments (id),
  certificate_serial TEXT NOT NULL,
  level TEXT NOT NULL,
  digest_algorithm TEXT NOT NULL,
  digest TEXT NOT NULL,
  file_name TEXT,
  signing_time TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

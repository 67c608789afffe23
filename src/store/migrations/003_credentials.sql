-- 003: credentials that can be cut off (issue 14). A disabled department keeps its records but its
-- key is refused; a rotated-out token keeps its row (revoked_at set) so that it is refused with 403
-- rather than treated as unknown, and the audit log can name it.
ALTER TABLE departments ADD COLUMN disabled_at TEXT;
ALTER TABLE tokens ADD COLUMN revoked_at TEXT;
CREATE INDEX tokens_subject ON tokens (kind, department_id);
-- The SHA-256 of each certificate's SubjectPublicKeyInfo: a key certified for one department is
-- refused for another, and a key revoked for keyCompromise is never certified again. Certificates
-- issued before this migration have none (their DER can be read to fill it; not done here).
ALTER TABLE certificates ADD COLUMN public_key_sha256 TEXT;
CREATE INDEX certificates_public_key ON certificates (public_key_sha256);

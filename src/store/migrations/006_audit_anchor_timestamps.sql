-- 006: each anchor of the audit chain keeps the RFC 3161 token Signet's TSA gave over its
-- signature (issue 14): a proof, checkable without the database, of when that head existed.
ALTER TABLE audit_anchors ADD COLUMN timestamp_token BLOB;

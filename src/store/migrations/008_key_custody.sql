-- 008: where the certificate's private key is kept (issue 17), recorded when it is issued:
-- 'file' (Signet's encrypted key files), 'pkcs11' (inside a PKCS#11 token, an HSM: never
-- extractable), 'external' (the department's own key, certified from its CSR). NULL for the
-- certificates issued before it was recorded.
ALTER TABLE certificates ADD COLUMN key_custody TEXT;

-- 005: the public URL is CA data (issue 14): written into every certificate's CRL distribution
-- point and AIA, so it is set once at `signet init` and changed only by `signet ca set-public-url`.
-- NULL for a CA set up before: it keeps following SIGNET_PUBLIC_URL until the URL is set.
ALTER TABLE ca_settings ADD COLUMN public_url TEXT;

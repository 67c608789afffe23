import type { Signer } from '../core/signer';
import type { AuthorityRole } from './certificates';

/** One of the CA's own certificates (DER) with the signer of its key. */
export interface AuthorityCertificate {
  der: Uint8Array;
  signer: Signer;
  /** The key identifier (hex) certificates issued under this key name as their authority key. */
  keyIdentifierHex: string;
  /** When the certificate expires: archive renewal waits for a TSA certificate newer than the last. */
  notAfter: Date;
}

/**
 * The CA's own certificates by role: signing chains to the root and issuing CA, the TSA signs
 * with its key, verification trusts the root. Fails with NOT_INITIALIZED before `signet init`.
 */
export interface AuthorityLookup {
  get(role: AuthorityRole): AuthorityCertificate;
  /** The issuing CA in force first, then those retired by a rollover still in date. */
  issuingCas(now: Date): AuthorityCertificate[];
}

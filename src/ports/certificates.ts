import type { KeyCustody } from './key-vault';

export type AuthorityRole = 'root' | 'issuing' | 'tsa' | 'ocsp';
export type CertificateRole = AuthorityRole | 'department';
export type StoredStatus = 'reserved' | 'issued' | 'failed' | 'revoked';

/** file and pkcs11: a key Signet keeps (pkcs11: in an HSM); external: the department's own key. */
export type KeyCustodyKind = KeyCustody['kind'] | 'external';

export interface CertificateRecord {
  serial: string;
  issuerKeyId: string;
  role: CertificateRole;
  departmentId?: string;
  status: StoredStatus;
  subject: string;
  notBefore: string;
  notAfter: string;
  der?: Uint8Array;
  /** The vault key id when Signet keeps the key (custodial); absent for a CSR's key. */
  keyId?: string;
  keyAlgorithm?: string;
  revokedAt?: string;
  revocationReason?: string;
  createdAt: string;
  /** SHA-256 (hex) of the SubjectPublicKeyInfo; absent on certificates from before it was kept. */
  publicKeySha256?: string;
  /** Where the private key is kept (KeyCustody kind, or the department's own); absent before 008. */
  keyCustody?: KeyCustodyKind;
}

export interface CertificateFilter {
  departmentId?: string;
  role?: CertificateRole;
  statuses?: StoredStatus[];
}

/**
 * The certificates this CA issued, read-only: what signing (a department's key) and verification
 * (a signer's certificate left out of a signature) look up. The CA's CertificateStore adds writes.
 */
export interface CertificateLookup {
  findBySerial(serial: string): CertificateRecord[];
  list(filter: CertificateFilter): CertificateRecord[];
  /** Every certificate of the public key with this SHA-256 (SubjectPublicKeyInfo, hex). */
  withPublicKey(publicKeySha256: string): CertificateRecord[];
}

/**
 * Whether the certificate's private key is known to be held in an HSM (issue 17): Signet's own
 * keys when it keeps them in a PKCS#11 token. A department's own key (from its CSR) is its
 * business: unknown to Signet, as is custody for certificates issued before it was recorded.
 */
export function hsmHeld(record: Pick<CertificateRecord, 'keyCustody'>): boolean | undefined {
  if (record.keyCustody === 'pkcs11') return true;
  if (record.keyCustody === 'file') return false;
  return undefined;
}

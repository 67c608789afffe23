/**
 * Ports of the certificate authority's use cases: small interfaces that the adapters in keys/,
 * store/ and audit/ implement (STYLE.md rule 5). Signing and verification reuse them.
 */
import type { KeyAlgorithmName, SignatureScheme } from '../core/algorithms';
import type { Signer } from '../core/signer';

/** The time, injected so that use cases and tests agree on "now" (STYLE.md rule 9). */
export interface Clock {
  now(): Date;
}

/** Random bytes from a CSPRNG, injected for the same reason. */
export interface RandomSource {
  bytes(length: number): Uint8Array;
}

export interface GeneratedKey {
  keyId: string;
  /** DER SubjectPublicKeyInfo of the new key. */
  publicKey: Uint8Array;
}

/**
 * Custody of private keys. A key is made inside the vault and never leaves it: callers get a
 * Signer bound to the key id and hand it the data to be signed (STYLE.md rule 6). A PKCS#11 vault
 * implements the same interface.
 */
/** Where a vault keeps its keys: `signet keys list` and the registry say it (issue 17). */
export interface KeyCustody {
  /** file: encrypted PKCS#8 files; pkcs11: inside a PKCS#11 token (HSM), never extractable. */
  kind: 'file' | 'pkcs11';
  /** For an operator: the key directory, or the token label and module. */
  location: string;
}

export interface KeyVault {
  readonly custody: KeyCustody;
  generate(algorithm: KeyAlgorithmName): Promise<GeneratedKey>;
  /** A signer for the key; fails with KEY_NOT_FOUND when the key does not exist. */
  signer(keyId: string, scheme: SignatureScheme): Signer;
  publicKey(keyId: string): Promise<Uint8Array>;
  /** Removes a key that was generated for an operation that then failed. */
  destroy(keyId: string): Promise<void>;
  /**
   * Re-encrypts every key under a new passphrase, all-or-nothing across a crash. Only a vault
   * that keeps keys under Signet's passphrase has it (a PKCS#11 token has its own PIN).
   */
  rotatePassphrase?(newPassphrase: string): Promise<{ keys: number }>;
}

export type AuthorityRole = 'root' | 'issuing' | 'tsa' | 'ocsp';
export type CertificateRole = AuthorityRole | 'department';
export type StoredStatus = 'reserved' | 'issued' | 'failed' | 'revoked';

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

/** file and pkcs11: a key Signet keeps (pkcs11: in an HSM); external: the department's own key. */
export type KeyCustodyKind = KeyCustody['kind'] | 'external';

export interface CertificateFilter {
  departmentId?: string;
  role?: CertificateRole;
  statuses?: StoredStatus[];
}

/** Certificates, keyed by (issuer key id, serial): a serial is reserved before the key signs. */
export interface CertificateStore {
  reserve(record: CertificateRecord): void;
  markIssued(issuerKeyId: string, serial: string, der: Uint8Array): void;
  markFailed(issuerKeyId: string, serial: string): void;
  markRevoked(issuerKeyId: string, serial: string, at: string, reason: string): void;
  findBySerial(serial: string): CertificateRecord[];
  /** Every certificate of the public key with this SHA-256 (SubjectPublicKeyInfo, hex). */
  withPublicKey(publicKeySha256: string): CertificateRecord[];
  list(filter: CertificateFilter): CertificateRecord[];
  revokedBy(issuerKeyId: string): CertificateRecord[];
}

export interface AuthorityRecord {
  role: AuthorityRole;
  serial: string;
  issuerKeyId: string;
  keyId: string;
  keyAlgorithm: string;
}

/** Which certificate and key play each role of the CA (root, issuing CA, TSA, OCSP responder). */
export interface AuthorityStore {
  authorities(): AuthorityRecord[];
  setAuthority(record: AuthorityRecord): void;
}

export interface CaSettings {
  organization: string;
  algorithm: string;
  createdAt: string;
  /** The base of the URLs written into certificates; absent for a CA set up before it was kept. */
  publicUrl?: string;
}

export interface SettingsStore {
  settings(): CaSettings | undefined;
  saveSettings(settings: CaSettings): void;
  setPublicUrl(url: string): void;
}

export interface DepartmentRecord {
  id: string;
  name: string;
  createdAt: string;
  /** Set while the department is disabled: its key is refused on every route. */
  disabledAt?: string;
}

export interface DepartmentStore {
  addDepartment(record: DepartmentRecord, apiKeyHash: string): void;
  department(id: string): DepartmentRecord | undefined;
  departments(): DepartmentRecord[];
  /** Disables (a time) or enables (undefined) a department. */
  setDisabled(id: string, disabledAt: string | undefined): void;
}

export type TokenSubject = { kind: 'admin' } | { kind: 'department'; departmentId: string };

export interface StoredToken {
  /** The stored hash, for a constant-time comparison. */
  hash: string;
  subject: TokenSubject;
  /** Set once the token was rotated out. */
  revokedAt?: string;
}

/** Bearer tokens, stored as SHA-256 hashes only. */
export interface TokenStore {
  addToken(hash: string, subject: TokenSubject, createdAt: string): void;
  /** The token whose stored hash equals this one, revoked or not. */
  findToken(hash: string): StoredToken | undefined;
  /** Marks every token of `subject` that is still in force revoked; answers how many. */
  revokeTokens(subject: TokenSubject, revokedAt: string): number;
  /** Every token still in force. */
  activeTokens(): StoredToken[];
}

export interface CrlRecord {
  number: bigint;
  issuerKeyId: string;
  thisUpdate: string;
  nextUpdate: string;
  der: Uint8Array;
}

export interface CrlStore {
  /** The latest CRL of an issuer, whose number the next one must exceed (RFC 5280 5.2.3). */
  latestCrl(issuerKeyId: string): CrlRecord | undefined;
  saveCrl(record: CrlRecord): void;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

/** An entry as stored: details as the exact JSON text that was hashed. */
export interface StoredAuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prevHash: string;
  hash: string;
}

/** The hash-chained audit log: append inside the use case's transaction. */
export interface AuditLog {
  append(entry: AuditEntry): number;
  entries(): Iterable<StoredAuditEntry>;
  head(): { seq: number; hash: string } | undefined;
  /** Signed heads, oldest first. */
  anchors(): AuditAnchor[];
  addAnchor(anchor: AuditAnchor): void;
  /** How many entries this process appended: a process anchors what it wrote. */
  appendedHere(): number;
}

/** A head of the audit chain signed by the vault's audit key. */
export interface AuditAnchor {
  seq: number;
  hash: string;
  signedAt: string;
  keyId: string;
  signature: Uint8Array;
  /** RFC 3161 token from Signet's TSA over SHA-256 of `signature`; absent on older anchors. */
  timestampToken?: Uint8Array;
}

/** The TSA as the audit log's anchoring uses it (signing/timestamp-authority.ts implements it). */
export interface AnchorTimestamper {
  timestamp(messageImprint: Uint8Array, hash: 'sha256'): Promise<Uint8Array>;
}

/** Runs a function as one all-or-nothing transaction of the store (synchronous by design). */
export interface Transactor {
  transaction<T>(work: () => T): T;
}

/** A consistent online copy of the database and the key files. */
export interface Backup {
  copyTo(directory: string): Promise<{ files: string[] }>;
}

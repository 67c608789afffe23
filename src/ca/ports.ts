/**
 * Ports of the certificate authority's use cases: small interfaces that the adapters in store/ and
 * audit/ implement (STYLE.md rule 5). The ports other use cases share (Clock, KeyVault, the
 * read-only look-ups the writing stores here extend) are in src/ports/.
 */
import type {
  AuditTrail,
  AuthorityRole,
  CertificateLookup,
  CertificateRecord,
  CrlRecord,
  DepartmentLookup,
  DepartmentRecord,
} from '../ports';

/** Certificates, keyed by (issuer key id, serial): a serial is reserved before the key signs. */
export interface CertificateStore extends CertificateLookup {
  reserve(record: CertificateRecord): void;
  markIssued(issuerKeyId: string, serial: string, der: Uint8Array): void;
  markFailed(issuerKeyId: string, serial: string): void;
  markRevoked(issuerKeyId: string, serial: string, at: string, reason: string): void;
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
  /**
   * A cheap value that changes whenever setAuthority() changes a role, in this process or another
   * (a rollover by the CLI beside a running server): AuthorityCache reads the authorities again then.
   */
  authoritiesVersion(): string;
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

export interface DepartmentStore extends DepartmentLookup {
  addDepartment(record: DepartmentRecord, apiKeyHash: string): void;
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

export interface CrlStore {
  /** The latest CRL of an issuer, whose number the next one must exceed (RFC 5280 5.2.3). */
  latestCrl(issuerKeyId: string): CrlRecord | undefined;
  saveCrl(record: CrlRecord): void;
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
export interface AuditLog extends AuditTrail {
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

/** A consistent online copy of the database and the key files. */
export interface Backup {
  copyTo(directory: string): Promise<{ files: string[] }>;
}

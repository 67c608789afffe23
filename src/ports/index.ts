/**
 * Ports shared by the use cases (STYLE.md rule 5): small interfaces that more than one of ca/,
 * signing/, documents/ and verification/ depend on, and that the adapters in keys/, store/ and
 * audit/ implement. A port only one use case needs stays in that use case's ports.ts. This folder
 * imports core/ only.
 */
export type { Clock, RandomSource } from './clock';
export type { GeneratedKey, KeyCustody, KeyVault } from './key-vault';
export type { Transactor } from './transaction';
export type { AuditEntry, AuditTrail } from './audit-trail';
export {
  hsmHeld,
  type AuthorityRole,
  type CertificateFilter,
  type CertificateLookup,
  type CertificateRecord,
  type CertificateRole,
  type KeyCustodyKind,
  type StoredStatus,
} from './certificates';
export type { AuthorityCertificate, AuthorityLookup } from './authorities';
export type { DepartmentLookup, DepartmentRecord } from './departments';
export type { CrlRecord, CurrentCrlSource, IssuingCrlSource } from './crls';
export type { IssuedSignature, LoggedSignature, SignatureLog } from './signature-log';

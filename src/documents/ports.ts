/**
 * Ports of the documents use case (STYLE.md rule 5): the register of signed documents, which signing
 * writes to and verification, the citizen page and the audit log's replay read.
 */
import type { HashName } from '../core/algorithms';

export type DocumentStatus = 'valid' | 'rescinded' | 'superseded';
export type SignatureFormat = 'cades' | 'pades';
export type SignatureLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface DocumentRecord {
  id: string;
  verificationCode: string;
  departmentId: string;
  certificateSerial: string;
  format: SignatureFormat;
  level: SignatureLevel;
  digestAlgorithm: HashName;
  /** Lower-case hex. */
  digest: string;
  fileName?: string;
  signedAt: string;
  status: DocumentStatus;
  statusReason?: string;
  statusChangedAt?: string;
  supersededBy?: string;
}

/** The registry of signed documents: what was signed, by whom, when; never the content. */
export interface DocumentRegistry {
  register(record: DocumentRecord): void;
  byId(id: string): DocumentRecord | undefined;
  byCode(code: string): DocumentRecord | undefined;
  byDigest(algorithm: HashName, digest: string): DocumentRecord[];
  /** Every document's id and status (for the audit log's replay). */
  statuses(): Iterable<{ id: string; status: DocumentStatus }>;
  setStatus(
    id: string,
    change: { status: DocumentStatus; reason: string; at: string; supersededBy?: string },
  ): void;
}

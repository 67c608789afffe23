import type { HashName } from '../core/algorithms';

/**
 * A timestamp authority as the signing use case sees it (DSS TSPSource): a TimeStampToken over a
 * message imprint. Signet's own TSA implements it in-process; an external RFC 3161 TSA could too.
 */
export interface Tsa {
  timestamp(messageImprint: Uint8Array, hash: HashName): Promise<Uint8Array>;
}

export type DocumentStatus = 'valid' | 'rescinded' | 'superseded';
export type SignatureFormat = 'cades' | 'pades';
export type SignatureLevel = 'B-B' | 'B-T' | 'B-LT';

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

/** A prepared two-phase signature, waiting for the department's signature value. */
export interface PendingSignature {
  /** Random, unguessable (128 bits, hex). */
  handle: string;
  departmentId: string;
  certificateSerial: string;
  level: SignatureLevel;
  digestAlgorithm: HashName;
  /** Lower-case hex. */
  digest: string;
  fileName?: string;
  /** The signing-time attribute, fixed at prepare (ISO 8601 UTC). */
  signingTime: string;
  expiresAt: string;
}

export interface PendingSignatureStore {
  addPending(record: PendingSignature): void;
  /** Removes and returns the department's pending signature: a handle completes once. */
  takePending(handle: string, departmentId: string): PendingSignature | undefined;
}

/** What the transparency log is told of a signature just issued (issue 21). */
export interface IssuedSignature {
  documentId: string;
  /** DER SubjectPublicKeyInfo of the signing certificate. */
  issuerSpki: Uint8Array;
  claimedTime: Date;
  documentDigest: Uint8Array;
  signatureValue: Uint8Array;
  timestampToken?: Uint8Array;
}

/**
 * The transparency log as signing sees it: one call, made in the transaction that registers the
 * signature, so that a registered signature is always logged and a failed one never is.
 */
export interface SignatureLog {
  recordIssued(signature: IssuedSignature): void;
}

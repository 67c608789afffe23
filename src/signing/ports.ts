import type { HashName } from '../core/algorithms';
import type { SignatureLevel } from '../documents';

/**
 * A timestamp authority as the signing use case sees it (DSS TSPSource): a TimeStampToken over a
 * message imprint. Signet's own TSA implements it in-process; an external RFC 3161 TSA could too.
 */
export interface Tsa {
  timestamp(messageImprint: Uint8Array, hash: HashName): Promise<Uint8Array>;
}

/** The signature files kept for renewal (SIGNET_ARCHIVE_DIR), by name. */
export interface ArchiveFiles {
  list(): string[];
  read(name: string): Uint8Array;
  /** Replaces the file atomically: a crash leaves the old or the new one whole. */
  write(name: string, bytes: Uint8Array): void;
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

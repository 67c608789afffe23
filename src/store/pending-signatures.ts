import type { HashName } from '../core/algorithms';
import type { PendingSignature, PendingSignatureStore } from '../signing/ports';
import type { SignatureLevel } from '../documents';
import type { Db } from './database';
import { guard } from './guard';

interface PendingRow {
  handle: string;
  department_id: string;
  certificate_serial: string;
  level: string;
  digest_algorithm: string;
  digest: string;
  file_name: string | null;
  signing_time: string;
  expires_at: string;
}

/** Two-phase signatures between prepare and complete (migration 007). */
export class SqlitePendingSignatureStore implements PendingSignatureStore {
  constructor(private readonly db: Db) {}

  addPending(p: PendingSignature): void {
    guard(() =>
      this.db
        .prepare(
          `INSERT INTO pending_signatures (handle, department_id, certificate_serial, level,
             digest_algorithm, digest, file_name, signing_time, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          p.handle,
          p.departmentId,
          p.certificateSerial,
          p.level,
          p.digestAlgorithm,
          p.digest,
          p.fileName ?? null,
          p.signingTime,
          p.expiresAt,
        ),
    );
  }

  takePending(handle: string, departmentId: string): PendingSignature | undefined {
    const row = guard(
      () =>
        this.db
          .prepare(
            'DELETE FROM pending_signatures WHERE handle = ? AND department_id = ? RETURNING *',
          )
          .get(handle, departmentId) as PendingRow | undefined,
    );
    if (!row) return undefined;
    return {
      handle: row.handle,
      departmentId: row.department_id,
      certificateSerial: row.certificate_serial,
      level: row.level as SignatureLevel,
      digestAlgorithm: row.digest_algorithm as HashName,
      digest: row.digest,
      fileName: row.file_name ?? undefined,
      signingTime: row.signing_time,
      expiresAt: row.expires_at,
    };
  }
}

import type { HashName } from '../core/algorithms';
import type { DocumentRecord, DocumentRegistry, DocumentStatus } from '../documents';
import type { Db } from './database';
import { StoreError } from './errors';
import { guard } from './guard';

interface DocumentRow {
  id: string;
  verification_code: string;
  department_id: string;
  certificate_serial: string;
  format: DocumentRecord['format'];
  level: DocumentRecord['level'];
  digest_algorithm: HashName;
  digest: string;
  file_name: string | null;
  signed_at: string;
  status: DocumentStatus;
  status_reason: string | null;
  status_changed_at: string | null;
  superseded_by: string | null;
}

const toRecord = (r: DocumentRow): DocumentRecord => ({
  id: r.id,
  verificationCode: r.verification_code,
  departmentId: r.department_id,
  certificateSerial: r.certificate_serial,
  format: r.format,
  level: r.level,
  digestAlgorithm: r.digest_algorithm,
  digest: r.digest,
  fileName: r.file_name ?? undefined,
  signedAt: r.signed_at,
  status: r.status,
  statusReason: r.status_reason ?? undefined,
  statusChangedAt: r.status_changed_at ?? undefined,
  supersededBy: r.superseded_by ?? undefined,
});

export class SqliteDocumentRegistry implements DocumentRegistry {
  private readonly insert;
  private readonly selectById;
  private readonly selectByCode;
  private readonly selectByDigest;
  private readonly updateStatus;
  private readonly selectStatuses;

  constructor(db: Db) {
    this.selectStatuses = db.prepare('SELECT id, status FROM documents');
    this.insert = db.prepare(
      `INSERT INTO documents (id, verification_code, department_id, certificate_serial, format, level,
         digest_algorithm, digest, file_name, signed_at, status)
       VALUES (@id, @verificationCode, @departmentId, @certificateSerial, @format, @level,
         @digestAlgorithm, @digest, @fileName, @signedAt, @status)`,
    );
    this.selectById = db.prepare('SELECT * FROM documents WHERE id = ?');
    this.selectByCode = db.prepare('SELECT * FROM documents WHERE verification_code = ?');
    this.selectByDigest = db.prepare(
      'SELECT * FROM documents WHERE digest_algorithm = ? AND digest = ? ORDER BY signed_at',
    );
    this.updateStatus = db.prepare(
      `UPDATE documents SET status = ?, status_reason = ?, status_changed_at = ?, superseded_by = ?
       WHERE id = ? AND status = 'valid'`,
    );
  }

  register(record: DocumentRecord): void {
    guard(() => this.insert.run({ ...record, fileName: record.fileName ?? null }));
  }

  byId(id: string): DocumentRecord | undefined {
    const row = guard(() => this.selectById.get(id) as DocumentRow | undefined);
    return row && toRecord(row);
  }

  byCode(code: string): DocumentRecord | undefined {
    const row = guard(() => this.selectByCode.get(code) as DocumentRow | undefined);
    return row && toRecord(row);
  }

  statuses(): Iterable<{ id: string; status: DocumentRecord['status'] }> {
    return guard(
      () =>
        this.selectStatuses.all() as {
          id: string;
          status: DocumentRecord['status'];
        }[],
    );
  }

  byDigest(algorithm: HashName, digest: string): DocumentRecord[] {
    return guard(() => this.selectByDigest.all(algorithm, digest) as DocumentRow[]).map(toRecord);
  }

  setStatus(
    id: string,
    change: { status: DocumentStatus; reason: string; at: string; supersededBy?: string },
  ): void {
    const result = guard(() =>
      this.updateStatus.run(
        change.status,
        change.reason,
        change.at,
        change.supersededBy ?? null,
        id,
      ),
    );
    if (result.changes !== 1) {
      throw new StoreError(
        'STORE_CONSTRAINT',
        `Document ${id} is no longer valid, so its status cannot change.`,
      );
    }
  }
}

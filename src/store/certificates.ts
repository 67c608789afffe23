import type { CertificateStore } from '../ca/ports';
import type { CertificateFilter, CertificateRecord } from '../ports';
import type { Db } from './database';
import { StoreError } from './errors';
import { guard } from './guard';

interface CertificateRow {
  issuer_key_id: string;
  serial: string;
  role: CertificateRecord['role'];
  department_id: string | null;
  status: CertificateRecord['status'];
  subject: string;
  not_before: string;
  not_after: string;
  der: Buffer | null;
  key_id: string | null;
  key_algorithm: string | null;
  revoked_at: string | null;
  revocation_reason: string | null;
  created_at: string;
  public_key_sha256: string | null;
  key_custody: string | null;
}

function toRecord(r: CertificateRow): CertificateRecord {
  return {
    serial: r.serial,
    issuerKeyId: r.issuer_key_id,
    role: r.role,
    departmentId: r.department_id ?? undefined,
    status: r.status,
    subject: r.subject,
    notBefore: r.not_before,
    notAfter: r.not_after,
    der: r.der ? new Uint8Array(r.der) : undefined,
    keyId: r.key_id ?? undefined,
    keyAlgorithm: r.key_algorithm ?? undefined,
    revokedAt: r.revoked_at ?? undefined,
    revocationReason: r.revocation_reason ?? undefined,
    createdAt: r.created_at,
    publicKeySha256: r.public_key_sha256 ?? undefined,
    keyCustody: (r.key_custody ?? undefined) as CertificateRecord['keyCustody'],
  };
}

export class SqliteCertificateStore implements CertificateStore {
  private readonly insert;
  private readonly setIssued;
  private readonly setFailed;
  private readonly setRevoked;
  private readonly bySerial;
  private readonly revoked;
  private readonly byPublicKey;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO certificates (issuer_key_id, serial, role, department_id, status, subject, not_before,
         not_after, key_id, key_algorithm, created_at, public_key_sha256, key_custody)
       VALUES (@issuerKeyId, @serial, @role, @departmentId, 'reserved', @subject, @notBefore, @notAfter,
         @keyId, @keyAlgorithm, @createdAt, @publicKeySha256, @keyCustody)`,
    );
    this.setIssued = db.prepare(
      `UPDATE certificates SET status = 'issued', der = ? WHERE issuer_key_id = ? AND serial = ? AND status = 'reserved'`,
    );
    this.setFailed = db.prepare(
      `UPDATE certificates SET status = 'failed' WHERE issuer_key_id = ? AND serial = ? AND status = 'reserved'`,
    );
    this.setRevoked = db.prepare(
      `UPDATE certificates SET status = 'revoked', revoked_at = ?, revocation_reason = ?
       WHERE issuer_key_id = ? AND serial = ? AND status = 'issued'`,
    );
    this.bySerial = db.prepare('SELECT * FROM certificates WHERE serial = ?');
    this.byPublicKey = db.prepare('SELECT * FROM certificates WHERE public_key_sha256 = ?');
    this.revoked = db.prepare(
      `SELECT * FROM certificates WHERE issuer_key_id = ? AND status = 'revoked' ORDER BY revoked_at, serial`,
    );
  }

  reserve(record: CertificateRecord): void {
    guard(() =>
      this.insert.run({
        ...record,
        departmentId: record.departmentId ?? null,
        keyId: record.keyId ?? null,
        keyAlgorithm: record.keyAlgorithm ?? null,
        publicKeySha256: record.publicKeySha256 ?? null,
        keyCustody: record.keyCustody ?? null,
      }),
    );
  }

  markIssued(issuerKeyId: string, serial: string, der: Uint8Array): void {
    expectOneRow(
      guard(() => this.setIssued.run(Buffer.from(der), issuerKeyId, serial)).changes,
      serial,
    );
  }

  markFailed(issuerKeyId: string, serial: string): void {
    guard(() => this.setFailed.run(issuerKeyId, serial));
  }

  markRevoked(issuerKeyId: string, serial: string, at: string, reason: string): void {
    expectOneRow(guard(() => this.setRevoked.run(at, reason, issuerKeyId, serial)).changes, serial);
  }

  withPublicKey(publicKeySha256: string): CertificateRecord[] {
    return guard(() => this.byPublicKey.all(publicKeySha256) as CertificateRow[]).map(toRecord);
  }

  findBySerial(serial: string): CertificateRecord[] {
    return guard(() => this.bySerial.all(serial) as CertificateRow[]).map(toRecord);
  }

  list(filter: CertificateFilter): CertificateRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.departmentId) {
      where.push('department_id = ?');
      params.push(filter.departmentId);
    }
    if (filter.role) {
      where.push('role = ?');
      params.push(filter.role);
    }
    if (filter.statuses && filter.statuses.length > 0) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
      params.push(...filter.statuses);
    }
    const sql = `SELECT * FROM certificates ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at, serial`;
    return guard(() => this.db.prepare(sql).all(...params) as CertificateRow[]).map(toRecord);
  }

  revokedBy(issuerKeyId: string): CertificateRecord[] {
    return guard(() => this.revoked.all(issuerKeyId) as CertificateRow[]).map(toRecord);
  }
}

/** A state change that touched no row means the record was not in the expected state. */
function expectOneRow(changes: number, serial: string): void {
  if (changes !== 1) {
    throw new StoreError(
      'STORE_CONSTRAINT',
      `Certificate ${serial} is not in the state this change expects.`,
    );
  }
}

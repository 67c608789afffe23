import type { DepartmentStore, StoredToken, TokenStore, TokenSubject } from '../ca/ports';
import type { DepartmentRecord } from '../ports';
import type { Db } from './database';
import { guard } from './guard';

interface DepartmentRow {
  id: string;
  name: string;
  created_at: string;
  disabled_at: string | null;
}

const toRecord = (r: DepartmentRow): DepartmentRecord => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  ...(r.disabled_at ? { disabledAt: r.disabled_at } : {}),
});

/** Departments and the hashes of their bearer tokens (and the admin token's). */
export class SqliteDepartmentStore implements DepartmentStore, TokenStore {
  constructor(private readonly db: Db) {}

  addDepartment(record: DepartmentRecord, apiKeyHash: string): void {
    guard(() =>
      this.db
        .prepare('INSERT INTO departments (id, name, created_at) VALUES (?, ?, ?)')
        .run(record.id, record.name, record.createdAt),
    );
    this.addToken(apiKeyHash, { kind: 'department', departmentId: record.id }, record.createdAt);
  }

  department(id: string): DepartmentRecord | undefined {
    const row = guard(
      () =>
        this.db.prepare('SELECT * FROM departments WHERE id = ?').get(id) as
          DepartmentRow | undefined,
    );
    return row && toRecord(row);
  }

  departments(): DepartmentRecord[] {
    const rows = guard(
      () => this.db.prepare('SELECT * FROM departments ORDER BY id').all() as DepartmentRow[],
    );
    return rows.map(toRecord);
  }

  setDisabled(id: string, disabledAt: string | undefined): void {
    guard(() =>
      this.db
        .prepare('UPDATE departments SET disabled_at = ? WHERE id = ?')
        .run(disabledAt ?? null, id),
    );
  }

  findToken(hash: string): StoredToken | undefined {
    const row = guard(
      () =>
        this.db
          .prepare(
            'SELECT token_hash, kind, department_id, revoked_at FROM tokens WHERE token_hash = ?',
          )
          .get(hash) as
          | {
              token_hash: string;
              kind: 'admin' | 'department';
              department_id: string | null;
              revoked_at: string | null;
            }
          | undefined,
    );
    if (!row) return undefined;
    const subject: TokenSubject =
      row.kind === 'admin'
        ? { kind: 'admin' }
        : { kind: 'department', departmentId: row.department_id ?? '' };
    return {
      hash: row.token_hash,
      subject,
      ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
    };
  }

  activeTokens(): StoredToken[] {
    const rows = guard(
      () =>
        this.db
          .prepare('SELECT token_hash, kind, department_id FROM tokens WHERE revoked_at IS NULL')
          .all() as { token_hash: string; kind: 'admin' | 'department'; department_id: string }[],
    );
    return rows.map((r) => ({
      hash: r.token_hash,
      subject:
        r.kind === 'admin'
          ? { kind: 'admin' }
          : { kind: 'department', departmentId: r.department_id },
    }));
  }

  revokeTokens(subject: TokenSubject, revokedAt: string): number {
    const departmentId = subject.kind === 'department' ? subject.departmentId : null;
    return guard(
      () =>
        this.db
          .prepare(
            'UPDATE tokens SET revoked_at = ? WHERE kind = ? AND department_id IS ? AND revoked_at IS NULL',
          )
          .run(revokedAt, subject.kind, departmentId).changes,
    );
  }

  addToken(hash: string, subject: TokenSubject, createdAt: string): void {
    const departmentId = subject.kind === 'department' ? subject.departmentId : null;
    guard(() =>
      this.db
        .prepare(
          'INSERT INTO tokens (token_hash, kind, department_id, created_at) VALUES (?, ?, ?, ?)',
        )
        .run(hash, subject.kind, departmentId, createdAt),
    );
  }
}

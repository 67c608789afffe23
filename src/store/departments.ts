import type { DepartmentRecord, DepartmentStore, TokenStore, TokenSubject } from '../ca/ports';
import type { Db } from './database';
import { guard } from './guard';

interface DepartmentRow {
  id: string;
  name: string;
  created_at: string;
}

const toRecord = (r: DepartmentRow): DepartmentRecord => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
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

  findToken(hash: string): { hash: string; subject: TokenSubject } | undefined {
    const row = guard(
      () =>
        this.db
          .prepare('SELECT token_hash, kind, department_id FROM tokens WHERE token_hash = ?')
          .get(hash) as
          | { token_hash: string; kind: 'admin' | 'department'; department_id: string | null }
          | undefined,
    );
    if (!row) return undefined;
    const subject: TokenSubject =
      row.kind === 'admin'
        ? { kind: 'admin' }
        : { kind: 'department', departmentId: row.department_id ?? '' };
    return { hash: row.token_hash, subject };
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

import type { AuthorityRecord, AuthorityStore, CaSettings, SettingsStore } from '../ca/ports';
import type { Db } from './database';
import { guard } from './guard';

interface AuthorityRow {
  role: AuthorityRecord['role'];
  serial: string;
  issuer_key_id: string;
  key_id: string;
  key_algorithm: string;
}

/** The CA's own settings and which certificate and key serve each of its roles. */
export class SqliteAuthorityStore implements AuthorityStore, SettingsStore {
  // Prepared once: every use of AuthorityCache asks it (a few rows of a table of four).
  private readonly version;

  constructor(private readonly db: Db) {
    this.version = db.prepare(
      "SELECT group_concat(role || ' ' || serial || ' ' || key_id, ',') AS v FROM (SELECT * FROM authorities ORDER BY role)",
    );
  }

  authoritiesVersion(): string {
    return guard(() => (this.version.get() as { v: string | null }).v ?? '');
  }

  authorities(): AuthorityRecord[] {
    const rows = guard(() => this.db.prepare('SELECT * FROM authorities').all() as AuthorityRow[]);
    return rows.map((r) => ({
      role: r.role,
      serial: r.serial,
      issuerKeyId: r.issuer_key_id,
      keyId: r.key_id,
      keyAlgorithm: r.key_algorithm,
    }));
  }

  setAuthority(a: AuthorityRecord): void {
    guard(() =>
      this.db
        .prepare(
          `INSERT INTO authorities (role, serial, issuer_key_id, key_id, key_algorithm) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (role) DO UPDATE SET serial = excluded.serial, issuer_key_id = excluded.issuer_key_id,
             key_id = excluded.key_id, key_algorithm = excluded.key_algorithm`,
        )
        .run(a.role, a.serial, a.issuerKeyId, a.keyId, a.keyAlgorithm),
    );
  }

  settings(): CaSettings | undefined {
    const row = guard(
      () =>
        this.db
          .prepare('SELECT organization, algorithm, created_at, public_url FROM ca_settings')
          .get() as
          | {
              organization: string;
              algorithm: string;
              created_at: string;
              public_url: string | null;
            }
          | undefined,
    );
    return (
      row && {
        organization: row.organization,
        algorithm: row.algorithm,
        createdAt: row.created_at,
        ...(row.public_url ? { publicUrl: row.public_url } : {}),
      }
    );
  }

  saveSettings(s: CaSettings): void {
    guard(() =>
      this.db
        .prepare(
          'INSERT INTO ca_settings (id, organization, algorithm, created_at, public_url) VALUES (1, ?, ?, ?, ?)',
        )
        .run(s.organization, s.algorithm, s.createdAt, s.publicUrl ?? null),
    );
  }

  setPublicUrl(url: string): void {
    guard(() => this.db.prepare('UPDATE ca_settings SET public_url = ? WHERE id = 1').run(url));
  }
}
